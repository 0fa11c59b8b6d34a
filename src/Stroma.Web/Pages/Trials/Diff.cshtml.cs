using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Stroma.Trials.Registry;
using Stroma.Web.Infrastructure;

namespace Stroma.Web.Pages.Trials;

/// <summary>
/// What changed between two snapshots of the folder: studies added and removed, per-study changes, counts.
/// </summary>
public sealed class DiffModel(SnapshotCatalog catalog) : PageModel
{
    /// <summary>Old snapshot's file name.</summary>
    [BindProperty(SupportsGet = true, Name = "old")] public string? Old { get; set; }

    /// <summary>New snapshot's file name.</summary>
    [BindProperty(SupportsGet = true, Name = "new")] public string? New { get; set; }

    /// <summary>The snapshots to choose from.</summary>
    public IReadOnlyList<SnapshotEntry> Snapshots { get; private set; } = [];

    /// <summary>The diff, when both snapshots are known.</summary>
    public TrialDiffReport? Report { get; private set; }

    /// <summary>Why there is no diff, when one was asked for.</summary>
    public string? Problem { get; private set; }

    /// <summary>Compares the chosen snapshots.</summary>
    public void OnGet()
    {
        Snapshots = catalog.List().Where(s => s.Manifest is not null).ToList();
        if (Old is null && New is null) return;
        var old = catalog.Find(Old);
        var @new = catalog.Find(New);
        if (old is null || @new is null)
        {
            Problem = $"Unknown snapshot: {(old is null ? Old : New)}. Choose one of the folder's snapshots.";
            Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        Report = catalog.Diff(old, @new);
    }
}

using Microsoft.AspNetCore.Mvc.RazorPages;
using Stroma.Web.Infrastructure;

namespace Stroma.Web.Pages.Trials;

/// <summary>
/// The registry snapshots of the configured folder, with their data dates, and a form to compare two.
/// </summary>
public sealed class SnapshotsModel(SnapshotCatalog catalog) : PageModel
{
    /// <summary>The configured folder, or null.</summary>
    public string? Folder => catalog.Folder;

    /// <summary>The snapshots, newest data first.</summary>
    public IReadOnlyList<SnapshotEntry> Snapshots { get; private set; } = [];

    /// <summary>Lists the folder.</summary>
    public void OnGet() => Snapshots = catalog.List();
}

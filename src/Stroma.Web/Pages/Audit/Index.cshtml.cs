using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Stroma.Manufacturing.Audit;
using Stroma.Reports.Tables;
using Stroma.Storage.Services;

using Stroma.Web.Infrastructure;

namespace Stroma.Web.Pages.Audit;

/// <summary>The append-only audit trail with its hash-chain verification; filters, pages, CSV and readable field
/// changes.</summary>
public sealed class IndexModel(AuditService audit, AuditSearchService search, AuditVerificationBoard board) : PageModel
{
    /// <summary>Verification result.</summary>
    public AuditVerification? Verification { get; private set; }

    /// <summary>The page of entries shown.</summary>
    public ListPage<AuditEntry> Entries { get; private set; } = new([], 1, Listing.PageSize, 0);

    /// <summary>Entities with entries (filter choices).</summary>
    public IReadOnlyList<string> EntityChoices { get; private set; } = [];

    /// <summary>Entity filter.</summary>
    [BindProperty(SupportsGet = true)] public string? Entity { get; set; }

    /// <summary>Key prefix filter.</summary>
    [BindProperty(SupportsGet = true)] public string? Key { get; set; }

    /// <summary>User filter.</summary>
    [BindProperty(SupportsGet = true, Name = "actor")] public string? Actor { get; set; }

    /// <summary>Action filter (insert, update, delete).</summary>
    [BindProperty(SupportsGet = true, Name = "action")] public string? ActionFilter { get; set; }

    /// <summary>Text in the changes, key or reason.</summary>
    [BindProperty(SupportsGet = true, Name = "q")] public string? Q { get; set; }

    /// <summary>"asc" for oldest first (default newest first).</summary>
    [BindProperty(SupportsGet = true, Name = "dir")] public string? Dir { get; set; }

    /// <summary>Page number.</summary>
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    /// <summary>Verifies the chain and lists a page of entries.</summary>
    public async Task OnGetAsync(CancellationToken ct)
    {
        Verification = await audit.VerifyAsync(ct);
        board.Record(Verification);
        EntityChoices = await search.EntitiesAsync(ct);
        var size = Listing.PageSize;
        var page = Math.Max(1, PageNumber);
        var found = await search.SearchAsync(Query() with { Skip = (page - 1) * size, Take = size }, ct);
        Entries = new ListPage<AuditEntry>(found.Entries, page, size, found.Total);
    }

    /// <summary>The matching entries as CSV, one row per changed field (old → new), up to 100 000 entries.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        var rows = new List<IReadOnlyList<string?>>();
        for (var skip = 0; skip < 100_000; skip += 1000)
        {
            var found = await search.SearchAsync(Query() with { Skip = skip, Take = 1000 }, ct);
            foreach (var e in found.Entries)
            {
                var when = e.TimestampUtc.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
                var changes = AuditChanges.Parse(e.Changes);
                if (changes.Count == 0) rows.Add([e.Sequence.ToString(CultureInfo.InvariantCulture), when, e.Actor,
                    e.Action, e.Entity, e.EntityKey, null, null, null, e.Reason]);
                foreach (var c in changes)
                    rows.Add([e.Sequence.ToString(CultureInfo.InvariantCulture), when, e.Actor, e.Action, e.Entity,
                        e.EntityKey, c.Field, c.Old, c.New, e.Reason]);
            }
            if (found.Entries.Count < 1000) break;
        }
        return File(CsvTable.Render(["sequence", "when (UTC)", "who", "action", "record", "key", "field", "old", "new",
            "reason"], rows),
            "text/csv; charset=utf-8", "audit-trail.csv");
    }

    private AuditQuery Query() => new()
    {
        Entity = FormValues.Text(Entity), KeyPrefix = FormValues.Text(Key), Actor = FormValues.Text(Actor),
            Action = FormValues.Text(ActionFilter),
        Text = FormValues.Text(Q), OldestFirst = string.Equals(Dir, "asc", StringComparison.OrdinalIgnoreCase),
    };
}

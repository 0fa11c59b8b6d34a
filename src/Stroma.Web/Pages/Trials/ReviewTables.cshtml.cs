using Microsoft.AspNetCore.Mvc.RazorPages;
using Stroma.Storage.Services;
using Stroma.Trials.Landscape;
using Stroma.Web.Infrastructure;

namespace Stroma.Web.Pages.Trials;

/// <summary>A row of a curated review table: cells, and which columns a reviewer decided.</summary>
/// <param name="Cells">Cells in <see cref="ReviewTables.Header"/> order (without the last, Reviewed).</param>
/// <param name="Reviewed">Reviewed column names.</param>
public sealed record CuratedRow(IReadOnlyList<string> Cells, IReadOnlySet<string> Reviewed);

/// <summary>The review's Table 1 and Table 2 with reviewed values where they exist, each reviewed cell
/// marked.</summary>
public sealed class ReviewTablesModel(TrialReviewIndex index, TrialCurationService curation) : PageModel
{
    /// <summary>Rows of each table.</summary>
    public IReadOnlyDictionary<ReviewTable, List<CuratedRow>> Tables { get; private set; } = new Dictionary<ReviewTable,
        List<CuratedRow>>();

    /// <summary>Builds the tables.</summary>
    public async Task OnGetAsync(CancellationToken ct)
    {
        var book = await curation.BookAsync(ct);
        var tables = new Dictionary<ReviewTable, List<CuratedRow>> { [ReviewTable.Cells] = [],
            [ReviewTable.Secretome] = [] };
        foreach (var t in index.Trials)
        {
            var curated = book.Apply(t.Extraction, t.Fingerprint);
            var cells = ReviewTables.Row(t.Trial, curated.Extraction, curated.Reviewed);
            var reviewed = ReviewTables.CuratedColumns.Where(c => curated.Reviewed.Contains(c.Value)).Select(c => c.Key)
                .ToHashSet(StringComparer.Ordinal);
            foreach (var table in ReviewTables.TablesFor(curated.Extraction))
                tables[table].Add(new CuratedRow(cells[..^1], reviewed));
        }
        Tables = tables;
    }
}

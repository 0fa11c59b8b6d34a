using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Stroma.Manufacturing;
using Stroma.Reports.Tables;
using Stroma.Storage.Services;
using Stroma.Web.Infrastructure;

namespace Stroma.Web.Pages.Results;

/// <summary>A release result with its lot.</summary>
/// <param name="Lot">Lot code.</param>
/// <param name="Result">The result.</param>
public sealed record LotResult(string Lot, ResultView Result);

/// <summary>Every release result of every lot: search, filter by test, sort, pages, CSV.</summary>
public sealed class IndexModel(ReleaseService releases) : PageModel
{
    private static readonly Dictionary<string, Func<LotResult,
        IComparable?>> SortKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["entered"] = r => r.Result.EnteredUtc, ["lot"] = r => r.Lot, ["test"] = r => r.Result.Test, ["name"] = r =>
            r.Result.Name,
        ["by"] = r => r.Result.EnteredBy,
    };

    /// <summary>The page shown.</summary>
    public ListPage<LotResult> Results { get; private set; } = new([], 1, Listing.PageSize, 0);

    /// <summary>Search text (lot, name, value, method, who).</summary>
    [BindProperty(SupportsGet = true, Name = "q")] public string? Q { get; set; }

    /// <summary>Test filter (token).</summary>
    [BindProperty(SupportsGet = true, Name = "test")] public string? TestFilter { get; set; }

    /// <summary>Whether superseded results are listed too.</summary>
    [BindProperty(SupportsGet = true, Name = "all")] public bool IncludeSuperseded { get; set; }

    /// <summary>Sort key.</summary>
    [BindProperty(SupportsGet = true, Name = "sort")] public string? Sort { get; set; }

    /// <summary>"asc" for ascending (default: newest first).</summary>
    [BindProperty(SupportsGet = true, Name = "dir")] public string? Dir { get; set; }

    /// <summary>Page number.</summary>
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    /// <summary>Whether the order is descending.</summary>
    public bool Descending => !string.Equals(Dir, "asc", StringComparison.OrdinalIgnoreCase);

    /// <summary>Shows the list.</summary>
    public async Task OnGetAsync(CancellationToken ct) => Results = Listing.Page(await FilteredAsync(ct), PageNumber);

    /// <summary>The filtered, sorted list as CSV.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        var csv = CsvTable.Render(["lot", "test", "name", "value", "text", "unit", "method", "entered by",
            "entered (UTC)", "superseded"],
            (await FilteredAsync(ct)).Select(r => (IReadOnlyList<string?>)[r.Lot,
                Terms.LabelOf<ReleaseTest>(r.Result.Test), r.Result.Name,
                r.Result.Value?.ToString("G", CultureInfo.InvariantCulture), r.Result.Text, r.Result.Unit,
                    r.Result.Method, r.Result.EnteredBy,
                r.Result.EnteredUtc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                    r.Result.Superseded ? "yes" : "no"]));
        return File(csv, "text/csv; charset=utf-8", "results.csv");
    }

    private async Task<IReadOnlyList<LotResult>> FilteredAsync(CancellationToken ct)
    {
        var all = (await releases.ListAsync(ct)).SelectMany(kv =>
            kv.Value.Results.Select(r => new LotResult(kv.Key, r)));
        return Listing.Sort(all.Where(r => (IncludeSuperseded || !r.Result.Superseded)
                                           && (string.IsNullOrEmpty(TestFilter) || r.Result.Test == TestFilter)
                                           && Listing.Matches(Q, r.Lot, r.Result.Name, r.Result.Text, r.Result.Method,
                                               r.Result.EnteredBy,
                                               r.Result.Value?.ToString("G", CultureInfo.InvariantCulture))),
            Sort ?? "entered", Descending, SortKeys);
    }
}

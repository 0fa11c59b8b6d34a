using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using System.Globalization;
using Stroma.Reports.Plots;
using Stroma.Reports.Tables;
using Stroma.Trials.Landscape;
using Stroma.Web.Infrastructure;

namespace Stroma.Web.Pages.Trials;

/// <summary>The trial landscape: charts by status, phase, condition, source × match, route and dose; a filterable table
/// with evidence.</summary>
public sealed class IndexModel(TrialLandscapeCache configured, SnapshotCatalog snapshots) : PageModel
{
    private static readonly Dictionary<string, Func<TrialEntry,
        IComparable?>> SortKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["nct"] = t => t.Trial.NctId, ["title"] = t => t.Trial.BriefTitle ?? t.Trial.OfficialTitle, ["status"] = t =>
            t.Trial.OverallStatus,
        ["phase"] = t => t.Trial.PhaseLabel, ["match"] = t => t.Extraction.Match, ["dose"] = t =>
            t.Extraction.Dose?.Low,
    };

    /// <summary>Counts.</summary>
    public LandscapeReport? Landscape { get; private set; }

    /// <summary>Charts (title, base64 PNG).</summary>
    public IReadOnlyList<(string Title, string Png)> Charts { get; private set; } = [];

    /// <summary>The page of rows shown.</summary>
    public ListPage<TrialEntry> Rows { get; private set; } = new([], 1, Listing.PageSize, 0);

    /// <summary>Sort key.</summary>
    [BindProperty(SupportsGet = true, Name = "sort")] public string? Sort { get; set; }

    /// <summary>"desc" for descending.</summary>
    [BindProperty(SupportsGet = true, Name = "dir")] public string? Dir { get; set; }

    /// <summary>Page number.</summary>
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    /// <summary>Whether the order is descending.</summary>
    public bool Descending => string.Equals(Dir, "desc", StringComparison.OrdinalIgnoreCase);

    /// <summary>Trials matching the filters.</summary>
    public int Matching { get; private set; }

    /// <summary>The snapshot shown instead of the configured sources (a file name of the snapshot folder).</summary>
    [BindProperty(SupportsGet = true, Name = "snapshot")] public string? Snapshot { get; set; }

    /// <summary>The chosen snapshot, when it is known.</summary>
    public SnapshotEntry? ChosenSnapshot { get; private set; }

    /// <summary>Text filter.</summary>
    [BindProperty(SupportsGet = true, Name = "q")] public string? Q { get; set; }

    /// <summary>Tissue source filter.</summary>
    [BindProperty(SupportsGet = true, Name = "source")] public string? SourceFilter { get; set; }

    /// <summary>Match filter.</summary>
    [BindProperty(SupportsGet = true, Name = "match")] public string? MatchFilter { get; set; }

    /// <summary>Route filter.</summary>
    [BindProperty(SupportsGet = true, Name = "route")] public string? RouteFilter { get; set; }

    /// <summary>Status filter.</summary>
    [BindProperty(SupportsGet = true, Name = "status")] public string? StatusFilter { get; set; }

    /// <summary>Tissue sources present.</summary>
    public IReadOnlyList<string> SourceOptions { get; private set; } = [];

    /// <summary>Routes present.</summary>
    public IReadOnlyList<string> RouteOptions { get; private set; } = [];

    /// <summary>Statuses present.</summary>
    public IReadOnlyList<string> StatusOptions { get; private set; } = [];

    /// <summary>Loads the landscape and applies filters.</summary>
    public void OnGet()
    {
        var cache = Source();
        if (cache.Sources.Count == 0) return;
        Landscape = cache.Landscape;
        if (Landscape.Trials == 0) return;
        var msc = cache.Trials.Where(t => t.Extraction.MscIntervention).ToArray();
        SourceOptions = msc.SelectMany(t => t.Extraction.TissueSource).Distinct().Order(StringComparer.Ordinal)
            .ToArray();
        RouteOptions = msc.SelectMany(t => t.Extraction.Route).Distinct().Order(StringComparer.Ordinal).ToArray();
        StatusOptions = msc.Select(t => t.Trial.OverallStatus).OfType<string>().Distinct().Order(StringComparer.Ordinal)
            .ToArray();
        var filtered = Filtered(cache);
        Matching = filtered.Count;
        Rows = Listing.Page(filtered, PageNumber);
        Charts =
        [
            Chart("Overall status", Landscape.ByStatus),
            Chart("Phase (review grouping)", Landscape.ByPhaseGroup),
            Chart("Condition category (top 12)", Landscape.ByConditionCategory, 12),
            Chart("Tissue source | match (top 12)", Landscape.BySourceAndMatch, 12),
            Chart("Route of administration", Landscape.ByRoute),
            Chart("Dose, cells/kg per administration", Landscape.ByDoseCellsPerKg),
            Chart("Dose, total cells per administration", Landscape.ByDoseTotalCells),
            Chart("Product", Landscape.ByProduct),
        ];
    }

    /// <summary>The filtered, sorted MSC trials as CSV (every matching trial).</summary>
    public IActionResult OnGetCsv()
    {
        var cache = Source();
        IReadOnlyList<TrialEntry> rows = cache.Sources.Count == 0 ? [] : Filtered(cache);
        var csv = CsvTable.Render(["nct id", "title", "status", "phase", "product", "source", "match", "route",
            "dose low", "dose high", "dose unit",
                "administrations"],
            rows.Select(t => (IReadOnlyList<string?>)[t.Trial.NctId, t.Trial.BriefTitle ?? t.Trial.OfficialTitle,
                t.Trial.OverallStatus,
                t.Trial.PhaseLabel, string.Join("; ", t.Extraction.Product),
                    string.Join("; ", t.Extraction.TissueSource),
                t.Extraction.Match, string.Join("; ", t.Extraction.Route),
                t.Extraction.Dose?.Low.ToString("G", CultureInfo.InvariantCulture),
                    t.Extraction.Dose?.High.ToString("G", CultureInfo.InvariantCulture),
                t.Extraction.Dose?.Unit, t.Extraction.DoseCount?.ToString(CultureInfo.InvariantCulture)]));
        return File(csv, "text/csv; charset=utf-8", "msc-trials.csv");
    }

    // The chosen snapshot's landscape, else the configured sources'.
    private TrialLandscapeCache Source()
    {
        ChosenSnapshot = snapshots.Find(Snapshot);
        return ChosenSnapshot is { } chosen ? snapshots.Landscape(chosen) : configured;
    }

    private IReadOnlyList<TrialEntry> Filtered(TrialLandscapeCache cache) =>
        Listing.Sort(cache.Filter(Q, SourceFilter, MatchFilter, RouteFilter, StatusFilter)
            .Where(t => t.Extraction.MscIntervention),
            Sort, Descending, SortKeys);

    private static (string, string) Chart(string title, IReadOnlyDictionary<string, int> counts, int top = 20)
    {
        var bars = counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(top)
            .Select(kv => (kv.Key, (double)kv.Value)).ToArray();
        return (title, Convert.ToBase64String(PlotRenderer.Bars(title, bars, 600)));
    }
}

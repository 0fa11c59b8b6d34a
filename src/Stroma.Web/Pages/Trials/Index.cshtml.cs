using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Stroma.Reports.Plots;
using Stroma.Trials.Landscape;
using Stroma.Web.Infrastructure;

namespace Stroma.Web.Pages.Trials;

/// <summary>The trial landscape: charts by status, phase, condition, source × match, route and dose; a filterable table with evidence.</summary>
public sealed class IndexModel(TrialLandscapeCache configured, SnapshotCatalog snapshots) : PageModel
{
    private const int MaxRows = 300;

    /// <summary>Counts.</summary>
    public LandscapeReport? Landscape { get; private set; }

    /// <summary>Charts (title, base64 PNG).</summary>
    public IReadOnlyList<(string Title, string Png)> Charts { get; private set; } = [];

    /// <summary>Rows shown.</summary>
    public IReadOnlyList<TrialEntry> Rows { get; private set; } = [];

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
        ChosenSnapshot = snapshots.Find(Snapshot);
        var cache = ChosenSnapshot is { } chosen ? snapshots.Landscape(chosen) : configured;
        if (cache.Sources.Count == 0) return;
        Landscape = cache.Landscape;
        if (Landscape.Trials == 0) return;
        var msc = cache.Trials.Where(t => t.Extraction.MscIntervention).ToArray();
        SourceOptions = msc.SelectMany(t => t.Extraction.TissueSource).Distinct().Order(StringComparer.Ordinal).ToArray();
        RouteOptions = msc.SelectMany(t => t.Extraction.Route).Distinct().Order(StringComparer.Ordinal).ToArray();
        StatusOptions = msc.Select(t => t.Trial.OverallStatus).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToArray();
        var filtered = cache.Filter(Q, SourceFilter, MatchFilter, RouteFilter, StatusFilter).Where(t => t.Extraction.MscIntervention).ToArray();
        Matching = filtered.Length;
        Rows = filtered.Take(MaxRows).ToArray();
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

    private static (string, string) Chart(string title, IReadOnlyDictionary<string, int> counts, int top = 20)
    {
        var bars = counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(top).Select(kv => (kv.Key, (double)kv.Value)).ToArray();
        return (title, Convert.ToBase64String(PlotRenderer.Bars(title, bars, 600)));
    }
}

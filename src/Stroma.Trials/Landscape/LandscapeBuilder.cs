using Stroma.Trials.Extraction;
using Stroma.Trials.Model;

namespace Stroma.Trials.Landscape;

/// <summary>
/// Accumulates a <see cref="LandscapeReport"/> one trial at a time. Holds counters only (plus the NCT
/// ids of trials naming an approved product), so memory does not grow with the number of trials.
/// Not thread-safe: one builder per run.
/// </summary>
public sealed class LandscapeBuilder
{
    /// <summary>Label for a record that gives no value.</summary>
    public const string NoValue = "(none)";

    private readonly ReviewKnowledge _review = ReviewKnowledge.Default;
    private readonly Dictionary<string, int> _status = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _phase = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _phaseGroup = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _category = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _indication = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _product = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _sourceMatch = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _route = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _dosePerKg = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _doseCells = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _year = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _country = new(StringComparer.Ordinal);
    private readonly List<string>[] _approved;
    private int _trials;
    private int _msc;
    private int _skipped;

    /// <summary>Creates an empty builder.</summary>
    public LandscapeBuilder()
    {
        _approved = _review.ApprovedProducts.Select(_ => new List<string>()).ToArray();
        foreach (var i in _review.Indications) _indication[i] = 0;
    }

    /// <summary>Counts one trial with its extraction.</summary>
    public void Add(ClinicalTrial trial, TrialExtraction extraction)
    {
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(extraction);
        _trials++;
        Count(_status, trial.OverallStatus ?? NoValue);
        Count(_phase, trial.Phases.Count == 0 ? NoValue : trial.PhaseLabel);
        Count(_phaseGroup, _review.PhaseGroup(trial.Phases));
        foreach (var branch in trial.ConditionBrowseBranches.Distinct(StringComparer.Ordinal))
            if (branch != "All Conditions") Count(_category, branch);
        var mesh = trial.ConditionMeshTerms.Concat(trial.ConditionAncestorTerms)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var i in _review.Indications)
            if (mesh.Contains(i)) _indication[i]++;
        Count(_year, trial.StartDate is { } d ? d.Year.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)
            : NoValue);
        foreach (var c in trial.Countries.Distinct(StringComparer.Ordinal)) Count(_country, c);

        for (var p = 0; p < _approved.Length; p++)
            if (NamesProduct(trial, _review.ApprovedProducts[p].Pattern)) _approved[p].Add(trial.NctId);

        if (!extraction.MscIntervention) return;
        _msc++;
        foreach (var product in extraction.Product) Count(_product, product);
        foreach (var source in extraction.TissueSource) Count(_sourceMatch, $"{source}|{extraction.Match}");
        foreach (var route in extraction.Route) Count(_route, route);
        if (extraction.Dose is { } dose)
        {
            if (dose.Unit == DoseParser.PerKg) Count(_dosePerKg, Decade(dose.High));
            else if (dose.Unit == DoseParser.Cells) Count(_doseCells, Decade(dose.High));
        }
    }

    /// <summary>Counts a record or input that could not be read.</summary>
    public void AddSkipped() => _skipped++;

    /// <summary>The report so far (the builder may go on).</summary>
    public LandscapeReport Build() => new()
    {
        Trials = _trials,
        MscTrials = _msc,
        Skipped = _skipped,
        ByStatus = Sorted(_status),
        ByPhase = Sorted(_phase),
        ByPhaseGroup = InOrder(_phaseGroup, [.. _review.PhaseGroups.Select(g => g.Label), _review.OtherPhaseGroup]),
        ByConditionCategory = Sorted(_category),
        ByReviewIndication = InOrder(_indication, _review.Indications),
        ByProduct = InOrder(_product, ExtractionWords.Products),
        BySourceAndMatch = Sorted(_sourceMatch),
        ByRoute = InOrder(_route, [.. ExtractionWords.Routes, ExtractionWords.Unspecified]),
        ByDoseCellsPerKg = InOrder(_dosePerKg, Decades),
        ByDoseTotalCells = InOrder(_doseCells, Decades),
        ByStartYear = new SortedDictionary<string, int>(_year, StringComparer.Ordinal),
        ByCountry = Sorted(_country),
        ApprovedProducts = _review.ApprovedProducts.Select((p, i) =>
            new ApprovedProductTrials(p.Product, _approved[i].ToList())).ToList(),
    };

    private static readonly string[] Decades = ["<1e5", "1e5-1e6", "1e6-1e7", "1e7-1e8", "1e8-1e9", ">=1e9"];

    /// <summary>The decade bin of a dose ("1e6-1e7" holds 1e6 up to, not including, 1e7).</summary>
    public static string Decade(double value) => value switch
    {
        < 1e5 => Decades[0],
        < 1e6 => Decades[1],
        < 1e7 => Decades[2],
        < 1e8 => Decades[3],
        < 1e9 => Decades[4],
        _ => Decades[5],
    };

    private static bool NamesProduct(ClinicalTrial t, System.Text.RegularExpressions.Regex pattern)
    {
        bool Matches(string? text) => text is not null && pattern.IsMatch(text);
        return Matches(t.BriefTitle) || Matches(t.OfficialTitle) || Matches(t.BriefSummary)
            || t.Interventions.Any(i => Matches(i.Name) || Matches(i.Description) || i.OtherNames.Any(Matches))
            || t.UnattributedOtherNames.Any(Matches)
                || t.ArmGroups.Any(a => Matches(a.Label) || Matches(a.Description));
    }

    private static void Count(Dictionary<string, int> map, string key) => map[key] = map.TryGetValue(key, out var n)
        ? n + 1 : 1;

    // Largest count first, then by label, so tables read top-down.
    private static Dictionary<string, int> Sorted(Dictionary<string, int> map) =>
        map.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    private static Dictionary<string, int> InOrder(Dictionary<string, int> map, IReadOnlyList<string> order) =>
        map.OrderBy(kv => order.Contains(kv.Key) ? order.ToList().IndexOf(kv.Key) : int.MaxValue)
            .ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
}

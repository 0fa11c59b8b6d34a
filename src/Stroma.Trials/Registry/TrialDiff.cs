using System.Globalization;
using Stroma.Trials.Extraction;
using Stroma.Trials.Formats;
using Stroma.Trials.Landscape;
using Stroma.Trials.Model;

namespace Stroma.Trials.Registry;

/// <summary>One side of a diff: where the records came from and what was read.</summary>
/// <param name="Path">The source (a snapshot zip, a folder, a bulk zip, a file).</param>
/// <param name="DataDate">
/// The date of its data: a snapshot's <c>dataTimestamp</c>, else the latest data version date its records carry;
/// null when neither is known.
/// </param>
/// <param name="Query">A snapshot's search, null for other sources.</param>
/// <param name="Records">Studies read.</param>
/// <param name="MscTrials">Of them, with an MSC intervention.</param>
/// <param name="Skipped">Records or inputs that could not be read.</param>
/// <param name="Duplicates">Records whose NCT id came earlier in the same source (the first is kept).</param>
public sealed record DiffSide(string Path, string? DataDate, string? Query, int Records, int MscTrials, int Skipped,
    int Duplicates);

/// <summary>A study present on one side only.</summary>
/// <param name="NctId">NCT id.</param>
/// <param name="Title">Brief (else official) title.</param>
/// <param name="Status">Overall status.</param>
/// <param name="Phase">Phases joined with "|".</param>
/// <param name="MscIntervention">Whether the extractor finds an MSC intervention.</param>
public sealed record DiffStudy(string NctId, string? Title, string? Status, string Phase, bool MscIntervention);

/// <summary>One field that differs.</summary>
/// <param name="Field">The field (<see cref="TrialDiffer.RegistryFields"/>, <see
/// cref="TrialDiffer.ExtractionFields"/>).</param>
/// <param name="Kind"><c>registry</c> (as the record states it) or <c>extraction</c> (what Stroma's rules
/// extract).</param>
/// <param name="Old">Old value, null when none.</param>
/// <param name="New">New value, null when none.</param>
public sealed record FieldChange(string Field, string Kind, string? Old, string? New);

/// <summary>A study on both sides whose landscape or extraction facts differ.</summary>
/// <param name="NctId">NCT id.</param>
/// <param name="Title">Title on the new side.</param>
/// <param name="Changes">The fields that differ, in <see cref="TrialDiffer.RegistryFields"/> then extraction
/// order.</param>
public sealed record StudyChange(string NctId, string? Title, IReadOnlyList<FieldChange> Changes);

/// <summary>A count on both sides.</summary>
/// <param name="Label">The label (a status, a phase, a condition category).</param>
/// <param name="Old">Records on the old side.</param>
/// <param name="New">Records on the new side.</param>
/// <param name="Difference">New minus old.</param>
public sealed record CountChange(string Label, int Old, int New, int Difference);

/// <summary>A count table on both sides.</summary>
/// <param name="Key">Key, as in the landscape JSON (<c>byStatus</c>, …).</param>
/// <param name="Title">Title.</param>
/// <param name="Rows">Every label of either side.</param>
public sealed record CountSection(string Key, string Title, IReadOnlyList<CountChange> Rows);

/// <summary>What changed between two sets of registry records.</summary>
public sealed record TrialDiffReport
{
    /// <summary>The old side.</summary>
    public required DiffSide Old { get; init; }

    /// <summary>The new side.</summary>
    public required DiffSide New { get; init; }

    /// <summary>Studies only on the new side, by NCT id.</summary>
    public required IReadOnlyList<DiffStudy> Added { get; init; }

    /// <summary>Studies only on the old side, by NCT id.</summary>
    public required IReadOnlyList<DiffStudy> Removed { get; init; }

    /// <summary>Studies on both sides whose facts differ, by NCT id.</summary>
    public required IReadOnlyList<StudyChange> Changed { get; init; }

    /// <summary>Studies on both sides with the same facts.</summary>
    public required int Unchanged { get; init; }

    /// <summary>Counts by status, phase, review phase group and condition category on both sides.</summary>
    public required IReadOnlyList<CountSection> Counts { get; init; }

    /// <summary>Records or inputs of either side that could not be read.</summary>
    public required IReadOnlyList<TrialReadError> Skipped { get; init; }
}

/// <summary>
/// Compares two sources of registry records (any the readers read: snapshot zips, folders of classic records, v2
/// bulk zips, XML, CSV) study by study. Each side is read and extracted once, streaming; per study only the compared
/// facts are kept, so memory grows with the number of studies, not with their text.
/// </summary>
public static class TrialDiffer
{
    /// <summary>The registry fields compared, in report order.</summary>
    public static readonly IReadOnlyList<string> RegistryFields =
        ["overallStatus", "phase", "enrollment", "startDate", "primaryCompletionDate", "completionDate", "whyStopped",
            "resultsFirstPosted", "countries"];

    /// <summary>The extracted fields compared, in report order.</summary>
    public static readonly IReadOnlyList<string> ExtractionFields = ["mscIntervention", "tissueSource", "match",
        "route", "dose"];

    /// <summary>Reads both sides and compares them.</summary>
    public static TrialDiffReport Diff(string oldPath, string newPath, MscExtractor extractor)
    {
        ArgumentNullException.ThrowIfNull(oldPath);
        ArgumentNullException.ThrowIfNull(newPath);
        ArgumentNullException.ThrowIfNull(extractor);
        var skipped = new List<TrialReadError>();
        var (oldSide, oldFacts, oldCounts) = Load(oldPath, extractor, skipped);
        var (newSide, newFacts, newCounts) = Load(newPath, extractor, skipped);
        var added = new List<DiffStudy>();
        var removed = new List<DiffStudy>();
        var changed = new List<StudyChange>();
        var unchanged = 0;
        foreach (var (id, n) in newFacts.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (!oldFacts.TryGetValue(id, out var o)) { added.Add(n.Brief); continue; }
            var changes = Compare(o.Values, n.Values);
            if (changes.Count == 0) unchanged++;
            else changed.Add(new StudyChange(id, n.Brief.Title, changes));
        }
        foreach (var (id, o) in oldFacts.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            if (!newFacts.ContainsKey(id)) removed.Add(o.Brief);
        return new TrialDiffReport
        {
            Old = oldSide,
            New = newSide,
            Added = added,
            Removed = removed,
            Changed = changed,
            Unchanged = unchanged,
            Counts =
            [
                Section("byStatus", "Overall status", oldCounts.ByStatus, newCounts.ByStatus),
                Section("byPhase", "Phase (registry)", oldCounts.ByPhase, newCounts.ByPhase),
                Section("byPhaseGroup", "Phase (review grouping)", oldCounts.ByPhaseGroup, newCounts.ByPhaseGroup),
                Section("byConditionCategory", "Condition category (MeSH browse branch)",
                    oldCounts.ByConditionCategory, newCounts.ByConditionCategory),
            ],
            Skipped = skipped,
        };
    }

    private sealed record Facts(DiffStudy Brief, string?[] Values);

    private static (DiffSide, Dictionary<string, Facts>, LandscapeReport) Load(string path, MscExtractor extractor,
        List<TrialReadError> skipped)
    {
        string? dataDate = null, query = null;
        if (SnapshotReader.IsSnapshot(path))
        {
            var manifest = SnapshotReader.ReadManifest(path);
            dataDate = manifest.DataTimestamp;
            query = manifest.Query.Describe();
        }
        var facts = new Dictionary<string, Facts>(StringComparer.OrdinalIgnoreCase);
        var builder = new LandscapeBuilder();
        DateOnly? latest = null;
        int skips = 0, duplicates = 0;
        foreach (var r in ExtractionPipeline.Extract(TrialReader.Read([path]), extractor))
        {
            if (r.Trial is not { } t)
            {
                skips++;
                skipped.Add(r.Error!);
                continue;
            }
            if (facts.ContainsKey(t.NctId)) { duplicates++; continue; }
            builder.Add(t, r.Extraction!);
            if (t.DataVersionDate is { } d && (latest is null || d > latest)) latest = d;
            facts.Add(t.NctId, new Facts(
                new DiffStudy(t.NctId, t.BriefTitle ?? t.OfficialTitle, t.OverallStatus, t.PhaseLabel,
                    r.Extraction!.MscIntervention),
                Values(t, r.Extraction!)));
        }
        var counts = builder.Build();
        dataDate ??= latest?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return (new DiffSide(path, dataDate, query, counts.Trials, counts.MscTrials, skips, duplicates), facts, counts);
    }

    /// <summary>The compared values, <see cref="RegistryFields"/> then <see cref="ExtractionFields"/>.</summary>
    private static string?[] Values(ClinicalTrial t, TrialExtraction e) =>
    [
        t.OverallStatus,
        t.Phases.Count == 0 ? null : t.PhaseLabel,
        t.EnrollmentCount is { } n ? n.ToString(CultureInfo.InvariantCulture) + (t.EnrollmentType is { } type
            ? $" ({type.ToLowerInvariant()})" : "") : null,
        Date(t.StartDate),
        Date(t.PrimaryCompletionDate),
        Date(t.CompletionDate),
        t.WhyStopped,
        Date(t.ResultsFirstPosted),
        // Countries as a set: the registry's location order is not a fact about the trial.
        t.Countries.Count == 0 ? null : string.Join(", ", t.Countries.Order(StringComparer.Ordinal)),
        e.MscIntervention ? "yes" : "no",
        Join(e.TissueSource),
        e.Match,
        Join(e.Route),
        e.Dose is { } d ? Dose(d) : null,
    ];

    /// <summary>A dose as the landscape shows it: "5e+07 cells", "1e+06–2e+06 cells_per_kg".</summary>
    public static string Dose(DoseRange d)
    {
        static string N(double v) => v.ToString("0.##e+00", CultureInfo.InvariantCulture);
        return (d.Low == d.High ? N(d.Low) : $"{N(d.Low)}–{N(d.High)}") + " " + d.Unit;
    }

    // Dates with their type: "2021-06 (estimated)" becoming "2021-06 (actual)" is a change worth seeing.
    private static string? Date(RegistryDate? d) => d is { } v ? v.ToString() + (v.Type is { } type
        ? $" ({type.ToLowerInvariant()})" : "") : null;

    private static string? Join(IReadOnlyList<string> values) => values.Count == 0 ? null : string.Join(", ", values);

    private static List<FieldChange> Compare(string?[] o, string?[] n)
    {
        var changes = new List<FieldChange>();
        for (var i = 0; i < o.Length; i++)
        {
            if (string.Equals(o[i], n[i], StringComparison.Ordinal)) continue;
            var registry = i < RegistryFields.Count;
            changes.Add(new FieldChange(registry ? RegistryFields[i] : ExtractionFields[i - RegistryFields.Count],
                registry ? "registry" : "extraction", o[i], n[i]));
        }
        return changes;
    }

    private static CountSection Section(string key, string title, IReadOnlyDictionary<string, int> o,
        IReadOnlyDictionary<string, int> n)
    {
        // Labels in the new side's order (largest first), then those only the old side has.
        var labels = n.Keys.Concat(o.Keys.Where(k => !n.ContainsKey(k))).ToList();
        return new CountSection(key, title, labels.Select(l =>
        {
            var a = o.TryGetValue(l, out var x) ? x : 0;
            var b = n.TryGetValue(l, out var y) ? y : 0;
            return new CountChange(l, a, b, b - a);
        }).ToList());
    }
}

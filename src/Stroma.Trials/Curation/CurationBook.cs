using Stroma.Trials.Extraction;
using Stroma.Trials.Model;

namespace Stroma.Trials.Curation;

/// <summary>An extraction with the reviewed values put in.</summary>
/// <param name="Extraction">Extracted values, each reviewed field replaced by its decision's value.</param>
/// <param name="Reviewed">Fields whose value a reviewer decided on this version of the record.</param>
/// <param name="Stale">Fields decided on an earlier version of the record (the extracted value is used; review
/// again).</param>
public sealed record CuratedTrial(TrialExtraction Extraction, IReadOnlySet<string> Reviewed, IReadOnlySet<string> Stale)
{
    /// <summary>Whether a field's value was reviewed.</summary>
    public bool IsReviewed(string field) => Reviewed.Contains(field);
}

/// <summary>
/// The stored decisions, by trial and field, applied to extractions. A decision counts only for the record content
/// it was taken on (<see cref="TrialFingerprint"/>): when a new registry snapshot changes a record, its decisions
/// become stale, the extracted values are used again and the fields go back to the review queue.
/// </summary>
public sealed class CurationBook
{
    private readonly Dictionary<string, Dictionary<string, CurationDecision>> _byTrial =
        new(StringComparer.OrdinalIgnoreCase);

    /// <summary>An empty book (no decisions: every value is the extracted one).</summary>
    public static CurationBook Empty { get; } = new([]);

    /// <summary>Indexes decisions; for the same trial and field the latest one counts.</summary>
    public CurationBook(IEnumerable<CurationDecision> decisions)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        foreach (var d in decisions.OrderBy(d => d.DecidedUtc))
        {
            if (!_byTrial.TryGetValue(d.NctId, out var fields))
                _byTrial[d.NctId] = fields = new(StringComparer.Ordinal);
            fields[d.Field] = d;
        }
    }

    /// <summary>Number of decisions held.</summary>
    public int Count => _byTrial.Values.Sum(f => f.Count);

    /// <summary>Every decision held (the latest per trial and field), by NCT id then field order.</summary>
    public IEnumerable<CurationDecision> Decisions =>
        _byTrial.OrderBy(kv => kv.Key, StringComparer.OrdinalIgnoreCase)
            .SelectMany(kv => kv.Value.Values.OrderBy(d => IndexOf(d.Field)));

    /// <summary>The decisions of one trial by field (empty when none).</summary>
    public IReadOnlyDictionary<string, CurationDecision> For(string nctId) =>
        _byTrial.TryGetValue(nctId, out var fields) ? fields : new Dictionary<string, CurationDecision>();

    /// <summary>The extraction with the decisions taken on this version of the record applied.</summary>
    public CuratedTrial Apply(ClinicalTrial trial, TrialExtraction extraction) =>
        Apply(extraction, TrialFingerprint.Of(trial));

    /// <summary>The extraction with the decisions taken on the record content <paramref name="fingerprint"/>
    /// applied.</summary>
    public CuratedTrial Apply(TrialExtraction extraction, string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(extraction);
        var reviewed = new HashSet<string>(StringComparer.Ordinal);
        var stale = new HashSet<string>(StringComparer.Ordinal);
        var curated = extraction;
        foreach (var (field, d) in For(extraction.NctId))
        {
            if (!string.Equals(d.Fingerprint, fingerprint, StringComparison.Ordinal))
            {
                stale.Add(field);
                continue;
            }
            curated = CurationFields.With(curated, field, d.Value);
            reviewed.Add(field);
        }
        return new CuratedTrial(curated, reviewed, stale);
    }

    private static int IndexOf(string field)
    {
        for (var i = 0; i < CurationFields.All.Count; i++) if (CurationFields.All[i] == field) return i;
        return int.MaxValue;
    }
}

using Stroma.Trials.Curation;

namespace Stroma.Web.Infrastructure;

/// <summary>
/// The served snapshot's records fingerprinted and assessed once (confidence does not depend on decisions), so the
/// review pages only apply the stored decisions on each request.
/// </summary>
public sealed class TrialReviewIndex(TrialLandscapeCache cache)
{
    private readonly Lazy<(IReadOnlyList<AssessedTrial> All, Dictionary<string, AssessedTrial> ById)> _data = new(() =>
    {
        var all = CurationQueue.Assess(cache.Trials.Select(t => (t.Trial, t.Extraction)));
        var byId = new Dictionary<string, AssessedTrial>(StringComparer.OrdinalIgnoreCase);
        foreach (var a in all) byId.TryAdd(a.Trial.NctId, a);
        return (all, byId);
    });

    /// <summary>Every record served.</summary>
    public IReadOnlyList<AssessedTrial> Trials => _data.Value.All;

    /// <summary>One record by NCT id, or null.</summary>
    public AssessedTrial? Find(string? nctId) => nctId is not null
        && _data.Value.ById.TryGetValue(nctId.Trim(), out var a) ? a : null;
}

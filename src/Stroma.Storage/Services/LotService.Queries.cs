using Microsoft.EntityFrameworkCore;
using Stroma.Manufacturing;
using Stroma.Manufacturing.Audit;
using Stroma.Manufacturing.Culture;
using Stroma.Manufacturing.Records;

namespace Stroma.Storage.Services;

// The read side: a lot with its lineage and derived values, and lists in one query per table.
public sealed partial class LotService
{
    /// <summary>A lot with its lineage and derived values.</summary>
    public async Task<LotView> GetAsync(string lotCode, CancellationToken cancellationToken = default)
    {
        var lot = await LoadAsync(lotCode, cancellationToken, tracking: false).ConfigureAwait(false);
        var lineage = new List<Lot> { lot };
        while (lineage[^1].ParentId is { } parentId)
            lineage.Add(await LoadByIdAsync(parentId, cancellationToken).ConfigureAwait(false));
        lineage.Reverse();
        var corrections = await _db.Corrections.AsNoTracking().Where(c => c.LotId == lot.Id)
            .OrderBy(c => c.CorrectedUtc).ThenBy(c => c.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var numbers = lot.Passages.ToDictionary(p => p.Id, p => p.Number);
        var invalid = await InvalidSignatureLotsAsync([lot], cancellationToken).ConfigureAwait(false);
        return Checked(LotView.Of(lot, lineage, Limits), invalid.Contains(lot.Id)) with
        {
            Corrections = corrections.Select(c => CorrectionView.Of(c,
                c.PassageId is { } id && numbers.TryGetValue(id, out var n) ? n : null)).ToArray(),
        };
    }

    /// <summary>All lots (summary fields filled; passages listed).</summary>
    public async Task<IReadOnlyList<LotView>> ListAsync(CancellationToken cancellationToken = default)
    {
        // One query per table for every lot (no query per lot); lineages are walked in memory.
        var lots = await _db.Lots.AsNoTracking().Include(l => l.Donor).Include(l => l.Passages).Include(l => l.Priming)
            .Include(l => l.CryoEvents)
            .AsSplitQuery().ToListAsync(cancellationToken).ConfigureAwait(false);
        var byId = lots.ToDictionary(l => l.Id);
        var invalid = await InvalidSignatureLotsAsync(lots, cancellationToken).ConfigureAwait(false);
        return lots.OrderBy(l => l.Code, StringComparer.Ordinal)
            .Select(l => Checked(LotView.Of(l, LineageOf(l, byId), Limits), invalid.Contains(l.Id))).ToArray();
    }

    private static LotView Checked(LotView view, bool signatureInvalid) =>
        signatureInvalid ? view with { Status = SignatureCheck.Invalid, SignatureInvalid = true } : view;

    // Every showing of a lot re-checks its release signatures against the content they signed (as the release page
    // does).
    private async Task<HashSet<int>> InvalidSignatureLotsAsync(IReadOnlyCollection<Lot> lots, CancellationToken ct)
    {
        var signed = lots.Where(l => l.Status is LotStatus.Released or LotStatus.Rejected or LotStatus.Quarantined)
            .ToDictionary(l => l.Id);
        if (signed.Count == 0) return [];
        var ids = signed.Keys.ToArray();
        var releases = await _db.Releases.AsNoTracking().Where(r => ids.Contains(r.LotId)).Include(r => r.Specification)
            .Include(r => r.Results).Include(r => r.Signatures).AsSplitQuery().ToListAsync(ct).ConfigureAwait(false);
        var invalid = releases.Where(r => r.Signatures.Count == 0 ? signed[r.LotId].Status == LotStatus.Released
                : SignatureCheck.InvalidSignatures(r, signed[r.LotId]).Count > 0)
            .Select(r => r.LotId).ToHashSet();
        // "Released" with no release record at all was not signed by anyone.
        invalid.UnionWith(signed.Values.Where(l => l.Status == LotStatus.Released && releases.All(r => r.LotId != l.Id))
            .Select(l => l.Id));
        return invalid;
    }

    private static List<Lot> LineageOf(Lot lot, Dictionary<int, Lot> byId)
    {
        var lineage = new List<Lot> { lot };
        while (lineage.Count <= byId.Count && lineage[^1].ParentId is { } parentId
            && byId.TryGetValue(parentId, out var parent)) lineage.Add(parent);
        lineage.Reverse();
        return lineage;
    }

    private async Task<Lot> LoadByIdAsync(int id, CancellationToken ct) =>
        await _db.Lots.AsNoTracking().Include(l => l.Donor).Include(l => l.Passages).Include(l => l.Priming)
            .Include(l => l.CryoEvents).AsSplitQuery()
            .SingleAsync(l => l.Id == id, ct).ConfigureAwait(false);
}

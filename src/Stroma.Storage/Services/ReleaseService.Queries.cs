using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Stroma.Identity;
using Stroma.Identity.Analysis;
using Stroma.Identity.Panels;
using Stroma.Manufacturing;
using Stroma.Manufacturing.Audit;
using Stroma.Manufacturing.Certificates;
using Stroma.Manufacturing.Culture;
using Stroma.Manufacturing.Records;
using Stroma.Manufacturing.Release;

namespace Stroma.Storage.Services;

// The read side: release views, one query per table for lists.
public sealed partial class ReleaseService
{
    /// <summary>All stored specification versions.</summary>
    public async Task<IReadOnlyList<SpecificationView>> ListSpecificationsAsync(CancellationToken cancellationToken =
        default) =>
        (await _db.Specifications.AsNoTracking().Include(s => s.Items).OrderBy(s => s.Code).ThenBy(s => s.SpecVersion)
            .ToListAsync(cancellationToken).ConfigureAwait(false))
        .Select(SpecificationView.Of).ToArray();

    /// <summary>The identity analysis in force on a lot's release (the latest not superseded), or null when none is
    /// recorded.</summary>
    public async Task<IdentityResult?> IdentityInForceAsync(string lotCode,
        CancellationToken cancellationToken = default)
    {
        var row = await _db.TestResults.AsNoTracking()
            .Where(r => r.Test == ReleaseTest.Identity && !r.Superseded
                && _db.Releases.Any(x => x.Id == r.ReleaseId && x.Lot!.Code == lotCode))
            .OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return row?.IdentityJson is { } json ? SpecificationEvaluator.ParseIdentity(json) : null;
    }

    /// <summary>The release record of a lot with its evaluation.</summary>
    public async Task<ReleaseView> GetAsync(string lotCode, CancellationToken cancellationToken = default)
    {
        var (lot, release) = await LoadAsync(lotCode, cancellationToken).ConfigureAwait(false);
        return await ViewAsync(lot, release, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The release record of a lot with its evaluation, or null when the lot is unknown or has no
    /// specification yet.</summary>
    public async Task<ReleaseView?> FindAsync(string lotCode, CancellationToken cancellationToken = default)
    {
        var (lot, release) = await TryLoadAsync(lotCode, cancellationToken).ConfigureAwait(false);
        return lot is null || release is null ? null : await ViewAsync(lot, release, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Every lot's release record (lot code → view), in one query per table.</summary>
    public async Task<IReadOnlyDictionary<string, ReleaseView>> ListAsync(CancellationToken cancellationToken = default)
    {
        var releases = await _db.Releases.AsNoTracking().Include(r => r.Lot).ThenInclude(l => l!.Passages)
            .Include(r => r.Specification).ThenInclude(s => s!.Items).Include(r => r.Results).Include(r => r.Signatures)
            .Include(r => r.Investigations).AsSplitQuery()
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var signers = await SignerNamesAsync(releases.SelectMany(r => r.Signatures), cancellationToken)
            .ConfigureAwait(false);
        var deviations = (await _db.Set<Deviation>().AsNoTracking().Include(d => d.Lot).Where(d => d.LotId != null)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false)).ToLookup(d => d.LotId);
        return releases.ToDictionary(r => r.Lot!.Code, r =>
            ReleaseView.Of(r.Lot!, r, signers, deviations[r.LotId].ToArray()), StringComparer.Ordinal);
    }

    private async Task<ReleaseView> ViewAsync(Lot lot, LotRelease release, CancellationToken cancellationToken) =>
        ReleaseView.Of(lot, release, await SignerNamesAsync(release.Signatures, cancellationToken)
            .ConfigureAwait(false),
            await LotDeviationsAsync(lot.Id, tracking: false, cancellationToken).ConfigureAwait(false));

    private async Task<Deviation[]> LotDeviationsAsync(int lotId, bool tracking, CancellationToken ct)
    {
        var query = _db.Set<Deviation>().Include(d => d.Lot).Where(d => d.LotId == lotId);
        return await (tracking ? query : query.AsNoTracking()).OrderBy(d => d.Id).ToArrayAsync(ct)
            .ConfigureAwait(false);
    }

    private async Task<(Lot? Lot, LotRelease? Release)> TryLoadAsync(string lotCode, CancellationToken ct,
        bool tracking = false)
    {
        // Cumulative PD needs only the lot's own passages: its starting PD from the lineage is stored on the lot.
        var lots = _db.Lots.Include(l => l.Passages).AsQueryable();
        var lot = await (tracking ? lots : lots.AsNoTracking()).SingleOrDefaultAsync(l => l.Code == lotCode, ct)
            .ConfigureAwait(false);
        if (lot is null) return (null, null);
        var releases = _db.Releases.Include(r => r.Specification).ThenInclude(s => s!.Items).Include(r => r.Results)
            .Include(r => r.Signatures)
            .Include(r => r.Investigations).AsSplitQuery();
        return (lot, await (tracking ? releases : releases.AsNoTracking())
            .SingleOrDefaultAsync(r => r.LotId == lot.Id, ct).ConfigureAwait(false));
    }

    private async Task<Dictionary<string, string?>> SignerNamesAsync(IEnumerable<ReleaseSignature> signatures,
        CancellationToken ct)
    {
        var names = signatures.Select(s => s.UserName.ToUpperInvariant()).Distinct().ToArray();
        if (names.Length == 0) return new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        return await _db.Users.AsNoTracking().Where(u => names.Contains(u.NormalizedUserName!))
            .ToDictionaryAsync(u => u.UserName!, u => u.FullName, StringComparer.OrdinalIgnoreCase, ct)
                .ConfigureAwait(false);
    }
}

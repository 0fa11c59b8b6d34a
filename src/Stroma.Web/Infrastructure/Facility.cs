using Stroma.Manufacturing.Release;
using Stroma.Storage.Services;

namespace Stroma.Web.Infrastructure;

/// <summary>A lot with its release record (null while no specification is assigned).</summary>
/// <param name="Lot">The lot.</param>
/// <param name="Release">Its release record.</param>
public sealed record LotRelease(LotView Lot, ReleaseView? Release);

/// <summary>Read model of the whole facility for the dashboard and list pages (composition only; rules live in the
/// services).</summary>
public sealed class Facility(LotService lots, ReleaseService releases)
{
    /// <summary>Every lot with its release record.</summary>
    public async Task<IReadOnlyList<LotRelease>> LotsAsync(CancellationToken ct)
    {
        var all = await lots.ListAsync(ct);
        var records = await releases.ListAsync(ct);
        return all.Select(lot => new LotRelease(lot, records.GetValueOrDefault(lot.Code))).ToArray();
    }

    /// <summary>Out-of-specification items across lots.</summary>
    public static IEnumerable<(string Lot, ItemOutcome Item)> OutOfSpecification(IEnumerable<LotRelease> lots) =>
        lots.Where(l => l.Release is not null).SelectMany(l =>
            l.Release!.Evaluation.OutOfSpecification.Select(i => (l.Lot.Code, i)));
}

using Microsoft.EntityFrameworkCore;
using Stroma.Storage.Curation;
using Stroma.Trials.Curation;

namespace Stroma.Storage.Services;

/// <summary>
/// Stores reviewers' decisions on extracted trial fields. Each decision is validated against the EXTRACTION.md
/// vocabulary (<see cref="CurationRequest.Validate"/>) before it is written; writes go through
/// <see cref="StromaDbContext.WriteAsync{T}"/>, so the audit trail names who decided, when, and the reason.
/// </summary>
public sealed class TrialCurationService(StromaDbContext db)
{
    /// <summary>Records a decision (replacing an earlier one on the same trial and field) and returns it as
    /// stored.</summary>
    /// <exception cref="CurationException">The field, value, reason or fingerprint is not acceptable.</exception>
    public Task<CurationDecision> DecideAsync(CurationRequest request, string actor,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var r = request.Validate();
        var action = r.Action == CurationAction.Accept ? "accept" : "correct";
        var auditReason = $"{action} {r.Field} of {r.NctId}" + (r.Reason is null ? "" : ": " + r.Reason);
        return db.WriteAsync(actor, auditReason, async ct =>
        {
            var row = await db.Set<TrialCuration>().SingleOrDefaultAsync(x => x.NctId == r.NctId && x.Field == r.Field,
                ct).ConfigureAwait(false);
            if (row is null) db.Set<TrialCuration>().Add(row = new TrialCuration { NctId = r.NctId, Field = r.Field });
            row.Action = action;
            row.Value = r.Value;
            row.ExtractedValue = r.ExtractedValue;
            row.Fingerprint = r.Fingerprint;
            row.DecidedBy = actor;
            row.DecidedUtc = DateTime.UtcNow;
            row.Reason = r.Reason;
            row.Evidence = r.Evidence;
            return Of(row);
        }, cancellationToken);
    }

    /// <summary>Every stored decision, by NCT id and field.</summary>
    public async Task<IReadOnlyList<CurationDecision>> ListAsync(CancellationToken cancellationToken = default) =>
        (await db.Set<TrialCuration>().AsNoTracking().OrderBy(x => x.NctId).ThenBy(x => x.Field)
            .ToListAsync(cancellationToken).ConfigureAwait(false)).Select(Of).ToList();

    /// <summary>The decisions of one trial.</summary>
    public async Task<IReadOnlyList<CurationDecision>> ForTrialAsync(string nctId,
        CancellationToken cancellationToken = default)
    {
        var id = (nctId ?? "").Trim().ToUpperInvariant();
        return (await db.Set<TrialCuration>().AsNoTracking().Where(x => x.NctId == id).OrderBy(x => x.Field)
            .ToListAsync(cancellationToken).ConfigureAwait(false)).Select(Of).ToList();
    }

    /// <summary>All decisions as a book to apply to extractions.</summary>
    public async Task<CurationBook> BookAsync(CancellationToken cancellationToken = default) =>
        new(await ListAsync(cancellationToken).ConfigureAwait(false));

    private static CurationDecision Of(TrialCuration x) => new(x.NctId, x.Field,
        x.Action == "correct" ? CurationAction.Correct : CurationAction.Accept, x.Value, x.ExtractedValue,
            x.Fingerprint,
        x.DecidedBy, DateTime.SpecifyKind(x.DecidedUtc, DateTimeKind.Utc), x.Reason, x.Evidence);
}

using Microsoft.EntityFrameworkCore;
using Stroma.Manufacturing;
using Stroma.Manufacturing.Audit;
using Stroma.Manufacturing.Records;

namespace Stroma.Storage.Services;

/// <summary>An OOS investigation as shown.</summary>
public sealed record InvestigationView
{
    /// <summary>Number.</summary>
    public required int Id { get; init; }
    /// <summary>Lot code.</summary>
    public required string Lot { get; init; }
    /// <summary>Test token.</summary>
    public required string Test { get; init; }
    /// <summary>Item name.</summary>
    public required string Name { get; init; }
    /// <summary>The OOS result as judged.</summary>
    public required string Observed { get; init; }
    /// <summary>The criterion it failed.</summary>
    public required string Criterion { get; init; }
    /// <summary>Specification version in force ("code vN").</summary>
    public required string Specification { get; init; }
    /// <summary>"open", "invalidated" or "confirmed".</summary>
    public required string Status { get; init; }
    /// <summary>Who entered the result.</summary>
    public required string OpenedBy { get; init; }
    /// <summary>When opened (UTC).</summary>
    public required DateTime OpenedUtc { get; init; }
    /// <summary>Assignable cause found, if any.</summary>
    public string? AssignableCause { get; init; }
    /// <summary>Conclusion.</summary>
    public string? Conclusion { get; init; }
    /// <summary>QA signer who closed it.</summary>
    public string? ClosedBy { get; init; }
    /// <summary>When closed (UTC).</summary>
    public DateTime? ClosedUtc { get; init; }
    /// <summary>Meaning of the closing signature.</summary>
    public string? ClosedMeaning { get; init; }
    /// <summary>SHA-256 of the signed content.</summary>
    public string? SignatureSha256 { get; init; }
    /// <summary>True while open.</summary>
    public bool IsOpen => Status == "open";

    internal static InvestigationView Of(OosInvestigation i, string lot) => new()
    {
        Id = i.Id, Lot = lot, Test = Terms.Token(i.Test), Name = i.Name, Observed = i.Observed, Criterion = i.Criterion,
            Specification = i.Specification,
        Status = i.Status.ToString().ToLowerInvariant(), OpenedBy = i.OpenedBy, OpenedUtc = i.OpenedUtc,
            AssignableCause = i.AssignableCause,
        Conclusion = i.Conclusion, ClosedBy = i.ClosedBy, ClosedUtc = i.ClosedUtc, ClosedMeaning = i.ClosedMeaning,
            SignatureSha256 = i.SignatureSha256,
    };
}

/// <summary>A deviation as shown.</summary>
public sealed record DeviationView
{
    /// <summary>Number.</summary>
    public required int Id { get; init; }
    /// <summary>Linked lot code, if any.</summary>
    public string? Lot { get; init; }
    /// <summary>What happened.</summary>
    public required string Description { get; init; }
    /// <summary>Impact assessment.</summary>
    public required string Impact { get; init; }
    /// <summary>CAPA.</summary>
    public string? Capa { get; init; }
    /// <summary>"open" or "closed".</summary>
    public required string Status { get; init; }
    /// <summary>Who recorded it.</summary>
    public required string OpenedBy { get; init; }
    /// <summary>When (UTC).</summary>
    public required DateTime OpenedUtc { get; init; }
    /// <summary>QA conclusion.</summary>
    public string? Conclusion { get; init; }
    /// <summary>QA signer who closed it.</summary>
    public string? ClosedBy { get; init; }
    /// <summary>When closed (UTC).</summary>
    public DateTime? ClosedUtc { get; init; }
    /// <summary>SHA-256 of the signed content.</summary>
    public string? SignatureSha256 { get; init; }
    /// <summary>True while open.</summary>
    public bool IsOpen => Status == "open";

    internal static DeviationView Of(Deviation d) => new()
    {
        Id = d.Id, Lot = d.Lot?.Code, Description = d.Description, Impact = d.Impact, Capa = d.Capa,
            Status = d.Status.ToString().ToLowerInvariant(),
        OpenedBy = d.OpenedBy, OpenedUtc = d.OpenedUtc, Conclusion = d.Conclusion, ClosedBy = d.ClosedBy,
            ClosedUtc = d.ClosedUtc,
        SignatureSha256 = d.SignatureSha256,
    };
}

/// <summary>A deviation to record.</summary>
/// <param name="Description">What happened.</param>
/// <param name="Impact">Impact on product quality.</param>
public sealed record DeviationInput(string Description, string Impact)
{
    /// <summary>Lot the deviation concerns (blocks its release while open).</summary>
    public string? Lot { get; init; }
    /// <summary>CAPA, if already known.</summary>
    public string? Capa { get; init; }
}

/// <summary>
/// OOS investigations (opened automatically by <see cref="ReleaseService"/> when a result is out of specification)
/// and deviations: listing, and closing them with a QA e-signature. The rules are the domain's.
/// </summary>
public sealed class InvestigationService(StromaDbContext db)
{
    private readonly UserService _users = new(db);

    /// <summary>Investigations, newest first (optionally only open ones, or one lot's).</summary>
    public async Task<IReadOnlyList<InvestigationView>> ListAsync(bool openOnly = false, string? lot = null,
        CancellationToken cancellationToken = default)
    {
        var query = from i in db.Set<OosInvestigation>().AsNoTracking()
                    join r in db.Releases on i.ReleaseId equals r.Id
                    join l in db.Lots on r.LotId equals l.Id
                    select new { i, l.Code };
        if (openOnly) query = query.Where(x => x.i.Status == InvestigationStatus.Open);
        if (lot is not null) query = query.Where(x => x.Code == lot);
        var rows = await query.OrderByDescending(x => x.i.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(x => InvestigationView.Of(x.i, x.Code)).ToArray();
    }

    /// <summary>One investigation.</summary>
    public async Task<InvestigationView> GetAsync(int id, CancellationToken cancellationToken = default) =>
        (await ListByIdAsync(id, cancellationToken).ConfigureAwait(false))
            ?? throw new RecordNotFoundException("OOS investigation", $"#{id}");

    private async Task<InvestigationView?> ListByIdAsync(int id, CancellationToken ct)
    {
        var row = await (from i in db.Set<OosInvestigation>().AsNoTracking()
                         join r in db.Releases on i.ReleaseId equals r.Id
                         join l in db.Lots on r.LotId equals l.Id
                         where i.Id == id
                         select new { i, l.Code }).SingleOrDefaultAsync(ct).ConfigureAwait(false);
        return row is null ? null : InvestigationView.Of(row.i, row.Code);
    }

    /// <summary>Closes phase I with the QA signer's e-signature: invalidated (assignable cause) or confirmed
    /// OOS.</summary>
    public async Task<InvestigationView> CloseAsync(int id, InvestigationFinding finding, string? cause,
        ESignature signature,
        CancellationToken cancellationToken = default)
    {
        var signer = await Signers.AuthenticateAsync(_users, signature, cancellationToken).ConfigureAwait(false);
        await db.WriteAsync(signer.UserName, signature.Reason.Trim(), async ct =>
        {
            var investigation = await db.Set<OosInvestigation>().SingleOrDefaultAsync(i => i.Id == id, ct)
                .ConfigureAwait(false)
                                ?? throw new RecordNotFoundException("OOS investigation", $"#{id}");
            investigation.Close(signer, finding, cause, signature.Reason, AuditChain.Normalize(DateTime.UtcNow));
            return 0;
        }, cancellationToken).ConfigureAwait(false);
        return await GetAsync(id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records a deviation (a writer), optionally linked to a lot.</summary>
    public async Task<DeviationView> OpenDeviationAsync(DeviationInput input, string actor,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var user = await _users.RequireWriterAsync(actor, "Recording a deviation", cancellationToken)
            .ConfigureAwait(false);
        var id = await db.WriteAsync(user.UserName, null, async ct =>
        {
            var lot = input.Lot is null ? null
                : await db.Lots.SingleOrDefaultAsync(l => l.Code == input.Lot, ct).ConfigureAwait(false)
                    ?? throw new RecordNotFoundException("lot", input.Lot);
            var deviation = Deviation.Open(lot, input.Description, input.Impact, input.Capa, user.UserName,
                AuditChain.Normalize(DateTime.UtcNow));
            db.Set<Deviation>().Add(deviation);
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
            return deviation.Id;
        }, cancellationToken).ConfigureAwait(false);
        return await GetDeviationAsync(id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes a deviation with the QA signer's e-signature, conclusion and CAPA.</summary>
    public async Task<DeviationView> CloseDeviationAsync(int id, string? capa, ESignature signature,
        CancellationToken cancellationToken = default)
    {
        var signer = await Signers.AuthenticateAsync(_users, signature, cancellationToken).ConfigureAwait(false);
        await db.WriteAsync(signer.UserName, signature.Reason.Trim(), async ct =>
        {
            var deviation = await db.Set<Deviation>().SingleOrDefaultAsync(d => d.Id == id, ct).ConfigureAwait(false)
                            ?? throw new RecordNotFoundException("deviation", $"#{id}");
            deviation.Close(signer, signature.Reason, capa, AuditChain.Normalize(DateTime.UtcNow));
            return 0;
        }, cancellationToken).ConfigureAwait(false);
        return await GetDeviationAsync(id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deviations, newest first (optionally one lot's, or only open ones).</summary>
    public async Task<IReadOnlyList<DeviationView>> ListDeviationsAsync(string? lot = null, bool openOnly = false,
        CancellationToken cancellationToken = default)
    {
        var query = db.Set<Deviation>().AsNoTracking().Include(d => d.Lot).AsQueryable();
        if (lot is not null) query = query.Where(d => d.Lot!.Code == lot);
        if (openOnly) query = query.Where(d => d.Status == DeviationStatus.Open);
        return (await query.OrderByDescending(d => d.Id).ToListAsync(cancellationToken).ConfigureAwait(false))
            .Select(DeviationView.Of).ToArray();
    }

    /// <summary>One deviation.</summary>
    public async Task<DeviationView> GetDeviationAsync(int id, CancellationToken cancellationToken = default) =>
        DeviationView.Of(await db.Set<Deviation>().AsNoTracking().Include(d => d.Lot)
            .SingleOrDefaultAsync(d => d.Id == id, cancellationToken)
            .ConfigureAwait(false) ?? throw new RecordNotFoundException("deviation", $"#{id}"));
}

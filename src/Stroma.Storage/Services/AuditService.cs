using Microsoft.EntityFrameworkCore;
using Stroma.Manufacturing.Audit;

namespace Stroma.Storage.Services;

/// <summary>The audit trail: reading and verifying the hash chain.</summary>
public sealed class AuditService
{
    private readonly StromaDbContext _db;

    /// <summary>Creates the service over a context.</summary>
    public AuditService(StromaDbContext db) => _db = db;

    /// <summary>Recomputes every row's hash and link and compares with the chain head; names each edited or deleted row.</summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var rows = await _db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync(cancellationToken).ConfigureAwait(false);
        var head = await _db.AuditHeads.AsNoTracking().SingleOrDefaultAsync(h => h.Id == 1, cancellationToken).ConfigureAwait(false);
        return AuditChain.Verify(rows, head);
    }

    /// <summary>Rows, newest last, optionally for one kind of record and key (e.g. "Lot", "MCB-001") and limited to the last <paramref name="take"/>.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(string? entity = null, string? keyPrefix = null, int take = 1000, CancellationToken cancellationToken = default)
    {
        var query = _db.AuditEntries.AsNoTracking();
        if (entity is not null) query = query.Where(e => e.Entity == entity);
        if (keyPrefix is not null) query = query.Where(e => e.EntityKey.StartsWith(keyPrefix));
        var rows = await query.OrderByDescending(e => e.Sequence).Take(take).ToListAsync(cancellationToken).ConfigureAwait(false);
        rows.Reverse();
        return rows;
    }
}

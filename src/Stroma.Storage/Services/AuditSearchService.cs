using Microsoft.EntityFrameworkCore;
using Stroma.Manufacturing.Audit;

namespace Stroma.Storage.Services;

/// <summary>A search of the audit trail: filters (all optional), order and page.</summary>
public sealed record AuditQuery
{
    /// <summary>Kind of record (exact, e.g. "Lot").</summary>
    public string? Entity { get; init; }

    /// <summary>Record key prefix (e.g. "MCB-001").</summary>
    public string? KeyPrefix { get; init; }

    /// <summary>Who (exact user name).</summary>
    public string? Actor { get; init; }

    /// <summary>insert, update or delete.</summary>
    public string? Action { get; init; }

    /// <summary>Text anywhere in the changes, key or reason.</summary>
    public string? Text { get; init; }

    /// <summary>Oldest first instead of newest first.</summary>
    public bool OldestFirst { get; init; }

    /// <summary>Rows to skip.</summary>
    public int Skip { get; init; }

    /// <summary>Rows to return (1–1000).</summary>
    public int Take { get; init; } = 50;
}

/// <summary>One page of audit entries and how many match in all.</summary>
/// <param name="Entries">The page.</param>
/// <param name="Total">Entries matching the filters.</param>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, int Total);

/// <summary>Searches the audit trail in the database (filter, order and page in one query plus a count).</summary>
public sealed class AuditSearchService
{
    private readonly StromaDbContext _db;

    /// <summary>Creates the service over a context.</summary>
    public AuditSearchService(StromaDbContext db) => _db = db;

    /// <summary>The entities that have audit entries (for a filter's choices).</summary>
    public async Task<IReadOnlyList<string>> EntitiesAsync(CancellationToken cancellationToken = default) =>
        await _db.AuditEntries.AsNoTracking().Select(e => e.Entity).Distinct().OrderBy(e => e)
            .ToListAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>One page of matching entries.</summary>
    public async Task<AuditPage> SearchAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var rows = _db.AuditEntries.AsNoTracking();
        if (query.Entity is { } entity) rows = rows.Where(e => e.Entity == entity);
        if (query.KeyPrefix is { } key) rows = rows.Where(e => e.EntityKey.StartsWith(key));
        if (query.Actor is { } actor) rows = rows.Where(e => e.Actor == actor);
        if (query.Action is { } action) rows = rows.Where(e => e.Action == action);
        if (query.Text is { } text) rows = rows.Where(e => e.Changes.Contains(text) || e.EntityKey.Contains(text)
            || (e.Reason != null && e.Reason.Contains(text)));
        var total = await rows.CountAsync(cancellationToken).ConfigureAwait(false);
        var ordered = query.OldestFirst ? rows.OrderBy(e => e.Sequence) : rows.OrderByDescending(e => e.Sequence);
        var page = await ordered.Skip(Math.Max(0, query.Skip)).Take(Math.Clamp(query.Take, 1, 1000))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new AuditPage(page, total);
    }
}

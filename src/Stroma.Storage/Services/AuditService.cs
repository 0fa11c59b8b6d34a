using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Stroma.Manufacturing.Audit;
using Stroma.Storage.Audit;

namespace Stroma.Storage.Services;

/// <summary>
/// The audit trail: reading it and verifying it — the keyed hash chain, every record's current content against the
/// hash its last audit row carries, and the chain against the signed checkpoints kept outside the database
/// (21 CFR 11.10(e); EU GMP Annex 11 §9).
/// </summary>
public sealed class AuditService
{
    private static readonly MethodInfo LoadMethod = typeof(AuditService)
        .GetMethod(nameof(LoadAsync), BindingFlags.NonPublic | BindingFlags.Static)!;
    private readonly StromaDbContext _db;
    private string? _checkpointFile;

    /// <summary>Creates the service over a context.</summary>
    public AuditService(StromaDbContext db) => _db = db;

    /// <summary>The checkpoint file (default <see cref="AuditCheckpoints.DefaultPath"/> for this database and key
    /// file).</summary>
    public string CheckpointFile
    {
        get => _checkpointFile ??= AuditCheckpoints.DefaultPath(_db.Database.GetConnectionString(), _db.KeyFile);
        set => _checkpointFile = value;
    }

    /// <summary>
    /// Recomputes every row's keyed hash and link and compares with the chain head; recomputes every record's hash
    /// and compares it with its last audit row; checks the chain against the signed checkpoints. Names every problem.
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var rows = await _db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        var head = await _db.AuditHeads.AsNoTracking().SingleOrDefaultAsync(h => h.Id == 1, cancellationToken)
            .ConfigureAwait(false);
        var key = _db.AuditKey;
        var chain = AuditChain.Verify(rows, head, key);
        var (recordProblems, records) = await VerifyRecordsAsync(rows, cancellationToken).ConfigureAwait(false);
        var (checkpointProblems, checkpoints) = AuditCheckpoints.Verify(CheckpointFile, rows, key);
        return chain with
        {
            Problems = [.. chain.Problems, .. recordProblems, .. checkpointProblems],
            RecordsChecked = records,
            Checkpoints = checkpoints,
        };
    }

    /// <summary>Verifies the trail and, when intact, appends a signed checkpoint of its head to <see
    /// cref="CheckpointFile"/>.</summary>
    public async Task<AuditCheckpoint> CheckpointAsync(CancellationToken cancellationToken = default)
    {
        var verification = await VerifyAsync(cancellationToken).ConfigureAwait(false);
        return AuditCheckpoints.Append(CheckpointFile, verification, _db.AuditKey, DateTime.UtcNow);
    }

    /// <summary>Rows, newest last, optionally for one kind of record and key (e.g. "Lot", "MCB-001") and limited to the
    /// last <paramref name="take"/>.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(string? entity = null, string? keyPrefix = null,
        int take = 1000, CancellationToken cancellationToken = default)
    {
        var query = _db.AuditEntries.AsNoTracking();
        if (entity is not null) query = query.Where(e => e.Entity == entity);
        if (keyPrefix is not null) query = query.Where(e => e.EntityKey.StartsWith(keyPrefix));
        var rows = await query.OrderByDescending(e => e.Sequence).Take(take).ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        rows.Reverse();
        return rows;
    }

    private sealed record StoredRecord(string Entity, string Id, string Hash);

    private static async Task<List<object>> LoadAsync<T>(StromaDbContext db, CancellationToken ct) where T : class =>
        [.. await db.Set<T>().AsNoTracking().ToListAsync(ct).ConfigureAwait(false)];

    // Every sealed record of every table with its key and current hash.
    private static async Task<List<StoredRecord>> RecordsAsync(StromaDbContext db, CancellationToken ct)
    {
        var records = new List<StoredRecord>();
        foreach (var type in db.Model.GetEntityTypes().Where(RecordSeal.IsSealed))
        {
            var load = (Task<List<object>>)LoadMethod.MakeGenericMethod(type.ClrType).Invoke(null, [db, ct])!;
            var properties = type.GetProperties().ToArray();
            foreach (var entity in await load.ConfigureAwait(false))
            {
                object? Value(IProperty p) => p.GetGetter().GetClrValueUsingContainingEntity(entity);
                records.Add(new StoredRecord(RecordSeal.EntityName(type.ClrType), RecordSeal.RecordId(type, Value),
                    RecordSeal.Hash(type, Value)));
            }
        }
        return records;
    }

    private async Task<(List<AuditProblem> Problems, long Checked)> VerifyRecordsAsync(List<AuditEntry> rows,
        CancellationToken ct)
    {
        var latest = new Dictionary<(string, string), AuditEntry>();
        foreach (var row in rows)
            if (row.RecordId is not null) latest[(row.Entity, row.RecordId)] = row;
        // Seed data (the four roles) is written by the migrations, before any audit row can exist.
        var seeded = StromaRoles.Seed().Select(r =>
            (RecordSeal.EntityName(typeof(Microsoft.AspNetCore.Identity.IdentityRole)), r.Id)).ToHashSet();
        var problems = new List<AuditProblem>();
        var seen = new HashSet<(string, string)>();
        var records = await RecordsAsync(_db, ct).ConfigureAwait(false);
        foreach (var record in records)
        {
            var id = (record.Entity, record.Id);
            seen.Add(id);
            if (latest.TryGetValue(id, out var row))
            {
                if (row.Action == "delete")
                {
                    problems.Add(new(row.Sequence, "record-edited",
                        $"{record.Entity} {row.EntityKey} (record {record.Id}) exists although audit row " +
                            $"{row.Sequence} recorded its deletion: " +
                        "it was re-inserted outside Stroma"));
                }
                else if (row.RecordHash != record.Hash)
                {
                    problems.Add(new(row.Sequence, "record-edited",
                        $"{record.Entity} {row.EntityKey} (record {record.Id}) no longer matches audit row " +
                            $"{row.Sequence} " +
                        $"({row.Action} by {row.Actor}): its content was changed outside Stroma"));
                }
            }
            else if (!seeded.Contains(id))
            {
                problems.Add(new(0, "record-unaudited",
                    $"{record.Entity} record {record.Id} has no audit row: it was inserted outside Stroma"));
            }
        }
        foreach (var ((entity, id), row) in latest)
        {
            if (row.Action == "delete" || seen.Contains((entity, id))) continue;
            problems.Add(new(row.Sequence, "record-deleted",
                $"{entity} {row.EntityKey} (record {id}) was deleted outside Stroma: audit row {row.Sequence} " +
                    $"({row.Action} by {row.Actor}) is its last change"));
        }
        return (problems, records.Count);
    }

    /// <summary>
    /// Seals a trail written before the chain was keyed: appends a keyed "seal" row that links to the last legacy row
    /// (so no legacy row can change without breaking it) and one keyed "baseline" row per existing record carrying its
    /// current hash (so later edits of those records are detected). Runs once, when Stroma first opens such a database.
    /// </summary>
    internal static async Task SealLegacyAsync(StromaDbContext db, CancellationToken ct)
    {
        if (!await db.AuditEntries.AnyAsync(ct).ConfigureAwait(false)) return;
        if (await db.AuditEntries.AnyAsync(e => e.Seal != null, ct).ConfigureAwait(false)) return;
        await db.WriteAsync("stroma", "audit trail sealed with the facility key", async token =>
        {
            // Another process may have sealed it between the look and the writer lock.
            if (await db.AuditEntries.AnyAsync(e => e.Seal != null, token).ConfigureAwait(false)) return 0;
            var head = await db.AuditHeads.SingleAsync(h => h.Id == 1, token).ConfigureAwait(false);
            var key = db.AuditKey;
            var now = DateTime.UtcNow;
            var sealRow = new AuditEntry
            {
                TimestampUtc = now, Actor = "stroma", Action = "seal", Entity = "AuditTrail",
                    EntityKey = $"facility key {key.Id}",
                Changes = new JsonObject { ["LegacyRows"] = new JsonObject { ["old"] = null, ["new"] = head.Sequence },
                    ["LegacyHead"] = new JsonObject { ["old"] = null, ["new"] = head.Hash } }.ToJsonString(),
                Reason = "audit trail sealed with the facility key",
            };
            AuditChain.Append(head, sealRow, key);
            db.AuditEntries.Add(sealRow);
            foreach (var record in await RecordsAsync(db, token).ConfigureAwait(false))
            {
                var row = new AuditEntry
                {
                    TimestampUtc = now, Actor = "stroma", Action = "baseline", Entity = record.Entity,
                        EntityKey = record.Id,
                    RecordId = record.Id, RecordHash = record.Hash,
                        Reason = "record state when the audit trail was sealed",
                };
                AuditChain.Append(head, row, key);
                db.AuditEntries.Add(row);
            }
            return 0;
        }, ct).ConfigureAwait(false);
    }
}

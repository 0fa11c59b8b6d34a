using System.Globalization;
using System.Linq.Expressions;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stroma.Manufacturing;
using Stroma.Manufacturing.Audit;
using Stroma.Manufacturing.Records;
using Stroma.Storage.Audit;

namespace Stroma.Storage;

/// <summary>Which database engine a context talks to.</summary>
public enum StorageProvider
{
    /// <summary>An SQLite file (the embedded default).</summary>
    Sqlite,
    /// <summary>A PostgreSQL server (a facility database).</summary>
    PostgreSql,
}

/// <summary>
/// The Stroma database: manufacturing records, release records, ASP.NET Core Identity users and roles, and the
/// hash-chained audit trail. Every <c>SaveChanges</c> writes one audit row per inserted, updated or deleted
/// record in the same transaction, bumps the optimistic-concurrency version of updated records, and turns
/// a lost-update race into a <see cref="ConcurrencyConflictException"/>. One model, two providers: see
/// <see cref="SqliteStromaDbContext"/> and <see cref="PostgresStromaDbContext"/>, each with its own migrations.
/// </summary>
public abstract class StromaDbContext : IdentityDbContext<StromaUser, IdentityRole, string>
{
    private static readonly string[] Secret = ["PasswordHash", "SecurityStamp", "ConcurrencyStamp"];

    /// <summary>Creates the context.</summary>
    protected StromaDbContext(DbContextOptions options) : base(options) { }

    /// <summary>The engine.</summary>
    public abstract StorageProvider Provider { get; }

    /// <summary>Who the audit trail names for the changes saved next.</summary>
    public string Actor { get; set; } = "system";

    /// <summary>Reason recorded with the changes saved next.</summary>
    public string? Reason { get; set; }

    private AuditKey? _key;

    /// <summary>The facility key file sealing the audit chain (default <see
    /// cref="FacilityKeyFile.DefaultPath"/>).</summary>
    public string? KeyFile { get; set; }

    /// <summary>The facility key (loaded from <see cref="KeyFile"/> on first use, created there when absent).</summary>
    public AuditKey AuditKey
    {
        get => _key ??= FacilityKeyFile.LoadOrCreate(KeyFile);
        set => _key = value;
    }

    /// <summary>Donors.</summary>
    public DbSet<Donor> Donors => Set<Donor>();

    /// <summary>Donor screening results.</summary>
    public DbSet<ScreeningResult> ScreeningResults => Set<ScreeningResult>();

    /// <summary>Lots.</summary>
    public DbSet<Lot> Lots => Set<Lot>();

    /// <summary>Passages.</summary>
    public DbSet<Passage> Passages => Set<Passage>();

    /// <summary>Priming steps.</summary>
    public DbSet<PrimingStep> PrimingSteps => Set<PrimingStep>();

    /// <summary>Freeze and thaw events.</summary>
    public DbSet<CryoEvent> CryoEvents => Set<CryoEvent>();

    /// <summary>Corrections of donors, lots and passages (old and new value, who, when, why); append-only.</summary>
    public DbSet<RecordCorrection> Corrections => Set<RecordCorrection>();

    /// <summary>Release specification versions.</summary>
    public DbSet<ReleaseSpecification> Specifications => Set<ReleaseSpecification>();

    /// <summary>Specification items.</summary>
    public DbSet<SpecificationItem> SpecificationItems => Set<SpecificationItem>();

    /// <summary>Lot releases.</summary>
    public DbSet<LotRelease> Releases => Set<LotRelease>();

    /// <summary>Test results.</summary>
    public DbSet<TestResult> TestResults => Set<TestResult>();

    /// <summary>Signatures.</summary>
    public DbSet<ReleaseSignature> Signatures => Set<ReleaseSignature>();

    /// <summary>Audit trail rows.</summary>
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    /// <summary>The audit chain head (one row).</summary>
    public DbSet<AuditHead> AuditHeads => Set<AuditHead>();

    /// <summary>Reviewers' decisions on extracted trial fields.</summary>
    public DbSet<Curation.TrialCuration> TrialCurations => Set<Curation.TrialCuration>();

    /// <summary>
    /// Runs <paramref name="work"/> as one transaction with writers serialised (SQLite: BEGIN IMMEDIATE; PostgreSQL:
    /// a transaction-scoped advisory lock), saves and commits; on any failure nothing is written and the context is
    /// cleared.
    /// </summary>
    public async Task<T> WriteAsync<T>(string actor, string? reason, Func<CancellationToken, Task<T>> work,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        Actor = actor;
        Reason = reason;
        // Each write is a fresh unit of work: records are re-read under the writer lock, never taken from an earlier
        // read.
        if (ChangeTracker.HasChanges()) throw new InvalidOperationException("WriteAsync was called with unsaved " +
            "changes pending; save or discard them first.");
        try
        {
            // Bounded retries of the whole unit of work: each attempt starts from a clean context and re-reads
            // under the writer lock, so a retry after "database is locked" or a serialization failure is safe.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await WriteOnceAsync(work, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (IsTransient(ex) && attempt < MaxWriteAttempts)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt * attempt + Random.Shared.Next(50)),
                        cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (IsTransient(ex))
                {
                    throw new ConcurrencyConflictException(
                        $"The database stayed busy with other writers for {MaxWriteAttempts} attempts of " +
                            $"{StromaDatabase.BusyTimeoutSeconds} s; " +
                        "nothing was saved. Try again.", ex);
                }
            }
        }
        finally
        {
            Reason = null;
        }
    }

    /// <summary>Attempts of one write before it is refused (each waits up to the busy timeout for the lock).</summary>
    public const int MaxWriteAttempts = 3;

    // SQLITE_BUSY (5) and SQLITE_LOCKED (6), with their extended codes; PostgreSQL serialization failure and deadlock.
    private static bool IsTransient(Exception ex) => ex switch
    {
        Microsoft.Data.Sqlite.SqliteException s => (s.SqliteErrorCode & 0xFF) is 5 or 6,
        Npgsql.PostgresException p => p.SqlState is "40001" or "40P01",
        Npgsql.NpgsqlException n => n.IsTransient,
        ConcurrencyConflictException { InnerException: { } inner } => IsTransient(inner),
        DbUpdateException { InnerException: { } inner } => IsTransient(inner),
        InvalidOperationException { InnerException: { } inner } => IsTransient(inner),
        _ => false,
    };

    private async Task<T> WriteOnceAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ChangeTracker.Clear();
        try
        {
            await using var transaction = await Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            if (Provider == StorageProvider.PostgreSql)
                await Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(7402128)", cancellationToken)
                    .ConfigureAwait(false);
            var result = await work(cancellationToken).ConfigureAwait(false);
            await SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            ChangeTracker.Clear();
            return result;
        }
        catch
        {
            ChangeTracker.Clear();
            throw;
        }
    }

    /// <inheritdoc/>
    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveAuditedAsync(acceptAllChangesOnSuccess, async: false, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc/>
    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess,
        CancellationToken cancellationToken = default) =>
        SaveAuditedAsync(acceptAllChangesOnSuccess, async: true, cancellationToken);

    private sealed record PendingAudit(EntityEntry Entry, string Action, JsonObject Changes)
    {
        public string? RecordId { get; set; }
    }

    private async Task<int> SaveAuditedAsync(bool acceptAll, bool async, CancellationToken ct)
    {
        ChangeTracker.DetectChanges();
        var pending = new List<PendingAudit>();
        foreach (var entry in ChangeTracker.Entries().ToArray())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            if (entry.Entity is AuditEntry && entry.State != EntityState.Added)
                throw new ManufacturingException("The audit trail is append-only: audit rows cannot be changed or " +
                    "deleted.");
            if (entry.Entity is RecordCorrection && entry.State != EntityState.Added)
                throw new ManufacturingException("Corrections are append-only: a correction row cannot be changed or " +
                    "deleted.");
            if (entry.Entity is AuditEntry or AuditHead) continue;
            var versioned = entry.Metadata.FindProperty("Version");
            if (entry.State == EntityState.Modified && versioned is not null)
            {
                var version = entry.Property("Version");
                version.CurrentValue = (int)version.OriginalValue! + 1;
            }
            var changes = Changes(entry);
            // A version bump alone (a child record changed) is audited through the child's own row.
            if (entry.State == EntityState.Modified && changes.Count == 0) continue;
            pending.Add(new PendingAudit(entry, entry.State switch
            {
                EntityState.Added => "insert",
                EntityState.Modified => "update",
                _ => "delete",
            }, changes)
            {
                // A deleted record's key is read before it is gone; inserted ones get theirs when saved.
                RecordId = entry.State == EntityState.Deleted
                    ? RecordSeal.RecordId(entry.Metadata, p => entry.Property(p.Name).OriginalValue) : null,
            });
        }
        if (pending.Count == 0) return async ? await base.SaveChangesAsync(acceptAll, ct).ConfigureAwait(false)
            : base.SaveChanges(acceptAll);

        var own = Database.CurrentTransaction is null
            ? async ? await Database.BeginTransactionAsync(ct).ConfigureAwait(false) : Database.BeginTransaction()
            : null;
        try
        {
            int written;
            try
            {
                // Save first so generated keys exist; the audit rows follow in the same transaction.
                written = async ? await base.SaveChangesAsync(acceptAll, ct).ConfigureAwait(false)
                    : base.SaveChanges(acceptAll);
            }
            catch (DbUpdateConcurrencyException ex)
            {
                var entity = ex.Entries.FirstOrDefault()?.Entity;
                throw new ConcurrencyConflictException(
                    ($"{entity?.GetType().Name ?? "A record"} {(entity is null ? "" : KeyOf(entity))} was changed " +
                     "by another user since it was read; nothing was saved. Reload and try again.")
                    .Replace("  ", " ", StringComparison.Ordinal), ex);
            }
            catch (DbUpdateException ex) when (IsUniqueViolation(ex))
            {
                throw new ConcurrencyConflictException($"A record with the same key was written at the same time by " +
                    $"another user; nothing was saved ({ex.InnerException?.Message}).", ex);
            }

            var head = AuditHeads.Local.FirstOrDefault(h => h.Id == 1);
            if (head is not null)
            {
                if (async) await Entry(head).ReloadAsync(ct).ConfigureAwait(false);
                else Entry(head).Reload();
            }
            head ??= async ? await AuditHeads.SingleAsync(h => h.Id == 1, ct).ConfigureAwait(false)
                : AuditHeads.Single(h => h.Id == 1);
            var now = DateTime.UtcNow;
            var key = AuditKey;
            foreach (var p in pending)
            {
                if (p.Action == "insert") AddGeneratedKeys(p);
                var entry = p.Entry;
                var row = new AuditEntry
                {
                    RecordId = p.RecordId ?? RecordSeal.RecordId(entry.Metadata, q =>
                        entry.Property(q.Name).CurrentValue),
                    RecordHash = p.Action == "delete" ? null
                        : RecordSeal.Hash(entry.Metadata, q => entry.Property(q.Name).CurrentValue),
                    TimestampUtc = now,
                    Actor = Actor,
                    Action = p.Action,
                    Entity = AuditName(p.Entry.Entity),
                    EntityKey = KeyOf(p.Entry.Entity),
                    Changes = p.Changes.ToJsonString(),
                    Reason = Reason,
                };
                AuditChain.Append(head, row, key);
                AuditEntries.Add(row);
            }
            try
            {
                if (async) await base.SaveChangesAsync(true, ct).ConfigureAwait(false);
                else base.SaveChanges(true);
            }
            catch (DbUpdateException ex)
            {
                throw new ConcurrencyConflictException("Another user wrote to the audit trail at the same time; " +
                    "nothing was saved. Try again.", ex);
            }
            if (own is not null)
            {
                if (async) await own.CommitAsync(ct).ConfigureAwait(false);
                else own.Commit();
            }
            return written;
        }
        finally
        {
            if (own is not null)
            {
                if (async) await own.DisposeAsync().ConfigureAwait(false);
                else own.Dispose();
            }
        }
    }

    private static bool IsUniqueViolation(DbUpdateException ex) => ex.InnerException switch
    {
        Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 } s =>
            s.Message.Contains("UNIQUE", StringComparison.Ordinal),
        Npgsql.PostgresException { SqlState: "23505" } => true,
        _ => false,
    };

    private static JsonObject Changes(EntityEntry entry)
    {
        var changes = new JsonObject();
        foreach (var property in entry.Properties)
        {
            var name = property.Metadata.Name;
            if (name == "Version" || (entry.State == EntityState.Added && property.Metadata.IsPrimaryKey()
                && property.IsTemporary)) continue;
            var include = entry.State switch
            {
                EntityState.Modified => property.IsModified && !Equals(property.OriginalValue, property.CurrentValue),
                EntityState.Added => property.CurrentValue is not null,
                _ => property.OriginalValue is not null,
            };
            if (!include) continue;
            var secret = Secret.Contains(name, StringComparer.Ordinal);
            changes[name] = new JsonObject
            {
                ["old"] = entry.State == EntityState.Added ? null : secret ? "***" : Value(property.OriginalValue),
                ["new"] = entry.State == EntityState.Deleted ? null : secret ? "***" : Value(property.CurrentValue),
            };
        }
        return changes;
    }

    private static void AddGeneratedKeys(PendingAudit p)
    {
        foreach (var key in p.Entry.Metadata.FindPrimaryKey()?.Properties ?? [])
            if (!p.Changes.ContainsKey(key.Name))
                p.Changes[key.Name] = new JsonObject { ["old"] = null,
                    ["new"] = Value(p.Entry.Property(key.Name).CurrentValue) };
    }

    private static JsonNode? Value(object? value) => RecordSeal.Value(value);

    private static string AuditName(object entity) => RecordSeal.EntityName(entity.GetType());

    private string KeyOf(object entity) => entity switch
    {
        Donor d => d.Code,
        Lot l => l.Code,
        ReleaseSpecification s => $"{s.Code} v{s.SpecVersion}",
        StromaUser u => u.UserName ?? u.Id,
        IdentityRole r => r.Name ?? r.Id,
        IdentityUserRole<string> ur => $"{Users.Find(ur.UserId)?.UserName ?? ur.UserId} as " +
            $"{Roles.Find(ur.RoleId)?.Name ?? ur.RoleId}",
        ScreeningResult s => $"{Donors.Find(s.DonorId)?.Code}/{s.Test}",
        Passage p => $"{LotCode(p.LotId)}/passage {p.Number}",
        PrimingStep p => $"{LotCode(p.LotId)}/priming {p.Id}",
        CryoEvent c => $"{LotCode(c.LotId)}/{c.Kind.ToString().ToLowerInvariant()} {c.Id}",
        LotRelease r => LotCode(r.LotId),
        TestResult t => $"{ReleaseLotCode(t.ReleaseId)}/{Terms.Token(t.Test)} {t.Name} #{t.Id}",
        ReleaseSignature s => $"{ReleaseLotCode(s.ReleaseId)}/signature {s.Id}",
        Curation.TrialCuration c => $"{c.NctId}/{c.Field}",
        RecordCorrection c => $"{c.RecordKey}/{c.Field}",
        SpecificationItem i =>
            (Specifications.Find(i.SpecificationId) is { } s
                ? $"{s.Code} v{s.SpecVersion}"
                : i.SpecificationId.ToString(CultureInfo.InvariantCulture)) + $"/item {i.Position}",
        _ => string.Join(",", Entry(entity).Metadata.FindPrimaryKey()?.Properties.Select(p =>
            Convert.ToString(Entry(entity).Property(p.Name).CurrentValue, CultureInfo.InvariantCulture)) ?? []),
    };

    private string LotCode(int lotId) => Lots.Find(lotId)?.Code ?? $"lot#{lotId}";

    private string ReleaseLotCode(int releaseId) => Releases.Find(releaseId) is { } r ? LotCode(r.LotId)
        : $"release#{releaseId}";

    /// <inheritdoc/>
    protected override void OnModelCreating(ModelBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.OnModelCreating(builder);
        builder.Entity<IdentityRole>().HasData(StromaRoles.Seed());
        builder.ApplyConfiguration(new Curation.TrialCurationConfiguration());

        builder.Entity<Donor>(e =>
        {
            e.HasIndex(x => x.Code).IsUnique();
            e.Property(x => x.Code).IsRequired();
            e.Property(x => x.Sex).HasConversion(Token<DonorSex>());
            e.Property(x => x.Type).HasConversion(Token<DonorType>());
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasMany(x => x.Screening).WithOne().HasForeignKey(x => x.DonorId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<ScreeningResult>(e =>
        {
            e.Property(x => x.Outcome).HasConversion(Token<ScreeningOutcome>());
            e.HasIndex(x => new { x.DonorId, x.Test }).IsUnique();
        });
        builder.Entity<Lot>(e =>
        {
            e.HasIndex(x => x.Code).IsUnique();
            e.HasIndex(x => x.Din).IsUnique();
            e.Property(x => x.Kind).HasConversion(Token<LotKind>());
            e.Property(x => x.Source).HasConversion(Token<TissueSource>());
            e.Property(x => x.Isolation).HasConversion(Token<IsolationMethod>());
            e.Property(x => x.CellType).HasConversion(Token<MscCellType>());
            e.Property(x => x.Status).HasConversion(Token<LotStatus>());
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasOne(x => x.Donor).WithMany().HasForeignKey(x => x.DonorId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(x => x.Parent).WithMany().HasForeignKey(x => x.ParentId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(x => x.Passages).WithOne().HasForeignKey(x => x.LotId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(x => x.Priming).WithOne().HasForeignKey(x => x.LotId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(x => x.CryoEvents).WithOne().HasForeignKey(x => x.LotId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<Passage>(e =>
        {
            e.HasIndex(x => new { x.LotId, x.Number }).IsUnique();
            e.Property(x => x.Supplement).HasConversion(Token<MediumSupplement>());
            e.Property(x => x.System).HasConversion(Token<CultureFormat>());
        });
        builder.Entity<RecordCorrection>(e =>
        {
            e.ToTable("Corrections");
            e.Property(x => x.Record).HasConversion(
                new Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<CorrectedRecord, string>(
                    v => v.ToString().ToLowerInvariant(), s => Enum.Parse<CorrectedRecord>(s, true)));
            e.Property(x => x.RecordKey).IsRequired();
            e.Property(x => x.Field).IsRequired();
            e.Property(x => x.Reason).IsRequired();
            e.HasOne<Donor>().WithMany().HasForeignKey(x => x.DonorId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Lot>().WithMany().HasForeignKey(x => x.LotId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Passage>().WithMany().HasForeignKey(x => x.PassageId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.Record, x.RecordKey });
        });
        builder.Entity<PrimingStep>(e => e.Property(x => x.Agent).HasConversion(Token<PrimingAgent>()));
        builder.Entity<CryoEvent>(e => e.Property(x => x.Kind).HasConversion(Token<CryoEventKind>()));
        builder.Entity<ReleaseSpecification>(e =>
        {
            e.HasIndex(x => new { x.Code, x.SpecVersion }).IsUnique();
            e.HasMany(x => x.Items).WithOne().HasForeignKey(x => x.SpecificationId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<SpecificationItem>(e =>
        {
            e.Property(x => x.Test).HasConversion(Token<ReleaseTest>());
            e.Property(x => x.Comparator).HasConversion(Token<Comparator>());
        });
        builder.Entity<LotRelease>(e =>
        {
            e.ToTable("Releases");
            e.HasIndex(x => x.LotId).IsUnique();
            e.HasOne(x => x.Lot).WithMany().HasForeignKey(x => x.LotId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(x => x.Specification).WithMany().HasForeignKey(x => x.SpecificationId)
                .OnDelete(DeleteBehavior.Restrict);
            e.Property(x => x.Route).HasConversion(Token<AdministrationRoute>());
            e.Property(x => x.Disposition).HasConversion(NullableToken<Disposition>());
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasMany(x => x.Results).WithOne().HasForeignKey(x => x.ReleaseId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(x => x.Signatures).WithOne().HasForeignKey(x => x.ReleaseId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<TestResult>(e => e.Property(x => x.Test).HasConversion(Token<ReleaseTest>()));
        builder.Entity<ReleaseSignature>(e => e.Property(x => x.Disposition).HasConversion(Token<Disposition>()));
        QualityModel.Configure(builder);
        builder.Entity<AuditEntry>(e =>
        {
            e.HasKey(x => x.Sequence);
            e.Property(x => x.Sequence).ValueGeneratedNever();
            e.HasIndex(x => new { x.Entity, x.EntityKey });
        });
        builder.Entity<AuditHead>(e =>
        {
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Sequence).IsConcurrencyToken();
            e.HasData(new AuditHead { Id = 1, Sequence = 0, Hash = AuditChain.Genesis });
        });
    }

    // Enums are stored as the vocabulary's tokens ("bone_marrow"), readable in any SQL client.
    private static Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<T,
        string> Token<T>() where T : struct, Enum =>
        new(v => Terms.Token(v), s => Terms.Parse<T>(s, typeof(T).Name));

    private static Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<T?,
        string?> NullableToken<T>() where T : struct, Enum =>
        new(v => v == null ? null : Terms.Token(v.Value), s => s == null ? null : Terms.Parse<T>(s, typeof(T).Name));
}

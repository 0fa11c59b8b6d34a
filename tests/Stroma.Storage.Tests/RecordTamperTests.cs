using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Stroma.Identity.Synthetic;
using Stroma.Manufacturing;
using Stroma.Manufacturing.Audit;
using Stroma.Manufacturing.Records;
using Stroma.Storage.Audit;
using Stroma.Storage.Services;
using Stroma.Testing;
using Xunit;

namespace Stroma.Storage.Tests;

/// <summary>SQLite: runs everywhere.</summary>
public sealed class SqliteRecordTamperTests : RecordTamperTests<SqliteProvider>;

/// <summary>PostgreSQL: runs when STROMA_PG is set.</summary>
public sealed class PostgresRecordTamperTests : RecordTamperTests<PostgresProvider>;

/// <summary>
/// Tamper evidence that covers the records (21 CFR 11.10(e); EU GMP Annex 11 §9): a direct SQL edit of a record, a
/// re-hashed chain without the facility key, a rollback below a signed checkpoint, a changed signed result.
/// </summary>
public abstract class RecordTamperTests<TProvider> : IDisposable where TProvider : ITestDatabaseProvider
{
    private const string QaPassword = "qa-secret-0042";
    private readonly Lazy<TestDatabase> _database = new(TProvider.Create);
    private readonly TempDirectory _keys = new();
    private readonly List<StromaDbContext> _open = [];

    public void Dispose()
    {
        foreach (var db in _open) db.Dispose();
        if (_database.IsValueCreated) _database.Value.Dispose();
        _keys.Dispose();
        GC.SuppressFinalize(this);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string KeyFile => _keys.File("facility.key");

    private AuditService Audit(StromaDbContext db) => new(db) { CheckpointFile = _keys.File("stroma.checkpoints") };

    private async Task<StromaDbContext> OpenAsync()
    {
        var db = await StromaDatabase.OpenAsync(_database.Value.Connection, KeyFile, Ct);
        _open.Add(db);
        return db;
    }

    private async Task<StromaDbContext> ReleasedLotAsync()
    {
        var db = await OpenAsync();
        var users = new UserService(db);
        await users.AddAsync("olga", StromaRoles.Operator, "operator-secret-1", "setup", cancellationToken: Ct);
        await users.AddAsync("quentin", StromaRoles.QA, QaPassword, "setup", "Quentin QA", Ct);
        await new DonorService(db).AddAsync(new DonorInput("D-1", DonorType.Allogeneic, 31, DonorSex.Female, true, new DateOnly(2026, 1, 5),
            DonorEligibility.RequiredTests.ToDictionary(t => t, _ => ScreeningOutcome.Negative)), "olga", Ct);
        var lots = new LotService(db);
        await lots.CreateAsync(new LotInput("PC-1", LotKind.PrimaryCulture) { Donor = "D-1", Source = TissueSource.BoneMarrow, Isolation = IsolationMethod.DensityGradient }, "olga", Ct);
        var passage = new PassageInput(new DateOnly(2026, 2, 1), 1e6, 8e6, MediumSupplement.HumanPlateletLysate, CultureFormat.Monolayer) { CultureDays = 7, ViabilityPercent = 95 };
        await lots.AddPassageAsync("PC-1", passage, "olga", Ct);
        var release = new ReleaseService(db);
        await release.AssignAsync("PC-1", new SpecificationAssignment(AdministrationRoute.Intravenous) { WeightKg = 70, CellsPerKg = 1e6, VolumeMl = 50 }, "olga", Ct);
        var folder = Path.Combine(_keys.Path, "fcs");
        MscPanelSynthesizer.Write(folder, MscPanelSynthesizer.Find("bm-msc-pass"), seed: 3, events: 4000);
        await release.RecordIdentityAsync("PC-1", new IdentityInput([Path.Combine(folder, "stained.fcs")], [Path.Combine(folder, "isotype.fcs")], "isct-2006"), "olga", Ct);
        await release.RecordResultAsync("PC-1", new ResultInput(ReleaseTest.Viability) { Value = 91, Unit = "%" }, "olga", Ct);
        await release.RecordResultAsync("PC-1", new ResultInput(ReleaseTest.Sterility) { Text = "no growth" }, "olga", Ct);
        await release.RecordResultAsync("PC-1", new ResultInput(ReleaseTest.Mycoplasma) { Text = "not detected" }, "olga", Ct);
        await release.RecordResultAsync("PC-1", new ResultInput(ReleaseTest.Endotoxin) { Value = 0.8, Unit = "EU/mL" }, "olga", Ct);
        await release.RecordResultAsync("PC-1", new ResultInput(ReleaseTest.Karyotype) { Text = "46,XX" }, "olga", Ct);
        var signed = await release.SignAsync("PC-1", new SignInput("quentin", QaPassword, Disposition.Released, "within specification"), Ct);
        Assert.Equal("released", signed.Disposition);
        return db;
    }

    [Fact]
    public async Task A_direct_sql_update_of_a_released_lots_result_is_named_and_its_signature_shown_invalid()
    {
        var db = await ReleasedLotAsync();
        var clean = await Audit(db).VerifyAsync(Ct);
        Assert.True(clean.Intact, string.Join("; ", clean.Problems.Select(p => p.Message)));
        Assert.True(clean.RecordsChecked > 10);
        Assert.True((await new ReleaseService(db).GetAsync("PC-1", Ct)).Signatures.Single().ContentMatches);

        await db.Database.ExecuteSqlRawAsync("UPDATE \"TestResults\" SET \"Value\" = 55 WHERE \"Test\" = 'viability'", Ct);

        var result = await Audit(db).VerifyAsync(Ct);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("record-edited", problem.Kind);
        Assert.Contains("TestResult PC-1/viability", problem.Message, StringComparison.Ordinal);
        Assert.Contains("changed outside Stroma", problem.Message, StringComparison.Ordinal);
        var release = new ReleaseService(db);
        var view = await release.GetAsync("PC-1", Ct);
        Assert.Equal(SignatureCheck.Invalid, view.Disposition);
        Assert.False(view.Signatures.Single().ContentMatches);
        var coa = await release.CertificateAsync("PC-1", Ct);
        Assert.Equal(SignatureCheck.Invalid, coa.Disposition);
        Assert.False(coa.AuditIntact);
        // The lot view, the lot list and the dashboard read the same check: never "released" for a broken signature.
        var lots = new LotService(db);
        var lot = await lots.GetAsync("PC-1", Ct);
        Assert.Equal((SignatureCheck.Invalid, "released", true), (lot.Status, lot.RecordedStatus, lot.SignatureInvalid));
        Assert.Equal(SignatureCheck.Invalid, (await lots.ListAsync(Ct)).Single(l => l.Code == "PC-1").Status);
    }

    [Fact]
    public async Task A_signature_made_before_a_save_verifies_after_reading_it_back_in_a_new_context()
    {
        await ReleasedLotAsync();
        var fresh = await OpenAsync();
        var view = await new ReleaseService(fresh).GetAsync("PC-1", Ct);
        Assert.True(view.Signatures.Single().ContentMatches);
        Assert.Equal("released", view.Disposition);
        var lot = await new LotService(fresh).GetAsync("PC-1", Ct);
        Assert.Equal(("released", false), (lot.Status, lot.SignatureInvalid));
        var stored = await fresh.Signatures.AsNoTracking().SingleAsync(Ct);
        Assert.Equal(0, stored.SignedUtc.Ticks % 10);
    }

    [Fact]
    public async Task A_record_deleted_or_inserted_with_raw_sql_is_named()
    {
        var db = await ReleasedLotAsync();
        await db.Database.ExecuteSqlRawAsync("DELETE FROM \"ScreeningResults\"", Ct);
        await db.Database.ExecuteSqlRawAsync("UPDATE \"AspNetUsers\" SET \"PasswordHash\" = 'forged' WHERE \"UserName\" = 'olga'", Ct);
        var problems = (await Audit(db).VerifyAsync(Ct)).Problems;
        Assert.Contains(problems, p => p.Kind == "record-deleted" && p.Message.StartsWith("ScreeningResult D-1/HIV-1/2", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Kind == "record-edited" && p.Message.StartsWith("User olga", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_probe_that_edits_a_row_and_re_hashes_every_audit_row_without_the_key_fails_verification()
    {
        var db = await ReleasedLotAsync();
        await db.Database.ExecuteSqlRawAsync("UPDATE \"TestResults\" SET \"Value\" = 55 WHERE \"Test\" = 'viability'", Ct);
        // The probe: recompute the edited record's hash and then every audit row's hash and link with plain SHA-256,
        // as anyone who can write the database (but has no key file) can.
        var rows = await db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync(Ct);
        var result = await db.TestResults.AsNoTracking().SingleAsync(r => r.Test == ReleaseTest.Viability, Ct);
        var type = db.Model.FindEntityType(typeof(Manufacturing.Records.TestResult))!;
        var forgedRecordHash = RecordSeal.Hash(type, p => p.GetGetter().GetClrValueUsingContainingEntity(result));
        var previous = AuditChain.Genesis;
        var statements = new List<string>();
        foreach (var row in rows)
        {
            if (row.Entity == "TestResult" && row.RecordId == result.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)) row.RecordHash = forgedRecordHash;
            row.PreviousHash = previous;
            row.Hash = AuditChain.ComputeHash(row);
            previous = row.Hash;
            statements.Add($"UPDATE \"AuditEntries\" SET \"RecordHash\" = {Sql(row.RecordHash)}, \"PreviousHash\" = '{row.PreviousHash}', \"Hash\" = '{row.Hash}' WHERE \"Sequence\" = {row.Sequence}");
        }
        statements.Add($"UPDATE \"AuditHeads\" SET \"Hash\" = '{previous}'");
        await TestDatabase.TamperAsync(db, [.. statements]);

        var verification = await Audit(db).VerifyAsync(Ct);
        Assert.False(verification.Intact);
        Assert.Equal(rows.Count, verification.Problems.Count(p => p.Kind == "edited"));
    }

    private static Task Raw(StromaDbContext db, string sql) => db.Database.ExecuteSqlRawAsync(sql, Ct);

    private static string Sql(string? value) => value is null ? "NULL" : $"'{value}'";

    [Fact]
    public async Task A_rollback_below_a_signed_checkpoint_is_detected_and_a_forged_checkpoint_is_named()
    {
        var db = await ReleasedLotAsync();
        var audit = Audit(db);
        var checkpoint = await audit.CheckpointAsync(Ct);
        Assert.Equal(await db.AuditEntries.MaxAsync(e => e.Sequence, Ct), checkpoint.Sequence);
        Assert.Equal(1, (await audit.VerifyAsync(Ct)).Checkpoints);

        // Truncate the trail to an earlier state and make the head agree: the chain alone looks intact.
        var keep = checkpoint.Sequence - 3;
        var keptHash = (await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Sequence == keep, Ct)).Hash;
        await TestDatabase.TamperAsync(db, $"DELETE FROM \"AuditEntries\" WHERE \"Sequence\" > {keep}",
            $"UPDATE \"AuditHeads\" SET \"Sequence\" = {keep}, \"Hash\" = '{keptHash}'");
        var problems = (await audit.VerifyAsync(Ct)).Problems.Where(p => p.Kind == "checkpoint").ToArray();
        Assert.Contains(problems, p => p.Message.Contains($"ends at row {keep} but checkpoint 1", StringComparison.Ordinal));

        var lines = File.ReadAllLines(audit.CheckpointFile);
        File.WriteAllLines(audit.CheckpointFile, [lines[0].Replace($"v1 {checkpoint.Sequence} ", $"v1 {keep} ", StringComparison.Ordinal)]);
        Assert.Contains((await audit.VerifyAsync(Ct)).Problems, p => p.Message.Contains("forged or damaged", StringComparison.Ordinal));
        await Assert.ThrowsAsync<ManufacturingException>(() => audit.CheckpointAsync(Ct)); // never over a broken trail
    }

    [Fact]
    public async Task A_legacy_unkeyed_trail_is_sealed_on_opening_and_its_records_are_covered_from_then_on()
    {
        // A database as the previous release left it: migrated up to the migration before the keyed chain, with a record
        // and its audit row hashed with plain SHA-256.
        await using (var old = StromaDatabase.Create(_database.Value.Connection))
        {
            var migrations = old.Database.GetMigrations().ToList();
            var before = migrations[migrations.FindIndex(m => m.EndsWith("_AuditRecordSeal", StringComparison.Ordinal)) - 1];
            await old.GetService<IMigrator>().MigrateAsync(before, Ct);
            var pg = old.Provider == StorageProvider.PostgreSql;
            await Raw(old, "INSERT INTO \"Donors\" (\"Code\", \"Sex\", \"Species\", \"Type\", \"ConsentObtained\", \"CreatedUtc\", \"Version\") " +
                                                  $"VALUES ('D-L', 'female', 'human', 'allogeneic', {(pg ? "TRUE" : "1")}, '2026-01-01 00:00:00{(pg ? "+00" : "")}', 0)");
            var row = new AuditEntry
            {
                Sequence = 1, TimestampUtc = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), Actor = "olga", Action = "insert", Entity = "Donor",
                EntityKey = "D-L", Changes = "{}", PreviousHash = AuditChain.Genesis,
            };
            row.Hash = AuditChain.ComputeHash(row);
            await Raw(old, "INSERT INTO \"AuditEntries\" (\"Sequence\", \"TimestampUtc\", \"Actor\", \"Action\", \"Entity\", \"EntityKey\", " +
                                                  $"\"Changes\", \"PreviousHash\", \"Hash\") VALUES (1, '2026-01-01 00:00:00{(pg ? "+00" : "")}', 'olga', 'insert', " +
                                                  $"'Donor', 'D-L', '{{{{}}}}', '{AuditChain.Genesis}', '{row.Hash}')");
            await Raw(old, $"UPDATE \"AuditHeads\" SET \"Sequence\" = 1, \"Hash\" = '{row.Hash}'");
        }

        var db = await OpenAsync();
        var sealedTrail = await Audit(db).VerifyAsync(Ct);
        Assert.True(sealedTrail.Intact, string.Join("; ", sealedTrail.Problems.Select(p => p.Message)));
        Assert.Equal(1, sealedTrail.LegacyRows);
        Assert.Equal("seal", (await db.AuditEntries.SingleAsync(e => e.Sequence == 2, Ct)).Action);
        await using (var again = await OpenAsync()) Assert.Equal(sealedTrail.Rows, await again.AuditEntries.LongCountAsync(Ct)); // sealed once

        await db.Database.ExecuteSqlRawAsync("UPDATE \"Donors\" SET \"AgeYears\" = 19 WHERE \"Code\" = 'D-L'", Ct);
        Assert.Contains((await Audit(db).VerifyAsync(Ct)).Problems, p => p.Kind == "record-edited" && p.Message.StartsWith("Donor", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Failed_password_entries_at_e_signature_are_counted_audited_and_lock_the_signer_out()
    {
        var db = await OpenAsync();
        await new UserService(db).AddAsync("quentin", StromaRoles.QA, QaPassword, "setup", "Quentin QA", Ct);
        var release = new ReleaseService(db);
        var messages = new List<string>();
        for (var i = 0; i < UserService.MaxFailedAttempts; i++)
            messages.Add((await Assert.ThrowsAsync<ReleaseRefusedException>(() => release.SignAsync("PC-1", new SignInput("quentin", "guess-" + i, Disposition.Released, "ok"), Ct))).Message);
        var locked = await Assert.ThrowsAsync<ReleaseRefusedException>(() => release.SignAsync("PC-1", new SignInput("quentin", QaPassword, Disposition.Released, "ok"), Ct));
        messages.Add(locked.Message);
        messages.Add((await Assert.ThrowsAsync<ReleaseRefusedException>(() => release.SignAsync("PC-1", new SignInput("nobody", "guess", Disposition.Released, "ok"), Ct))).Message.Replace("nobody", "quentin", StringComparison.Ordinal));
        Assert.Single(messages.Distinct()); // locked, wrong password and unknown user read the same
        var reasons = await db.AuditEntries.Where(e => e.Entity == "User" && e.Action == "update").Select(e => e.Reason).ToListAsync(Ct);
        Assert.Equal(UserService.MaxFailedAttempts - 1, reasons.Count(r => r == "failed password entry"));
        Assert.Single(reasons, r => r!.StartsWith("account locked", StringComparison.Ordinal));
        Assert.NotNull((await new UserService(db).FindAsync("quentin", Ct))!.LockedUntilUtc);
    }

    [Fact]
    public void The_key_file_is_created_for_its_owner_only_and_a_key_others_can_read_is_refused()
    {
        var key = FacilityKeyFile.LoadOrCreate(KeyFile);
        Assert.Equal(32, key.Secret.Length);
        Assert.Equal(key.Id, FacilityKeyFile.LoadOrCreate(KeyFile).Id);
        if (OperatingSystem.IsWindows()) return;
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyFile));
        var shared = _keys.File("shared.key");
        File.Copy(KeyFile, shared);
        File.SetUnixFileMode(shared, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var ex = Assert.Throws<ManufacturingException>(() => FacilityKeyFile.LoadOrCreate(shared));
        Assert.Contains("chmod 600", ex.Message, StringComparison.Ordinal);
    }
}

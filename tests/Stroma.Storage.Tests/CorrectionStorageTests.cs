using Microsoft.EntityFrameworkCore;
using Stroma.Manufacturing;
using Stroma.Manufacturing.Records;
using Stroma.Storage.Services;
using Stroma.Testing;
using Xunit;

namespace Stroma.Storage.Tests;

/// <summary>SQLite: runs everywhere.</summary>
public sealed class SqliteCorrectionStorageTests : CorrectionStorageTests<SqliteProvider>;

/// <summary>PostgreSQL: runs when STROMA_PG is set, skips with a message otherwise.</summary>
public sealed class PostgresCorrectionStorageTests : CorrectionStorageTests<PostgresProvider>;

/// <summary>Corrections of passages, lots and donors are new rows with who/when/why; nothing is overwritten unseen.</summary>
public abstract class CorrectionStorageTests<TProvider> : IDisposable where TProvider : ITestDatabaseProvider
{
    private readonly Lazy<TestDatabase> _database = new(TProvider.Create);
    private readonly List<StromaDbContext> _open = [];

    public void Dispose()
    {
        foreach (var db in _open) db.Dispose();
        if (_database.IsValueCreated) _database.Value.Dispose();
        GC.SuppressFinalize(this);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<StromaDbContext> OpenAsync()
    {
        var db = await _database.Value.OpenAsync();
        _open.Add(db);
        return db;
    }

    private async Task<StromaDbContext> SeedAsync()
    {
        var db = await OpenAsync();
        await new UserService(db).AddAsync("olga", StromaRoles.Operator, "operator-secret-1", "setup", cancellationToken: Ct);
        await new DonorService(db).AddAsync(new DonorInput("D-1", DonorType.Allogeneic, 31, DonorSex.Female, true, new DateOnly(2026, 1, 5),
            DonorEligibility.RequiredTests.ToDictionary(t => t, _ => ScreeningOutcome.Negative)), "olga", Ct);
        var lots = new LotService(db);
        await lots.CreateAsync(new LotInput("PC-1", LotKind.PrimaryCulture) { Donor = "D-1", Source = TissueSource.BoneMarrow, Isolation = IsolationMethod.Explant },
            "olga", Ct);
        await lots.AddPassageAsync("PC-1", new PassageInput(new DateOnly(2026, 2, 1), 1e6, 8e6, MediumSupplement.HumanPlateletLysate, CultureFormat.Monolayer)
            { ViabilityPercent = 95 }, "olga", Ct);
        return db;
    }

    [Fact]
    public async Task A_passage_correction_is_a_new_audited_row_the_view_returns_and_pd_uses_the_value_in_force()
    {
        var db = await SeedAsync();
        var lots = new LotService(db);
        await lots.CorrectPassageAsync("PC-1", 1, "harvested_cells", "1.6e7", "counter read twice the dilution", "olga", Ct);
        await lots.CorrectPassageAsync("PC-1", 1, "viability_percent", "92", "transcription error", "olga", Ct);

        await using var fresh = await OpenAsync();
        var view = await new LotService(fresh).GetAsync("PC-1", Ct);
        Assert.Equal(1.6e7, view.Passages.Single().HarvestedCells);
        Assert.Equal(4, view.CumulativePd, 9);
        Assert.Collection(view.Corrections,
            c => Assert.Equal((1, "harvested_cells", "8000000", "16000000", "olga", "counter read twice the dilution"),
                (c.Passage!.Value, c.Field, c.OldValue, c.NewValue, c.CorrectedBy, c.Reason)),
            c => Assert.Equal(("95", "92"), (c.OldValue, c.NewValue)));
        var audit = await fresh.AuditEntries.AsNoTracking().Where(e => e.Entity == "RecordCorrection").ToListAsync(Ct);
        Assert.Equal(2, audit.Count);
        Assert.All(audit, e => Assert.Equal("insert", e.Action));
        Assert.Contains(audit, e => e.Reason == "counter read twice the dilution");
        var verify = await new AuditService(fresh).VerifyAsync(Ct);
        Assert.True(verify.Intact, string.Join("; ", verify.Problems.Select(p => p.Message)));
    }

    [Fact]
    public async Task A_correction_without_a_reason_saves_nothing_and_a_correction_row_cannot_be_changed()
    {
        var db = await SeedAsync();
        var lots = new LotService(db);
        var error = await Assert.ThrowsAsync<InvalidValueException>(() => lots.CorrectPassageAsync("PC-1", 1, "harvested_cells", "1.6e7", " ", "olga", Ct));
        Assert.Equal("Reason", error.Field);
        Assert.Equal(8e6, (await lots.GetAsync("PC-1", Ct)).Passages.Single().HarvestedCells);
        Assert.Empty(await db.Corrections.AsNoTracking().ToListAsync(Ct));

        await lots.CorrectAsync("PC-1", "cell_type", "progenitor", "nomenclature of the protocol", "olga", Ct);
        var row = await db.Corrections.SingleAsync(Ct);
        row.Reason = "rewritten";
        Assert.Contains("append-only", (await Assert.ThrowsAsync<ManufacturingException>(() => db.SaveChangesAsync(Ct))).Message, StringComparison.Ordinal);
        db.ChangeTracker.Clear();
        db.Corrections.Remove(await db.Corrections.SingleAsync(Ct));
        await Assert.ThrowsAsync<ManufacturingException>(() => db.SaveChangesAsync(Ct));
        db.ChangeTracker.Clear();
        Assert.Equal("nomenclature of the protocol", (await db.Corrections.AsNoTracking().SingleAsync(Ct)).Reason);
    }

    [Fact]
    public async Task A_direct_sql_edit_of_a_correction_row_is_named_by_audit_verify()
    {
        var db = await SeedAsync();
        await new LotService(db).CorrectPassageAsync("PC-1", 1, "harvested_cells", "1.6e7", "counter read twice the dilution", "olga", Ct);
        await db.Database.ExecuteSqlRawAsync("UPDATE \"Corrections\" SET \"OldValue\" = '1.6e7'", Ct);
        var verify = await new AuditService(db).VerifyAsync(Ct);
        var problem = Assert.Single(verify.Problems);
        Assert.Equal("record-edited", problem.Kind);
        Assert.Contains("RecordCorrection PC-1/passage 1/harvested_cells", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_donor_correction_keeps_the_history_and_the_eligibility_uses_the_value_in_force()
    {
        var db = await SeedAsync();
        var donors = new DonorService(db);
        var after = await donors.CorrectAsync("D-1", "screening:anti-HCV", "positive", "confirmatory result received", "olga", Ct);
        Assert.Equal(EligibilityStatus.Ineligible, after.Eligibility!.Status);
        await donors.CorrectAsync("D-1", "age_years", "32", "date of birth misread", "olga", Ct);

        await using var fresh = await OpenAsync();
        var view = await new DonorService(fresh).GetAsync("D-1", Ct);
        Assert.Equal((32, "positive"), (view.AgeYears!.Value, view.Screening["anti-HCV"]));
        Assert.Equal([("screening:anti-HCV", "negative", "positive"), ("age_years", "31", "32")],
            view.Corrections.Select(c => (c.Field, c.OldValue!, c.NewValue!)).ToArray());
        // A lot can no longer be started from the donor.
        await Assert.ThrowsAsync<DonorNotEligibleException>(() => new LotService(fresh).CreateAsync(
            new LotInput("PC-2", LotKind.PrimaryCulture) { Donor = "D-1", Source = TissueSource.BoneMarrow, Isolation = IsolationMethod.Explant }, "olga", Ct));
    }

    [Fact]
    public async Task A_lot_from_a_donor_with_an_incomplete_determination_is_refused_and_nothing_is_saved()
    {
        var db = await SeedAsync();
        await new DonorService(db).AddAsync(new DonorInput("D-2", DonorType.Allogeneic, 40, DonorSex.Male, true, new DateOnly(2026, 1, 5),
            new Dictionary<string, ScreeningOutcome> { ["HIV-1/2"] = ScreeningOutcome.Negative }), "olga", Ct);
        var error = await Assert.ThrowsAsync<DonorNotEligibleException>(() => new LotService(db).CreateAsync(
            new LotInput("PC-2", LotKind.PrimaryCulture) { Donor = "D-2", Source = TissueSource.BoneMarrow, Isolation = IsolationMethod.Explant }, "olga", Ct));
        Assert.Equal(EligibilityStatus.Incomplete, error.Eligibility!.Status);
        Assert.Contains("HBsAg", error.Message, StringComparison.Ordinal);
        Assert.False(await db.Lots.AnyAsync(l => l.Code == "PC-2", Ct));
    }
}

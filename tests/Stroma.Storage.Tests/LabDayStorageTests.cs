using Stroma.Manufacturing;
using Stroma.Manufacturing.Isbt128;
using Stroma.Manufacturing.Records;
using Stroma.Storage.Services;
using Stroma.Testing;
using Xunit;

namespace Stroma.Storage.Tests;

/// <summary>SQLite: runs everywhere.</summary>
public sealed class SqliteLabDayStorageTests : LabDayStorageTests<SqliteProvider>;

/// <summary>PostgreSQL: runs when STROMA_PG is set, skips with a message otherwise.</summary>
public sealed class PostgresLabDayStorageTests : LabDayStorageTests<PostgresProvider>;

/// <summary>The services behind the web app's daily pages: donor consent and screening, DIN assignment, audit search.</summary>
public abstract class LabDayStorageTests<TProvider> : IDisposable where TProvider : ITestDatabaseProvider
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

    private async Task<StromaDbContext> SeedAsync()
    {
        var db = await _database.Value.OpenAsync();
        _open.Add(db);
        await new UserService(db).AddAsync("olga", StromaRoles.Operator, "operator-secret-1", "setup", cancellationToken: Ct);
        await new DonorService(db).AddAsync(new DonorInput("D-1", DonorType.Allogeneic, 31, DonorSex.Female, false, null,
            new Dictionary<string, ScreeningOutcome>()), "olga", Ct);
        await new DonorService(db).AddAsync(new DonorInput("D-2", DonorType.Autologous, 50, DonorSex.Male, true, new DateOnly(2026, 1, 5),
            new Dictionary<string, ScreeningOutcome>()), "olga", Ct);
        var lots = new LotService(db);
        await lots.CreateAsync(new LotInput("PC-1", LotKind.PrimaryCulture) { Donor = "D-2", Source = TissueSource.BoneMarrow, Isolation = IsolationMethod.Explant },
            "olga", Ct);
        await lots.CreateAsync(new LotInput("MCB-1", LotKind.MasterCellBank) { Parent = "PC-1" }, "olga", Ct);
        return db;
    }

    [Fact]
    public async Task Consent_and_screening_are_saved_audited_and_decide_the_eligibility_read_back()
    {
        var db = await SeedAsync();
        var donors = new DonorService(db);
        await donors.RecordConsentAsync("D-1", new DateOnly(2026, 2, 1), "olga", Ct);
        foreach (var test in DonorEligibility.RequiredTests) await donors.RecordScreeningAsync("D-1", test, ScreeningOutcome.Negative, "olga", Ct);
        await Assert.ThrowsAsync<ManufacturingException>(() => donors.RecordScreeningAsync("D-1", "HIV-1/2", ScreeningOutcome.Positive, "olga", Ct));
        var donor = await donors.GetAsync("D-1", Ct);
        Assert.Equal(EligibilityStatus.Eligible, donor.Eligibility!.Status);
        Assert.Equal("negative", donor.Screening["HIV-1/2"]);
        var audit = await new AuditSearchService(db).SearchAsync(new AuditQuery { Entity = "Donor", KeyPrefix = "D-1" }, Ct);
        Assert.Contains(audit.Entries, e => e.Action == "update" && e.Changes.Contains("ConsentObtained", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_din_is_assigned_to_one_lot_only_and_a_refusal_saves_nothing()
    {
        var db = await SeedAsync();
        var lots = new LotService(db);
        var din = DonationIdentificationNumber.Create("G1234", 26, 7);
        Assert.Equal(din.ToString(), (await lots.AssignDinAsync("PC-1", din.Formatted, "olga", Ct)).Din);
        var taken = await Assert.ThrowsAsync<ManufacturingException>(() => lots.AssignDinAsync("MCB-1", din.ToString(), "olga", Ct));
        Assert.Contains("already assigned to lot PC-1", taken.Message, StringComparison.Ordinal);
        Assert.Null((await lots.GetAsync("MCB-1", Ct)).Din);
    }

    [Fact]
    public async Task The_audit_search_filters_pages_and_counts_in_the_database()
    {
        var db = await SeedAsync();
        var search = new AuditSearchService(db);
        var all = await search.SearchAsync(new AuditQuery { Take = 1000 }, Ct);
        var first = await search.SearchAsync(new AuditQuery { Take = 2, OldestFirst = true }, Ct);
        var second = await search.SearchAsync(new AuditQuery { Take = 2, Skip = 2, OldestFirst = true }, Ct);
        Assert.Equal(all.Total, first.Total);
        Assert.Equal(first.Entries[^1].Sequence + 1, second.Entries[0].Sequence);
        var lots = await search.SearchAsync(new AuditQuery { Entity = "Lot", Action = "insert" }, Ct);
        Assert.Equal(2, lots.Total);
        Assert.Contains("Lot", await search.EntitiesAsync(Ct));
        var byText = await search.SearchAsync(new AuditQuery { Text = "MCB-1" }, Ct);
        Assert.All(byText.Entries, e => Assert.True(e.EntityKey.Contains("MCB-1", StringComparison.Ordinal) || e.Changes.Contains("MCB-1", StringComparison.Ordinal)));
    }
}

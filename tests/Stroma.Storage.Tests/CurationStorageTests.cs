using Microsoft.EntityFrameworkCore;
using Stroma.Storage.Services;
using Stroma.Trials.Curation;
using Xunit;

namespace Stroma.Storage.Tests;

/// <summary>SQLite: runs everywhere.</summary>
public sealed class SqliteCurationStorageTests : CurationStorageTests<SqliteProvider>;

/// <summary>PostgreSQL: runs when STROMA_PG is set, skips with a message otherwise.</summary>
public sealed class PostgresCurationStorageTests : CurationStorageTests<PostgresProvider>;

/// <summary>Curation decisions: validated, one row per trial and field, audit-trailed with who, when and why.</summary>
public abstract class CurationStorageTests<TProvider> : IDisposable where TProvider : ITestDatabaseProvider
{
    private const string Trial = "NCT90000101";
    private static readonly string Print = new('c', 64);
    private readonly Lazy<TestDatabase> _database = new(TProvider.Create);
    private readonly List<StromaDbContext> _open = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        foreach (var db in _open) db.Dispose();
        if (_database.IsValueCreated) _database.Value.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task<TrialCurationService> ServiceAsync()
    {
        var db = await _database.Value.OpenAsync();
        _open.Add(db);
        return new TrialCurationService(db);
    }

    private static CurationRequest Correct(string field, string extracted, string value, string? reason = "the arm says so") =>
        new(Trial, field, CurationAction.Correct, extracted, Print, value, reason, "quoted evidence");

    [Fact]
    public async Task A_correction_is_stored_in_canonical_spelling_with_who_and_when()
    {
        var service = await ServiceAsync();
        var before = DateTime.UtcNow.AddSeconds(-1);
        var stored = await service.DecideAsync(Correct("route", "intravenous", "intramuscular ; intravenous"), "olga", Ct);
        Assert.Equal(("intravenous;intramuscular", "olga", CurationAction.Correct), (stored.Value, stored.DecidedBy, stored.Action));
        var read = Assert.Single(await (await ServiceAsync()).ListAsync(Ct));
        Assert.Equal(stored with { DecidedUtc = read.DecidedUtc }, read);
        Assert.InRange(read.DecidedUtc, before, DateTime.UtcNow.AddSeconds(1));
        Assert.Equal(DateTimeKind.Utc, read.DecidedUtc.Kind);
    }

    [Fact]
    public async Task A_second_decision_on_the_same_field_replaces_the_first_and_the_audit_trail_keeps_both()
    {
        var service = await ServiceAsync();
        await service.DecideAsync(new CurationRequest(Trial, "match", CurationAction.Accept, "allogeneic", Print), "olga", Ct);
        await service.DecideAsync(Correct("match", "allogeneic", "autologous", "own marrow is harvested"), "quentin", Ct);
        var decision = Assert.Single(await service.ForTrialAsync(Trial.ToLowerInvariant(), Ct));
        Assert.Equal(("autologous", "quentin", "own marrow is harvested"), (decision.Value, decision.DecidedBy, decision.Reason));

        var db = _open[0];
        var audit = await new AuditService(db).ListAsync("TrialCuration", $"{Trial}/match", cancellationToken: Ct);
        Assert.Equal(["insert", "update"], audit.Select(a => a.Action));
        Assert.Equal(["olga", "quentin"], audit.Select(a => a.Actor));
        Assert.Equal("correct match of NCT90000101: own marrow is harvested", audit[1].Reason);
        Assert.Contains("\"old\":\"allogeneic\"", audit[1].Changes, StringComparison.Ordinal);
        Assert.True((await new AuditService(db).VerifyAsync(Ct)).Intact);
    }

    [Theory]
    [InlineData("route", "intravenously", "the arm says so")]
    [InlineData("tissue_source", "spleen", "the arm says so")]
    [InlineData("route", "intramuscular", null)]
    [InlineData("evidence", "x", "the arm says so")]
    public async Task A_decision_outside_the_vocabulary_or_without_a_reason_is_refused_and_nothing_is_written(
        string field, string value, string? reason)
    {
        var service = await ServiceAsync();
        await Assert.ThrowsAsync<CurationException>(() => service.DecideAsync(Correct(field, "intravenous", value, reason), "olga", Ct));
        Assert.Empty(await service.ListAsync(Ct));
        Assert.Equal(0, await _open[0].AuditEntries.CountAsync(a => a.Entity == "TrialCuration", Ct));
    }

    [Fact]
    public async Task The_stored_decisions_form_a_book_that_applies_only_to_the_record_version_decided()
    {
        var service = await ServiceAsync();
        await service.DecideAsync(Correct("dose", "2e6 cells_per_kg", "1e6-2e6 cells_per_kg"), "olga", Ct);
        var book = await service.BookAsync(Ct);
        var e = new Stroma.Trials.Extraction.TrialExtraction
        {
            NctId = Trial, MscIntervention = true, Product = ["cells"], TissueSource = ["bone_marrow"], Match = "allogeneic",
            Route = ["intravenous"], Dose = new(2e6, 2e6, "cells_per_kg"), Passage = "unspecified", Priming = ["none_stated"],
            Engineered = false, Evidence = [],
        };
        Assert.Equal(new Stroma.Trials.Extraction.DoseRange(1e6, 2e6, "cells_per_kg"), book.Apply(e, Print).Extraction.Dose);
        Assert.Equal(["dose"], book.Apply(e, new string('d', 64)).Stale);
    }
}

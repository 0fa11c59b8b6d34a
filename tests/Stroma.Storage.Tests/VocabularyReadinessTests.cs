using KnowledgeBase = Stroma.Knowledge.KnowledgeBase;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Stroma.Manufacturing;
using Stroma.Manufacturing.Records;
using Stroma.Manufacturing.Release;
using Stroma.Storage.Services;
using Stroma.Testing;
using Xunit;

namespace Stroma.Storage.Tests;

/// <summary>
/// Every value of every manufacturing vocabulary a lot record can hold goes through the readiness checks of
/// a stored lot: none may make them throw, and each value either reaches the rules as its knowledge-base id
/// or is reported as unknown (the rules that need it are then not assessable).
/// </summary>
public sealed class VocabularyReadinessTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly List<StromaDbContext> _open = [];

    public void Dispose()
    {
        foreach (var db in _open) db.Dispose();
        _dir.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<StromaDbContext> SeedAsync()
    {
        var db = await StromaDatabase.OpenAsync(_dir.File("stroma.db"), Ct);
        _open.Add(db);
        await new UserService(db).AddAsync("olga", StromaRoles.Operator, "operator-secret-1", "setup", cancellationToken: Ct);
        await new DonorService(db).AddAsync(new DonorInput("D-1", DonorType.Allogeneic, 31, DonorSex.Female, true,
            new DateOnly(2026, 1, 5), DonorEligibility.RequiredTests.ToDictionary(t => t, _ => ScreeningOutcome.Negative)), "olga", Ct);
        return db;
    }

    private static async Task<string> PrimaryCultureAsync(StromaDbContext db, string code, TissueSource source)
    {
        await new LotService(db).CreateAsync(new LotInput(code, LotKind.PrimaryCulture)
        {
            Donor = "D-1", Source = source, Isolation = IsolationMethod.EnzymaticDigestion,
        }, "olga", Ct);
        return code;
    }

    private static ReadinessService Readiness(StromaDbContext db)
    {
        var lots = new LotService(db);
        return new ReadinessService(lots, new ReleaseService(db), new DonorService(db));
    }

    [Fact]
    public async Task Every_tissue_source_reaches_readiness_as_its_knowledge_id_or_as_unknown()
    {
        var db = await SeedAsync();
        var readiness = Readiness(db);
        foreach (var source in Enum.GetValues<TissueSource>())
        {
            var code = await PrimaryCultureAsync(db, $"PC-{source}", source);
            var report = await readiness.EvaluateAsync(code, cancellationToken: Ct);
            Assert.Equal(code, report.LotId);
            var profile = ReadinessService.Profile(await new LotService(db).GetAsync(code, Ct), null, null);
            if (profile.TissueSource is { } id) Assert.Equal(id, KnowledgeBase.Default.TissueSources.Get(id).Id);
        }
    }

    [Fact]
    public async Task Every_priming_agent_medium_supplement_and_culture_format_reaches_readiness()
    {
        var db = await SeedAsync();
        var readiness = Readiness(db);
        var lots = new LotService(db);
        var code = await PrimaryCultureAsync(db, "PC-1", TissueSource.BoneMarrow);
        foreach (var supplement in Enum.GetValues<MediumSupplement>())
        {
            foreach (var system in Enum.GetValues<CultureFormat>())
            {
                await lots.AddPassageAsync(code, new PassageInput(new DateOnly(2026, 2, 1), 1e6, 1.5e6, supplement, system), "olga", Ct);
                var profile = ReadinessService.Profile(await lots.GetAsync(code, Ct), null, null);
                Assert.NotNull(profile.MediumSupplement);
                Assert.NotNull(profile.CultureFormat);
                await readiness.EvaluateAsync(code, cancellationToken: Ct);
            }
        }
        foreach (var agent in Enum.GetValues<PrimingAgent>())
        {
            await lots.AddPrimingAsync(code, new PrimingInput(agent, 24, new DateOnly(2026, 2, 2)) { Detail = "described" }, "olga", Ct);
            var report = await readiness.EvaluateAsync(code, cancellationToken: Ct);
            Assert.Equal(code, report.LotId);
        }
        var primed = ReadinessService.Profile(await lots.GetAsync(code, Ct), null, null);
        Assert.All(primed.PrimingSteps!, s => Assert.Equal(s.Agent, KnowledgeBase.Default.CultureFactors.Get(s.Agent).Id));
        Assert.Contains(primed.PrimingSteps!, s => s.Agent == "ifn-gamma");
    }

    [Fact]
    public async Task Every_route_of_a_release_record_reaches_readiness_as_its_knowledge_id_or_as_unknown()
    {
        var db = await SeedAsync();
        var readiness = Readiness(db);
        var releases = new ReleaseService(db);
        var spec = new SpecificationDefinition
        {
            Code = "viability-only",
            Items = [new SpecificationItemDefinition { Test = "viability", Comparator = ">=", Limit = "70", Unit = "%" }],
        };
        // Change control: the site specification is drafted by the operator and approved by QA before use.
        await new UserService(db).AddAsync("quentin", StromaRoles.QA, "qa-secret-0042", "setup", cancellationToken: Ct);
        var specs = new SpecificationService(db);
        var drafted = await specs.DraftAsync(spec, "olga", Ct);
        await specs.ApproveAsync($"{drafted.Code}@{drafted.Version}", new ESignature("quentin", "qa-secret-0042", "reviewed"), Ct);
        foreach (var route in Enum.GetValues<AdministrationRoute>())
        {
            var code = await PrimaryCultureAsync(db, $"PC-{route}", TissueSource.Adipose);
            var release = await releases.AssignAsync(code, new SpecificationAssignment(route) { Definition = spec }, "olga", Ct);
            var plan = ReadinessService.PlanOf(release);
            if (plan?.Route is { } id) Assert.Equal(id, KnowledgeBase.Default.Routes.Get(id).Id);
            var report = await readiness.EvaluateAsync(code, cancellationToken: Ct);
            Assert.Equal(code, report.LotId);
        }
    }

    [Fact]
    public async Task Every_donor_type_and_sex_reaches_readiness_as_the_lot_donor_type()
    {
        var db = await SeedAsync();
        var readiness = Readiness(db);
        var donors = new DonorService(db);
        var lots = new LotService(db);
        foreach (var type in Enum.GetValues<DonorType>())
        {
            foreach (var sex in Enum.GetValues<DonorSex>())
            {
                var donor = $"D-{type}-{sex}";
                await donors.AddAsync(new DonorInput(donor, type, 40, sex, true, new DateOnly(2026, 1, 6),
                    DonorEligibility.RequiredTests.ToDictionary(t => t, _ => ScreeningOutcome.Negative)), "olga", Ct);
                var code = $"PC-{type}-{sex}";
                await lots.CreateAsync(new LotInput(code, LotKind.PrimaryCulture)
                {
                    Donor = donor, Source = TissueSource.Adipose, Isolation = IsolationMethod.EnzymaticDigestion,
                }, "olga", Ct);
                var report = await readiness.EvaluateAsync(code, cancellationToken: Ct);
                Assert.Equal(code, report.LotId);
                Assert.Equal(type, ReadinessService.Profile(await lots.GetAsync(code, Ct), null, null).DonorType);
            }
        }
    }

    [Fact]
    public async Task Every_isolation_method_reaches_readiness()
    {
        var db = await SeedAsync();
        var readiness = Readiness(db);
        var lots = new LotService(db);
        foreach (var method in Enum.GetValues<IsolationMethod>())
        {
            var code = $"PC-{method}";
            await lots.CreateAsync(new LotInput(code, LotKind.PrimaryCulture)
            {
                Donor = "D-1", Source = TissueSource.BoneMarrow, Isolation = method,
            }, "olga", Ct);
            Assert.Equal(Terms.Token(method), (await lots.GetAsync(code, Ct)).Isolation);
            var report = await readiness.EvaluateAsync(code, cancellationToken: Ct);
            Assert.Equal(code, report.LotId);
        }
    }

    [Fact]
    public async Task Every_lot_kind_cell_type_and_cryo_event_reaches_readiness()
    {
        var db = await SeedAsync();
        var readiness = Readiness(db);
        var lots = new LotService(db);
        // Each kind in lineage order, each below the one before (a primary culture has no parent).
        string? parent = null;
        foreach (var kind in Enum.GetValues<LotKind>())
        {
            var code = $"L-{kind}";
            await lots.CreateAsync(kind == LotKind.PrimaryCulture
                ? new LotInput(code, kind)
                {
                    Donor = "D-1", Source = TissueSource.UmbilicalCord, Isolation = IsolationMethod.Explant,
                }
                : new LotInput(code, kind) { Parent = parent }, "olga", Ct);
            await lots.AddPassageAsync(code, new PassageInput(new DateOnly(2026, 2, 1), 1e6, 4e6,
                MediumSupplement.HumanPlateletLysate, CultureFormat.Monolayer), "olga", Ct);
            var view = await lots.GetAsync(code, Ct);
            Assert.Equal(Terms.Token(kind), view.Kind);
            var report = await readiness.EvaluateAsync(code, cancellationToken: Ct);
            Assert.Equal(code, report.LotId);
            parent = code;
        }
        foreach (var cellType in Enum.GetValues<MscCellType>())
        {
            var code = $"PC-{cellType}";
            await lots.CreateAsync(new LotInput(code, LotKind.PrimaryCulture)
            {
                Donor = "D-1", Source = TissueSource.BoneMarrow, Isolation = IsolationMethod.DensityGradient,
                CellType = cellType,
            }, "olga", Ct);
            await readiness.EvaluateAsync(code, cancellationToken: Ct);
            Assert.Equal(cellType, ReadinessService.Profile(await lots.GetAsync(code, Ct), null, null).CellType);
        }
        var frozen = parent!;
        Assert.False(ReadinessService.Profile(await lots.GetAsync(frozen, Ct), null, null).Cryopreserved);
        foreach (var kind in Enum.GetValues<CryoEventKind>())
        {
            await lots.AddCryoEventAsync(frozen, new CryoInput(kind, new DateOnly(2026, 2, 3), 2)
            {
                CellsPerVial = 1e6, ViabilityBeforePercent = 95, ViabilityAfterPercent = 90,
            }, "olga", Ct);
            var report = await readiness.EvaluateAsync(frozen, cancellationToken: Ct);
            Assert.Equal(frozen, report.LotId);
        }
        var thawed = ReadinessService.Profile(await lots.GetAsync(frozen, Ct), null, null);
        Assert.True(thawed.Cryopreserved);
        Assert.Equal(90, thawed.PostThawViabilityPercent);
    }

    [Fact]
    public void Stored_tokens_are_knowledge_ids_wherever_the_review_has_an_entry()
    {
        var knowledge = KnowledgeBase.Default;
        static void Check<T>(IReadOnlyList<T> values, Func<string, string?> find) where T : struct, Enum
        {
            foreach (var value in values)
            {
                var token = Terms.Token(value);
                // Either the token is the entry's own id, or no entry answers to it (a value the review does not list).
                if (find(token) is { } id) Assert.Equal(id, token);
            }
        }
        Check(Enum.GetValues<TissueSource>(), t => knowledge.TissueSources.Find(t)?.Id);
        Check(Enum.GetValues<PrimingAgent>(), t => knowledge.CultureFactors.Find(t)?.Id);
        Check(Enum.GetValues<MediumSupplement>(), t => knowledge.CultureFactors.Find(t)?.Id);
        Check(Enum.GetValues<AdministrationRoute>(), t => knowledge.Routes.Find(t)?.Id);
        Assert.Equal("bone-marrow", Terms.Token(TissueSource.BoneMarrow));
    }

    [Fact]
    public async Task The_vocabulary_migration_rewrites_stored_snake_case_tokens_to_knowledge_ids_and_back()
    {
        var db = await SeedAsync();
        var lots = new LotService(db);
        await PrimaryCultureAsync(db, "PC-1", TissueSource.PlacentaAmnion);
        await lots.AddPassageAsync("PC-1", new PassageInput(new DateOnly(2026, 2, 1), 1e6, 2e6, MediumSupplement.HumanPlateletLysate,
            CultureFormat.Spheroid), "olga", Ct);
        await lots.AddPrimingAsync("PC-1", new PrimingInput(PrimingAgent.InterferonGamma, 24, new DateOnly(2026, 2, 2)), "olga", Ct);
        async Task<string> Stored(string sql) =>
            await db.Database.SqlQueryRaw<string>(sql).SingleAsync(Ct);
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync("AuditAppendOnly", Ct);
        Assert.Equal("placenta_amnion", await Stored("""SELECT "Source" AS "Value" FROM "Lots" """));
        Assert.Equal("hpl", await Stored("""SELECT "Supplement" AS "Value" FROM "Passages" """));
        Assert.Equal("3d_spheroid", await Stored("""SELECT "System" AS "Value" FROM "Passages" """));
        Assert.Equal("ifn_gamma", await Stored("""SELECT "Agent" AS "Value" FROM "PrimingSteps" """));
        await migrator.MigrateAsync(cancellationToken: Ct);
        Assert.Equal("placenta", await Stored("""SELECT "Source" AS "Value" FROM "Lots" """));
        Assert.Equal("human-platelet-lysate", await Stored("""SELECT "Supplement" AS "Value" FROM "Passages" """));
        Assert.Equal("3d", await Stored("""SELECT "System" AS "Value" FROM "Passages" """));
        Assert.Equal("ifn-gamma", await Stored("""SELECT "Agent" AS "Value" FROM "PrimingSteps" """));
        Assert.Equal("placenta", (await lots.GetAsync("PC-1", Ct)).Source);
    }
}

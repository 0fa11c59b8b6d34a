using Microsoft.EntityFrameworkCore;
using System.Globalization;
using System.Security.Cryptography;
using Stroma.Identity.Synthetic;
using Stroma.Manufacturing;
using Stroma.Manufacturing.Certificates;
using Stroma.Manufacturing.Records;
using Stroma.Manufacturing.Release;
using Stroma.Storage.Services;

namespace Stroma.Storage.Demo;

/// <summary>A demo user and the password generated for it.</summary>
/// <param name="UserName">User name.</param>
/// <param name="Role">Role.</param>
/// <param name="Password">Generated password (printed once; nothing is a default).</param>
public sealed record DemoUser(string UserName, string Role, string Password);

/// <summary>What <see cref="DemoFacility.BuildAsync"/> made.</summary>
/// <param name="Database">The database written.</param>
/// <param name="Folder">Folder of the demo's files.</param>
/// <param name="Users">Users and their generated passwords.</param>
/// <param name="Lots">Lot code → status / disposition summary.</param>
/// <param name="Certificates">Certificate files written.</param>
/// <param name="TrialSources">Trial record sources for the landscape.</param>
/// <param name="TrialSourceIsCorpus">True when the shared corpus was found; false when built-in fictional records were
/// written.</param>
public sealed record DemoSummary(string Database, string Folder, IReadOnlyList<DemoUser> Users,
    IReadOnlyList<(string Lot, string Summary)> Lots,
    IReadOnlyList<string> Certificates, IReadOnlyList<string> TrialSources, bool TrialSourceIsCorpus)
{
    /// <summary>The <see cref="Replaced"/> text when the folder held no earlier demo.</summary>
    public const string NothingReplaced = "none";

    /// <summary>What happened to an earlier demo in the folder ("none", "held only demo data", "forced").</summary>
    public string Replaced { get; init; } = NothingReplaced;

    /// <summary>True when an earlier demo in the folder was deleted and rebuilt.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool ReplacedEarlier => Replaced != NothingReplaced;
}

/// <summary>
/// Builds a whole facility's worth of realistic demo data into a fresh database: donors of four tissue sources,
/// lots with lineage (primary culture → banks → drug product) and passages whose PD climbs toward the senescence
/// limit, priming and freeze/thaw, synthetic identity tubes analysed by the identity engine (some failing),
/// release results, QA-signed releases and a rejection, certificates of analysis, and a trial landscape source.
/// Every write goes through the same services (and audit trail) as the CLI and web app.
/// </summary>
public static class DemoFacility
{
    /// <summary>Marker file that identifies a folder as the demo's own (and so safe to rebuild).</summary>
    public const string MarkerFile = ".stroma-demo";

    /// <summary>Name of the file listing trial sources, next to the database.</summary>
    public const string TrialSourcesFile = "trial-sources.txt";

    private static readonly DateOnly Start = new(2026, 6, 1);

    /// <summary>
    /// Builds the demo into <paramref name="folder"/> (database stroma-demo.db, tubes, certificates, trial records).
    /// Certificates are rendered by <paramref name="renderCertificate"/> (storage renders nothing itself).
    /// </summary>
    /// <remarks>
    /// An earlier demo in the folder is rebuilt only while its database holds nothing but demo data (its audit chain
    /// head is still the one recorded when it was built); once anyone has entered data the folder is refused, unless
    /// <paramref name="force"/> is set, so nothing a person entered is deleted silently.
    /// </remarks>
    public static async Task<DemoSummary> BuildAsync(string folder, string? corpusRoot, Func<CertificateData,
        string> renderCertificate,
        IProgress<string>? progress = null, CancellationToken ct = default, bool force = false)
    {
        ArgumentNullException.ThrowIfNull(renderCertificate);
        folder = Path.GetFullPath(folder);
        var replaced = await PrepareFolderAsync(folder, force, ct).ConfigureAwait(false);
        var database = Path.Combine(folder, "stroma-demo.db");
        await using var db = await StromaDatabase.OpenAsync(database, ct).ConfigureAwait(false);
        var users = new UserService(db);
        var donors = new DonorService(db);
        var lots = new LotService(db);
        var releases = new ReleaseService(db);
        var specifications = new SpecificationService(db);
        var quality = new InvestigationService(db);

        progress?.Report("users");
        DemoUser[] people =
        [
            new("admin", StromaRoles.Admin, Password()), new("olga", StromaRoles.Operator, Password()),
            new("quentin", StromaRoles.QA, Password()), new("vera", StromaRoles.Viewer, Password()),
        ];
        string[] fullNames = ["Ada Admin", "Olga Operator", "Quentin QA", "Vera Viewer"];
        for (var i = 0; i < people.Length; i++)
            await users.AddAsync(people[i].UserName, people[i].Role, people[i].Password, "demo", fullNames[i], ct)
                .ConfigureAwait(false);
        const string op = "olga";

        progress?.Report("donors");
        var screening = new Dictionary<string, ScreeningOutcome> { ["HIV-1/2"] = ScreeningOutcome.Negative,
            ["HBsAg"] = ScreeningOutcome.Negative, ["anti-HBc"] = ScreeningOutcome.Negative,
            ["anti-HCV"] = ScreeningOutcome.Negative, ["syphilis"] = ScreeningOutcome.Negative };
        await donors.AddAsync(new DonorInput("D-101", DonorType.Allogeneic, 27, DonorSex.Male, true, Start.AddDays(-30),
            screening), op, ct).ConfigureAwait(false);
        await donors.AddAsync(new DonorInput("D-102", DonorType.Allogeneic, 44, DonorSex.Female, true,
            Start.AddDays(-28), screening), op, ct).ConfigureAwait(false);
        await donors.AddAsync(new DonorInput("D-103", DonorType.Allogeneic, 0, DonorSex.Female, true,
            Start.AddDays(-25), screening), op, ct).ConfigureAwait(false);
        await donors.AddAsync(new DonorInput("D-104", DonorType.Autologous, 67, DonorSex.Male, true, Start.AddDays(-20),
            screening), op, ct).ConfigureAwait(false);

        progress?.Report("lots and passages");
        // Bone marrow line: released and rejected drug products from one working bank.
        await Primary(lots, "PC-BM-101", "D-101", TissueSource.BoneMarrow, IsolationMethod.DensityGradient, op, ct)
            .ConfigureAwait(false);
        await Passages(lots, "PC-BM-101", 0, [(2e5, 1.7e6), (1e6, 7.5e6)], MediumSupplement.HumanPlateletLysate,
            CultureFormat.Monolayer, op, ct).ConfigureAwait(false);
        await Derived(lots, "MCB-BM-101", LotKind.MasterCellBank, "PC-BM-101", op, ct).ConfigureAwait(false);
        await Passages(lots, "MCB-BM-101", 14, [(2e6, 1.5e7), (5e6, 3.6e7)], MediumSupplement.HumanPlateletLysate,
            CultureFormat.Monolayer, op, ct).ConfigureAwait(false);
        await lots.AddCryoEventAsync("MCB-BM-101", new CryoInput(CryoEventKind.Freeze, Start.AddDays(30), 40)
            { CellsPerVial = 5e6, ViabilityBeforePercent = 95 }, op, ct).ConfigureAwait(false);
        await Derived(lots, "WCB-BM-101", LotKind.WorkingCellBank, "MCB-BM-101", op, ct).ConfigureAwait(false);
        await lots.AddCryoEventAsync("MCB-BM-101", new CryoInput(CryoEventKind.Thaw, Start.AddDays(35), 2)
            { ViabilityAfterPercent = 91 }, op, ct).ConfigureAwait(false);
        await Passages(lots, "WCB-BM-101", 35, [(1e7, 6.8e7)], MediumSupplement.HumanPlateletLysate,
            CultureFormat.Monolayer, op, ct).ConfigureAwait(false);
        await Derived(lots, "DP-BM-101", LotKind.DrugProduct, "WCB-BM-101", op, ct,
            Manufacturing.Isbt128.DonationIdentificationNumber.Create("G1234", 26, 101).ToString())
            .ConfigureAwait(false);
        await Passages(lots, "DP-BM-101", 45, [(2e7, 1.5e8)], MediumSupplement.HumanPlateletLysate,
            CultureFormat.Bioreactor, op, ct).ConfigureAwait(false);
        await Derived(lots, "DP-BM-102", LotKind.DrugProduct, "WCB-BM-101", op, ct).ConfigureAwait(false);
        await Passages(lots, "DP-BM-102", 48, [(2e7, 1.3e8), (2e7, 1.1e8)], MediumSupplement.FetalBovineSerum,
            CultureFormat.Monolayer, op, ct).ConfigureAwait(false);

        // Adipose line: FBS-expanded, intravenous plan (IBMIR and xenogeneic-serum cautions), adipose panel.
        await Primary(lots, "PC-AD-201", "D-102", TissueSource.Adipose, IsolationMethod.EnzymaticDigestion, op, ct)
            .ConfigureAwait(false);
        await Passages(lots, "PC-AD-201", 3, [(5e5, 6e6), (1e6, 1.1e7)], MediumSupplement.FetalBovineSerum,
            CultureFormat.Monolayer, op, ct).ConfigureAwait(false);
        await Derived(lots, "MCB-AD-201", LotKind.MasterCellBank, "PC-AD-201", op, ct).ConfigureAwait(false);
        await Passages(lots, "MCB-AD-201", 17, [(3e6, 2.6e7), (5e6, 4e7)], MediumSupplement.FetalBovineSerum,
            CultureFormat.Monolayer, op, ct).ConfigureAwait(false);
        await Derived(lots, "DP-AD-201", LotKind.DrugProduct, "MCB-AD-201", op, ct).ConfigureAwait(false);
        await Passages(lots, "DP-AD-201", 33, [(1e7, 8e7)], MediumSupplement.FetalBovineSerum, CultureFormat.Monolayer,
            op, ct).ConfigureAwait(false);

        // Umbilical cord line expanded far: cumulative PD past the senescence stop limit; HLA-DR-positive product on
        // hold.
        await Primary(lots, "PC-UC-301", "D-103", TissueSource.UmbilicalCord, IsolationMethod.Explant, op, ct)
            .ConfigureAwait(false);
        await Passages(lots, "PC-UC-301", 5, [(1e5, 1.6e6), (1e6, 1.4e7), (1e6, 1.5e7)],
            MediumSupplement.HumanPlateletLysate, CultureFormat.Monolayer, op, ct).ConfigureAwait(false);
        await Derived(lots, "MCB-UC-301", LotKind.MasterCellBank, "PC-UC-301", op, ct).ConfigureAwait(false);
        await Passages(lots, "MCB-UC-301", 26, [(1e6, 1.5e7), (1e6, 1.4e7), (1e6, 1.6e7), (1e6, 1.2e7), (1e6, 1.3e7)],
            MediumSupplement.HumanPlateletLysate, CultureFormat.Monolayer, op, ct).ConfigureAwait(false);
        await Derived(lots, "DP-UC-301", LotKind.DrugProduct, "MCB-UC-301", op, ct).ConfigureAwait(false);
        await Passages(lots, "DP-UC-301", 67, [(1e7, 7e7)], MediumSupplement.HumanPlateletLysate,
            CultureFormat.Monolayer, op, ct).ConfigureAwait(false);
        await lots.AddPrimingAsync("DP-UC-301", new PrimingInput(PrimingAgent.InterferonGamma, 48, Start.AddDays(73))
            { Dose = 25, DoseUnit = "ng/mL" }, op, ct).ConfigureAwait(false);

        // Autologous bone marrow from an older donor: IFN-γ licensed, frozen and thawed, results pending.
        await Primary(lots, "PC-BM-401", "D-104", TissueSource.BoneMarrow, IsolationMethod.DensityGradient, op, ct)
            .ConfigureAwait(false);
        await Passages(lots, "PC-BM-401", 8, [(2e5, 1.1e6), (1e6, 5e6)], MediumSupplement.HumanPlateletLysate,
            CultureFormat.Monolayer, op, ct).ConfigureAwait(false);
        await Derived(lots, "DP-BM-401", LotKind.DrugProduct, "PC-BM-401", op, ct).ConfigureAwait(false);
        await Passages(lots, "DP-BM-401", 24, [(2e6, 1.6e7)], MediumSupplement.HumanPlateletLysate,
            CultureFormat.Spheroid, op, ct).ConfigureAwait(false);
        await lots.AddPrimingAsync("DP-BM-401", new PrimingInput(PrimingAgent.InterferonGamma, 24, Start.AddDays(33))
            { Dose = 10, DoseUnit = "ng/mL" }, op, ct).ConfigureAwait(false);
        await lots.AddCryoEventAsync("DP-BM-401", new CryoInput(CryoEventKind.Freeze, Start.AddDays(35), 8)
            { CellsPerVial = 2e6, ViabilityBeforePercent = 93 }, op, ct).ConfigureAwait(false);
        await lots.AddCryoEventAsync("DP-BM-401", new CryoInput(CryoEventKind.Thaw, Start.AddDays(50), 1)
            { ViabilityAfterPercent = 78 }, op, ct).ConfigureAwait(false);

        progress?.Report("identity tubes and release results");
        var tubes = Path.Combine(folder, "tubes");
        await Release(releases, "DP-BM-101", AdministrationRoute.Intravenous, null, Tubes(tubes, "bm-msc-pass", 101),
            "isct-2006", 93, "0.25", op, ct).ConfigureAwait(false);
        await Release(releases, "DP-BM-102", AdministrationRoute.Intravenous, null, Tubes(tubes, "low-cd105", 102),
            "isct-2006", 88, "0.3", op, ct).ConfigureAwait(false);
        var adipose = SpecificationDefinition.Default with
        {
            Code = "stroma-adipose",
            Title = "Stroma release specification for culture-expanded adipose stromal cells " +
                "(IFATS/ISCT 2013 identity)",
            Items = SpecificationDefinition.Default.Items.Select(i =>
                i.Test == "identity" ? i with { Panel = "ifats-isct-2013" } : i).ToArray(),
        };
        var qa = people.Single(p => p.UserName == "quentin");
        // A site specification is a controlled document: drafted by the operator, approved by QA before use.
        var drafted = await specifications.DraftAsync(adipose, op, ct).ConfigureAwait(false);
        await specifications.ApproveAsync($"{drafted.Code}@{drafted.Version}", new ESignature(qa.UserName, qa.Password,
            "Reviewed against IFATS/ISCT 2013 for adipose-derived stromal cells."), ct).ConfigureAwait(false);
        await Release(releases, "DP-AD-201", AdministrationRoute.Intravenous, adipose, Tubes(tubes, "adipose", 201),
            "ifats-isct-2013", 90, "0.2", op, ct).ConfigureAwait(false);
        await Release(releases, "DP-UC-301", AdministrationRoute.Intravenous, null,
            Tubes(tubes, "hla-dr-contamination", 301), "isct-2006", 91, "0.4", op, ct).ConfigureAwait(false);
        await releases.AssignAsync("DP-BM-401", new SpecificationAssignment(AdministrationRoute.Intraarticular)
            { WeightKg = 80, CellsPerKg = 1e6, VolumeMl = 5 }, op, ct).ConfigureAwait(false);
        await releases.RecordResultAsync("DP-BM-401", new ResultInput(ReleaseTest.Viability)
            { Value = 78, Unit = "%", Method = "7-AAD flow cytometry" }, op, ct).ConfigureAwait(false);

        await quality.OpenDeviationAsync(new DeviationInput("Incubator CO2 excursion to 7.2 % for 40 min during the " +
            "spheroid passage.",
            "Minor: within the validated 4–8 % range for under one hour; viability and identity to be confirmed.")
                { Lot = "DP-BM-401" }, op, ct)
            .ConfigureAwait(false);

        progress?.Report("QA signatures");
        foreach (var oos in await quality.ListAsync(openOnly: true, lot: "DP-BM-102", cancellationToken: ct)
            .ConfigureAwait(false))
            await quality.CloseAsync(oos.Id, InvestigationFinding.NoAssignableCause, null,
                new ESignature(qa.UserName, qa.Password,
                "Phase I: calculation, instrument and controls checked; no laboratory error found. OOS confirmed."), ct)
                    .ConfigureAwait(false);
        await releases.SignAsync("DP-BM-101", new SignInput(qa.UserName, qa.Password, Disposition.Released,
            "All release tests within specification; batch record reviewed."), ct).ConfigureAwait(false);
        await releases.SignAsync("DP-AD-201", new SignInput(qa.UserName, qa.Password, Disposition.Released,
            "Within specification; IBMIR precautions noted for intravenous use."), ct).ConfigureAwait(false);
        await releases.SignAsync("DP-BM-102", new SignInput(qa.UserName, qa.Password, Disposition.Rejected,
            "Identity out of specification: CD105 below 95 % (ISCT 2006)."), ct).ConfigureAwait(false);

        progress?.Report("certificates");
        var certificates = new List<string>();
        Directory.CreateDirectory(Path.Combine(folder, "certificates"));
        foreach (var code in new[] { "DP-BM-101", "DP-AD-201", "DP-BM-102" })
        {
            var path = Path.Combine(folder, "certificates", $"CoA-{code}.html");
            Stroma.IO.AtomicFile.WriteAllText(path, renderCertificate(await releases.CertificateAsync(code, ct)
                .ConfigureAwait(false)));
            certificates.Add(path);
        }

        progress?.Report("trial landscape");
        var corpusTrials = corpusRoot is null ? null : Path.Combine(corpusRoot, "corpus", "trials", "ctgov-classic");
        IReadOnlyList<string> trialSources;
        bool fromCorpus;
        if (corpusTrials is not null && Directory.Exists(corpusTrials))
        {
            trialSources = [corpusTrials];
            fromCorpus = true;
        }
        else
        {
            var page = Path.Combine(folder, "trials", "demo-trials.json");
            Directory.CreateDirectory(Path.GetDirectoryName(page)!);
            Stroma.IO.AtomicFile.WriteAllText(page, DemoTrials.PageJson());
            trialSources = [page];
            fromCorpus = false;
        }
        Stroma.IO.AtomicFile.WriteAllText(Path.Combine(folder, TrialSourcesFile),
            string.Join('\n', trialSources) + "\n");

        var summary = new List<(string, string)>();
        foreach (var lot in await lots.ListAsync(ct).ConfigureAwait(false))
            summary.Add((lot.Code, $"{lot.Kind}, {lot.Status}, cumulative PD " +
                $"{lot.CumulativePd.ToString("0.0", CultureInfo.InvariantCulture)} ({lot.Senescence})"));
        var head = await db.AuditHeads.AsNoTracking().SingleAsync(h => h.Id == 1, ct).ConfigureAwait(false);
        File.WriteAllText(Path.Combine(folder, MarkerFile), $"{MarkerText}\n{HeadKey}{head.Sequence} {head.Hash}\n");
        return new DemoSummary(database, folder, people, summary, certificates, trialSources, fromCorpus)
            { Replaced = replaced };
    }

    private const string MarkerText = "Built by `stroma demo`; rebuilt on the next run while it holds only demo data.";
    private const string HeadKey = "audit-head: ";

    private static async Task<string> PrepareFolderAsync(string folder, bool force, CancellationToken ct)
    {
        var replaced = DemoSummary.NothingReplaced;
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
        {
            var marker = Path.Combine(folder, MarkerFile);
            if (!File.Exists(marker))
                throw new ManufacturingException($"{folder} exists and is not a Stroma demo folder; choose another " +
                    $"--out or empty it first.");
            var entered = await EnteredSinceBuildAsync(folder, marker, ct).ConfigureAwait(false);
            if (entered is not null && !force)
                throw new ManufacturingException($"{Path.Combine(folder, "stroma-demo.db")} holds data entered after " +
                    $"the demo was built ({entered}); " +
                                                 "nothing was deleted. Choose another --out, or add --force to " +
                                                     "delete it and rebuild.");
            replaced = entered is null ? "held only demo data" : $"forced ({entered})";
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, MarkerFile), MarkerText + "\n");
        return replaced;
    }

    // Null when the database is still exactly as built (its audit head is the one recorded at the end of the build);
    // otherwise a description of what was entered since. A demo without a recorded head (interrupted build) counts as
    // demo data.
    private static async Task<string?> EnteredSinceBuildAsync(string folder, string marker, CancellationToken ct)
    {
        var database = Path.Combine(folder, "stroma-demo.db");
        if (!File.Exists(database)) return null;
        var recorded = File.ReadAllLines(marker).FirstOrDefault(l =>
            l.StartsWith(HeadKey, StringComparison.Ordinal))?[HeadKey.Length..].Split(' ');
        if (recorded is not [var seqText, var hash] || !long.TryParse(seqText, NumberStyles.None,
            CultureInfo.InvariantCulture, out var sequence))
            return "the demo was not completed, so its data cannot be told apart from data entered into it";
        await using var db = await StromaDatabase.OpenAsync(database, ct).ConfigureAwait(false);
        var head = await db.AuditHeads.AsNoTracking().SingleAsync(h => h.Id == 1, ct).ConfigureAwait(false);
        if (head.Sequence == sequence && head.Hash == hash) return null;
        var last = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(ct)
            .ConfigureAwait(false);
        return $"{Math.Max(0, head.Sequence - sequence)} audited changes, the last by {last?.Actor ?? "?"} at " +
               $"{last?.TimestampUtc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "?"}";
    }

    private static string Password() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', 'x')
        .Replace('/', 'y').TrimEnd('=');

    private static Task Primary(LotService lots, string code, string donor, TissueSource source,
        IsolationMethod isolation, string actor, CancellationToken ct) =>
        lots.CreateAsync(new LotInput(code, LotKind.PrimaryCulture)
            { Donor = donor, Source = source, Isolation = isolation, CellType = MscCellType.Stromal }, actor, ct);

    private static Task Derived(LotService lots, string code, LotKind kind, string parent, string actor,
        CancellationToken ct, string? din = null) =>
        lots.CreateAsync(new LotInput(code, kind) { Parent = parent, Din = din }, actor, ct);

    private static async Task Passages(LotService lots, string code, int firstDay,
        (double Seeded, double Harvested)[] passages, MediumSupplement supplement, CultureFormat system, string actor,
        CancellationToken ct)
    {
        for (var i = 0; i < passages.Length; i++)
        {
            var (seeded, harvested) = passages[i];
            await lots.AddPassageAsync(code, new PassageInput(Start.AddDays(firstDay + 7 * (i + 1)), seeded, harvested,
                supplement, system)
            {
                CultureDays = 7, ViabilityPercent = 96 - i, OxygenPercent = system == CultureFormat.Spheroid ? 5 : 21,
                    SurfaceAreaCm2 = 636, Vessel = "CellSTACK 1",
            }, actor, ct).ConfigureAwait(false);
        }
    }

    private static SyntheticManifest Tubes(string folder, string scenario, int seed) =>
        MscPanelSynthesizer.Write(Path.Combine(folder, $"{scenario}-{seed}"), MscPanelSynthesizer.Find(scenario), seed,
            12_000);

    private static async Task Release(ReleaseService releases, string lot, AdministrationRoute route,
        SpecificationDefinition? specification, SyntheticManifest tubes,
        string panel, double viability, string endotoxin, string actor, CancellationToken ct)
    {
        await releases.AssignAsync(lot, new SpecificationAssignment(route)
            { Definition = specification, WeightKg = 70, CellsPerKg = 2e6, VolumeMl = 50 }, actor, ct)
            .ConfigureAwait(false);
        await releases.RecordIdentityAsync(lot, new IdentityInput(tubes.Stained, tubes.Controls, panel), actor, ct)
            .ConfigureAwait(false);
        await releases.RecordResultAsync(lot, new ResultInput(ReleaseTest.Viability)
            { Value = viability, Unit = "%", Method = "7-AAD flow cytometry" }, actor, ct).ConfigureAwait(false);
        await releases.RecordResultAsync(lot, new ResultInput(ReleaseTest.Sterility)
            { Text = "no growth", Method = "Ph. Eur. 2.6.27 automated culture, 14 days" }, actor, ct)
            .ConfigureAwait(false);
        await releases.RecordResultAsync(lot, new ResultInput(ReleaseTest.Mycoplasma)
            { Text = "not detected", Method = "qPCR (Ph. Eur. 2.6.7)" }, actor, ct).ConfigureAwait(false);
        await releases.RecordResultAsync(lot, new ResultInput(ReleaseTest.Endotoxin)
            { Value = double.Parse(endotoxin, CultureInfo.InvariantCulture), Unit = "EU/mL",
            Method = "kinetic chromogenic LAL" }, actor, ct).ConfigureAwait(false);
        await releases.RecordResultAsync(lot, new ResultInput(ReleaseTest.Karyotype)
            { Text = "normal", Method = "G-banding, 20 metaphases" }, actor, ct).ConfigureAwait(false);
        await releases.RecordResultAsync(lot, new ResultInput(ReleaseTest.Potency)
            { Name = "T-cell suppression", Value = 42, Unit = "%", Method = "CFSE PBMC proliferation, 1:5 MSC:PBMC" },
            actor, ct).ConfigureAwait(false);
    }
}

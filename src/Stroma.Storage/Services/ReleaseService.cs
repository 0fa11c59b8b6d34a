using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Stroma.Identity;
using Stroma.Identity.Analysis;
using Stroma.Identity.Panels;
using Stroma.Manufacturing;
using Stroma.Manufacturing.Audit;
using Stroma.Manufacturing.Certificates;
using Stroma.Manufacturing.Culture;
using Stroma.Manufacturing.Records;
using Stroma.Manufacturing.Release;

namespace Stroma.Storage.Services;

/// <summary>A stored specification version.</summary>
/// <param name="Code">Code.</param>
/// <param name="Version">Version.</param>
/// <param name="Title">Title.</param>
/// <param name="Sha256">Content hash.</param>
/// <param name="CreatedUtc">When stored.</param>
/// <param name="Definition">The definition (items as data).</param>
public sealed record SpecificationView(string Code, int Version, string Title, string Sha256, DateTime CreatedUtc, SpecificationDefinition Definition)
{
    /// <summary>"draft" or "approved": only an approved version decides a release.</summary>
    public string Status { get; init; } = "draft";

    /// <summary>Who drafted it.</summary>
    public string? DraftedBy { get; init; }

    /// <summary>QA approver.</summary>
    public string? ApprovedBy { get; init; }

    /// <summary>When approved (UTC).</summary>
    public DateTime? ApprovedUtc { get; init; }

    /// <summary>"code vN" with its approval, e.g. "stroma-default v1 (approved by system)".</summary>
    public string InForce => $"{Code} v{Version} ({Approval})";

    /// <summary>Whether and by whom this version was approved, as shown beside it.</summary>
    public string Approval => Status == "approved" ? $"approved by {ApprovedBy}" : "DRAFT, not approved";

    internal static SpecificationView Of(ReleaseSpecification s) =>
        new(s.Code, s.SpecVersion, s.Title, s.ContentSha256, s.CreatedUtc, SpecificationDefinition.FromRecord(s))
        {
            Status = s.Status.ToString().ToLowerInvariant(), DraftedBy = s.DraftedBy, ApprovedBy = s.ApprovedBy, ApprovedUtc = s.ApprovedUtc,
        };
}

/// <summary>Which specification a lot is released against, and the planned use that sets its endotoxin limit.</summary>
/// <param name="Route">Route of administration.</param>
public sealed record SpecificationAssignment(AdministrationRoute Route)
{
    /// <summary>"code" (latest version) or "code@N"; default: the built-in stroma-default.</summary>
    public string? Specification { get; init; }

    /// <summary>A specification's content: used when a stored version with this content has been approved by QA.</summary>
    public SpecificationDefinition? Definition { get; init; }

    /// <summary>Planned patient weight (kg).</summary>
    public double? WeightKg { get; init; }

    /// <summary>Planned cells per kg per dose.</summary>
    public double? CellsPerKg { get; init; }

    /// <summary>Planned dose volume (mL).</summary>
    public double? VolumeMl { get; init; }

    /// <summary>Planned administration time (h).</summary>
    public double? InfusionHours { get; init; }
}

/// <summary>A result to record.</summary>
/// <param name="Test">Test.</param>
public sealed record ResultInput(ReleaseTest Test)
{
    /// <summary>Marker, potency assay, or label (optional when the specification has one item of the test).</summary>
    public string? Name { get; init; }

    /// <summary>Numeric value.</summary>
    public double? Value { get; init; }

    /// <summary>Text value (qualitative tests).</summary>
    public string? Text { get; init; }

    /// <summary>Unit (checked against the specification).</summary>
    public string? Unit { get; init; }

    /// <summary>Method or instrument.</summary>
    public string? Method { get; init; }

    /// <summary>Why a result replaces the item's earlier one (required for a correction or retest).</summary>
    public string? Reason { get; init; }
}

/// <summary>How an identity analysis was asked for; stored so it can be re-run for plots.</summary>
/// <param name="Stained">Stained tube files (full paths).</param>
/// <param name="Controls">Control tube files (full paths).</param>
/// <param name="Panel">Panel id or file.</param>
public sealed record IdentityInput(IReadOnlyList<string> Stained, IReadOnlyList<string> Controls, string Panel)
{
    /// <summary>Control percentile for thresholds.</summary>
    public double Percentile { get; init; } = 99.5;

    /// <summary>Marker → channel overrides.</summary>
    public IReadOnlyDictionary<string, string> MarkerChannels { get; init; } = new Dictionary<string, string>();

    /// <summary>Whether to compensate.</summary>
    public bool Compensate { get; init; } = true;

    /// <summary>The approved stored panel's JSON when <see cref="Panel"/> names one (kept so the analysis can be re-run).</summary>
    public string? PanelJson { get; init; }

    /// <summary>The identity engine request.</summary>
    public IdentityRequest ToRequest() => new()
    {
        Stained = Stained, Controls = Controls, Panel = PanelJson is null ? IdentityPanel.Load(Panel) : IdentityPanel.Parse(PanelJson, Panel),
        Percentile = Percentile,
        MarkerChannels = MarkerChannels, Compensate = Compensate,
    };
}

/// <summary>A signature request: who, re-authenticated by password, signs what and why.</summary>
/// <param name="UserName">Signer.</param>
/// <param name="Password">Password, checked at signing time.</param>
/// <param name="Disposition">Released, rejected or quarantined.</param>
/// <param name="Reason">Reason.</param>
public sealed record SignInput(string UserName, string Password, Disposition Disposition, string Reason)
{
    /// <summary>Meaning (default by disposition: "approved for release", "rejected", "placed in quarantine").</summary>
    public string? Meaning { get; init; }
}

/// <summary>A recorded result as shown.</summary>
/// <param name="Test">Test token.</param>
/// <param name="Name">Name.</param>
/// <param name="Value">Value.</param>
/// <param name="Text">Text.</param>
/// <param name="Unit">Unit.</param>
/// <param name="Method">Method.</param>
/// <param name="EnteredBy">Who entered it.</param>
/// <param name="EnteredUtc">When.</param>
/// <param name="Superseded">Replaced by a newer result.</param>
/// <param name="Inputs">Identity inputs "role:path:sha256".</param>
public sealed record ResultView(string Test, string Name, double? Value, string? Text, string Unit, string? Method, string EnteredBy, DateTime EnteredUtc, bool Superseded, string? Inputs)
{
    /// <summary>Database key.</summary>
    public int Id { get; init; }

    /// <summary>1 for the item's first result, n for its n-th version.</summary>
    public int Revision { get; init; } = 1;

    /// <summary>Why this version replaced the previous one.</summary>
    public string? CorrectionReason { get; init; }

    /// <summary>Specification version in force when it was judged.</summary>
    public string? Specification { get; init; }

    /// <summary>True when this result judges its item now (see <see cref="LotRelease.EffectiveResults"/>).</summary>
    public bool InForce { get; init; }

    /// <summary>True when an OOS investigation invalidated it (assignable cause).</summary>
    public bool Invalidated { get; init; }
}

/// <summary>A lot's release record with its evaluation.</summary>
public sealed record ReleaseView
{
    /// <summary>Lot code.</summary>
    public required string Lot { get; init; }
    /// <summary>Lot status token.</summary>
    public required string Status { get; init; }
    /// <summary>Specification.</summary>
    public required SpecificationView Specification { get; init; }
    /// <summary>Route token.</summary>
    public required string Route { get; init; }
    /// <summary>Planned weight.</summary>
    public double? WeightKg { get; init; }
    /// <summary>Planned cells/kg.</summary>
    public double? CellsPerKg { get; init; }
    /// <summary>Planned volume.</summary>
    public double? VolumeMl { get; init; }
    /// <summary>Evaluation.</summary>
    public required ReleaseEvaluation Evaluation { get; init; }
    /// <summary>Results including superseded ones.</summary>
    public required IReadOnlyList<ResultView> Results { get; init; }
    /// <summary>Signatures.</summary>
    public required IReadOnlyList<SignatureLine> Signatures { get; init; }
    /// <summary>Disposition token, or null while pending.</summary>
    public string? Disposition { get; init; }
    /// <summary>True when every required item passes.</summary>
    public bool Releasable => Evaluation.Releasable;
    /// <summary>True until released or rejected: results, investigations and signatures continue (also from quarantine).</summary>
    public bool AwaitsDecision { get; init; } = true;
    /// <summary>OOS investigations of the lot's results.</summary>
    public IReadOnlyList<InvestigationView> Investigations { get; init; } = [];
    /// <summary>Deviations linked to the lot.</summary>
    public IReadOnlyList<DeviationView> Deviations { get; init; } = [];
    /// <summary>What blocks release: failing or missing items, open investigations and open deviations.</summary>
    public IReadOnlyList<string> Blocking => [.. Evaluation.Blocking,
        .. Investigations.Where(i => i.IsOpen).Select(i => $"OOS investigation #{i.Id} ({i.Name} {i.Observed}) is open"),
        .. Deviations.Where(d => d.IsOpen).Select(d => $"deviation #{d.Id} is open")];
}

/// <summary>Release specifications, results, e-signatures and certificates of analysis.</summary>
public sealed class ReleaseService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly StromaDbContext _db;
    private readonly UserService _users;

    /// <summary>Creates the service over a context.</summary>
    public ReleaseService(StromaDbContext db)
    {
        _db = db;
        _users = new UserService(db);
    }

    /// <summary>Senescence limits for warnings in certificates.</summary>
    public SenescenceLimits Limits { get; set; } = SenescenceLimits.Default;

    /// <summary>Stores a specification as a new draft version (an identical one already stored is returned instead).</summary>
    public Task<SpecificationView> ImportSpecificationAsync(SpecificationDefinition definition, string actor, CancellationToken cancellationToken = default) =>
        new SpecificationService(_db).DraftAsync(definition, actor, cancellationToken);

    /// <summary>All stored specification versions.</summary>
    public async Task<IReadOnlyList<SpecificationView>> ListSpecificationsAsync(CancellationToken cancellationToken = default) =>
        (await _db.Specifications.AsNoTracking().Include(s => s.Items).OrderBy(s => s.Code).ThenBy(s => s.SpecVersion).ToListAsync(cancellationToken).ConfigureAwait(false))
        .Select(SpecificationView.Of).ToArray();

    /// <summary>Assigns a specification and planned use to a lot (which enters quarantine awaiting release).</summary>
    public async Task<ReleaseView> AssignAsync(string lotCode, SpecificationAssignment assignment, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        assignment.Definition?.ToRecord();
        await _db.WriteAsync(actor, null, async ct =>
        {
            var lot = await _db.Lots.Include(l => l.Passages).SingleOrDefaultAsync(l => l.Code == lotCode, ct).ConfigureAwait(false)
                      ?? throw new RecordNotFoundException("lot", lotCode);
            var spec = assignment.Definition is not null ? await ApprovedAsync(assignment.Definition, ct).ConfigureAwait(false)
                : await FindSpecificationAsync(assignment.Specification, ct).ConfigureAwait(false);
            var release = await _db.Releases.Include(r => r.Results).SingleOrDefaultAsync(r => r.LotId == lot.Id, ct).ConfigureAwait(false);
            if (release is null)
            {
                release = new LotRelease { LotId = lot.Id };
                _db.Releases.Add(release);
            }
            release.Assign(lot, spec, assignment.Route, assignment.WeightKg, assignment.CellsPerKg, assignment.VolumeMl, assignment.InfusionHours);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
        return await GetAsync(lotCode, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records a result (refused when the specification has no such test, or the value or unit does not fit it).</summary>
    public async Task<ReleaseView> RecordResultAsync(string lotCode, ResultInput input, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Test == ReleaseTest.Identity) throw new ManufacturingException("Identity results come from an identity analysis of the stained and control FCS files.");
        var user = await _users.RequireWriterAsync(actor, "Entering results", cancellationToken).ConfigureAwait(false);
        await _db.WriteAsync(user.UserName, input.Reason?.Trim(), async ct =>
        {
            var (lot, release) = await LoadAsync(lotCode, ct, tracking: true).ConfigureAwait(false);
            var item = SpecificationEvaluator.CheckResult(release.Specification!, input.Test, input.Name, input.Value, input.Text, input.Unit);
            Add(lot, release, new TestResult
            {
                Test = item.Test, Name = item.Name, Value = input.Value, Text = string.IsNullOrWhiteSpace(input.Text) ? null : input.Text.Trim(),
                Unit = item.Unit, Method = input.Method, EnteredBy = user.UserName, EnteredUtc = AuditChain.Normalize(DateTime.UtcNow),
                CorrectionReason = input.Reason,
            });
            return 0;
        }, cancellationToken).ConfigureAwait(false);
        return await GetAsync(lotCode, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The identity analysis in force on a lot's release (the latest not superseded), or null when none is recorded.</summary>
    public async Task<IdentityResult?> IdentityInForceAsync(string lotCode, CancellationToken cancellationToken = default)
    {
        var row = await _db.TestResults.AsNoTracking()
            .Where(r => r.Test == ReleaseTest.Identity && !r.Superseded && _db.Releases.Any(x => x.Id == r.ReleaseId && x.Lot!.Code == lotCode))
            .OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return row?.IdentityJson is { } json ? SpecificationEvaluator.ParseIdentity(json) : null;
    }

    /// <summary>Runs the identity engine on the given files and records its result JSON, verdict and input SHA-256s.</summary>
    public async Task<(ReleaseView Release, IdentityResult Identity)> RecordIdentityAsync(string lotCode, IdentityInput input, string actor,
        CancellationToken cancellationToken = default, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var user = await _users.RequireWriterAsync(actor, "Entering results", cancellationToken).ConfigureAwait(false);
        // Only a built-in or QA-approved panel version judges a release result (change control, EU GMP Annex 11 §10).
        var panelInForce = await new SpecificationService(_db).PanelInForceAsync(input.Panel, cancellationToken).ConfigureAwait(false);
        var full = input with
        {
            Stained = input.Stained.Select(Path.GetFullPath).ToArray(), Controls = input.Controls.Select(Path.GetFullPath).ToArray(),
            Panel = panelInForce.Id, PanelJson = panelInForce.Json,
        };
        IdentityResult result;
        try
        {
            result = IdentityAnalyzer.Analyze(full.ToRequest());
        }
        catch (IdentityException ex)
        {
            throw new ManufacturingException($"Identity analysis failed: {ex.Message}", ex) { Subject = lotCode };
        }
        await _db.WriteAsync(user.UserName, reason?.Trim(), async ct =>
        {
            var (lot, release) = await LoadAsync(lotCode, ct, tracking: true).ConfigureAwait(false);
            var item = SpecificationEvaluator.CheckResult(release.Specification!, ReleaseTest.Identity, null, null, null, null);
            if (item.Panel is { } panel && !string.Equals(panel, result.Panel, StringComparison.OrdinalIgnoreCase))
                throw new ManufacturingException($"The specification asks for identity by panel {panel}; the analysis used {result.Panel} (use --panel {panel}).") { Subject = lotCode };
            Add(lot, release, new TestResult
            {
                Test = ReleaseTest.Identity, Name = item.Name, Text = result.Verdict.ToString().ToLowerInvariant(), Unit = "",
                Method = $"Stroma.Identity {panelInForce.Reference}", EnteredBy = user.UserName,
                EnteredUtc = AuditChain.Normalize(DateTime.UtcNow), CorrectionReason = reason,
                IdentityJson = JsonSerializer.Serialize(result, IdentityBatch.Json),
                IdentityRequestJson = JsonSerializer.Serialize(full, Json),
                InputSha256 = string.Join('\n', result.Inputs.Select(i => $"{i.Role}:{i.Path}:{i.Sha256}")),
            });
            return 0;
        }, cancellationToken).ConfigureAwait(false);
        return (await GetAsync(lotCode, cancellationToken).ConfigureAwait(false), result);
    }

    /// <summary>The release record of a lot with its evaluation.</summary>
    public async Task<ReleaseView> GetAsync(string lotCode, CancellationToken cancellationToken = default)
    {
        var (lot, release) = await LoadAsync(lotCode, cancellationToken).ConfigureAwait(false);
        return await ViewAsync(lot, release, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The release record of a lot with its evaluation, or null when the lot is unknown or has no specification yet.</summary>
    public async Task<ReleaseView?> FindAsync(string lotCode, CancellationToken cancellationToken = default)
    {
        var (lot, release) = await TryLoadAsync(lotCode, cancellationToken).ConfigureAwait(false);
        return lot is null || release is null ? null : await ViewAsync(lot, release, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every lot's release record (lot code → view), in one query per table.</summary>
    public async Task<IReadOnlyDictionary<string, ReleaseView>> ListAsync(CancellationToken cancellationToken = default)
    {
        var releases = await _db.Releases.AsNoTracking().Include(r => r.Lot).ThenInclude(l => l!.Passages)
            .Include(r => r.Specification).ThenInclude(s => s!.Items).Include(r => r.Results).Include(r => r.Signatures)
            .Include(r => r.Investigations).AsSplitQuery()
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var signers = await SignerNamesAsync(releases.SelectMany(r => r.Signatures), cancellationToken).ConfigureAwait(false);
        var deviations = (await _db.Set<Deviation>().AsNoTracking().Include(d => d.Lot).Where(d => d.LotId != null).ToListAsync(cancellationToken)
            .ConfigureAwait(false)).ToLookup(d => d.LotId);
        return releases.ToDictionary(r => r.Lot!.Code, r => View(r.Lot!, r, signers, deviations[r.LotId].ToArray()), StringComparer.Ordinal);
    }

    private async Task<ReleaseView> ViewAsync(Lot lot, LotRelease release, CancellationToken cancellationToken) =>
        View(lot, release, await SignerNamesAsync(release.Signatures, cancellationToken).ConfigureAwait(false),
            await LotDeviationsAsync(lot.Id, tracking: false, cancellationToken).ConfigureAwait(false));

    private async Task<Deviation[]> LotDeviationsAsync(int lotId, bool tracking, CancellationToken ct)
    {
        var query = _db.Set<Deviation>().Include(d => d.Lot).Where(d => d.LotId == lotId);
        return await (tracking ? query : query.AsNoTracking()).OrderBy(d => d.Id).ToArrayAsync(ct).ConfigureAwait(false);
    }

    private static ReleaseView View(Lot lot, LotRelease release, Dictionary<string, string?> signers, IReadOnlyList<Deviation> deviations)
    {
        var evaluation = release.Evaluate(lot);
        // Every showing re-checks each signature against the content it signed; a mismatch replaces the disposition.
        var invalidSignatures = SignatureCheck.InvalidSignatures(release, lot);
        var inForce = release.EffectiveResults().Where(r => !r.Superseded).Select(r => r.Id).ToHashSet();
        var invalidated = release.Investigations.Where(i => i.Status == InvestigationStatus.Invalidated)
            .Select(i => i.TestResultId).ToHashSet();
        return new ReleaseView
        {
            Lot = lot.Code,
            Status = invalidSignatures.Count > 0 ? SignatureCheck.Invalid : Terms.Token(lot.Status),
            Specification = SpecificationView.Of(release.Specification!),
            Route = Terms.Token(release.Route),
            WeightKg = release.PatientWeightKg,
            CellsPerKg = release.CellsPerKg,
            VolumeMl = release.DoseVolumeMl,
            Evaluation = evaluation,
            Results = release.Results.OrderBy(r => r.EnteredUtc).ThenBy(r => r.Id).Select(r => new ResultView(Terms.Token(r.Test), r.Name, r.Value, r.Text, r.Unit, r.Method,
                r.EnteredBy, r.EnteredUtc, r.Superseded, r.InputSha256)
            {
                Id = r.Id, Revision = r.Revision, CorrectionReason = r.CorrectionReason, Specification = r.Specification, InForce = inForce.Contains(r.Id),
                Invalidated = invalidated.Contains(r.Id),
            }).ToArray(),
            Investigations = release.Investigations.OrderBy(i => i.Id).Select(i => InvestigationView.Of(i, lot.Code)).ToArray(),
            Deviations = deviations.Select(DeviationView.Of).ToArray(),
            AwaitsDecision = !release.IsFinal,
            Signatures = release.Signatures.OrderBy(s => s.SignedUtc).Select(s => new SignatureLine(s.UserName, signers.GetValueOrDefault(s.UserName), s.Role, s.Meaning, s.Reason,
                Terms.Token(s.Disposition), s.SignedUtc, s.ManifestSha256)
                {
                    ContentMatches = !invalidSignatures.Contains(s.Id), Specification = s.Specification,
                }).ToArray(),
            Disposition = invalidSignatures.Count > 0 ? SignatureCheck.Invalid : release.Disposition is { } d ? Terms.Token(d) : null,
        };
    }

    /// <summary>
    /// Signs a disposition: the signer is re-authenticated by password, must hold the QA role and must not have entered
    /// any of the lot's results (four-eyes); "released" needs every required item to pass.
    /// </summary>
    public async Task<ReleaseView> SignAsync(string lotCode, SignInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (string.IsNullOrWhiteSpace(input.Reason)) throw new ManufacturingException("A signature needs a reason.");
        var user = await _users.AuthenticateAsync(input.UserName, input.Password, cancellationToken).ConfigureAwait(false);
        var signer = new Signer(user.UserName, user.Roles, user.Roles.Contains(StromaRoles.QA, StringComparer.Ordinal));
        await _db.WriteAsync(user.UserName, input.Reason.Trim(), async ct =>
        {
            var (lot, release) = await LoadAsync(lotCode, ct, tracking: true).ConfigureAwait(false);
            var deviations = await LotDeviationsAsync(lot.Id, tracking: false, ct).ConfigureAwait(false);
            release.Sign(lot, signer, input.Disposition, input.Meaning, input.Reason, AuditChain.Normalize(DateTime.UtcNow), deviations);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
        return await GetAsync(lotCode, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Everything the certificate of analysis prints (re-running the identity analysis for plots when its inputs are unchanged).</summary>
    public async Task<CertificateData> CertificateAsync(string lotCode, CancellationToken cancellationToken = default)
    {
        var view = await GetAsync(lotCode, cancellationToken).ConfigureAwait(false);
        var lot = await new LotService(_db) { Limits = Limits }.GetAsync(lotCode, cancellationToken).ConfigureAwait(false);
        var audit = await new AuditService(_db).VerifyAsync(cancellationToken).ConfigureAwait(false);
        var identityRow = await _db.TestResults.AsNoTracking()
            .Where(r => r.Test == ReleaseTest.Identity && !r.Superseded && _db.Releases.Any(x => x.Id == r.ReleaseId && x.Lot!.Code == lotCode))
            .OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        IdentityResult? stored = null, rerun = null;
        string? note = null;
        if (identityRow?.IdentityJson is { } json)
        {
            stored = SpecificationEvaluator.ParseIdentity(json);
            (rerun, note) = Reanalyse(identityRow, stored);
        }
        var lotRecord = await _db.Lots.AsNoTracking().Include(l => l.Priming).SingleAsync(l => l.Code == lotCode, cancellationToken).ConfigureAwait(false);
        return new CertificateData
        {
            Lot = lot.Code,
            Kind = Terms.Label(Terms.Parse<LotKind>(lot.Kind, "kind")),
            Label = lot.Label,
            Din = lot.Din is null ? null : Manufacturing.Isbt128.DonationIdentificationNumber.Parse(lot.Din).Formatted,
            Donor = lot.Donor,
            Source = Terms.Label(Terms.Parse<TissueSource>(lot.Source, "source")),
            Isolation = Terms.Label(Terms.Parse<IsolationMethod>(lot.Isolation, "isolation")),
            Lineage = lot.Lineage.Select(l => new LineageLine(l.Code, Terms.Label(Terms.Parse<LotKind>(l.Kind, "kind")), l.CumulativePd)).ToArray(),
            CumulativePd = lot.CumulativePd,
            Passages = lot.Passages.Count,
            Priming = lotRecord.Priming.OrderBy(p => p.Date).Select(p => string.Create(CultureInfo.InvariantCulture,
                $"{Terms.Label(p.Agent)}{(p.Detail is null ? "" : $" ({p.Detail})")}{(p.Dose is { } d ? $" {d:0.###} {p.DoseUnit}" : "")} for {p.DurationHours:0.##} h from {p.Date:yyyy-MM-dd}")).ToArray(),
            Specification = $"{view.Specification.InForce} — {view.Specification.Title}",
            Route = Terms.Label(Terms.Parse<AdministrationRoute>(view.Route, "route")),
            Evaluation = view.Evaluation,
            Identity = stored,
            IdentityReanalysed = rerun,
            IdentityNote = note,
            IdentityInputs = stored?.Inputs ?? [],
            Signatures = view.Signatures,
            QualityEvents = QualityEvents(view),
            Disposition = view.Disposition,
            AuditSequence = audit.LastSequence,
            AuditHash = audit.LastHash,
            AuditIntact = audit.Intact,
            GeneratedUtc = DateTime.UtcNow,
        };
    }

    private static QualityEventLine[] QualityEvents(ReleaseView view) =>
    [
        .. view.Investigations.Select(i => new QualityEventLine($"OOS investigation #{i.Id}", $"{i.Name} {i.Observed} (criterion {i.Criterion}, {i.Specification})",
            i.Status, i.AssignableCause is null ? i.Conclusion : $"assignable cause: {i.AssignableCause}; {i.Conclusion}", Closed(i.ClosedBy, i.ClosedUtc))),
        .. view.Deviations.Select(d => new QualityEventLine($"deviation #{d.Id}", $"{d.Description} (impact: {d.Impact})", d.Status,
            d.Conclusion is null ? d.Capa : $"{d.Conclusion}; CAPA: {d.Capa}", Closed(d.ClosedBy, d.ClosedUtc))),
    ];

    private static string? Closed(string? by, DateTime? utc) =>
        by is null ? null : $"{by} {utc?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}";

    private static (IdentityResult? Result, string? Note) Reanalyse(TestResult row, IdentityResult? stored)
    {
        if (stored is null) return (null, "The stored identity result could not be read; only its verdict is shown.");
        if (row.IdentityRequestJson is null) return (null, "Stored numbers shown: the analysis request was not stored.");
        var request = JsonSerializer.Deserialize<IdentityInput>(row.IdentityRequestJson, Json);
        if (request is null) return (null, "Stored numbers shown: the analysis request could not be read.");
        foreach (var input in stored.Inputs)
        {
            if (!File.Exists(input.Path)) return (null, $"Stored numbers shown: input file {input.Path} is no longer available, so plots cannot be re-computed.");
            using var stream = File.OpenRead(input.Path);
            if (Convert.ToHexStringLower(SHA256.HashData(stream)) != input.Sha256)
                return (null, $"Stored numbers shown: input file {input.Path} has changed since the analysis (SHA-256 differs).");
        }
        try
        {
            return (IdentityAnalyzer.Analyze(request.ToRequest()), null);
        }
        catch (IdentityException ex)
        {
            return (null, $"Stored numbers shown: re-analysis failed ({ex.Message}).");
        }
    }

    private void Add(Lot lot, LotRelease release, TestResult result)
    {
        release.AddResult(lot, result);
        _db.Entry(release).Property(r => r.Version).IsModified = true;
    }

    private async Task<(Lot Lot, LotRelease Release)> LoadAsync(string lotCode, CancellationToken ct, bool tracking = false)
    {
        var (lot, release) = await TryLoadAsync(lotCode, ct, tracking).ConfigureAwait(false);
        if (lot is null) throw new RecordNotFoundException("lot", lotCode);
        return (lot, release
                     ?? throw new ManufacturingException($"Lot {lot.Code} has no release specification yet; assign one first: stroma release spec {lot.Code} --route ROUTE --weight KG --dose VALUE.") { Subject = lot.Code });
    }

    private async Task<(Lot? Lot, LotRelease? Release)> TryLoadAsync(string lotCode, CancellationToken ct, bool tracking = false)
    {
        // Cumulative PD needs only the lot's own passages: its starting PD from the lineage is stored on the lot.
        var lots = _db.Lots.Include(l => l.Passages).AsQueryable();
        var lot = await (tracking ? lots : lots.AsNoTracking()).SingleOrDefaultAsync(l => l.Code == lotCode, ct).ConfigureAwait(false);
        if (lot is null) return (null, null);
        var releases = _db.Releases.Include(r => r.Specification).ThenInclude(s => s!.Items).Include(r => r.Results).Include(r => r.Signatures)
            .Include(r => r.Investigations).AsSplitQuery();
        return (lot, await (tracking ? releases : releases.AsNoTracking()).SingleOrDefaultAsync(r => r.LotId == lot.Id, ct).ConfigureAwait(false));
    }

    private async Task<Dictionary<string, string?>> SignerNamesAsync(IEnumerable<ReleaseSignature> signatures, CancellationToken ct)
    {
        var names = signatures.Select(s => s.UserName.ToUpperInvariant()).Distinct().ToArray();
        if (names.Length == 0) return new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        return await _db.Users.AsNoTracking().Where(u => names.Contains(u.NormalizedUserName!))
            .ToDictionaryAsync(u => u.UserName!, u => u.FullName, StringComparer.OrdinalIgnoreCase, ct).ConfigureAwait(false);
    }

    // A definition given with an assignment is used only when a stored version with that content is approved.
    private async Task<ReleaseSpecification> ApprovedAsync(SpecificationDefinition definition, CancellationToken ct)
    {
        var record = definition.ToRecord();
        if (SpecificationDefinition.ReservedCodes.Contains(record.Code, StringComparer.OrdinalIgnoreCase)
            && record.ContentSha256 == SpecificationDefinition.Default.ContentHash())
            return await FindSpecificationAsync(record.Code, ct).ConfigureAwait(false);
        definition.EnsureNotReserved();
        var stored = await _db.Specifications.Include(s => s.Items).Where(s => s.Code == record.Code && s.ContentSha256 == record.ContentSha256)
            .OrderByDescending(s => s.SpecVersion).ToListAsync(ct).ConfigureAwait(false);
        return stored.FirstOrDefault(s => s.Status == DocumentStatus.Approved)
               ?? throw new ReleaseRefusedException(stored.Count == 0
                   ? $"Specification {record.Code} with this content is not stored: draft it (stroma release spec --file) and have QA approve it."
                   : $"Specification {stored[0].Reference} is a draft: QA must approve it before it can be used.") { Subject = record.Code };
    }

    private async Task<ReleaseSpecification> FindSpecificationAsync(string? reference, CancellationToken ct)
    {
        var text = string.IsNullOrWhiteSpace(reference) ? SpecificationDefinition.Default.Code : reference.Trim();
        var at = text.IndexOf('@', StringComparison.Ordinal);
        var code = at < 0 ? text : text[..at];
        int? version = at < 0 ? null
            : int.TryParse(text[(at + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
            : throw new ManufacturingException($"Specification reference '{reference}' must be CODE or CODE@VERSION.");
        var query = _db.Specifications.Include(s => s.Items).Where(s => s.Code == code);
        // A bare code means the latest version in force (approved); CODE@N names one version, which must be approved to be used.
        var builtInHash = SpecificationDefinition.Default.ContentHash();
        // A built-in version stored before change control existed is the shipped content: it is put in force here,
        // through the audited write, never by a silent migration.
        var legacy = SpecificationDefinition.ReservedCodes.Contains(code, StringComparer.OrdinalIgnoreCase)
            ? await query.Where(s => s.Status == DocumentStatus.Draft && s.ContentSha256 == builtInHash && s.DraftedBy == "").ToListAsync(ct)
                .ConfigureAwait(false)
            : [];
        foreach (var row in legacy) SpecificationService.MarkBuiltIn(row);
        if (legacy.Count > 0) await _db.SaveChangesAsync(ct).ConfigureAwait(false);
        var spec = version is { } v ? await query.SingleOrDefaultAsync(s => s.SpecVersion == v, ct).ConfigureAwait(false)
            : await query.Where(s => s.Status == DocumentStatus.Approved).OrderByDescending(s => s.SpecVersion).FirstOrDefaultAsync(ct).ConfigureAwait(false);
        if (spec is null && code == SpecificationDefinition.Default.Code && (version is null || version == SpecificationDefinition.Default.Version))
            spec = await SpecificationService.StoreAsync(_db, SpecificationDefinition.Default, "system", ct, builtIn: true).ConfigureAwait(false);
        return spec ?? throw new RecordNotFoundException("specification", text);
    }
}

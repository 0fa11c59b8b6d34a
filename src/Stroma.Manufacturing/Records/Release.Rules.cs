using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Stroma.Manufacturing.Culture;
using Stroma.Manufacturing.Release;

namespace Stroma.Manufacturing.Records;

/// <summary>Who asks to sign a release decision, as the caller authenticated them.</summary>
/// <param name="UserName">User name.</param>
/// <param name="Roles">The user's roles, for messages.</param>
/// <param name="MaySignReleases">Whether the user holds the role that signs release decisions (QA).</param>
public sealed record Signer(string UserName, IReadOnlyList<string> Roles, bool MaySignReleases)
{
    /// <summary>A signer who may sign release decisions when one of <paramref name="roles"/> is the signing
    /// role.</summary>
    /// <param name="userName">User name.</param>
    /// <param name="roles">The user's roles.</param>
    public static Signer WithRoles(string userName, IReadOnlyList<string> roles) =>
        new(userName, roles, roles.Contains(LotRelease.SigningRole, StringComparer.Ordinal));
}

// The release aggregate's rules: evaluation, results, and the e-signature of a disposition (21 CFR 11.50/11.70:
// the signature records who, when and what it means, and is bound to the exact content signed). Evaluation and
// disposition are pure functions of the aggregate and its lot; the database is not needed to decide a release.
public sealed partial class LotRelease
{
    private static readonly JsonSerializerOptions ManifestJson = new(JsonSerializerDefaults.Web);

    /// <summary>The role a release signature is given in.</summary>
    public const string SigningRole = "QA";

    /// <summary>The endotoxin plan of the planned use (null until weight and dose are known).</summary>
    public EndotoxinPlan? EndotoxinPlan() =>
        PatientWeightKg is { } w && CellsPerKg is { } c ? new EndotoxinPlan(Route, w, c * w, DoseVolumeMl,
            InfusionHours ?? 1) : null;

    /// <summary>Refuses a hand-entered identity result: identity comes from an analysis of the FCS files.</summary>
    /// <param name="test">The test of the result to enter.</param>
    public static void EnsureEnteredByHand(ReleaseTest test)
    {
        if (test == ReleaseTest.Identity)
            throw new ManufacturingException(
                "Identity results come from an identity analysis of the stained and control FCS files.");
    }

    /// <summary>
    /// The specification's identity item for an analysis run with <paramref name="analysedPanel"/>; refused when the
    /// specification asks for another panel.
    /// </summary>
    /// <param name="lot">The released lot (for messages).</param>
    /// <param name="analysedPanel">The panel id the identity engine reported.</param>
    public SpecificationItem IdentityItem(Lot lot, string analysedPanel)
    {
        ArgumentNullException.ThrowIfNull(lot);
        var spec = Specification ?? throw new InvalidOperationException("The release's specification is not loaded.");
        var item = SpecificationEvaluator.CheckResult(spec, ReleaseTest.Identity, null, null, null, null);
        if (item.Panel is { } panel && !string.Equals(panel, analysedPanel, StringComparison.OrdinalIgnoreCase))
            throw new ManufacturingException($"The specification asks for identity by panel {panel}; " +
                                             $"the analysis used {analysedPanel} (use --panel {panel}).")
                                                 { Subject = lot.Code };
        return item;
    }

    /// <summary>Judges the current results against the specification for <paramref name="lot"/>.</summary>
    public ReleaseEvaluation Evaluate(Lot lot)
    {
        ArgumentNullException.ThrowIfNull(lot);
        var spec = Specification ?? throw new InvalidOperationException("The release's specification is not loaded.");
        var evaluation = SpecificationEvaluator.Evaluate(spec, EffectiveResults(), PopulationDoublings.Cumulative(lot),
            EndotoxinPlan());
        return Annotated(evaluation);
    }

    /// <summary>Assigns the specification and planned use; refused once a final disposition is signed.</summary>
    public void Assign(Lot lot, ReleaseSpecification spec, AdministrationRoute route, double? weightKg,
        double? cellsPerKg, double? volumeMl,
        double? infusionHours)
    {
        ArgumentNullException.ThrowIfNull(lot);
        ArgumentNullException.ThrowIfNull(spec);
        if (Disposition is Manufacturing.Disposition.Released or Manufacturing.Disposition.Rejected)
            throw new ManufacturingException($"Lot {lot.Code} is already {Terms.Token(Disposition.Value)}; its " +
                $"specification cannot change.")
                { Subject = lot.Code };
        spec.EnsureInForce(lot.Code);
        Checks.Positive(weightKg, "Patient weight (kg)", 500);
        Checks.Positive(cellsPerKg, "Cells per kg", 1e10);
        Checks.Positive(volumeMl, "Dose volume (mL)", 10_000);
        Checks.Positive(infusionHours, "Infusion time (h)", 72);
        Specification = spec;
        SpecificationId = spec.Id;
        Route = route;
        PatientWeightKg = weightKg;
        CellsPerKg = cellsPerKg;
        DoseVolumeMl = volumeMl;
        InfusionHours = infusionHours;
        // A K/M limit that cannot be computed is refused now rather than discovered at signing (USP <85>).
        foreach (var item in spec.Items.Where(i => i.Test == ReleaseTest.Endotoxin && i.ComputedLimit is not null))
        {
            var plan = EndotoxinPlan() ?? throw new ManufacturingException(
                $"Specification {spec.Code} v{spec.SpecVersion} computes the endotoxin limit as K/M: give the " +
                    $"planned patient weight and dose.") { Subject = lot.Code };
            Endotoxin.Compute(plan, item.Unit);
        }
        if (lot.Status == LotStatus.InProcess) lot.Status = LotStatus.Quarantined;
    }

    /// <summary>
    /// Adds a result. A second result for the same item is a correction or a retest: it needs a reason
    /// (<see cref="TestResult.CorrectionReason"/>), becomes the item's next revision and leaves the earlier one stored
    /// and visible (EU GMP Annex 11 §9, ALCOA+: changes are recorded with who, when and why; nothing is overwritten).
    /// Refused after a final disposition; a quarantined lot continues. A result judged out of specification opens an
    /// OOS investigation at once (21 CFR 211.192), which is returned.
    /// </summary>
    public OosInvestigation? AddResult(Lot lot, TestResult result)
    {
        ArgumentNullException.ThrowIfNull(lot);
        ArgumentNullException.ThrowIfNull(result);
        if (IsFinal)
            throw new ManufacturingException($"Lot {lot.Code} is already {Terms.Token(Disposition!.Value)}; no more " +
                $"results can be entered.")
                { Subject = lot.Code };
        if (result.Value is { } v && !double.IsFinite(v)) throw new InvalidValueException("Result",
            v.ToString(CultureInfo.InvariantCulture), "a finite number");
        var earlier = Results.Where(r => r.Test == result.Test
            && string.Equals(r.Name, result.Name, StringComparison.OrdinalIgnoreCase)).ToArray();
        if (earlier.Length > 0 && string.IsNullOrWhiteSpace(result.CorrectionReason))
            throw new ManufacturingException($"Lot {lot.Code} already has a {result.Name} result " +
                $"({Shown(earlier[^1])}, entered by {earlier[^1].EnteredBy}); " +
                                             "a new one is a correction or a retest and needs a reason. The earlier " +
                                                 "result stays on record.")
                { Subject = lot.Code };
        result.CorrectionReason = earlier.Length == 0 ? null : result.CorrectionReason!.Trim();
        result.Revision = earlier.Length == 0 ? 1 : earlier.Max(r => r.Revision) + 1;
        result.Specification ??= Specification?.Reference;
        foreach (var old in earlier.Where(r => !r.Superseded)) old.Superseded = true;
        Results.Add(result);
        if (Specification is null) return null;
        // The result judged on its own against its item: a failing retest opens its own investigation too.
        var alone = SpecificationEvaluator.Evaluate(Specification, [Copy(result, superseded: false)],
            PopulationDoublings.Cumulative(lot), EndotoxinPlan());
        var outcome = alone.Items.FirstOrDefault(i => i.Test == result.Test
            && string.Equals(i.Name, result.Name, StringComparison.OrdinalIgnoreCase));
        if (outcome?.Status != ItemStatus.OutOfSpecification) return null;
        var investigation = OosInvestigation.Open(result, outcome, Specification.Reference, result.EnteredUtc);
        Investigations.Add(investigation);
        return investigation;
    }

    /// <summary>True once released or rejected. Quarantine is not final: it awaits a decision (EU GMP Glossary,
    /// "Quarantine": isolated "whilst awaiting a decision on their release or refusal"), so results, corrections,
    /// investigations and signatures continue from it.</summary>
    public bool IsFinal => Disposition is Manufacturing.Disposition.Released or Manufacturing.Disposition.Rejected;

    /// <summary>Investigations still open.</summary>
    public IReadOnlyList<OosInvestigation> OpenInvestigations =>
        Investigations.Where(i => i.Status == InvestigationStatus.Open).ToArray();

    /// <summary>
    /// The results that judge each item: invalidated results (an investigation found an assignable cause) never count;
    /// a result under an open or confirmed investigation keeps judging its item whatever was entered after it (a retest
    /// without an assignable cause does not replace an OOS result — FDA OOS guidance, "testing into compliance");
    /// otherwise the item's latest revision.
    /// </summary>
    public IReadOnlyList<TestResult> EffectiveResults()
    {
        var effective = new HashSet<TestResult>(ReferenceEqualityComparer.Instance);
        foreach (var item in Results.GroupBy(r => (r.Test, Name: r.Name.ToUpperInvariant())))
        {
            var valid = item.Where(r => !Investigations.Any(i => !i.HoldsResult && i.Concerns(r))).ToArray();
            var held = valid.Where(r => Investigations.Any(i => i.HoldsResult && i.Concerns(r))).ToArray();
            var pick = (held.Length > 0 ? held : valid).OrderBy(r => r.EnteredUtc).ThenBy(r => r.Revision)
                .ThenBy(r => r.Id).LastOrDefault();
            if (pick is not null) effective.Add(pick);
        }
        return Results.Select(r => Copy(r, superseded: !effective.Contains(r))).ToArray();
    }

    private ReleaseEvaluation Annotated(ReleaseEvaluation evaluation)
    {
        if (Investigations.Count == 0) return evaluation;
        var items = evaluation.Items.Select(o =>
        {
            var about = Investigations.Where(i => i.Test == o.Test
                && string.Equals(i.Name, o.Name, StringComparison.OrdinalIgnoreCase)).ToArray();
            if (about.Length == 0) return o;
            var notes = about.Select(i => i.Status switch
            {
                InvestigationStatus.Open => $"OOS investigation #{i.Id} open: {i.Observed} stands until QA closes it",
                InvestigationStatus.Confirmed => $"OOS {i.Observed} confirmed by investigation #{i.Id}",
                _ => $"{i.Observed} invalidated by investigation #{i.Id} ({i.AssignableCause})",
            });
            return o with { Note = string.Join("; ", new[] { o.Note }.Concat(notes)
                .Where(n => !string.IsNullOrEmpty(n))) };
        }).ToArray();
        return evaluation with { Items = items };
    }

    private static TestResult Copy(TestResult r, bool superseded) => new()
    {
        Id = r.Id, ReleaseId = r.ReleaseId, Test = r.Test, Name = r.Name, Value = r.Value, Text = r.Text, Unit = r.Unit,
            Method = r.Method,
        EnteredBy = r.EnteredBy, EnteredUtc = r.EnteredUtc, Superseded = superseded, Revision = r.Revision,
            CorrectionReason = r.CorrectionReason,
        Specification = r.Specification, IdentityJson = r.IdentityJson, IdentityRequestJson = r.IdentityRequestJson,
            InputSha256 = r.InputSha256,
    };

    private static string Shown(TestResult r) =>
        r.Value is { } v ? $"{v.ToString("G6", CultureInfo.InvariantCulture)} {r.Unit}".TrimEnd() : r.Text ?? "—";

    /// <summary>
    /// Signs a disposition: the signer must hold the QA role, must not have entered any of the lot's results
    /// (four-eyes),
    /// a released or rejected lot cannot be signed again, and "released" needs every required item to pass. The
    /// signature carries the SHA-256 of the signed manifest; the lot's status follows the disposition.
    /// </summary>
    public ReleaseSignature Sign(Lot lot, Signer signer, Disposition disposition, string? meaning, string reason,
        DateTime nowUtc) =>
        Sign(lot, signer, disposition, meaning, reason, nowUtc, []);

    /// <summary>
    /// Signs a disposition as <see cref="Sign(Lot, Signer, Disposition, string?, string, DateTime)"/> does; "released"
    /// is
    /// also refused while an OOS investigation of the lot's results or a deviation linked to the lot is open (21 CFR
    /// 211.192: the investigation is completed before the batch is released; EU GMP Ch. 1 §1.4(xv)), and needs a
    /// specification version approved by QA.
    /// </summary>
    public ReleaseSignature Sign(Lot lot, Signer signer, Disposition disposition, string? meaning, string reason,
        DateTime nowUtc,
        IReadOnlyCollection<Deviation> lotDeviations)
    {
        ArgumentNullException.ThrowIfNull(lotDeviations);
        ArgumentNullException.ThrowIfNull(lot);
        ArgumentNullException.ThrowIfNull(signer);
        if (string.IsNullOrWhiteSpace(reason)) throw new ManufacturingException("A signature needs a reason.");
        if (!signer.MaySignReleases)
            throw new ReleaseRefusedException($"User '{signer.UserName}' ({string.Join(", ", signer.Roles)}) cannot " +
                $"sign a release decision; " +
                                              "the QA role is needed.") { Subject = lot.Code };
        if (Disposition is Manufacturing.Disposition.Released or Manufacturing.Disposition.Rejected)
            throw new ReleaseRefusedException($"Lot {lot.Code} is already {Terms.Token(Disposition.Value)}.")
                { Subject = lot.Code };
        var own = Results.Where(r => string.Equals(r.EnteredBy, signer.UserName, StringComparison.OrdinalIgnoreCase))
            .Select(r => r.Name).Distinct(StringComparer.Ordinal).ToArray();
        if (own.Length > 0)
            throw new ReleaseRefusedException($"Four-eyes rule: {signer.UserName} entered results of lot {lot.Code} " +
                $"({string.Join(", ", own)}) and " +
                                              "cannot also sign its release; another QA user must sign.")
                                                  { Subject = lot.Code };
        var evaluation = Evaluate(lot);
        if (disposition == Manufacturing.Disposition.Released)
        {
            Specification!.EnsureInForce(lot.Code);
            var open = evaluation.Blocking.Concat(OpenInvestigations.Select(i =>
                $"OOS investigation #{i.Id} ({i.Name} {i.Observed}) is open"))
                .Concat(lotDeviations.Where(d => d.IsOpen).Select(d => $"deviation #{d.Id} is open")).ToArray();
            if (open.Length > 0)
                throw new ReleaseRefusedException($"Lot {lot.Code} cannot be released: {string.Join("; ", open)}.",
                    open) { Subject = lot.Code };
            if (Results.Count == 0)
                throw new ReleaseRefusedException($"Lot {lot.Code} cannot be released: no test result is recorded.")
                    { Subject = lot.Code };
        }
        if (disposition == Manufacturing.Disposition.Released && !evaluation.Releasable)
            throw new ReleaseRefusedException($"Lot {lot.Code} cannot be released: " +
                $"{string.Join("; ", evaluation.Blocking)}.", evaluation.Blocking)
                { Subject = lot.Code };
        var means = string.IsNullOrWhiteSpace(meaning) ? DefaultMeaning(disposition) : meaning.Trim();
        var signature = new ReleaseSignature
        {
            UserName = signer.UserName, Role = SigningRole, Meaning = means, Reason = reason.Trim(),
                Disposition = disposition,
            SignedUtc = nowUtc, ManifestSha256 = Manifest(lot, disposition, means, nowUtc),
            Specification = $"{Specification!.Reference} {Specification.ContentSha256}",
        };
        Signatures.Add(signature);
        Disposition = disposition;
        lot.Status = disposition switch
        {
            Manufacturing.Disposition.Released => LotStatus.Released,
            Manufacturing.Disposition.Rejected => LotStatus.Rejected,
            _ => LotStatus.Quarantined,
        };
        return signature;
    }

    /// <summary>The meaning a signature of a disposition has when none is given.</summary>
    public static string DefaultMeaning(Disposition disposition) => disposition switch
    {
        Manufacturing.Disposition.Released => "approved for release",
        Manufacturing.Disposition.Rejected => "rejected",
        _ => "placed in quarantine",
    };

    /// <summary>
    /// SHA-256 of what a signature covers: the lot, the exact specification version and every current result, so
    /// any later change to them is visible against the signature.
    /// </summary>
    public string Manifest(Lot lot, Disposition disposition, string meaning, DateTime signedUtc) =>
        Manifest(lot, disposition, meaning, signedUtc, ChangeControl.Stamp);

    /// <summary>
    /// The manifest with times written by <paramref name="stamp"/>: <see cref="ChangeControl.Stamp"/> (UTC,
    /// microseconds)
    /// for every signature made now; the times as loaded ("O") to re-check a signature made before times were
    /// normalised.
    /// </summary>
    internal string Manifest(Lot lot, Disposition disposition, string meaning, DateTime signedUtc, Func<DateTime,
        string> stamp)
    {
        ArgumentNullException.ThrowIfNull(lot);
        var spec = Specification ?? throw new InvalidOperationException("The release's specification is not loaded.");
        var manifest = new
        {
            lot = lot.Code,
            specification = $"{spec.Code} v{spec.SpecVersion} {spec.ContentSha256}",
            disposition = Terms.Token(disposition),
            meaning,
            signedUtc = stamp(signedUtc),
            results = Results.Where(r => !r.Superseded).OrderBy(r => r.Test).ThenBy(r => r.Name, StringComparer.Ordinal)
                .Select(r => new
            {
                test = Terms.Token(r.Test), r.Name, r.Value, r.Text, r.Unit, r.EnteredBy,
                entered = stamp(r.EnteredUtc), inputs = r.InputSha256,
            }),
        };
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(manifest,
            ManifestJson))));
    }
}

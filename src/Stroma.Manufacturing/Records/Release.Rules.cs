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
public sealed record Signer(string UserName, IReadOnlyList<string> Roles, bool MaySignReleases);

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
        PatientWeightKg is { } w && CellsPerKg is { } c ? new EndotoxinPlan(Route, w, c * w, DoseVolumeMl, InfusionHours ?? 1) : null;

    /// <summary>Judges the current results against the specification for <paramref name="lot"/>.</summary>
    public ReleaseEvaluation Evaluate(Lot lot)
    {
        ArgumentNullException.ThrowIfNull(lot);
        var spec = Specification ?? throw new InvalidOperationException("The release's specification is not loaded.");
        return SpecificationEvaluator.Evaluate(spec, Results, PopulationDoublings.Cumulative(lot), EndotoxinPlan());
    }

    /// <summary>Assigns the specification and planned use; refused once a final disposition is signed.</summary>
    public void Assign(Lot lot, ReleaseSpecification spec, AdministrationRoute route, double? weightKg, double? cellsPerKg, double? volumeMl,
        double? infusionHours)
    {
        ArgumentNullException.ThrowIfNull(lot);
        ArgumentNullException.ThrowIfNull(spec);
        if (Disposition is Manufacturing.Disposition.Released or Manufacturing.Disposition.Rejected)
            throw new ManufacturingException($"Lot {lot.Code} is already {Terms.Token(Disposition.Value)}; its specification cannot change.")
                { Subject = lot.Code };
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
                $"Specification {spec.Code} v{spec.SpecVersion} computes the endotoxin limit as K/M: give the planned patient weight and dose.") { Subject = lot.Code };
            Endotoxin.Compute(plan, item.Unit);
        }
        if (lot.Status == LotStatus.InProcess) lot.Status = LotStatus.Quarantined;
    }

    /// <summary>Adds a result, superseding the current one of the same test and name; refused after a final disposition.</summary>
    public void AddResult(Lot lot, TestResult result)
    {
        ArgumentNullException.ThrowIfNull(lot);
        ArgumentNullException.ThrowIfNull(result);
        if (Disposition is Manufacturing.Disposition.Released or Manufacturing.Disposition.Rejected)
            throw new ManufacturingException($"Lot {lot.Code} is already {Terms.Token(Disposition.Value)}; no more results can be entered.")
                { Subject = lot.Code };
        if (result.Value is { } v && !double.IsFinite(v)) throw new InvalidValueException("Result", v.ToString(CultureInfo.InvariantCulture), "a finite number");
        foreach (var old in Results.Where(r => !r.Superseded && r.Test == result.Test && string.Equals(r.Name, result.Name, StringComparison.OrdinalIgnoreCase)))
            old.Superseded = true;
        Results.Add(result);
    }

    /// <summary>
    /// Signs a disposition: the signer must hold the QA role, must not have entered any of the lot's results (four-eyes),
    /// a released or rejected lot cannot be signed again, and "released" needs every required item to pass. The
    /// signature carries the SHA-256 of the signed manifest; the lot's status follows the disposition.
    /// </summary>
    public ReleaseSignature Sign(Lot lot, Signer signer, Disposition disposition, string? meaning, string reason, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(lot);
        ArgumentNullException.ThrowIfNull(signer);
        if (string.IsNullOrWhiteSpace(reason)) throw new ManufacturingException("A signature needs a reason.");
        if (!signer.MaySignReleases)
            throw new ReleaseRefusedException($"User '{signer.UserName}' ({string.Join(", ", signer.Roles)}) cannot sign a release decision; " +
                                              "the QA role is needed.") { Subject = lot.Code };
        if (Disposition is Manufacturing.Disposition.Released or Manufacturing.Disposition.Rejected)
            throw new ReleaseRefusedException($"Lot {lot.Code} is already {Terms.Token(Disposition.Value)}.") { Subject = lot.Code };
        var own = Results.Where(r => string.Equals(r.EnteredBy, signer.UserName, StringComparison.OrdinalIgnoreCase))
            .Select(r => r.Name).Distinct(StringComparer.Ordinal).ToArray();
        if (own.Length > 0)
            throw new ReleaseRefusedException($"Four-eyes rule: {signer.UserName} entered results of lot {lot.Code} ({string.Join(", ", own)}) and " +
                                              "cannot also sign its release; another QA user must sign.") { Subject = lot.Code };
        var evaluation = Evaluate(lot);
        if (disposition == Manufacturing.Disposition.Released && !evaluation.Releasable)
            throw new ReleaseRefusedException($"Lot {lot.Code} cannot be released: {string.Join("; ", evaluation.Blocking)}.", evaluation.Blocking)
                { Subject = lot.Code };
        var means = string.IsNullOrWhiteSpace(meaning) ? DefaultMeaning(disposition) : meaning.Trim();
        var signature = new ReleaseSignature
        {
            UserName = signer.UserName, Role = SigningRole, Meaning = means, Reason = reason.Trim(), Disposition = disposition,
            SignedUtc = nowUtc, ManifestSha256 = Manifest(lot, disposition, means, nowUtc),
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
    public string Manifest(Lot lot, Disposition disposition, string meaning, DateTime signedUtc)
    {
        ArgumentNullException.ThrowIfNull(lot);
        var spec = Specification ?? throw new InvalidOperationException("The release's specification is not loaded.");
        var manifest = new
        {
            lot = lot.Code,
            specification = $"{spec.Code} v{spec.SpecVersion} {spec.ContentSha256}",
            disposition = Terms.Token(disposition),
            meaning,
            signedUtc = signedUtc.ToString("O", CultureInfo.InvariantCulture),
            results = Results.Where(r => !r.Superseded).OrderBy(r => r.Test).ThenBy(r => r.Name, StringComparer.Ordinal).Select(r => new
            {
                test = Terms.Token(r.Test), r.Name, r.Value, r.Text, r.Unit, r.EnteredBy,
                entered = r.EnteredUtc.ToString("O", CultureInfo.InvariantCulture), inputs = r.InputSha256,
            }),
        };
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(manifest, ManifestJson))));
    }
}

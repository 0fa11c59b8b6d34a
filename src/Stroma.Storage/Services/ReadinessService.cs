using Stroma.Knowledge.Readiness;
using Stroma.Manufacturing;
using K = Stroma.Knowledge;

namespace Stroma.Storage.Services;

/// <summary>
/// Clinical-readiness checks of a stored lot: maps the lot's record (donor, lineage PD, passages, priming,
/// freeze/thaw, release results and identity markers) onto the knowledge base's <see cref="LotProfile"/>
/// and runs the readiness rules. Facts the record does not hold stay unknown, so their rules are listed
/// as not assessable rather than passed.
/// </summary>
public sealed class ReadinessService(LotService lots, ReleaseService releases, DonorService donors)
{
    /// <summary>Evaluates a lot, optionally with a dose plan and patient profile.</summary>
    public async Task<ReadinessReport> EvaluateAsync(string lotCode, DosePlan? plan = null, PatientProfile? patient = null,
        ReadinessOptions? options = null, CancellationToken cancellationToken = default) =>
        await EvaluateAsync(await lots.GetAsync(lotCode, cancellationToken).ConfigureAwait(false), plan, patient, options, cancellationToken).ConfigureAwait(false);

    /// <summary>Evaluates a lot already loaded, optionally with a dose plan and patient profile.</summary>
    public async Task<ReadinessReport> EvaluateAsync(LotView lot, DosePlan? plan = null, PatientProfile? patient = null,
        ReadinessOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lot);
        var donor = await donors.GetAsync(lot.Donor, cancellationToken).ConfigureAwait(false);
        // No specification assigned yet: results are simply unknown.
        var release = await releases.FindAsync(lot.Code, cancellationToken).ConfigureAwait(false);
        var input = new ReadinessInput { Lot = Profile(lot, donor, release), Plan = plan ?? PlanOf(release), Patient = patient };
        return new ReadinessChecker(options).Evaluate(input, $"lot {lot.Code}");
    }

    /// <summary>The readiness profile of a lot record.</summary>
    public static LotProfile Profile(LotView lot, DonorView? donor, ReleaseView? release)
    {
        ArgumentNullException.ThrowIfNull(lot);
        var last = lot.Passages.Count > 0 ? lot.Passages[^1] : null;
        var current = release?.Results.Where(r => !r.Superseded).ToArray() ?? [];
        var markers = current.Where(r => r.Test == Terms.Token(ReleaseTest.Marker) && r.Value is not null)
            .GroupBy(r => r.Name).ToDictionary(g => g.Key, g => g.Last().Value!.Value, StringComparer.OrdinalIgnoreCase);
        var identity = current.Where(r => r.Test == Terms.Token(ReleaseTest.Identity)).Select(r => (DateTime?)r.EnteredUtc).Max();
        var thaws = lot.Cryo.Where(c => c.Kind == Terms.Token(CryoEventKind.Thaw)).ToArray();
        return new LotProfile
        {
            LotId = lot.Code,
            TissueSource = lot.Source.Replace('_', '-'),
            DonorType = Terms.TryParse<DonorType>(lot.DonorType, out var dt) ? (dt == DonorType.Allogeneic ? K.DonorType.Allogeneic : K.DonorType.Autologous) : null,
            DonorAgeYears = donor?.AgeYears,
            Species = donor?.Species ?? "human",
            Passage = lot.Passages.Count == 0 ? null : lot.Passages.Count,
            CumulativePopulationDoublings = lot.Passages.Count == 0 && lot.Lineage.Count <= 1 ? null : lot.CumulativePd,
            MediumSupplement = last is null || !Terms.TryParse<Manufacturing.MediumSupplement>(last.Supplement, out var s) ? null : s switch
            {
                Manufacturing.MediumSupplement.FetalBovineSerum => K.Readiness.MediumSupplement.FetalBovineSerum,
                Manufacturing.MediumSupplement.HumanPlateletLysate => K.Readiness.MediumSupplement.HumanPlateletLysate,
                Manufacturing.MediumSupplement.HumanABSerum => K.Readiness.MediumSupplement.HumanAbSerum,
                _ => K.Readiness.MediumSupplement.ChemicallyDefined,
            },
            OxygenPercent = last?.OxygenPercent,
            CultureFormat = last is null || !Terms.TryParse<CultureSystem>(last.System, out var system) ? null : system switch
            {
                CultureSystem.Monolayer2D => CultureFormat.Monolayer,
                CultureSystem.Spheroid3D => CultureFormat.Spheroid,
                _ => CultureFormat.Bioreactor,
            },
            PrimingSteps = lot.Priming.Select(p => new PrimingStep
            {
                Agent = p.Agent switch
                {
                    "ifn_gamma" => "ifn-gamma",
                    "tnf_alpha" => "tnf-alpha",
                    "poly_ic" => "tlr3-poly-ic",
                    "lps" => "tlr4-lps",
                    "platelet_lysate" => "human-platelet-lysate",
                    _ => p.Agent.Replace('_', '-'),
                },
                Dose = p.Dose is { } d ? $"{d} {p.DoseUnit}".Trim() : null,
                DurationHours = p.DurationHours,
                Date = p.Date,
            }).ToArray(),
            Cryopreserved = lot.Cryo.Any(c => c.Kind == Terms.Token(CryoEventKind.Freeze)) || thaws.Length > 0,
            PostThawViabilityPercent = thaws.LastOrDefault()?.ViabilityAfterPercent,
            Markers = markers.Count == 0 ? null : markers,
            IdentityAnalysisDate = identity is { } id ? DateOnly.FromDateTime(id) : null,
            LastPassageDate = last?.Date,
            LastPrimingDate = lot.Priming.Count == 0 ? null : lot.Priming.Max(p => p.Date),
            QcTests = release is null ? null : QcTestsOf(current),
            PotencyTests = release is null ? null : current.Where(r => r.Test == Terms.Token(ReleaseTest.Potency)).Select(r => r.Name).Distinct().ToArray(),
        };
    }

    /// <summary>The dose plan a release record was specified for (route, planned cells/kg).</summary>
    public static DosePlan? PlanOf(ReleaseView? release) =>
        release is null ? null : new DosePlan { Route = release.Route.Replace('_', '-'), CellsPerKg = release.CellsPerKg };

    // Release tests → knowledge QC-test ids.
    private static string[] QcTestsOf(IEnumerable<ResultView> results) => results.Select(r => r.Test switch
        {
            "identity" or "marker" => "immunophenotype",
            "viability" => "viability",
            "sterility" => "sterility",
            "mycoplasma" => "mycoplasma",
            "endotoxin" => "endotoxin",
            "karyotype" => r.Method?.Contains("fish", StringComparison.OrdinalIgnoreCase) == true ? "fish" : "cgh",
            _ => null,
        }).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
}

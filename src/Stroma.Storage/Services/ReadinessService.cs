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
    public async Task<ReadinessReport> EvaluateAsync(string lotCode, DosePlan? plan = null,
        PatientProfile? patient = null,
        ReadinessOptions? options = null, CancellationToken cancellationToken = default) =>
        await EvaluateAsync(await lots.GetAsync(lotCode, cancellationToken).ConfigureAwait(false), plan, patient,
            options, cancellationToken).ConfigureAwait(false);

    /// <summary>Evaluates a lot already loaded, optionally with a dose plan and patient profile.</summary>
    public async Task<ReadinessReport> EvaluateAsync(LotView lot, DosePlan? plan = null, PatientProfile? patient = null,
        ReadinessOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lot);
        var donor = await donors.GetAsync(lot.Donor, cancellationToken).ConfigureAwait(false);
        // No specification assigned yet: results are simply unknown.
        var release = await releases.FindAsync(lot.Code, cancellationToken).ConfigureAwait(false);
        var input = new ReadinessInput { Lot = Profile(lot, donor, release), Plan = plan ?? PlanOf(release),
            Patient = patient };
        return new ReadinessChecker(options).Evaluate(input, $"lot {lot.Code}");
    }

    /// <summary>
    /// The readiness profile of a lot record. Stored tokens are the knowledge base's ids (see <see cref="Terms"/>),
    /// so each is only looked up: a value the review does not list (tissue "other", a subcutaneous route, a
    /// priming agent "other") is unknown to the rules, which then report what they cannot assess.
    /// </summary>
    public static LotProfile Profile(LotView lot, DonorView? donor, ReleaseView? release)
    {
        ArgumentNullException.ThrowIfNull(lot);
        var knowledge = K.KnowledgeBase.Default;
        var last = lot.Passages.Count > 0 ? lot.Passages[^1] : null;
        var current = release?.Results.Where(r => !r.Superseded).ToArray() ?? [];
        var markers = current.Where(r => r.Test == Terms.Token(ReleaseTest.Marker) && r.Value is not null)
            .GroupBy(r => r.Name).ToDictionary(g => g.Key, g => g.Last().Value!.Value,
                StringComparer.OrdinalIgnoreCase);
        var identity = current.Where(r => r.Test == Terms.Token(ReleaseTest.Identity))
            .Select(r => (DateTime?)r.EnteredUtc).Max();
        var thaws = lot.Cryo.Where(c => c.Kind == Terms.Token(CryoEventKind.Thaw)).ToArray();
        return new LotProfile
        {
            LotId = lot.Code,
            TissueSource = knowledge.TissueSources.Find(lot.Source)?.Id,
            DonorType = Terms.TryParse<DonorType>(lot.DonorType, out var donorType) ? donorType : null,
            CellType = Terms.TryParse<MscCellType>(lot.CellType, out var cellType) ? cellType : null,
            DonorAgeYears = donor?.AgeYears,
            Species = donor?.Species ?? "human",
            Passage = lot.Passages.Count == 0 ? null : lot.Passages.Count,
            CumulativePopulationDoublings = lot.Passages.Count == 0 && lot.Lineage.Count <= 1 ? null : lot.CumulativePd,
            MediumSupplement = Terms.TryParse<MediumSupplement>(last?.Supplement, out var supplement) ? supplement
                : null,
            OxygenPercent = last?.OxygenPercent,
            CultureFormat = Terms.TryParse<CultureFormat>(last?.System, out var format) ? format : null,
            PrimingSteps = PrimingOf(lot.Priming, knowledge),
            Cryopreserved = lot.Cryo.Any(c => c.Kind == Terms.Token(CryoEventKind.Freeze)) || thaws.Length > 0,
            PostThawViabilityPercent = thaws.LastOrDefault()?.ViabilityAfterPercent,
            Markers = markers.Count == 0 ? null : markers,
            IdentityAnalysisDate = identity is { } id ? DateOnly.FromDateTime(id) : null,
            LastPassageDate = last?.Date,
            LastPrimingDate = lot.Priming.Count == 0 ? null : lot.Priming.Max(p => p.Date),
            QcTests = release is null ? null : QcTestsOf(current),
            PotencyTests = release is null ? null
                : current.Where(r => r.Test == Terms.Token(ReleaseTest.Potency)).Select(r => r.Name).Distinct()
                    .ToArray(),
        };
    }

    // An agent the review does not list cannot be judged; when only such steps were recorded the priming is
    // unknown (null), never "not primed" (an empty list).
    private static PrimingStep[]? PrimingOf(IReadOnlyList<PrimingView> priming, K.KnowledgeBase knowledge)
    {
        var known = priming.Where(p => knowledge.CultureFactors.Find(p.Agent) is not null).Select(p => new PrimingStep
        {
            Agent = knowledge.CultureFactors.Get(p.Agent).Id,
            Dose = p.Dose is { } d
                ? $"{d.ToString(System.Globalization.CultureInfo.InvariantCulture)} {p.DoseUnit}".Trim() : null,
            DurationHours = p.DurationHours,
            Date = p.Date,
        }).ToArray();
        return known.Length == 0 && priming.Count > 0 ? null : known;
    }

    /// <summary>The dose plan a release record was specified for (route, planned cells/kg).</summary>
    public static DosePlan? PlanOf(ReleaseView? release) =>
        release is null ? null
        : new DosePlan { Route = K.KnowledgeBase.Default.Routes.Find(release.Route)?.Id,
            CellsPerKg = release.CellsPerKg };

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

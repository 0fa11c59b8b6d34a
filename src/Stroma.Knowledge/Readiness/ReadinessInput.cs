using System.Text.Json.Serialization;

namespace Stroma.Knowledge.Readiness;

/// <summary>
/// What the readiness rules evaluate: a lot, and optionally the dose plan and the patient it is meant for.
/// Self-contained on purpose, so any manufacturing record can be mapped onto it. Everything except the lot
/// may be unknown (null); a rule whose inputs are unknown is reported as not assessable, never as passed.
/// </summary>
public sealed record ReadinessInput
{
    /// <summary>The lot.</summary>
    public required LotProfile Lot { get; init; }

    /// <summary>The dose plan, or null when none is given.</summary>
    public DosePlan? Plan { get; init; }

    /// <summary>The patient, or null when none is given.</summary>
    public PatientProfile? Patient { get; init; }
}

/// <summary>
/// A lot as the readiness rules see it. Null means unknown; for lists, null means unknown and an empty list
/// means "none" (e.g. <c>primingSteps: []</c> states the lot was not primed).
/// </summary>
public sealed record LotProfile
{
    /// <summary>Lot identifier, shown in reports.</summary>
    public string? LotId { get; init; }

    /// <summary>
    /// Tissue-source id or alias from the knowledge base (e.g. "bone-marrow", "adipose", "Wharton's jelly").
    /// </summary>
    public string? TissueSource { get; init; }

    /// <summary>Autologous or allogeneic.</summary>
    public DonorType? DonorType { get; init; }

    /// <summary>Donor age in years.</summary>
    public double? DonorAgeYears { get; init; }

    /// <summary>Species of origin (e.g. "human").</summary>
    public string? Species { get; init; }

    /// <summary>Stem, stromal or progenitor cells (nomenclature).</summary>
    public MscCellType? CellType { get; init; }

    /// <summary>Passage number of the product.</summary>
    public int? Passage { get; init; }

    /// <summary>Cumulative population doublings since isolation.</summary>
    public double? CumulativePopulationDoublings { get; init; }

    /// <summary>The expansion medium's supplement.</summary>
    public MediumSupplement? MediumSupplement { get; init; }

    /// <summary>Oxygen tension during expansion, % O₂.</summary>
    public double? OxygenPercent { get; init; }

    /// <summary>2D monolayer, 3D spheroid or bioreactor.</summary>
    public CultureFormat? CultureFormat { get; init; }

    /// <summary>Priming (licensing) steps; empty when the lot was not primed, null when unknown.</summary>
    public IReadOnlyList<PrimingStep>? PrimingSteps { get; init; }

    /// <summary>Whether the product was cryopreserved.</summary>
    public bool? Cryopreserved { get; init; }

    /// <summary>Whether it is infused directly after thawing (no recovery culture).</summary>
    public bool? InfusedDirectlyAfterThaw { get; init; }

    /// <summary>Post-thaw viability, % viable cells.</summary>
    public double? PostThawViabilityPercent { get; init; }

    /// <summary>Measured markers: marker id or alias (e.g. "CD142", "HLA-DR") → % positive cells.</summary>
    public IReadOnlyDictionary<string, double>? Markers { get; init; }

    /// <summary>Date of the identity (immunophenotype) analysis.</summary>
    public DateOnly? IdentityAnalysisDate { get; init; }

    /// <summary>Date of the last passage.</summary>
    public DateOnly? LastPassageDate { get; init; }

    /// <summary>Date of the last priming step; when null, the latest dated priming step is used.</summary>
    public DateOnly? LastPrimingDate { get; init; }

    /// <summary>
    /// QC tests performed (qc-tests ids or aliases, e.g. "sterility", "endotoxin", "mycoplasma", "cgh").
    /// </summary>
    public IReadOnlyList<string>? QcTests { get; init; }

    /// <summary>
    /// Potency tests measured (qc-tests ids of the potency category, e.g. "ido-activity"); empty when none.
    /// </summary>
    public IReadOnlyList<string>? PotencyTests { get; init; }

    /// <summary>Mechanisms of action the product claims.</summary>
    public IReadOnlyList<ClaimedMechanism>? ClaimedMechanisms { get; init; }
}

/// <summary>One priming (licensing) step.</summary>
public sealed record PrimingStep
{
    /// <summary>Culture-factor id or alias (e.g. "ifn-gamma", "IFN-γ+TNF-α", "hypoxia", "poly(I:C)").</summary>
    public required string Agent { get; init; }

    /// <summary>Dose or concentration as recorded (e.g. "25 ng/mL", "1% O2").</summary>
    public string? Dose { get; init; }

    /// <summary>Duration in hours.</summary>
    public double? DurationHours { get; init; }

    /// <summary>Date the step ended.</summary>
    public DateOnly? Date { get; init; }
}

/// <summary>A dose plan.</summary>
public sealed record DosePlan
{
    /// <summary>Route id or alias from the knowledge base (e.g. "intravenous", "IV", "intra-articular").</summary>
    public string? Route { get; init; }

    /// <summary>Cells per kg body weight per dose.</summary>
    public double? CellsPerKg { get; init; }

    /// <summary>Fixed number of cells per dose.</summary>
    public double? CellsPerDose { get; init; }

    /// <summary>Number of doses.</summary>
    public int? NumberOfDoses { get; init; }

    /// <summary>Days between doses.</summary>
    public double? IntervalDays { get; init; }
}

/// <summary>The patient the lot is meant for.</summary>
public sealed record PatientProfile
{
    /// <summary>Age in years.</summary>
    public double? AgeYears { get; init; }

    /// <summary>Body weight in kg.</summary>
    public double? WeightKg { get; init; }

    /// <summary>Immune status at the time of infusion.</summary>
    public ImmuneStatus? ImmuneStatus { get; init; }

    /// <summary>ABO blood group: "O", "A", "B" or "AB" (an Rh suffix such as "O+" is accepted and ignored).</summary>
    public string? BloodGroup { get; init; }
}

/// <summary>The patient's immune status.</summary>
public enum ImmuneStatus
{
    /// <summary>Immunocompetent.</summary>
    Immunocompetent,

    /// <summary>Immunocompromised or immunosuppressed.</summary>
    Immunocompromised,
}

/// <summary>A mechanism of action a product claims (the categories CIDMap uses for trial reports).</summary>
public enum ClaimedMechanism
{
    /// <summary>Immunomodulation.</summary>
    Immunomodulation,

    /// <summary>Trophic/paracrine support.</summary>
    Trophic,

    /// <summary>Differentiation and replacement.</summary>
    Differentiation,
}

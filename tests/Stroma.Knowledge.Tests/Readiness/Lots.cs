using Stroma.Knowledge.Readiness;

namespace Stroma.Knowledge.Tests.Readiness;

/// <summary>Readiness inputs for tests: a fully documented lot, and changes to it.</summary>
internal static class Lots
{
    /// <summary>
    /// A well-documented autologous BM lot for intra-articular use: every rule can be decided on it, and only
    /// the batch-variability note on its platelet lysate fires.
    /// </summary>
    public static ReadinessInput Documented { get; } = new()
    {
        Lot = new LotProfile
        {
            LotId = "BASE-1",
            TissueSource = "bone-marrow",
            DonorType = DonorType.Autologous,
            DonorAgeYears = 35,
            Species = "human",
            CellType = MscCellType.Stromal,
            Passage = 4,
            CumulativePopulationDoublings = 12,
            MediumSupplement = MediumSupplement.HumanPlateletLysate,
            OxygenPercent = 5,
            CultureFormat = CultureFormat.Monolayer,
            PrimingSteps = [],
            Cryopreserved = false,
            InfusedDirectlyAfterThaw = false,
            PostThawViabilityPercent = 92,
            Markers = new Dictionary<string, double> { ["CD142"] = 5, ["HLA-DR"] = 0.5 },
            IdentityAnalysisDate = new DateOnly(2025, 3, 10),
            LastPassageDate = new DateOnly(2025, 3, 1),
            QcTests = ["sterility", "endotoxin", "mycoplasma", "gram-stain", "cgh"],
            PotencyTests = ["ido-activity"],
            ClaimedMechanisms = [ClaimedMechanism.Immunomodulation],
        },
        Plan = new DosePlan { Route = "intra-articular", CellsPerDose = 5e7, NumberOfDoses = 1 },
        Patient = new PatientProfile { AgeYears = 60, WeightKg = 70, ImmuneStatus = ImmuneStatus.Immunocompetent, BloodGroup = "O" },
    };

    public static ReadinessInput WithLot(Func<LotProfile, LotProfile> change) => Documented with { Lot = change(Documented.Lot) };

    public static ReadinessInput WithPlan(Func<DosePlan, DosePlan> change) => Documented with { Plan = change(Documented.Plan!) };

    public static ReadinessInput With(Func<LotProfile, LotProfile> lot, Func<DosePlan, DosePlan> plan) =>
        Documented with { Lot = lot(Documented.Lot), Plan = plan(Documented.Plan!) };

    public static PrimingStep Priming(string agent, int day = 5) => new() { Agent = agent, Dose = "as recorded", DurationHours = 48, Date = new DateOnly(2025, 3, day) };
}

using Stroma.Knowledge.Readiness;
using Xunit;
using static Stroma.Knowledge.Tests.Readiness.Lots;

namespace Stroma.Knowledge.Tests.Readiness;

/// <summary>
/// Every rule, one by one: a case where it fires and a near miss where it stays quiet (evaluated and found
/// false — not merely unassessable). Each case changes the fully documented lot as little as possible.
/// </summary>
public sealed class ReadinessRuleTests
{
    private static readonly ReadinessChecker Checker = new();

    private static readonly Dictionary<string, (ReadinessInput Fires, ReadinessInput Quiet)> Cases = new()
    {
        ["senescence-pd-stop"] = (
            WithLot(l => l with { CumulativePopulationDoublings = 30 }),
            WithLot(l => l with { CumulativePopulationDoublings = 29.9 })),
        ["senescence-pd-caution"] = (
            WithLot(l => l with { CumulativePopulationDoublings = 20 }),
            WithLot(l => l with { CumulativePopulationDoublings = 19.5 })),
        ["senescence-pd-unrecorded"] = (
            WithLot(l => l with { CumulativePopulationDoublings = null, Passage = 5 }),
            WithLot(l => l with { CumulativePopulationDoublings = 12, Passage = 5 })),
        ["donor-age-bone-marrow"] = (
            WithLot(l => l with { DonorAgeYears = 60 }),
            WithLot(l => l with { DonorAgeYears = 59 })),
        ["fbs-xenogeneic"] = (
            WithLot(l => l with { MediumSupplement = MediumSupplement.FetalBovineSerum }),
            WithLot(l => l with { MediumSupplement = MediumSupplement.HumanPlateletLysate })),
        ["alternative-supplement-variability"] = (
            WithLot(l => l with { MediumSupplement = MediumSupplement.ChemicallyDefined }),
            WithLot(l => l with { MediumSupplement = MediumSupplement.FetalBovineSerum })),
        ["abo-antigen-adsorption"] = (
            WithLot(l => l with { MediumSupplement = MediumSupplement.HumanAbSerum }),
            WithLot(l => l with { MediumSupplement = MediumSupplement.HumanPlateletLysate })),
        ["ibmir-risk"] = (
            With(l => l with { TissueSource = "adipose" }, p => p with { Route = "intravenous" }),
            With(l => l with { TissueSource = "bone-marrow" }, p => p with { Route = "intravenous" })),
        ["cryopreserved-direct-infusion"] = (
            WithLot(l => l with { Cryopreserved = true, InfusedDirectlyAfterThaw = true }),
            WithLot(l => l with { Cryopreserved = true, InfusedDirectlyAfterThaw = false })),
        ["post-thaw-viability-low"] = (
            WithLot(l => l with { PostThawViabilityPercent = 65 }),
            WithLot(l => l with { PostThawViabilityPercent = 70 })),
        ["allogeneic-repeated-doses"] = (
            With(l => l with { DonorType = DonorType.Allogeneic }, p => p with { NumberOfDoses = 3, IntervalDays = 7 }),
            With(l => l with { DonorType = DonorType.Allogeneic }, p => p with { NumberOfDoses = 1 })),
        ["hla-class-ii-allogeneic"] = (
            WithLot(l => l with { DonorType = DonorType.Allogeneic, PrimingSteps = [Priming("ifn-gamma")], IdentityAnalysisDate = new DateOnly(2025, 3, 12) }),
            WithLot(l => l with { DonorType = DonorType.Allogeneic, PrimingSteps = [Priming("hypoxia")], IdentityAnalysisDate = new DateOnly(2025, 3, 12) })),
        ["licensing-without-ido"] = (
            WithLot(l => l with { PrimingSteps = [Priming("ifn-gamma")], PotencyTests = ["immune-suppression-assay"], IdentityAnalysisDate = new DateOnly(2025, 3, 12) }),
            WithLot(l => l with { PrimingSteps = [Priming("ifn-gamma")], PotencyTests = ["ido-activity"], IdentityAnalysisDate = new DateOnly(2025, 3, 12) })),
        ["tlr4-priming-immunomodulation"] = (
            WithLot(l => l with { PrimingSteps = [Priming("tlr4-lps")], IdentityAnalysisDate = new DateOnly(2025, 3, 12) }),
            WithLot(l => l with { PrimingSteps = [Priming("tlr4-lps")], ClaimedMechanisms = [ClaimedMechanism.Trophic], IdentityAnalysisDate = new DateOnly(2025, 3, 12) })),
        ["potency-not-measured"] = (
            WithLot(l => l with { PotencyTests = [] }),
            WithLot(l => l with { PotencyTests = ["immune-suppression-assay"] })),
        ["identity-stale"] = (
            WithLot(l => l with { IdentityAnalysisDate = new DateOnly(2025, 2, 20) }),
            WithLot(l => l with { IdentityAnalysisDate = new DateOnly(2025, 3, 1) })),
        ["safety-tests-missing"] = (
            WithLot(l => l with { QcTests = ["sterility", "endotoxin", "gram-stain", "cgh"] }),
            WithLot(l => l with { QcTests = ["sterility", "endotoxin", "mycoplasma", "cgh"] })),
        ["gram-stain-missing"] = (
            WithLot(l => l with { QcTests = ["sterility", "endotoxin", "mycoplasma", "cgh"] }),
            WithLot(l => l with { QcTests = ["sterility", "endotoxin", "mycoplasma", "gram-stain", "fish"] })),
        ["genome-stability-not-tested"] = (
            WithLot(l => l with { QcTests = ["sterility", "endotoxin", "mycoplasma", "gram-stain"] }),
            WithLot(l => l with { QcTests = ["sterility", "endotoxin", "mycoplasma", "gram-stain", "fish"] })),
        ["patient-immune-status-unrecorded"] = (
            Documented with { Patient = Documented.Patient! with { ImmuneStatus = null } },
            Documented with { Patient = Documented.Patient! with { ImmuneStatus = ImmuneStatus.Immunocompromised } }),
    };

    public static TheoryData<string> RuleIds => [.. KnowledgeBase.Default.ReadinessRules.Rules.Select(r => r.Id)];

    [Fact]
    public void Every_rule_has_a_firing_case_and_a_quiet_case()
    {
        Assert.Equal(KnowledgeBase.Default.ReadinessRules.Rules.Select(r => r.Id).Order(), Cases.Keys.Order());
    }

    [Fact]
    public void Every_rule_reads_only_catalogued_fields_and_every_parameter_is_used()
    {
        var kb = KnowledgeBase.Default;
        Assert.All(kb.ReadinessRules.Rules.SelectMany(r => r.Fields), f => Assert.NotNull(kb.ReadinessFields.Find(f)));
        Assert.Equal(kb.ReadinessRules.Parameters.Select(p => p.Name).Order(), kb.ReadinessRules.Rules.SelectMany(r => r.Parameters).Distinct().Order());
        Assert.All(kb.ReadinessRules.Rules, r => Assert.False(string.IsNullOrWhiteSpace(r.Rationale)));
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_fires_on_its_firing_case(string ruleId)
    {
        var rule = KnowledgeBase.Default.ReadinessRules.Find(ruleId)!;
        var report = Checker.Evaluate(Cases[ruleId].Fires);
        var flag = Assert.Single(report.Flags, f => f.RuleId == ruleId);
        Assert.Equal(rule.Severity, flag.Severity);
        Assert.DoesNotContain("{", flag.Message, StringComparison.Ordinal);
        Assert.NotEmpty(flag.Sources);
        Assert.Equal(rule.Rationale, flag.Rationale);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_stays_quiet_on_its_near_miss(string ruleId)
    {
        var report = Checker.Evaluate(Cases[ruleId].Quiet);
        Assert.Contains(ruleId, report.Passed);
        Assert.DoesNotContain(report.Flags, f => f.RuleId == ruleId);
        Assert.DoesNotContain(report.NotAssessable, n => n.RuleId == ruleId);
    }

    [Fact]
    public void The_documented_lot_is_fully_assessable_and_only_notes_its_supplement()
    {
        var report = Checker.Evaluate(Documented);
        Assert.Empty(report.NotAssessable);
        Assert.Equal(["alternative-supplement-variability"], report.Flags.Select(f => f.RuleId));
        Assert.Equal("info", report.Verdict);
    }

    [Fact]
    public void Senescence_caution_gives_way_to_stop_at_the_upper_limit()
    {
        var report = Checker.Evaluate(WithLot(l => l with { CumulativePopulationDoublings = 34 }));
        Assert.Contains(report.Flags, f => f.RuleId == "senescence-pd-stop");
        Assert.DoesNotContain(report.Flags, f => f.RuleId == "senescence-pd-caution");
        Assert.Equal("stop", report.Verdict);
        Assert.Equal("senescence-pd-stop", report.Flags[0].RuleId);
        Assert.Contains("(34)", report.Flags[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Donor_age_is_only_pointed_out_for_bone_marrow()
    {
        var report = Checker.Evaluate(WithLot(l => l with { TissueSource = "adipose", DonorAgeYears = 75 }));
        Assert.Contains("donor-age-bone-marrow", report.Passed);
    }

    [Fact]
    public void Measured_CD142_above_the_threshold_flags_IBMIR_even_for_bone_marrow()
    {
        var report = Checker.Evaluate(With(l => l with { Markers = new Dictionary<string, double> { ["CD142"] = 35, ["HLA-DR"] = 0.5 } }, p => p with { Route = "IV" }));
        var flag = Assert.Single(report.Flags, f => f.RuleId == "ibmir-risk");
        Assert.Contains("measured CD142: 35%", flag.Message, StringComparison.Ordinal);
        Assert.Contains("anticoagulation", flag.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Local_delivery_of_an_adipose_product_does_not_flag_IBMIR()
    {
        var report = Checker.Evaluate(With(l => l with { TissueSource = "adipose" }, p => p with { Route = "intralesional" }));
        Assert.Contains("ibmir-risk", report.Passed);
    }

    [Fact]
    public void Intravenous_delivery_from_a_source_the_review_is_silent_on_needs_a_CD142_measurement()
    {
        var report = Checker.Evaluate(With(l => l with { TissueSource = "dental-pulp", Markers = new Dictionary<string, double>() }, p => p with { Route = "intravenous" }));
        var unassessed = Assert.Single(report.NotAssessable, n => n.RuleId == "ibmir-risk");
        Assert.Equal(["lot.markers.CD142", "lot.tissueFactor"], unassessed.MissingFields);
    }

    [Fact]
    public void Priming_after_the_identity_analysis_makes_it_stale()
    {
        var stale = Checker.Evaluate(WithLot(l => l with { PrimingSteps = [Priming("ifn-gamma", day: 15)] }));
        Assert.Contains(stale.Flags, f => f.RuleId == "identity-stale");
        var fresh = Checker.Evaluate(WithLot(l => l with { PrimingSteps = [Priming("ifn-gamma", day: 8)] }));
        Assert.Contains("identity-stale", fresh.Passed);
    }

    [Fact]
    public void An_explicit_last_priming_date_overrides_the_step_dates()
    {
        var report = Checker.Evaluate(WithLot(l => l with { PrimingSteps = [Priming("ifn-gamma", day: 8)], LastPrimingDate = new DateOnly(2025, 3, 20) }));
        var flag = Assert.Single(report.Flags, f => f.RuleId == "identity-stale");
        Assert.Contains("last primed on 2025-03-20", flag.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Measured_HLA_DR_above_the_ISCT_limit_flags_an_unprimed_allogeneic_lot()
    {
        var report = Checker.Evaluate(WithLot(l => l with { DonorType = DonorType.Allogeneic, Markers = new Dictionary<string, double> { ["CD142"] = 5, ["HLA-DR"] = 6 } }));
        Assert.Contains(report.Flags, f => f.RuleId == "hla-class-ii-allogeneic");
    }

    [Fact]
    public void Safety_message_lists_what_was_recorded()
    {
        var report = Checker.Evaluate(Cases["safety-tests-missing"].Fires);
        Assert.Contains("(sterility, endotoxin, gram-stain, cgh)", report.Flags.Single(f => f.RuleId == "safety-tests-missing").Message, StringComparison.Ordinal);
    }
}

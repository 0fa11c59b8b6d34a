using Stroma.Knowledge.Readiness;
using Xunit;
using static Stroma.Knowledge.Tests.Readiness.Lots;

namespace Stroma.Knowledge.Tests.Readiness;

/// <summary>The checker around the rules: options, normalisation of names, input validation and report shape.</summary>
public sealed class ReadinessCheckerTests
{
    [Fact]
    public void Parameters_default_to_the_rules_file_and_can_be_overridden()
    {
        Assert.Equal(20, new ReadinessChecker().Parameters["senescencePdCaution"]);
        Assert.Equal(30, new ReadinessChecker().Parameters["senescencePdStop"]);
        var strict = new ReadinessChecker(new ReadinessOptions { Parameters = new Dictionary<string, double> { ["senescencePdStop"] = 25 } });
        var report = strict.Evaluate(WithLot(l => l with { CumulativePopulationDoublings = 26 }));
        Assert.Contains(report.Flags, f => f.RuleId == "senescence-pd-stop" && f.Message.Contains("reached 25", StringComparison.Ordinal));
        Assert.Equal(25, report.Parameters["senescencePdStop"]);
    }

    [Fact]
    public void Overriding_an_unknown_parameter_or_disabling_an_unknown_rule_is_an_error()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ReadinessChecker(new ReadinessOptions { Parameters = new Dictionary<string, double> { ["pdStop"] = 25 } }));
        Assert.Contains("senescencePdStop", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new ReadinessChecker(new ReadinessOptions { DisabledRules = ["no-such-rule"] }));
        Assert.Throws<ArgumentException>(() => new ReadinessChecker(new ReadinessOptions { Parameters = new Dictionary<string, double> { ["senescencePdStop"] = double.NaN } }));
    }

    [Fact]
    public void Disabled_rules_are_not_evaluated()
    {
        var checker = new ReadinessChecker(new ReadinessOptions { DisabledRules = ["alternative-supplement-variability"] });
        var report = checker.Evaluate(Documented);
        Assert.Empty(report.Flags);
        Assert.Equal("clear", report.Verdict);
        Assert.Null(report.Highest);
        Assert.Equal(KnowledgeBase.Default.ReadinessRules.Rules.Count - 1, report.Passed.Count);
    }

    [Fact]
    public void An_empty_lot_leaves_most_rules_not_assessable_with_the_fields_they_need()
    {
        var report = new ReadinessChecker().Evaluate(new ReadinessInput { Lot = new LotProfile() });
        Assert.Contains(report.NotAssessable, n => n.RuleId == "senescence-pd-stop" && n.MissingFields.SequenceEqual(["lot.cumulativePopulationDoublings"]));
        Assert.Contains(report.NotAssessable, n => n.RuleId == "ibmir-risk" && n.MissingFields.Contains("plan.routeIntravascular"));
        // Only rules that test for missing data can fire on an empty lot.
        Assert.Empty(report.Flags);
        Assert.Equal(KnowledgeBase.Default.ReadinessRules.Rules.Count, report.Flags.Count + report.NotAssessable.Count + report.Passed.Count);
    }

    [Fact]
    public void Flags_come_most_severe_first()
    {
        var report = new ReadinessChecker().Evaluate(WithLot(l => l with
        {
            CumulativePopulationDoublings = 31,
            MediumSupplement = MediumSupplement.FetalBovineSerum,
            DonorAgeYears = 70,
        }));
        Assert.Equal([ReadinessSeverity.Stop, ReadinessSeverity.Caution, ReadinessSeverity.Info], report.Flags.Select(f => f.Severity).Distinct());
        Assert.Equal(ReadinessSeverity.Stop, report.Highest);
    }

    [Fact]
    public void Names_are_resolved_to_canonical_ids_before_the_rules_run()
    {
        var report = new ReadinessChecker().Evaluate(Documented with
        {
            Lot = Documented.Lot with
            {
                TissueSource = "AT",
                Markers = new Dictionary<string, double> { ["tissue factor"] = 5, ["HLA DR"] = 0.5 },
                QcTests = ["Sterility", "LAL", "mycoplasma PCR", "Gram staining", "array CGH"],
                PotencyTests = ["IDO"],
            },
            Plan = Documented.Plan! with { Route = "IV" },
            Patient = Documented.Patient! with { BloodGroup = "o+" },
        });
        var flag = Assert.Single(report.Flags, f => f.RuleId == "ibmir-risk");
        Assert.Contains("Route intravenous puts cells from adipose", flag.Message, StringComparison.Ordinal);
        Assert.Contains("safety-tests-missing", report.Passed);
        Assert.Equal("autologous human adipose-derived mesenchymal stromal cells", report.Label.Text);
    }

    [Fact]
    public void Every_problem_of_an_input_is_reported_together()
    {
        var ex = Assert.Throws<ReadinessInputException>(() => new ReadinessChecker().Evaluate(new ReadinessInput
        {
            Lot = new LotProfile
            {
                TissueSource = "spleen",
                PostThawViabilityPercent = 140,
                Markers = new Dictionary<string, double> { ["CD999"] = 5 },
                PrimingSteps = [new PrimingStep { Agent = "moonlight" }],
                PotencyTests = ["sterility"],
            },
            Plan = new DosePlan { Route = "intranasal", NumberOfDoses = 0 },
            Patient = new PatientProfile { BloodGroup = "Z" },
        }, "lot.json"));
        Assert.Equal(
            ["lot.postThawViabilityPercent", "lot.markers.CD999", "lot.primingSteps[0].agent", "lot.tissueSource", "lot.potencyTests[0]", "plan.numberOfDoses", "plan.route", "patient.bloodGroup"],
            ex.Problems.Select(p => p.Path));
        Assert.StartsWith("lot.json: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'spleen' is not a known tissue-sources entry", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not a potency test", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_checker_is_safe_to_share_across_threads()
    {
        var checker = new ReadinessChecker();
        var verdicts = Enumerable.Range(0, 64).AsParallel()
            .Select(i => checker.Evaluate(WithLot(l => l with { CumulativePopulationDoublings = i % 2 == 0 ? 10 : 35 })).Verdict)
            .ToList();
        Assert.Equal(32, verdicts.Count(v => v == "stop"));
        Assert.Equal(32, verdicts.Count(v => v == "info"));
    }
}

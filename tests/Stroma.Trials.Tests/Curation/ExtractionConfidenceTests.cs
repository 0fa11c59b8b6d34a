using Stroma.Trials.Curation;
using Stroma.Trials.Extraction;
using Xunit;

namespace Stroma.Trials.Tests.Curation;

/// <summary>Confidence follows the documented signals: where the evidence is, what it names, agreement and conflict.</summary>
public sealed class ExtractionConfidenceTests
{
    private static FieldConfidence Of(string field, Stroma.Trials.Model.ClinicalTrial t, TrialExtraction e) =>
        ExtractionConfidence.Assess(t, e).Single(c => c.Field == field);

    private static Evidence Quote(string field, string text, string supports) => new(field, 0, 0, text.Length, text, supports);

    [Fact]
    public void Every_curated_field_gets_a_score_between_zero_and_one_in_field_order()
    {
        var t = CurationTrials.Trial();
        var all = ExtractionConfidence.Assess(t, MscExtractor.Default.Extract(t));
        Assert.Equal(CurationFields.All, all.Select(c => c.Field));
        Assert.All(all, c => Assert.InRange(c.Score, 0, 1));
        Assert.All(all, c => Assert.NotEmpty(c.Signals));
    }

    [Fact]
    public void The_same_record_and_extraction_always_give_the_same_scores()
    {
        var t = CurationTrials.Trial();
        var e = MscExtractor.Default.Extract(t);
        Assert.Equal(ExtractionConfidence.Assess(t, e).Select(c => c.Score), ExtractionConfidence.Assess(t, e).Select(c => c.Score));
    }

    [Fact]
    public void A_value_quoted_from_an_intervention_that_names_the_product_is_more_certain_than_one_from_the_summary_that_does_not()
    {
        var t = CurationTrials.Trial();
        var strong = CurationTrials.Extraction(evidence:
            [Quote("InterventionDescription", "Bone marrow mesenchymal stromal cells given by intravenous infusion.", "route")]);
        var weak = CurationTrials.Extraction(evidence: [Quote("BriefSummary", "Patients get an intravenous line.", "route")]);
        var a = Of("route", t, strong);
        var b = Of("route", t, weak);
        Assert.True(a.Score > b.Score, $"{a.Score} should exceed {b.Score}");
        Assert.Contains(a.Signals, s => s.Reason.Contains("names the MSC product", StringComparison.Ordinal));
        Assert.Contains(b.Signals, s => s.Weight < 0 && s.Reason.Contains("does not name", StringComparison.Ordinal));
    }

    [Fact]
    public void A_default_route_in_a_record_that_names_a_route_scores_below_a_stated_route()
    {
        var t = CurationTrials.Trial();
        var stated = Of("route", t, CurationTrials.Extraction(evidence:
            [Quote("InterventionDescription", "Mesenchymal stromal cells by intravenous infusion.", "route")]));
        var fallback = Of("route", t, CurationTrials.Extraction(route: ["unspecified"]));
        Assert.True(fallback.Score < stated.Score);
        Assert.Contains(fallback.Signals, s => s.Reason.Contains("default", StringComparison.Ordinal));
    }

    [Fact]
    public void Another_route_named_beside_the_product_is_a_conflict_that_lowers_the_score()
    {
        var evidence = new[] { Quote("InterventionDescription", "Mesenchymal stromal cells by intravenous infusion.", "route") };
        var plain = Of("route", CurationTrials.Trial(), CurationTrials.Extraction(evidence: evidence));
        var conflicting = Of("route", CurationTrials.Trial(summary: "The mesenchymal stromal cells are injected intramuscularly into the thigh."),
            CurationTrials.Extraction(evidence: evidence));
        Assert.True(conflicting.Score < plain.Score);
        Assert.Contains(conflicting.Signals, s => s.Weight < 0 && s.Reason.Contains("intramuscular", StringComparison.Ordinal));
    }

    [Fact]
    public void A_route_named_in_two_fields_agrees_and_scores_higher_than_one_named_once()
    {
        var evidence = new[] { Quote("InterventionDescription", "Mesenchymal stromal cells by intravenous infusion.", "route") };
        var single = CurationTrials.Trial() with { ArmGroups = [] };
        var once = Of("route", single, CurationTrials.Extraction(evidence: evidence));
        var twice = Of("route", single with { BriefSummary = "Each patient has an intravenous dose." }, CurationTrials.Extraction(evidence: evidence));
        Assert.True(twice.Score > once.Score);
    }

    [Fact]
    public void A_default_is_doubtful_when_the_record_speaks_of_the_topic_and_sure_when_it_never_does()
    {
        var e = CurationTrials.Extraction();
        var silent = Of("passage", CurationTrials.Trial(), e);
        var spoken = Of("passage", CurationTrials.Trial(summary: "The cells are used at an early passage."), e);
        Assert.True(silent.Score > spoken.Score);
        Assert.Equal(ConfidenceLevel.Low, spoken.Level);
        Assert.Equal(ConfidenceLevel.Medium, silent.Level);
    }

    [Fact]
    public void Saying_no_msc_intervention_while_an_intervention_names_msc_is_low_confidence()
    {
        var t = CurationTrials.Trial();
        var no = Of("msc_intervention", t, CurationTrials.Extraction(msc: false));
        var yes = Of("msc_intervention", t, CurationTrials.Extraction());
        Assert.Equal(ConfidenceLevel.Low, no.Level);
        Assert.True(yes.Score > no.Score);
    }

    [Theory]
    [InlineData(0.0, ConfidenceLevel.Low)]
    [InlineData(0.44, ConfidenceLevel.Low)]
    [InlineData(0.45, ConfidenceLevel.Medium)]
    [InlineData(0.69, ConfidenceLevel.Medium)]
    [InlineData(0.7, ConfidenceLevel.High)]
    public void Scores_fall_into_the_documented_bands(double score, ConfidenceLevel level) =>
        Assert.Equal(level, ExtractionConfidence.LevelOf(score));
}

using Stroma.Trials.Extraction;
using Stroma.Trials.Extraction.Rules;
using Stroma.Trials.Model;
using Xunit;

namespace Stroma.Trials.Tests.Extraction;

/// <summary>
/// Mention linking: facts attach to the MSC product they are stated for — through its names, its codes, "the
/// cells" and the sentence that follows — and not to the other things a trial gives. Sentences written for
/// these tests from EXTRACTION.md's rules.
/// </summary>
public sealed class ProductLinkTests
{
    private static TrialExtraction Extract(IReadOnlyList<TrialIntervention> interventions, string? summary = null,
        IReadOnlyList<TrialArmGroup>? arms = null, string title = "A pilot trial in chronic kidney disease") =>
        MscExtractor.Default.Extract(new ClinicalTrial
        {
            NctId = "NCT90000040",
            BriefTitle = title,
            StudyType = "Interventional",
            Interventions = interventions,
            ArmGroups = arms ?? [],
            BriefSummary = summary,
        });

    private static TrialIntervention Msc(string? description = null, string name = "Mesenchymal stromal cells") =>
        new() { Name = name, Description = description, Type = "Biological" };

    [Fact]
    public void A_product_code_named_in_the_summary_carries_its_route_and_dose()
    {
        var e = Extract(
            [new TrialIntervention { Name = "QX-417", Type = "Biological", OtherNames = ["allogeneic mesenchymal stromal cells"] }],
            "Each participant receives QX-417 by intravenous infusion at 2 x 10^6 cells/kg on day 1 and day 8.");
        Assert.Equal(["intravenous"], e.Route);
        Assert.Equal(new DoseRange(2e6, 2e6, "cells_per_kg"), e.Dose);
        Assert.Equal(2, e.DoseCount);
    }

    [Fact]
    public void The_sentence_after_the_product_is_named_carries_its_facts()
    {
        var e = Extract([Msc()],
            "Mesenchymal stromal cells are thawed at the bedside. The infusion is given through a peripheral vein "
            + "and repeated after four weeks, for a total of two infusions.");
        Assert.Equal(["intravenous"], e.Route);
        Assert.Equal(2, e.DoseCount);
    }

    [Fact]
    public void A_new_paragraph_does_not_carry_the_product()
    {
        var e = Extract([Msc("Cells are given once.")],
            "Mesenchymal stromal cells are studied in this trial.\nOther treatments in use are applied topically.");
        Assert.Equal(["unspecified"], e.Route);
    }

    [Fact]
    public void Another_drug_dosed_by_mass_in_the_msc_arm_gives_no_count_and_no_route()
    {
        var e = Extract([Msc("A single infusion of mesenchymal stromal cells on day 0. "
            + "Methotrexate 15 mg is given subcutaneously on days 1, 3, 6 and 11.")]);
        Assert.Equal(1, e.DoseCount);
        Assert.Equal(["intravenous"], e.Route);
    }

    [Fact]
    public void A_comparator_interventions_schedule_does_not_leak_into_the_count()
    {
        var e = Extract(
            [
                Msc("One infusion of mesenchymal stromal cells."),
                new TrialIntervention { Name = "Tocilizumab", Type = "Drug", Description = "Given monthly." },
            ],
            "Tocilizumab is given on days 1, 29, 57 and 85 in the control arm.");
        Assert.Equal(1, e.DoseCount);
    }

    [Fact]
    public void Cells_of_another_product_in_the_same_record_give_it_no_route()
    {
        var e = Extract([Msc("Mesenchymal stromal cells are infused intravenously.")],
            "Bone marrow mononuclear cells are injected into the knee joint in the second cohort.");
        Assert.Equal(["intravenous"], e.Route);
    }

    [Fact]
    public void A_placebo_given_like_the_product_is_not_another_product()
    {
        var e = Extract([Msc(), new TrialIntervention { Name = "Placebo", Type = "Other" }],
            "Patients receive the study product or placebo by intrathecal injection.");
        Assert.Equal(["intrathecal"], e.Route);
    }

    [Fact]
    public void Vesicles_measured_as_a_biomarker_in_a_cell_trial_are_not_the_product()
    {
        var e = Extract([Msc("Mesenchymal stromal cells are infused intravenously.")],
            "Extracellular vesicles in the cerebrospinal fluid are measured at baseline after treatment.");
        Assert.Equal(["intravenous"], e.Route);
    }

    [Fact]
    public void A_code_that_is_the_condition_is_not_a_name_of_the_product()
    {
        var e = MscExtractor.Default.Extract(new ClinicalTrial
        {
            NctId = "NCT90000041",
            BriefTitle = "Stromal cells in a viral pneumonia",
            StudyType = "Interventional",
            Conditions = ["XV-19 pneumonia"],
            Interventions = [Msc(name: "Mesenchymal stromal cells for XV-19")],
            BriefSummary = "Patients with XV-19 are treated in the ward and receive oxygen through a nasal cannula.",
        });
        Assert.Equal(["unspecified"], e.Route);
    }
}

/// <summary>dose_count classes of EXTRACTION.md, as sentences written for these tests.</summary>
public sealed class DoseCountClassTests
{
    public static TheoryData<string, int?> Counts => new()
    {
        // Explicit totals and schedules ending in a number of doses.
        { "the cells are given every 2 weeks for 3 doses", 3 },
        { "patients receive stromal cells every two months for three injections", 3 },
        { "a total of three infusions of stromal cells", 3 },
        // A booster, additional or second dose adds to the first.
        { "a single infusion of stromal cells followed by a booster dose at month 6", 2 },
        { "two infusions of stromal cells and one additional infusion at week 12 for responders", 3 },
        // One administration.
        { "a single-dose study of stromal cells", 1 },
        { "stromal cells are implanted during one surgery", 1 },
        // Spurious numbers: time points, choice among arms, sites of one session, visit counts.
        { "follow-up at months 3, 6 and 12 post cell administrations", null },
        { "patients are randomised to one of three infusions", null },
        { "the suspension is divided into 5 injections around the ulcer", null },
        { "stromal cells were washed twice and counted before release", null },
    };

    [Theory]
    [MemberData(nameof(Counts))]
    public void The_count_follows_the_convention(string sentence, int? expected) =>
        Assert.Equal(expected, DoseCountRule.Count(sentence, ExtractionVocabulary.Default));
}

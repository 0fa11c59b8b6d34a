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
    // Written for these tests: the placebo's description names the cells it imitates; the product is a coined name.
    [Fact]
    public void A_placebo_named_after_the_cells_is_not_the_product()
    {
        var e = Extract(
        [
            new TrialIntervention
            {
                Name = "Vasculon", Type = "Drug",
                Description = "The study product is given three times: at baseline, at 6 weeks and at 3 months. It is "
                    + "injected into the femoral artery and intramuscularly.",
            },
            new TrialIntervention
            {
                Name = "Placebo", Type = "Drug",
                Description = "The same volume of fluid used to suspend the umbilical cord MSCs, without cells.",
            },
        ], title: "Vasculon, umbilical cord mesenchymal stem cells, in critical limb ischaemia");
        Assert.Equal(["intra_arterial", "intramuscular"], e.Route);
        Assert.Equal(3, e.DoseCount);
    }

    [Fact]
    public void Labelled_lines_under_a_product_heading_carry_its_route_and_dose()
    {
        var e = Extract([Msc("Autologous adipose-derived mesenchymal stem cells", name: "QR-12")],
            "Visit 2: baseline tests.\nInvestigational product administration:\nRoute: Intravenous\nDose: 150 million.\n"
            + "Visit 3: follow-up call.");
        Assert.Equal(["intravenous"], e.Route);
        Assert.Equal(new DoseRange(1.5e8, 1.5e8, "cells"), e.Dose);
    }

    [Fact]
    public void A_labelled_line_after_another_product_stays_with_it()
    {
        var e = Extract([Msc("Mesenchymal stromal cells are injected into the knee joint.")],
            "Premedication with methotrexate:\nRoute: Intravenous\nDose: 10 mg");
        Assert.Equal(["intra_articular"], e.Route);
    }

    [Fact]
    public void A_drug_trial_that_studies_the_patients_msc_gives_no_msc_product()
    {
        var e = Extract(
            [new TrialIntervention { Name = "Zelmetide", Type = "Drug", Description = "Zelmetide 10 mg by mouth daily" }],
            "Fat biopsies are taken before and after treatment to study the adipose-derived mesenchymal stem cells.",
            title: "Effect of Zelmetide on Adipose-Derived Mesenchymal Stem Cells in Obesity");
        Assert.False(e.MscIntervention);
    }

    [Fact]
    public void A_repeated_step_of_one_delivery_is_not_another_administration()
    {
        var e = Extract([Msc("The cells are infused into the coronary artery through a balloon catheter. The balloon "
            + "is inflated for 3 minutes and deflated for 3 minutes; the above process is repeated 4 times.")]);
        Assert.Equal(["intracoronary"], e.Route);
        Assert.Null(e.DoseCount);
    }

    // Written for these tests (EXTRACTION.md: not culture-expanded products are "no"; MSCs studied, not given).
    [Fact]
    public void A_drug_that_recruits_the_patients_own_msc_is_not_an_msc_product()
    {
        var e = Extract([new TrialIntervention
        {
            Name = "QZ-55", Type = "Drug",
            Description = "A small molecule that draws endogenous mesenchymal stem cells to the fracture. Given once IV.",
        }], title: "QZ-55 for delayed fracture healing");
        Assert.False(e.MscIntervention);
    }

    [Fact]
    public void Adipose_cells_crushed_and_returned_at_once_are_not_an_msc_product()
    {
        var e = Extract([Msc("Autologous adipose-derived mesenchymal stem cells are taken from abdominal fat, which is "
            + "minced, filtered and immediately injected into the knee joint through a closed device.",
            name: "Autologous adipose-derived mesenchymal stem cells")]);
        Assert.False(e.MscIntervention);
    }

    [Fact]
    public void A_cumulative_dose_beside_the_dose_per_administration_is_not_another_level()
    {
        var e = Extract([Msc("Stromal cells 0.5 x 10^6 cells/kg per dose, on days 1, 8, 15 and 22 "
            + "(cumulative dose: 2 x 10^6 cells/kg).")]);
        Assert.Equal(new DoseRange(5e5, 5e5, "cells_per_kg"), e.Dose);
        Assert.Equal(4, e.DoseCount);
    }

    [Fact]
    public void Trophic_factors_from_msc_are_a_secretome_product()
    {
        var e = Extract([Msc(name: "Trophic factors from bone marrow mesenchymal stromal cells")],
            title: "Trophic factors for knee osteoarthritis");
        Assert.Equal(["secretome"], e.Product);
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
        { "each patient receives the stromal cell gel on six consecutive days", 6 },
        { "stromal cells are infused once; patients are monitored for 3 consecutive days", 1 },
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

/// <summary>Route words that are not the product's route, and abbreviations read by their context (EXTRACTION.md, route).</summary>
public sealed class RouteWordTests
{
    private static IReadOnlyList<string> Route(string description, string title = "Stromal cells in a pilot trial") =>
        MscExtractor.Default.Extract(new ClinicalTrial
        {
            NctId = "NCT90000042",
            BriefTitle = title,
            StudyType = "Interventional",
            Interventions = [new TrialIntervention { Name = "Mesenchymal stromal cells", Description = description, Type = "Biological" }],
        }).Route;

    public static TheoryData<string, string> Routes => new()
    {
        // A condition named with a route word is no route.
        { "Mesenchymal stromal cells are infused intravenously in preterm infants with intraventricular haemorrhage.", "intravenous" },
        { "Mesenchymal stromal cells are given by vein to patients with raised intraocular pressure.", "intravenous" },
        { "Mesenchymal stromal cells are infused into a peripheral vein after intracerebral hemorrhage.", "intravenous" },
        // "IA" beside a joint is intra-articular; a nasal drip is intranasal, not an intravenous drip.
        { "Mesenchymal stromal cells are given as one IA injection into the osteoarthritic knee.", "intra_articular" },
        { "Mesenchymal stromal cells are given by nasal drip twice daily.", "intranasal" },
        // A gel painted over a wound is put on its surface.
        { "A gel of mesenchymal stromal cells is painted evenly over the cleaned wound.", "topical" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public void The_route_is_the_products_not_a_word_of_the_condition(string description, string route) =>
        Assert.Equal([route], Route(description));

    [Fact]
    public void Intravenous_immunoglobulin_is_another_drugs_route() =>
        Assert.Equal(["intrathecal"], Route("Mesenchymal stromal cells are injected intrathecally. "
            + "Patients continue intravenous immunoglobulin as usual care."));
}

/// <summary>Doses EXTRACTION.md records as other, and amounts that are not the dose, in sentences written for these tests.</summary>
public sealed class DoseClassTests
{
    private static DoseRange? Dose(string description) =>
        MscExtractor.Default.Extract(new ClinicalTrial
        {
            NctId = "NCT90000043",
            BriefTitle = "Stromal cells in a pilot trial",
            StudyType = "Interventional",
            Interventions = [new TrialIntervention { Name = "Mesenchymal stromal cells", Description = description, Type = "Biological" }],
        }).Dose;

    [Fact]
    public void Two_levels_written_with_a_capital_m_for_million_are_both_read()
    {
        var d = Assert.Single(DoseParser.Find("patients receive 50M or 150M cells"));
        Assert.Equal((5e7, 1.5e8, "cells"), (d.Low, d.High, d.Unit));
    }

    [Theory]
    [InlineData("Patients weighing 40-60 kg receive 50 million cells and patients weighing 60-80 kg receive 75 million "
        + "cells.")]
    // Written for these tests: the bands named by a comparison and a range with no verb of weighing.
    [InlineData("Children < 30 kg are given 40 million cells and children 30-60 kg are given 80 million cells.")]
    public void A_dose_set_per_weight_range_is_other(string description) =>
        Assert.Equal("other", Dose(description)?.Unit);

    [Fact]
    public void A_cord_blood_product_dosed_beside_the_msc_arm_is_not_the_msc_dose() =>
        // Written for these tests: cord blood cells (not MSCs, EXTRACTION.md) named by an abbreviation in brackets.
        Assert.Equal(new DoseRange(2e6, 2e6, "cells_per_kg"), Dose("Children receive 2 x 10^6 MSCs/kg. The other arm "
            + "receives a single infusion of up to 3x10^7/kg allogeneic cord blood (UCB) cells."));

    [Fact]
    public void The_amount_per_injection_site_is_not_the_dose_when_the_dose_is_stated() =>
        Assert.Equal(new DoseRange(1e8, 1e8, "cells"), Dose("A dose of 100 million cells is given as 20 injections "
            + "of 5 million cells per injection site."));

    [Fact]
    public void The_content_of_one_vial_is_not_the_dose_when_the_dose_is_stated() =>
        Assert.Equal(new DoseRange(2e6, 2e6, "cells_per_kg"), Dose("Each vial contains 50 million cells. "
            + "Patients receive 2 x 10^6 cells/kg."));

    [Fact]
    public void An_infusion_rate_is_not_a_dose() =>
        Assert.Equal(new DoseRange(1e8, 1e8, "cells"), Dose("100 million cells are infused at a rate of 2 x 10^6 cells/min."));

    [Fact]
    public void A_sample_stained_for_flow_cytometry_is_not_a_dose() =>
        Assert.Equal(new DoseRange(1e6, 1e6, "cells_per_kg"), Dose("Patients receive 1 x 10^6 cells/kg. "
            + "For release, 5 x 10^5 cells were stained with antibodies."));

}

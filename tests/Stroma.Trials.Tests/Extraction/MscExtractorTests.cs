using Stroma.Trials.Extraction;
using Stroma.Trials.Model;
using Xunit;

namespace Stroma.Trials.Tests.Extraction;

/// <summary>EXTRACTION.md's conventions on whole (small, hand-written) records, one convention per test.</summary>
public sealed class MscExtractorTests
{
    private static ClinicalTrial Trial(string title, string intervention, string? description = null, string? arm = null, string? summary = null,
        string type = "Interventional", string? detailed = null, string interventionType = "Biological") => new()
    {
        NctId = "NCT90000010",
        BriefTitle = title,
        StudyType = type,
        Interventions = [new TrialIntervention { Name = intervention, Description = description, Type = interventionType }],
        ArmGroups = arm is null ? [] : [new TrialArmGroup { Label = "Experimental", Type = "Experimental", Description = arm }],
        BriefSummary = summary,
        DetailedDescription = detailed,
    };

    private static TrialExtraction Extract(ClinicalTrial t) => MscExtractor.Default.Extract(t);

    [Theory]
    [InlineData("Mesenchymal stromal cells autologous are given by infusion.", "autologous")]
    [InlineData("Infusion of MSC allogenic (expanded in the bank) in adults.", "allogeneic")]
    [InlineData("Infusion of MSC for patients after an allogeneic transplant.", "unspecified")]
    public void An_origin_adjective_right_after_the_product_noun_decides_match(string arm, string match)
    {
        var e = Extract(Trial("Cell therapy for lung injury", "Mesenchymal stromal cells", arm: arm));
        Assert.Equal(match, e.Match);
    }

    [Theory]
    // Written for these tests: the apostrophes registries use (acute accent, combining accent after a space, curly).
    [InlineData("Mesenchymal stem cells from Wharton\u00B4s jelly")]
    [InlineData("Mesenchymal stem cells from Wharton \u0301s jelly")]
    [InlineData("Mesenchymal stem cells from Wharton\u2019s jelly")]
    public void Whartons_jelly_written_with_any_apostrophe_is_umbilical_cord(string intervention) =>
        Assert.Equal(["umbilical_cord"], Extract(Trial("Cell therapy for systemic sclerosis", intervention,
            arm: "Patients receive an intravenous infusion of the cells.")).TissueSource);

    [Theory]
    // Written for these tests: the giving of the product carries its qualifier; the record's own name for the product
    // stands for it in the title; another treatment's qualifier does not reach the product.
    [InlineData("Autologous Transplantation of Bone Marrow Derived Mesenchymal Stem Cells in Limb Lengthening",
        "Mesenchymal stem cells", null, "autologous")]
    [InlineData("A Controlled Study of Allogeneic QX-Cure for Viral Pneumonia", "QX-Cure",
        "Enhanced mesenchymal cell-based product", "allogeneic")]
    [InlineData("Allogeneic Haematopoietic Transplantation Followed by Mesenchymal Stem Cells", "Mesenchymal stem cells",
        null, "unspecified")]
    public void A_qualifier_of_the_products_own_administration_or_name_decides_match(string title, string intervention,
        string? description, string match) =>
        Assert.Equal(match, Extract(Trial(title, intervention, description)).Match);

    [Fact]
    public void Cultured_umbilical_cord_cells_by_infusion_are_allogeneic_intravenous_with_their_dose()
    {
        var e = Extract(Trial("UC-MSC for ARDS", "Umbilical cord mesenchymal stem cells",
            arm: "Patients receive 1 x 10^6 cells/kg by infusion on days 1 and 4."));
        Assert.True(e.MscIntervention);
        Assert.Equal(["cells"], e.Product);
        Assert.Equal(["umbilical_cord"], e.TissueSource);
        Assert.Equal("allogeneic", e.Match);
        Assert.Equal(["intravenous"], e.Route);
        Assert.Equal(new DoseRange(1e6, 1e6, "cells_per_kg"), e.Dose);
        Assert.Equal(2, e.DoseCount);
        Assert.Contains(e.Evidence, x => x.Supports == "dose" && x.Field == "ArmGroupDescription");
    }

    [Fact]
    public void An_observational_study_gives_nothing_and_is_not_an_msc_intervention()
    {
        var e = Extract(Trial("Registry of patients treated with MSCs", "Mesenchymal stem cells", type: "Observational"));
        Assert.False(e.MscIntervention);
        Assert.Equal(["none"], e.Product);
        Assert.Equal(["none"], e.TissueSource);
        Assert.Equal("none", e.Match);
        Assert.Equal(["none"], e.Route);
        Assert.Null(e.Dose);
    }

    [Fact]
    public void A_follow_up_study_of_an_earlier_trial_that_gives_no_product_is_not_an_msc_intervention() =>
        Assert.False(Extract(Trial("Long-term Follow-up of Subjects Treated With ALLO-ASC", "ALLO-ASC",
            summary: "Subjects who completed the phase 2 study are observed; no investigational product will be administered.")).MscIntervention);

    [Fact]
    public void Stromal_vascular_fraction_alone_is_not_an_msc_product() =>
        Assert.False(Extract(Trial("Fat Derived Stem Cells (SVF) for Erectile Dysfunction", "adipose derived stem cells")).MscIntervention);

    [Fact]
    public void Bone_marrow_concentrate_called_mesenchymal_stem_cells_without_culture_is_not_an_msc_product() =>
        Assert.False(Extract(Trial("Intradiscal Bone Marrow Concentrate for Back Pain", "Autologous stem cells",
            description: "Intradiscal injection of autologous bone marrow-derived mesenchymal stem cells (BMC) from bone marrow aspirate.")).MscIntervention);

    [Fact]
    public void A_mixed_product_of_mononuclear_cells_and_cord_mscs_is_an_msc_intervention_recording_the_msc_facts()
    {
        var e = Extract(Trial("Stem Cell Therapy for Type 1 Diabetes", "autologous bone marrow mononuclear cells and umbilical cord mesenchymal stem cells",
            description: "Bone marrow mononuclear cells and umbilical cord MSCs are infused."));
        Assert.True(e.MscIntervention);
        Assert.Equal(["umbilical_cord"], e.TissueSource);
        Assert.Equal("allogeneic", e.Match);
    }

    [Fact]
    public void Cultured_adipose_stromal_cells_are_mscs()
    {
        var e = Extract(Trial("Adipose-derived Stromal Cells for Knee Osteoarthritis", "Autologous adipose-derived stromal cells",
            description: "Adipose stromal cells are culture-expanded and injected intra-articularly (one injection of 5 x 10^7 cells)."));
        Assert.True(e.MscIntervention);
        Assert.Equal(["adipose"], e.TissueSource);
        Assert.Equal("autologous", e.Match);
        Assert.Equal(["intra_articular"], e.Route);
        Assert.Equal(new DoseRange(5e7, 5e7, "cells"), e.Dose);
    }

    [Fact]
    public void Lab_only_isolation_of_mscs_is_not_an_intervention() =>
        Assert.False(Extract(Trial("Osteogenic Potential of Mesenchymal Stem Cells From Bone", "Isolation of mesenchymal stem cells",
            description: "Isolation of cells from surgical waste. Analysis of CFU and differentiation potential in vitro.", interventionType: "Other")).MscIntervention);

    [Fact]
    public void Exosomes_derived_from_mscs_are_an_ev_product_not_cells()
    {
        var e = Extract(Trial("MSC-derived Exosomes for COVID-19", "MSC-derived exosomes",
            description: "Exosomes derived from allogeneic adipose MSCs are given by aerosol inhalation, 2 x 10^9 particles daily for 5 days."));
        Assert.Equal(["ev"], e.Product);
        Assert.Equal(["inhalation"], e.Route);
        Assert.Equal(["adipose"], e.TissueSource);
        Assert.Equal("particles", e.Dose?.Unit);
    }

    [Fact]
    public void Conditioned_medium_is_a_secretome_product() =>
        Assert.Equal(["secretome"], Extract(Trial("Secretome of MSCs for Skin Aging", "MSC conditioned medium",
            description: "Topical application of umbilical cord MSC conditioned medium after microneedling.")).Product);

    [Fact]
    public void Portal_vein_delivery_is_other_and_a_second_explicit_route_is_kept()
    {
        var e = Extract(Trial("Donor MSCs in Liver Transplantation", "Mesenchymal stem cells",
            arm: "Two doses of 1 x 10^6 MSCs/kg: first administration intraoperatively via intraportal infusion, second by intravenous infusion on day 2."));
        Assert.Equal(["intravenous", "other"], e.Route);
        Assert.Equal(2, e.DoseCount);
    }

    [Fact]
    public void A_source_behind_an_irregular_participle_qualifies_the_cells()
    {
        // Written for this test: "grown from", like "derived from", names where the cells come from.
        var e = Extract(Trial("Stromal cells for a knee lesion", "Mesenchymal stem cells",
            description: "MSCs grown from an iliac crest aspirate taken from the patient four weeks earlier are injected."));
        Assert.Equal(["bone_marrow"], e.TissueSource);
        Assert.Equal("autologous", e.Match);
    }

    [Fact]
    public void Cells_from_the_patient_are_autologous_and_from_a_relative_are_not()
    {
        // Written for this test.
        Assert.Equal("autologous", Extract(Trial("Stromal cells in a lesion", "Mesenchymal stem cells",
            description: "MSCs from the patient are injected into the lesion.")).Match);
        Assert.Equal("allogeneic", Extract(Trial("Stromal cells in a lesion", "Mesenchymal stem cells",
            description: "MSCs from the patient's sibling donor are injected into the lesion.")).Match);
        // The patient as the one who receives the cells says nothing of where they come from.
        Assert.Equal("unspecified", Extract(Trial("Stromal cells in a lesion", "Mesenchymal stem cells",
            description: "MSCs are injected into the patient's diseased mucosa.")).Match);
    }

    [Fact]
    public void Mononuclear_cells_beside_an_msc_product_lend_it_nothing()
    {
        // Written for this test (EXTRACTION.md: mononuclear cells are not an MSC product; only the MSC's facts count).
        var e = Extract(Trial("Cells in spinal cord injury", "Cell therapy",
            summary: "Umbilical cord MSCs and bone marrow mononuclear cells (BMMC) from the patient are given intrathecally."));
        Assert.Equal("allogeneic", e.Match);
    }

    [Fact]
    public void A_lysate_of_msc_is_a_secretome_not_cells() =>
        Assert.Equal(["secretome"], Extract(Trial("Lysate for a wound", "Cell lysate",
            description: "A lysate of bone marrow MSCs is applied to the wound.")).Product);

    [Fact]
    public void A_total_over_several_administrations_is_divided_by_their_number()
    {
        var e = Extract(Trial("Prochymal for Crohn's Disease", "Prochymal",
            description: "Participants received a total of 400×10^6 cells, intravenous (IV) infusions on Days 0, 30, 60, and 90."));
        Assert.Equal(new DoseRange(1e8, 1e8, "cells"), e.Dose);
        Assert.Equal(4, e.DoseCount);
        Assert.Equal(["bone_marrow"], e.TissueSource);
        Assert.Equal("allogeneic", e.Match);
    }

    [Fact]
    public void Levels_in_several_arms_give_the_lowest_and_highest_and_cells_per_kg_win_over_totals()
    {
        var trial = Trial("Dose Escalation of BM-MSC", "Bone marrow MSC") with
        {
            ArmGroups =
            [
                new TrialArmGroup { Label = "Low", Type = "Experimental", Description = "1 x 10^6 cells/kg of BM-MSC" },
                new TrialArmGroup { Label = "High", Type = "Experimental", Description = "3 x 10^6 cells/kg of BM-MSC (about 2 x 10^8 cells)" },
            ],
        };
        Assert.Equal(new DoseRange(1e6, 3e6, "cells_per_kg"), Extract(trial).Dose);
    }

    [Fact]
    public void Pre_differentiated_cells_are_primed_differentiated_and_hypoxia_culture_is_hypoxia()
    {
        Assert.Equal(["differentiated"], Extract(Trial("Hepatocyte-like Cells From MSCs", "Mesenchymal stem cells",
            description: "Bone marrow MSCs were differentiated into hepatocyte-like cells before infusion through the portal vein.")).Priming);
        Assert.Equal(["hypoxia"], Extract(Trial("Hypoxic MSCs in Emphysema", "Mesenchymal stem cells",
            description: "Intravenous infusion of MSC suspension, pre-conditioned under 1% oxygen.")).Priming);
    }

    [Fact]
    public void Genetically_modified_cells_are_engineered_but_tissue_engineered_scaffolds_are_not()
    {
        Assert.True(Extract(Trial("MSC-TRAIL in Lung Cancer", "MSCTRAIL", description: "Mesenchymal stromal cells genetically modified to express TRAIL.")).Engineered);
        Assert.False(Extract(Trial("Tissue-engineered Trachea", "Scaffold seeded with autologous mesenchymal cells",
            description: "A tissue engineered tracheal graft made from bone marrow derived mesenchymal cells.")).Engineered);
    }

    [Fact]
    public void Passage_is_read_when_stated()
    {
        Assert.Equal("P3", Extract(Trial("BM-MSC", "Mesenchymal stem cells", description: "Cells are expanded and released at passage 3.")).Passage);
        Assert.Equal("<=P5", Extract(Trial("BM-MSC", "Mesenchymal stem cells", description: "Culture expanded MSCs not exceeding passage 5.")).Passage);
        Assert.Equal("unspecified", Extract(Trial("BM-MSC", "Mesenchymal stem cells")).Passage);
        Assert.Equal("<=P4", Extract(Trial("BM-MSC", "Mesenchymal stem cells",
            description: "Cells of no more than 4 passages are infused.")).Passage);
    }

    [Fact]
    public void Mscs_beside_a_haematopoietic_transplant_take_no_match_from_the_transplant()
    {
        var e = Extract(Trial("MSC for CMV Infection After HSCT", "MSCs",
            summary: "The efficacy of mesenchymal stem cells (MSC) in refractory CMV infection after allogeneic hematopoietic stem cell transplantation (allo-HSCT)."));
        Assert.Equal("unspecified", e.Match);
        Assert.Equal(["unspecified"], e.TissueSource);
    }

    [Fact]
    public void Dermal_mscs_are_another_source_even_with_a_selection_marker_between_but_an_intradermal_route_is_not()
    {
        // Written for this test: EXTRACTION.md has no skin source, so dermal MSCs are "other".
        Assert.Equal(["other"], Extract(Trial("Skin Cells for Wounds", "KX-12",
            description: "Allogeneic dermal CD271-positive mesenchymal stromal cells given by intravenous infusion."))
            .TissueSource);
        Assert.Equal(["other"], Extract(Trial("Skin Cells for Wounds", "KX-12",
            description: "Allogeneic dermal MSCs given by intravenous infusion.")).TissueSource);
        Assert.Equal(["unspecified"], Extract(Trial("MSC for Scars", "KX-12",
            description: "Intradermal mesenchymal stem cell injection into the scar.")).TissueSource);
    }

    [Fact]
    public void Background_sentences_listing_sources_do_not_set_the_source() =>
        Assert.Equal(["umbilical_cord"], Extract(Trial("MSC for Liver Failure", "MSC",
            summary: "Previous study showed that bone marrow derived mesenchymal stem cells (BM-MSCs) replace hepatocytes. MSCs can be isolated from bone marrow, adipose tissue and cord blood. Patients will receive human umbilical cord mesenchymal stem cells (UC-MSCs) by peripheral vein.")).TissueSource);

    [Fact]
    public void Every_value_uses_the_specification_vocabulary()
    {
        var e = Extract(Trial("UC-MSC for ARDS", "Umbilical cord mesenchymal stem cells", arm: "Patients receive 1 x 10^6 cells/kg by infusion."));
        Assert.All(e.Product, p => Assert.Contains(p, ExtractionWords.Products));
        Assert.All(e.TissueSource, s => Assert.Contains(s, ExtractionWords.TissueSources));
        Assert.All(e.Route, r => Assert.Contains(r, ExtractionWords.Routes));
        Assert.Contains(e.Dose!.Unit, ExtractionWords.DoseUnits);
    }
}

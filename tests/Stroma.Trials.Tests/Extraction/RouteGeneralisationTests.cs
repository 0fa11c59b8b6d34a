using Stroma.Trials.Extraction;
using Stroma.Trials.Model;
using Xunit;

namespace Stroma.Trials.Tests.Extraction;

/// <summary>
/// Routes the record implies without a route word, and route words that are not the product's route
/// (EXTRACTION.md, route). Sentences written for these tests.
/// </summary>
public sealed class RouteGeneralisationTests
{
    private static IReadOnlyList<string> Route(string intervention, string? description = null, string? summary = null,
        string title = "Mesenchymal stromal cells in a pilot trial", string type = "Biological") =>
        MscExtractor.Default.Extract(new ClinicalTrial
        {
            NctId = "NCT90000020",
            BriefTitle = title,
            StudyType = "Interventional",
            Interventions = [new TrialIntervention { Name = intervention, Description = description, Type = type }],
            BriefSummary = summary,
        }).Route;

    public static TheoryData<string, string> TargetSites => new()
    {
        { "The cells are injected directly into the patient's myocardium during bypass surgery.", "transendocardial" },
        { "MSCs are delivered into the left ventricular endocardium through a fine needle.", "transendocardial" },
        { "Each dose is injected into the affected knee under ultrasound guidance.", "intra_articular" },
        { "The cells are transplanted through the pancreatic artery by a catheter.", "intra_arterial" },
        { "The suspension is infused into the peritoneal cavity.", "other" },
        { "Cells are implanted into the bone defect left after debridement.", "intralesional" },
        { "The product is injected into the lower limb muscles at twenty points.", "intramuscular" },
        // EXTRACTION.md: intralesional includes local injection into a tissue (a gland, the testis, the dermis).
        { "Cells are injected into both submandibular glands under ultrasound guidance.", "intralesional" },
        { "The cell suspension is injected into each testis under local anaesthesia.", "intralesional" },
        // Written for these tests: a named route reading the same words as the generic local one wins; the
        // infarct-related artery is a coronary artery, not the infarcted myocardium.
        { "Cells are injected into the infarct border zone of the myocardium during bypass surgery.", "transendocardial" },
        { "The cells are seeded on a collagen scaffold that is placed on the wound bed.", "topical" },
        { "The cells are infused into the infarct-related artery through an over-the-wire balloon catheter.",
            "intracoronary" },
        { "Cells are slowly injected into infarct-related blood vessels by catheter.", "intracoronary" },
        { "MSCs are injected under the skin of the abdomen.", "subcutaneous" },
        // Written for these tests: the noun form names what is given between the verb and the site.
        { "Administration of 20 million MSCs to the lesion site under CT guidance.", "intralesional" },
        { "Injection of autologous bone marrow MSCs (BM-MSC) at the fracture site.", "intralesional" },
        { "Injection of 10 million cells in each knee joint.", "intra_articular" },
        { "Delivery of the cells to the myocardium through a catheter.", "transendocardial" },
        { "The cells are given by transcoronary administration through the bypass graft.", "intracoronary" },
        { "Twenty million MSCs included in a collagen membrane are sutured over the repaired tendon.",
            "intralesional" },
    };

    [Theory]
    [MemberData(nameof(TargetSites))]
    public void A_delivery_verb_with_a_target_site_gives_the_route_of_that_site(string description, string route) =>
        Assert.Equal([route], Route("Mesenchymal stem cells", description));

    [Fact]
    public void A_site_named_as_a_disease_is_no_route() =>
        Assert.Equal(["intravenous"], Route("Mesenchymal stem cells", "MSCs are given through a peripheral vein.",
            title: "Stem cell transplantation in liver cirrhosis"));

    [Theory]
    // Written for these tests: an infinitive ("to repair the kidney") or a disease of the site is no target site.
    [InlineData("Injection of the expanded cells to repair the kidney.")]
    [InlineData("Transplantation of activated bone marrow cells in knee osteoarthritis.")]
    [InlineData("Administration of MSCs in the treatment of knee osteoarthritis.")]
    public void A_purpose_or_a_disease_after_the_noun_form_is_no_target_site(string description) =>
        Assert.Equal(["unspecified"], Route("Mesenchymal stem cells", description));

    [Theory]
    // Written for these tests: the vessel where the stroke is, or its territory, is not the route.
    [InlineData("Cells are given by the nasal route after a stroke in the middle cerebral artery.", "intranasal")]
    [InlineData("Neonates with an infarct (in the middle cerebral artery region) receive intranasal MSCs.",
        "intranasal")]
    [InlineData("MSCs are delivered via the internal carotid artery within a week of the stroke.", "intra_arterial")]
    public void A_vessel_named_as_the_site_of_the_disease_is_not_the_route(string description, string route) =>
        Assert.Equal([route], Route("Mesenchymal stem cells", description));

    [Fact]
    public void Patients_with_a_disease_of_an_organ_are_not_a_target_site() =>
        Assert.Equal(["unspecified"],
            Route("Mesenchymal stem cells", "MSCs are injected in patients with spinal cord injury."));

    [Fact]
    public void Cells_on_a_scaffold_placed_at_the_end_of_a_repair_are_intralesional() =>
        Assert.Equal(["intralesional"],
            Route("Mesenchymal stem cells", "Cells seeded on a collagen scaffold are placed at the end of the repair."));

    [Fact]
    public void Cells_on_a_carrier_placed_over_a_wound_are_topical() =>
        Assert.Equal(["topical"],
            Route("Mesenchymal stem cells", "Cells loaded onto a fibrin matrix are laid over the wound."));

    [Fact]
    public void A_scope_used_to_reach_the_lesion_is_not_a_second_route() =>
        Assert.Equal(["intralesional"],
            Route("Mesenchymal stem cells", "The cells are injected into the lesion by bronchoscopy."));

    [Fact]
    public void A_scope_named_in_the_arm_yields_to_the_site_named_in_the_summary() =>
        Assert.Equal(["intralesional"], Route("Mesenchymal stem cells", "The cells are given via bronchoscopy.",
            summary: "Mesenchymal stem cells are injected into the lesion."));

    [Fact]
    public void A_transfusion_in_a_sentence_about_other_care_is_not_the_products_route() =>
        Assert.Equal(["unspecified"], Route("Mesenchymal stem cells", "Mesenchymal stem cells for the study.",
            summary: "Patients will be treated in the ward. A blood transfusion is given if needed."));

    [Fact]
    public void A_condition_with_graft_in_its_name_in_the_title_is_no_local_delivery() =>
        Assert.Equal(["unspecified"], Route("Mesenchymal stem cells", "Mesenchymal stem cells for the study.",
            title: "Mesenchymal stromal cells for graft-versus-host disease on a matrix of care"));

    private static IReadOnlyList<string> RouteFor(string condition, string description) =>
        MscExtractor.Default.Extract(new ClinicalTrial
        {
            NctId = "NCT90000022",
            BriefTitle = "Adipose-derived mesenchymal stromal cells, a pilot trial",
            StudyType = "Interventional",
            Conditions = [condition],
            Interventions =
            [
                new TrialIntervention { Name = "Adipose-derived mesenchymal stromal cells", Description = description,
                    Type = "Biological" },
                new TrialIntervention { Name = "Placebo", Description = "A single injection of saline.",
                    Type = "Drug" },
            ],
        }).Route;

    // Written for these tests: no route word and no site, but the condition treated is a local lesion.
    public static TheoryData<string, string, string> ConditionSites => new()
    {
        { "Perianal Fistula", "A single injection of 40 million cells.", "intralesional" },
        { "Tendinopathy of the Elbow", "Cells are injected once under ultrasound guidance.", "intralesional" },
        { "Nonunion of the Tibia", "Percutaneous implantation of the expanded cells.", "intralesional" },
        { "Chronic Venous Ulcer", "A cell sheet is applied once a week.", "topical" },
        { "Partial-thickness Burns", "Application of the cell suspension in a fibrin spray.", "topical" },
        { "Diabetic Foot Ulcer", "The cells are injected once.", "intralesional" },
    };

    [Theory]
    [MemberData(nameof(ConditionSites))]
    public void A_local_lesion_as_the_condition_is_the_site_of_an_injection_or_application(string condition,
        string description, string route) =>
        Assert.Equal([route], RouteFor(condition, description));

    [Theory]
    // A systemic condition is no site; a bare transplantation names no way in; a named route still wins.
    [InlineData("Crohn Disease", "A single injection of 40 million cells.", "unspecified")]
    [InlineData("Burns", "Patients receive standard care plus cell transplantation.", "unspecified")]
    [InlineData("Perianal Fistula", "A single intravenous injection of 40 million cells.", "intravenous")]
    public void A_condition_decides_the_route_only_when_nothing_else_does(string condition, string description,
        string route) =>
        Assert.Equal([route], RouteFor(condition, description));

    [Fact]
    public void A_single_intervention_of_type_other_is_the_product_and_its_description_counts()
    {
        var e = MscExtractor.Default.Extract(new ClinicalTrial
        {
            NctId = "NCT90000021",
            BriefTitle = "Mesenchymal stromal cells for nonunion of long bones",
            StudyType = "Interventional",
            Interventions =
            [
                new TrialIntervention
                {
                    Name = "XY-123", Type = "Other",
                    Description = "A single application of 3 x 10^6 cells/cm3 during surgery. Intraosseous use.",
                },
            ],
        });
        Assert.Equal(["intralesional"], e.Route);
        Assert.Equal(new DoseRange(3e6, 3e6, "other"), e.Dose);
        Assert.Equal(1, e.DoseCount);
    }

    public static TheoryData<string, string, string> MechanismSentences => new()
    {
        { "After MSCs are injected intramyocardially into the scar, local VEGF rises and contractility improves.",
            "Patients receive an intracoronary infusion of stromal cells.", "intracoronary" },
        { "Once stromal cells are infused intravenously, they migrate to injured tissue and secrete growth factors.",
            "Patients receive an intrathecal injection of stromal cells.", "intrathecal" },
        { "Intravenously infused MSCs home to the inflamed joint and reduce swelling.",
            "Patients receive an intra-articular injection of stromal cells into the knee.", "intra_articular" },
    };

    // EXTRACTION.md route: how the product is given. Sentences written for these tests.
    [Theory]
    [MemberData(nameof(MechanismSentences))]
    public void What_the_cells_do_once_given_is_not_a_route_beside_the_arms_own(string summary, string description,
        string route) =>
        Assert.Equal([route], Route("Mesenchymal stromal cells", description, summary));

    [Fact]
    public void The_trials_own_schedule_after_a_route_still_gives_its_route() =>
        Assert.Equal(["intravenous", "intrathecal"], Route("Mesenchymal stromal cells",
            "Patients receive an intrathecal injection of stromal cells.",
            "After MSCs are injected intravenously, patients will be observed for two hours."));

    [Fact]
    public void A_mechanism_sentence_gives_the_route_when_the_arms_name_none() =>
        Assert.Equal(["intravenous"], Route("Mesenchymal stromal cells", "Patients receive stromal cells.",
            "Once stromal cells are infused intravenously, they migrate to injured tissue and secrete cytokines."));
}

/// <summary>
/// Facts linked to the MSC product's mentions rather than to anything the record names (EXTRACTION.md, source
/// and match).
/// </summary>
public sealed class MentionLinkingTests
{
    private static TrialExtraction Extract(string title, string intervention, string? description = null) =>
        MscExtractor.Default.Extract(new ClinicalTrial
        {
            NctId = "NCT90000030",
            BriefTitle = title,
            StudyType = "Interventional",
            Interventions =
            [
                new TrialIntervention { Name = intervention, Description = description, Type = "Biological" },
            ],
        });

    [Fact]
    public void Cells_cultured_and_extracted_from_a_tissue_come_from_that_tissue() =>
        Assert.Equal(["bone_marrow"], Extract("Stromal cells for lung fibrosis", "Mesenchymal stem cells",
            "Mesenchymal stem cells will be cultured and extracted from the bone marrow of each patient.")
            .TissueSource);

    [Fact]
    public void Mpcs_carry_the_product_facts_extraction_md_gives_for_them()
    {
        var e = Extract("Precursor cells in heart failure", "MPCs", "MPCs are injected into the myocardium.");
        Assert.Equal(["bone_marrow"], e.TissueSource);
        Assert.Equal("allogeneic", e.Match);
    }

    [Fact]
    public void The_intervention_decides_the_match_over_a_title_about_the_patients_other_transplant() =>
        Assert.Equal("autologous", Extract("MSCs to prevent GVHD after donor peripheral stem cell transplantation",
            "Autologous expanded mesenchymal stem cells").Match);
}

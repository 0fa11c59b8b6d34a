using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stroma.Storage.Demo;

/// <summary>
/// A small set of fictional ClinicalTrials.gov API v2 records (NCT9… ids, invented sponsors) written by the demo
/// when the shared corpus is absent, so the trial landscape always has something to show. They cover cells and
/// EVs, several tissue sources, both matches, the common routes and dose styles.
/// </summary>
public static class DemoTrials
{
    private sealed record Study(
        string Id, string Title, string Status, string[] Phases, string Start, string Condition, string Branch,
            string Country,
        string Intervention, string Description, string Arm, int Enrollment);

    private static readonly Study[] Studies =
    [
        new("NCT91000001", "Allogeneic Bone Marrow MSCs in Steroid-Refractory Acute GvHD", "RECRUITING", ["PHASE2"],
            "2024-02", "Graft vs Host Disease", "Immune System Diseases", "Germany",
            "Bone marrow MSC", "Allogeneic bone marrow-derived mesenchymal stromal cells, 2 x 10^6 cells/kg given by " +
                "intravenous infusion twice weekly for 4 weeks.", "Eight intravenous infusions of BM-MSC.", 48),
        new("NCT91000002", "Umbilical Cord MSCs for Knee Osteoarthritis", "ACTIVE_NOT_RECRUITING", ["PHASE1", "PHASE2"],
            "2022-09", "Knee Osteoarthritis", "Musculoskeletal Diseases", "China",
            "UC-MSC",
                "A single intra-articular injection of 5 x 10^7 umbilical cord mesenchymal stromal cells in 3 mL.",
                "One intra-articular injection.", 60),
        new("NCT91000003", "Autologous Adipose-Derived Stem Cells for Complex Perianal Fistula", "COMPLETED",
            ["PHASE3"], "2019-05", "Rectal Fistula", "Digestive System Diseases", "Spain",
            "Autologous ASC", "Autologous adipose-derived stem cells expanded in culture, 120 million cells injected " +
                "intralesionally into the fistula tract.", "Intralesional ASC.", 212),
        new("NCT91000004", "Bone Marrow MSCs After Acute Myocardial Infarction", "COMPLETED", ["PHASE2"], "2018-01",
            "Myocardial Infarction", "Heart and Blood Diseases", "Korea, Republic of",
            "Autologous BM-MSC", "Autologous bone marrow mesenchymal stem cells, 1 x 10^8 cells delivered by " +
                "intracoronary infusion.", "Intracoronary BM-MSC.", 80),
        new("NCT91000005", "MSC-Derived Exosomes for ARDS", "RECRUITING", ["PHASE1"], "2025-03",
            "Respiratory Distress Syndrome", "Respiratory Tract Diseases", "United States",
            "MSC exosomes", "Extracellular vesicles isolated from bone marrow mesenchymal stromal cells, inhaled by " +
                "nebulisation daily for 5 days.", "Nebulised MSC-EVs.", 24),
        new("NCT91000006", "Placenta-Derived MSCs in Critical Limb Ischemia", "NOT_YET_RECRUITING", ["PHASE2"],
            "2026-01", "Peripheral Arterial Disease", "Heart and Blood Diseases", "Israel",
            "Placental MSC", "Allogeneic placenta-derived mesenchymal stromal cells, 3 x 10^8 cells injected " +
                "intramuscularly into the ischaemic limb.", "Intramuscular PL-MSC.", 40),
        new("NCT91000007", "Intrathecal Autologous MSCs in ALS", "COMPLETED", ["PHASE2"], "2017-06",
            "Amyotrophic Lateral Sclerosis", "Nervous System Diseases", "Israel",
            "MSC-NTF", "Autologous bone marrow MSCs induced to secrete neurotrophic factors, 1.25 x 10^6 cells/kg " +
                "given intrathecally.", "Intrathecal MSC-NTF.", 48),
        new("NCT91000008", "Wharton's Jelly MSCs for Type 1 Diabetes", "RECRUITING", ["PHASE1", "PHASE2"], "2023-11",
            "Diabetes Mellitus, Type 1", "Nutritional and Metabolic Diseases", "Poland",
            "WJ-MSC", "Wharton's jelly mesenchymal stem cells, 1 x 10^6 cells/kg intravenously, two doses three " +
                "months apart.", "Two IV doses.", 30),
        new("NCT91000009", "Adipose MSCs for Knee Cartilage Defects", "ENROLLING_BY_INVITATION", ["PHASE1"], "2024-07",
            "Cartilage Injury", "Musculoskeletal Diseases", "Japan",
            "Allogeneic AD-MSC", "Allogeneic adipose-derived mesenchymal stromal cells, 1 x 10^7 to 1 x 10^8 cells " +
                "per intra-articular injection (three dose cohorts).", "Dose-escalation, intra-articular.", 18),
        new("NCT91000010", "Dental Pulp Stem Cells in Ischemic Stroke", "RECRUITING", ["PHASE1"], "2025-01",
            "Ischemic Stroke", "Nervous System Diseases", "Japan",
            "DPSC", "Allogeneic dental pulp stem cells, 1 x 10^8 cells given by intravenous infusion once.",
                "Single IV infusion.", 20),
        new("NCT91000011", "MSC Secretome Eye Drops for Dry Eye Disease", "RECRUITING", ["PHASE2"], "2025-06",
            "Dry Eye Syndromes", "Eye Diseases", "Iran, Islamic Republic of",
            "MSC conditioned medium", "Conditioned medium (secretome) of umbilical cord mesenchymal stem cells " +
                "applied as eye drops four times daily.", "Topical secretome.", 56),
        new("NCT91000012", "Bone Marrow Aspirate Concentrate in Osteonecrosis", "COMPLETED", ["NA"], "2016-03",
            "Osteonecrosis", "Musculoskeletal Diseases", "France",
            "BMAC", "Uncultured bone marrow aspirate concentrate injected into the femoral head during core " +
                "decompression.", "Core decompression plus BMAC.", 66),
    ];

    /// <summary>The records as one API v2 page: <c>{"studies":[…]}</c>.</summary>
    public static string PageJson()
    {
        var studies = new JsonArray();
        foreach (var s in Studies) studies.Add(Node(s));
        return new JsonObject { ["studies"] = studies }.ToJsonString(new JsonSerializerOptions { WriteIndented = true
            });
    }

    private static JsonObject Node(Study s) => new()
    {
        ["protocolSection"] = new JsonObject
        {
            ["identificationModule"] = new JsonObject { ["nctId"] = s.Id, ["briefTitle"] = s.Title,
                ["organization"] = new JsonObject { ["fullName"] = "Demo Research Hospital", ["class"] = "OTHER" } },
            ["statusModule"] = new JsonObject { ["overallStatus"] = s.Status,
                ["startDateStruct"] = new JsonObject { ["date"] = s.Start, ["type"] = "ACTUAL" } },
            ["sponsorCollaboratorsModule"] = new JsonObject { ["leadSponsor"] =
                new JsonObject { ["name"] = "Demo Research Hospital", ["class"] = "OTHER" } },
            ["descriptionModule"] = new JsonObject { ["briefSummary"] = s.Description,
                ["detailedDescription"] = s.Arm + " " + s.Description },
            ["conditionsModule"] = new JsonObject { ["conditions"] = new JsonArray(s.Condition),
                ["keywords"] = new JsonArray("mesenchymal stromal cells") },
            ["designModule"] = new JsonObject
            {
                ["studyType"] = "INTERVENTIONAL",
                ["phases"] = new JsonArray(s.Phases.Select(p => (JsonNode)JsonValue.Create(p)).ToArray()),
                ["enrollmentInfo"] = new JsonObject { ["count"] = s.Enrollment, ["type"] = "ESTIMATED" },
            },
            ["armsInterventionsModule"] = new JsonObject
            {
                ["armGroups"] = new JsonArray(new JsonObject { ["label"] = s.Intervention, ["type"] = "EXPERIMENTAL",
                    ["description"] = s.Arm, ["interventionNames"] = new JsonArray($"Biological: {s.Intervention}") }),
                ["interventions"] = new JsonArray(new JsonObject { ["type"] = "BIOLOGICAL", ["name"] = s.Intervention,
                    ["description"] = s.Description, ["armGroupLabels"] = new JsonArray(s.Intervention) }),
            },
            ["contactsLocationsModule"] = new JsonObject { ["locations"] =
                new JsonArray(new JsonObject { ["facility"] = "Demo Research Hospital", ["country"] = s.Country }) },
        },
        ["derivedSection"] = new JsonObject
        {
            ["conditionBrowseModule"] = new JsonObject
            {
                ["meshes"] = new JsonArray(new JsonObject { ["term"] = s.Condition }),
                ["browseBranches"] = new JsonArray(new JsonObject { ["abbrev"] = "BC", ["name"] = s.Branch },
                    new JsonObject { ["abbrev"] = "All", ["name"] = "All Conditions" }),
            },
        },
    };
}

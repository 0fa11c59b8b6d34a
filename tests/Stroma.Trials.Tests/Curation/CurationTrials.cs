using Stroma.Trials.Extraction;
using Stroma.Trials.Model;

namespace Stroma.Trials.Tests.Curation;

/// <summary>Hand-written records and extractions for the curation tests (fictional NCT9… ids).</summary>
internal static class CurationTrials
{
    public static ClinicalTrial Trial(string id = "NCT90000101", string? description = null, string? summary = null,
        string intervention = "Allogeneic bone marrow mesenchymal stromal cells", string? status = "RECRUITING") => new()
    {
        NctId = id,
        BriefTitle = "Stromal cells for a made-up lung injury",
        StudyType = "Interventional",
        OverallStatus = status,
        Interventions =
        [
            new TrialIntervention
            {
                Name = intervention, Type = "Biological",
                Description = description ?? "Bone marrow mesenchymal stromal cells, 2 x 10^6 cells/kg, given by intravenous infusion once.",
            },
        ],
        ArmGroups = [new TrialArmGroup { Label = "Cells", Type = "Experimental", Description = "One infusion of the cells." }],
        BriefSummary = summary,
    };

    public static TrialExtraction Extraction(string id = "NCT90000101", IReadOnlyList<string>? route = null,
        IReadOnlyList<Evidence>? evidence = null, bool msc = true) => new()
    {
        NctId = id,
        MscIntervention = msc,
        Product = msc ? ["cells"] : ["none"],
        TissueSource = msc ? ["bone_marrow"] : ["none"],
        Match = msc ? "allogeneic" : "none",
        Route = route ?? (msc ? ["intravenous"] : ["none"]),
        Dose = msc ? new DoseRange(2e6, 2e6, "cells_per_kg") : null,
        DoseCount = msc ? 1 : null,
        Passage = "unspecified",
        Priming = ["none_stated"],
        Engineered = false,
        Evidence = evidence ?? [],
    };
}

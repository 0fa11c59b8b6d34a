using System.Globalization;
using Stroma.Trials.Extraction;
using Stroma.Trials.Model;

namespace Stroma.Trials.Landscape;

/// <summary>Which review table a trial belongs in.</summary>
public enum ReviewTable
{
    /// <summary>Table 1: trials of MSCs (cells).</summary>
    Cells,

    /// <summary>Table 2: trials of MSC secretome or EVs.</summary>
    Secretome,
}

/// <summary>
/// The review's Table 1/Table 2 layout (msc-review.txt §1.4.2: "identifier for each trial (NCT number),
/// clinical phase, recruitment status, location, start date, sponsor, gender, age and enrollment … disease,
/// cell source, match, route of administration, dose, cell expansion passage, conditioning and study results").
/// </summary>
public static class ReviewTables
{
    /// <summary>Column headers.</summary>
    public static readonly IReadOnlyList<string> Header =
    [
        "NCT Number", "Disease", "Phase", "Status", "Location", "Start Date", "Sponsor", "Gender", "Age", "Enrollment",
        "Cell Source", "Match", "Route", "Dose", "Dose Count", "Passage", "Conditioning", "Results",
    ];

    /// <summary>The tables a trial goes in: Table 1 when cells are given, Table 2 when EVs or secretome are; none when not an MSC trial.</summary>
    public static IEnumerable<ReviewTable> TablesFor(TrialExtraction e)
    {
        if (!e.MscIntervention) yield break;
        if (e.Product.Contains("cells")) yield return ReviewTable.Cells;
        if (e.Product.Contains("ev") || e.Product.Contains("secretome")) yield return ReviewTable.Secretome;
    }

    /// <summary>The row's cells, in <see cref="Header"/> order.</summary>
    public static string[] Row(ClinicalTrial t, TrialExtraction e)
    {
        var age = (t.MinimumAge, t.MaximumAge) switch
        {
            (null, null) => "",
            ({ } min, null) => $"{min} and older",
            (null, { } max) => $"up to {max}",
            ({ } min, { } max) => $"{min} to {max}",
        };
        var dose = e.Dose is null ? "" : e.Dose.Low == e.Dose.High
            ? $"{ExtractionScorer.Number(e.Dose.Low)} {e.Dose.Unit}"
            : $"{ExtractionScorer.Number(e.Dose.Low)}-{ExtractionScorer.Number(e.Dose.High)} {e.Dose.Unit}";
        var results = t.References.Where(r => r.Type == "result").Select(r => r.Pmid is null ? r.Citation : $"PMID {r.Pmid}");
        return
        [
            t.NctId, string.Join("; ", t.Conditions), t.PhaseLabel, t.OverallStatus ?? "", string.Join("; ", t.Countries),
            t.StartDate?.ToString() ?? "", t.LeadSponsor?.Name ?? "", t.Sex ?? "", age,
            t.EnrollmentCount?.ToString(CultureInfo.InvariantCulture) ?? "",
            string.Join(";", e.TissueSource), e.Match, string.Join(";", e.Route), dose,
            e.DoseCount?.ToString(CultureInfo.InvariantCulture) ?? "", e.Passage, string.Join(";", e.Priming), string.Join("; ", results),
        ];
    }
}

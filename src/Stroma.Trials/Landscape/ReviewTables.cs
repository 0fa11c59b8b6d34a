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
        "Cell Source", "Match", "Route", "Dose", "Dose Count", "Passage", "Conditioning", "Results", "Reviewed",
    ];

    /// <summary>
    /// The curated field behind each extracted column (<see cref="Header"/> name → <see
    /// cref="Curation.CurationFields"/>
    /// name); the <c>Reviewed</c> column lists the columns whose value a reviewer decided.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> CuratedColumns =
        new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Cell Source"] = Curation.CurationFields.TissueSource,
        ["Match"] = Curation.CurationFields.Match,
        ["Route"] = Curation.CurationFields.Route,
        ["Dose"] = Curation.CurationFields.Dose,
        ["Dose Count"] = Curation.CurationFields.DoseCount,
        ["Passage"] = Curation.CurationFields.Passage,
        ["Conditioning"] = Curation.CurationFields.Priming,
    };

    /// <summary>The tables a trial goes in: Table 1 when cells are given, Table 2 when EVs or secretome are; none when
    /// not an MSC trial.</summary>
    public static IEnumerable<ReviewTable> TablesFor(TrialExtraction e)
    {
        if (!e.MscIntervention) yield break;
        if (e.Product.Contains("cells")) yield return ReviewTable.Cells;
        if (e.Product.Contains("ev") || e.Product.Contains("secretome")) yield return ReviewTable.Secretome;
    }

    /// <summary>The row's cells, in <see cref="Header"/> order (no value reviewed).</summary>
    public static string[] Row(ClinicalTrial t, TrialExtraction e) => Row(t, e, null);

    /// <summary>
    /// The row's cells, in <see cref="Header"/> order, for values some of which were reviewed: the last cell names the
    /// reviewed columns (<c>Cell Source; Route</c>), empty when none was.
    /// </summary>
    public static string[] Row(ClinicalTrial t, TrialExtraction e, IReadOnlySet<string>? reviewed)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(e);
        var age = (t.MinimumAge, t.MaximumAge) switch
        {
            (null, null) => "",
            ({ } min, null) => $"{min} and older",
            (null, { } max) => $"up to {max}",
            ({ } min, { } max) => $"{min} to {max}",
        };
        var dose = Curation.CurationFields.FormatDose(e.Dose);
        var reviewedColumns = reviewed is null ? ""
            : string.Join("; ", CuratedColumns.Where(c => reviewed.Contains(c.Value)).Select(c => c.Key));
        var results = t.References.Where(r => r.Type == "result")
            .Select(r => r.Pmid is null ? r.Citation : $"PMID {r.Pmid}");
        return
        [
            t.NctId, string.Join("; ", t.Conditions), t.PhaseLabel, t.OverallStatus ?? "",
                string.Join("; ", t.Countries),
            t.StartDate?.ToString() ?? "", t.LeadSponsor?.Name ?? "", t.Sex ?? "", age,
            t.EnrollmentCount?.ToString(CultureInfo.InvariantCulture) ?? "",
            string.Join(";", e.TissueSource), e.Match, string.Join(";", e.Route), dose,
            e.DoseCount?.ToString(CultureInfo.InvariantCulture) ?? "", e.Passage, string.Join(";", e.Priming),
                string.Join("; ", results),
            reviewedColumns,
        ];
    }
}

namespace Stroma.Trials.Extraction;

/// <summary>
/// The facts a review author tabulates for an MSC trial (EXTRACTION.md in the shared corpus), each
/// with the vocabulary words of that specification (<see cref="ExtractionWords"/>), plus the evidence
/// spans that support them.
/// </summary>
public sealed record TrialExtraction
{
    /// <summary>ClinicalTrials.gov identifier.</summary>
    public required string NctId { get; init; }

    /// <summary>At least one arm administers an MSC-derived product (cells, EVs or secretome).</summary>
    public required bool MscIntervention { get; init; }

    /// <summary><c>cells</c>, <c>ev</c>, <c>secretome</c> (in that order), or <c>none</c>.</summary>
    public required IReadOnlyList<string> Product { get; init; }

    /// <summary>Tissue sources in specification order, <c>unspecified</c>, or <c>none</c>.</summary>
    public required IReadOnlyList<string> TissueSource { get; init; }

    /// <summary><c>autologous</c>, <c>allogeneic</c>, <c>both</c>, <c>unspecified</c> or <c>none</c>.</summary>
    public required string Match { get; init; }

    /// <summary>Routes in specification order, <c>unspecified</c>, or <c>none</c>.</summary>
    public required IReadOnlyList<string> Route { get; init; }

    /// <summary>Amount per administration in the experimental arm(s), or null when none is stated.</summary>
    public DoseRange? Dose { get; init; }

    /// <summary>Administrations per patient, when stated.</summary>
    public int? DoseCount { get; init; }

    /// <summary>Culture passage (<c>P3</c>, <c>P2-P5</c>, <c>&lt;=P5</c>) or <c>unspecified</c>.</summary>
    public required string Passage { get; init; }

    /// <summary>Priming words (<c>none_stated</c> when the record says nothing).</summary>
    public required IReadOnlyList<string> Priming { get; init; }

    /// <summary>The cells are genetically modified or loaded with a drug or virus.</summary>
    public required bool Engineered { get; init; }

    /// <summary>Quotes from the record supporting the values (dose first when there is one).</summary>
    public required IReadOnlyList<Evidence> Evidence { get; init; }
}

/// <summary>Dose per administration: lowest and highest level across arms, in one unit.</summary>
/// <param name="Low">Lowest level.</param>
/// <param name="High">Highest level.</param>
/// <param name="Unit"><c>cells_per_kg</c>, <c>cells</c>, <c>cells_per_cm2</c>, <c>ug</c>, <c>particles</c>, <c>ml</c>
/// or <c>other</c>.</param>
public sealed record DoseRange(double Low, double High, string Unit);

/// <summary>
/// A span of a record's text supporting an extracted value.
/// </summary>
/// <param name="Field">Registry field (classic names: <c>InterventionDescription</c>, <c>ArmGroupDescription</c>,
/// <c>BriefSummary</c>, …).</param>
/// <param name="Index">Position of the item for list fields (0 for single-valued fields).</param>
/// <param name="Start">Start character offset in that field's text.</param>
/// <param name="End">End character offset (exclusive).</param>
/// <param name="Text">The quoted text.</param>
/// <param name="Supports">Which value it supports (<c>dose</c>, <c>tissueSource</c>, <c>route</c>, …).</param>
public sealed record Evidence(string Field, int Index, int Start, int End, string Text, string Supports);

/// <summary>The vocabulary words of EXTRACTION.md, in the order multi-valued fields list them.</summary>
public static class ExtractionWords
{
    /// <summary>Not an MSC intervention.</summary>
    public const string None = "none";

    /// <summary>The record does not say.</summary>
    public const string Unspecified = "unspecified";

    /// <summary>Priming when nothing is stated.</summary>
    public const string NoneStated = "none_stated";

    /// <summary>Products in order.</summary>
    public static readonly IReadOnlyList<string> Products = ["cells", "ev", "secretome"];

    /// <summary>Tissue sources in order.</summary>
    public static readonly IReadOnlyList<string> TissueSources =
        ["bone_marrow", "adipose", "umbilical_cord", "cord_blood", "placenta", "amniotic_fluid", "dental", "menstrual",
            "peripheral_blood", "synovium", "muscle", "other"];

    /// <summary>Matches.</summary>
    public static readonly IReadOnlyList<string> Matches = ["autologous", "allogeneic", "both"];

    /// <summary>Routes in order.</summary>
    public static readonly IReadOnlyList<string> Routes =
    [
        "intravenous", "intra_arterial", "intracoronary", "transendocardial", "intramuscular", "intra_articular",
        "intradiscal", "intrathecal", "intralesional", "topical", "inhalation", "subcutaneous", "intravitreal",
        "intranasal", "intrauterine", "intrapancreatic", "other",
    ];

    /// <summary>Dose units.</summary>
    public static readonly IReadOnlyList<string> DoseUnits = ["cells_per_kg", "cells", "cells_per_cm2", "ug",
        "particles", "ml", "other"];

    /// <summary>Priming kinds in order.</summary>
    public static readonly IReadOnlyList<string> PrimingKinds =
        ["none_stated", "hypoxia", "inflammatory", "platelet_lysate", "three_d", "neurotrophic", "differentiated",
            "other"];

    /// <summary>Sorts values into the order <paramref name="order"/> lists them (unknown words last).</summary>
    public static List<string> InOrder(IEnumerable<string> values, IReadOnlyList<string> order) =>
        values.Distinct(StringComparer.Ordinal).OrderBy(v => order.IndexOf(v) is var i && i < 0 ? int.MaxValue : i)
            .ToList();

    private static int IndexOf(this IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++) if (list[i] == value) return i;
        return -1;
    }
}

using System.Text.Json.Serialization;

namespace Stroma.Knowledge;

/// <summary>Donor type, the first term of the review's MSC nomenclature (section 1.2).</summary>
public enum DonorType
{
    /// <summary>The patient's own cells.</summary>
    Autologous,

    /// <summary>Cells from another donor.</summary>
    Allogeneic,
}

/// <summary>Mesenchymal cell type, the last term of the review's MSC nomenclature (section 1.2).</summary>
public enum MscCellType
{
    /// <summary>Stem cells (self-renewal and multilineage differentiation shown).</summary>
    Stem,

    /// <summary>Stromal cells (the bulk plastic-adherent population).</summary>
    Stromal,

    /// <summary>Progenitor cells.</summary>
    Progenitor,
}

/// <summary>Whether a tissue source is adult or perinatal (newborn) tissue.</summary>
public enum TissueGroup
{
    /// <summary>Adult tissue (bone marrow, adipose tissue, …).</summary>
    Adult,

    /// <summary>Perinatal tissue (umbilical cord, cord blood, placenta, amniotic fluid).</summary>
    Perinatal,
}

/// <summary>
/// Tissue-factor (CD142) expression of MSCs from a source, relative to bone marrow, as the review states it.
/// </summary>
public enum TissueFactorLevel
{
    /// <summary>Lower (bone marrow).</summary>
    Lower,

    /// <summary>Higher than bone marrow (adipose and perinatal tissue).</summary>
    Higher,
}

/// <summary>Whether a route delivers cells systemically or locally (review section 3.2).</summary>
public enum RouteDelivery
{
    /// <summary>Systemic delivery (intravenous, intra-arterial, inhalation).</summary>
    Systemic,

    /// <summary>Local delivery (direct tissue injection, intramuscular, intra-articular, …).</summary>
    Local,
}

/// <summary>Role of a marker in MSC characterisation.</summary>
public enum MarkerCategory
{
    /// <summary>Must be expressed under the ISCT minimal criteria.</summary>
    [JsonStringEnumMemberName("isct-positive")] IsctPositive,

    /// <summary>Must be absent under the ISCT minimal criteria.</summary>
    [JsonStringEnumMemberName("isct-negative")] IsctNegative,

    /// <summary>HLA and costimulatory molecules.</summary>
    Immunogenicity,

    /// <summary>Gained or lost with culture.</summary>
    [JsonStringEnumMemberName("culture-dependent")] CultureDependent,

    /// <summary>Correlates with clonogenicity or doubling time.</summary>
    Clonogenicity,

    /// <summary>A safety concern (e.g. thrombosis).</summary>
    Safety,

    /// <summary>Induced by priming.</summary>
    [JsonStringEnumMemberName("priming-response")] PrimingResponse,

    /// <summary>Homing receptor.</summary>
    Homing,

    /// <summary>Membrane complement regulator.</summary>
    [JsonStringEnumMemberName("complement-regulator")] ComplementRegulator,
}

/// <summary>Expected expression under the ISCT minimal criteria.</summary>
public enum IsctExpectation
{
    /// <summary>Expressed.</summary>
    Positive,

    /// <summary>Absent.</summary>
    Negative,
}

/// <summary>How a marker changes with ex vivo culture, as the review reports it.</summary>
public enum CultureChange
{
    /// <summary>Gained in culture.</summary>
    Gained,

    /// <summary>Lost in culture.</summary>
    Lost,

    /// <summary>Downregulated in culture relative to the stromal fraction.</summary>
    Downregulated,

    /// <summary>Maintained in culture.</summary>
    Maintained,

    /// <summary>Reported inconsistently.</summary>
    Variable,
}

/// <summary>Kind of culture or priming factor.</summary>
public enum CultureFactorKind
{
    /// <summary>A culture condition (e.g. oxygen tension).</summary>
    Condition,

    /// <summary>A culture format (3D, bioreactor).</summary>
    Format,

    /// <summary>A medium supplement.</summary>
    Supplement,

    /// <summary>A priming (licensing) agent.</summary>
    Priming,

    /// <summary>A processing step (passaging, cryopreservation).</summary>
    Processing,

    /// <summary>Cell engineering.</summary>
    Engineering,
}

/// <summary>Role of a secreted or induced mediator.</summary>
public enum MediatorRole
{
    /// <summary>Immunosuppressive or anti-inflammatory.</summary>
    Immunosuppressive,

    /// <summary>Pro-inflammatory.</summary>
    [JsonStringEnumMemberName("pro-inflammatory")] ProInflammatory,

    /// <summary>Trophic (growth factor, angiogenic).</summary>
    Trophic,

    /// <summary>Chemokine recruiting immune cells.</summary>
    Chemokine,

    /// <summary>Homing factor.</summary>
    Homing,
}

/// <summary>What a quality-control test establishes.</summary>
public enum QcCategory
{
    /// <summary>Identity (ISCT criteria).</summary>
    Identity,

    /// <summary>Further characterisation.</summary>
    Characterisation,

    /// <summary>Function (potency).</summary>
    Potency,

    /// <summary>Contamination and safety.</summary>
    Safety,

    /// <summary>Genome stability.</summary>
    [JsonStringEnumMemberName("genome-stability")] GenomeStability,

    /// <summary>Viability.</summary>
    Viability,
}

/// <summary>
/// Supplement of the expansion medium. The JSON names are the culture-factor ids of the knowledge base; the same
/// enum is the manufacturing record's vocabulary, so a stored passage and a readiness input use one id set.
/// </summary>
public enum MediumSupplement
{
    /// <summary>Fetal bovine serum (xenogeneic).</summary>
    [JsonStringEnumMemberName("fetal-bovine-serum")] FetalBovineSerum,

    /// <summary>Human platelet lysate.</summary>
    [JsonStringEnumMemberName("human-platelet-lysate")] HumanPlateletLysate,

    /// <summary>Human AB serum or plasma.</summary>
    [JsonStringEnumMemberName("human-ab-serum")] HumanAbSerum,

    /// <summary>Chemically defined (serum-free) medium.</summary>
    [JsonStringEnumMemberName("chemically-defined")] ChemicallyDefined,

    /// <summary>Platelet-rich plasma.</summary>
    [JsonStringEnumMemberName("platelet-rich-plasma")] PlateletRichPlasma,
}

/// <summary>Culture format of the expansion (also the manufacturing record's vocabulary).</summary>
public enum CultureFormat
{
    /// <summary>2D monolayer on plastic.</summary>
    [JsonStringEnumMemberName("2d")] Monolayer,

    /// <summary>3D spheroids or aggregates.</summary>
    [JsonStringEnumMemberName("3d")] Spheroid,

    /// <summary>Bioreactor.</summary>
    Bioreactor,
}

using System.Collections.Frozen;
using Stroma.Manufacturing.Dosing;

namespace Stroma.Manufacturing;

/// <summary>
/// Tissue a product's cells were isolated from (the review §2.1 lists these sources). The stored token of each
/// value is the knowledge base's tissue-source id (<c>tissue-sources.json</c>), or a token no entry answers to.
/// </summary>
public enum TissueSource
{
    /// <summary>Bone marrow.</summary>
    BoneMarrow,
    /// <summary>Adipose tissue (lipoaspirate).</summary>
    Adipose,
    /// <summary>Umbilical cord / Wharton's jelly.</summary>
    UmbilicalCord,
    /// <summary>Placenta or amnion (the knowledge base's "placenta" entry covers amnion and decidua).</summary>
    PlacentaAmnion,
    /// <summary>Umbilical cord blood.</summary>
    CordBlood,
    /// <summary>Dental pulp.</summary>
    DentalPulp,
    /// <summary>Menstrual blood.</summary>
    MenstrualBlood,
    /// <summary>Peripheral blood.</summary>
    PeripheralBlood,
    /// <summary>Any other tissue.</summary>
    Other,
}

/// <summary>How cells were isolated from the tissue.</summary>
public enum IsolationMethod
{
    /// <summary>Density-gradient centrifugation (e.g. Ficoll).</summary>
    DensityGradient,
    /// <summary>Enzymatic digestion (collagenase and the like).</summary>
    EnzymaticDigestion,
    /// <summary>Explant outgrowth.</summary>
    Explant,
}

/// <summary>Donor sex as recorded.</summary>
public enum DonorSex
{
    /// <summary>Female.</summary>
    Female,
    /// <summary>Male.</summary>
    Male,
    /// <summary>Not recorded.</summary>
    Unknown,
}

/// <summary>Outcome of one infectious-disease screening test.</summary>
public enum ScreeningOutcome
{
    /// <summary>Non-reactive.</summary>
    Negative,
    /// <summary>Reactive.</summary>
    Positive,
    /// <summary>Indeterminate or pending confirmation.</summary>
    Indeterminate,
}

/// <summary>Place of a lot in the lineage.</summary>
public enum LotKind
{
    /// <summary>Primary culture from tissue.</summary>
    PrimaryCulture,
    /// <summary>Master cell bank.</summary>
    MasterCellBank,
    /// <summary>Working cell bank.</summary>
    WorkingCellBank,
    /// <summary>Drug product lot.</summary>
    DrugProduct,
}

/// <summary>Where a lot stands.</summary>
public enum LotStatus
{
    /// <summary>Being manufactured.</summary>
    InProcess,
    /// <summary>Awaiting (or held from) release.</summary>
    Quarantined,
    /// <summary>Released by QA.</summary>
    Released,
    /// <summary>Rejected by QA.</summary>
    Rejected,
}

/// <summary>
/// Licensing (priming) agent (the review §2.4: hypoxia, TLR triggering, inflammatory licensing). The stored token of
/// each value is the knowledge base's culture-factor id (<c>culture-factors.json</c>), except <see cref="Other"/>.
/// </summary>
public enum PrimingAgent
{
    /// <summary>Interferon-γ.</summary>
    InterferonGamma,
    /// <summary>Tumour necrosis factor-α.</summary>
    TnfAlpha,
    /// <summary>Polyinosinic:polycytidylic acid (TLR3).</summary>
    PolyIC,
    /// <summary>Lipopolysaccharide (TLR4).</summary>
    Lps,
    /// <summary>Hypoxia.</summary>
    Hypoxia,
    /// <summary>Platelet lysate.</summary>
    PlateletLysate,
    /// <summary>Any other agent (describe it).</summary>
    Other,
}

/// <summary>Cryopreservation event kind.</summary>
public enum CryoEventKind
{
    /// <summary>Cells frozen into vials or bags.</summary>
    Freeze,
    /// <summary>Vials or bags thawed.</summary>
    Thaw,
}

/// <summary>
/// Route of administration. The stored token of each value is the knowledge base's route id (<c>routes.json</c>)
/// where the review lists the route; the others (e.g. subcutaneous, implant) have tokens no entry answers to.
/// </summary>
public enum AdministrationRoute
{
    /// <summary>Intravenous.</summary>
    Intravenous,
    /// <summary>Intrathecal.</summary>
    Intrathecal,
    /// <summary>Intra-articular.</summary>
    Intraarticular,
    /// <summary>Intramuscular.</summary>
    Intramuscular,
    /// <summary>Intracardiac / intramyocardial.</summary>
    Intracardiac,
    /// <summary>Intracoronary.</summary>
    Intracoronary,
    /// <summary>Intraosseous.</summary>
    Intraosseous,
    /// <summary>Subcutaneous.</summary>
    Subcutaneous,
    /// <summary>Intradermal.</summary>
    Intradermal,
    /// <summary>Local injection into a lesion or tissue (the review's direct tissue injection).</summary>
    LocalInjection,
    /// <summary>Surgical implant (cells on a scaffold).</summary>
    Implant,
    /// <summary>Topical application.</summary>
    Topical,
}

/// <summary>A release test.</summary>
public enum ReleaseTest
{
    /// <summary>Identity by flow cytometry (an identity-engine verdict).</summary>
    Identity,
    /// <summary>One surface marker's % positive (from the identity analysis or entered).</summary>
    Marker,
    /// <summary>Viability (%).</summary>
    Viability,
    /// <summary>Sterility.</summary>
    Sterility,
    /// <summary>Mycoplasma.</summary>
    Mycoplasma,
    /// <summary>Bacterial endotoxin.</summary>
    Endotoxin,
    /// <summary>Karyotype / genomic stability.</summary>
    Karyotype,
    /// <summary>Potency (IDO activity, T-cell suppression, …).</summary>
    Potency,
    /// <summary>Cumulative population doublings of the lot (computed from its passages).</summary>
    PopulationDoublings,
    /// <summary>Any other test.</summary>
    Other,
}

/// <summary>How a result is compared with a specification limit.</summary>
public enum Comparator
{
    /// <summary>Result ≥ limit.</summary>
    AtLeast,
    /// <summary>Result &gt; limit.</summary>
    GreaterThan,
    /// <summary>Result ≤ limit.</summary>
    AtMost,
    /// <summary>Result &lt; limit.</summary>
    LessThan,
    /// <summary>Result text equals the expected text (e.g. "no growth").</summary>
    Is,
    /// <summary>Reported only; no limit.</summary>
    Report,
}

/// <summary>QA disposition of a lot.</summary>
public enum Disposition
{
    /// <summary>Released for use.</summary>
    Released,
    /// <summary>Rejected.</summary>
    Rejected,
    /// <summary>Held in quarantine.</summary>
    Quarantined,
}

/// <summary>
/// The controlled vocabulary: one token (stored in the database and printed in JSON), one label, and the
/// synonyms a user may type, per enum value. Parsing is case-, space-, dash- and underscore-insensitive.
/// Concepts the knowledge base also knows share its ids: tissue sources, routes, priming agents and
/// supplements are tokened by their entry ids, and donor type, cell type, supplement and culture format
/// are the knowledge base's own enums with their JSON names as tokens — so a stored record reaches the
/// readiness rules and the nomenclature without translation (earlier snake_case tokens still parse).
/// </summary>
public static class Terms
{
    private sealed record Entry(object Value, string Token, string Label, string[] Synonyms);

    private static readonly FrozenDictionary<Type, Entry[]> Tables = new Dictionary<Type, Entry[]>
    {
        [typeof(TissueSource)] =
        [
            E(TissueSource.BoneMarrow, "bone-marrow", "bone marrow", "bm", "marrow"),
            E(TissueSource.Adipose, "adipose", "adipose tissue", "fat", "lipoaspirate", "adipose tissue"),
            E(TissueSource.UmbilicalCord, "umbilical-cord", "umbilical cord (Wharton's jelly)", "uc", "wharton's jelly",
                "whartons jelly", "wharton jelly", "wj", "cord"),
            E(TissueSource.PlacentaAmnion, "placenta", "placenta/amnion", "placenta amnion", "amnion",
                "amniotic membrane", "placental"),
            E(TissueSource.CordBlood, "cord-blood", "umbilical cord blood", "ucb", "umbilical cord blood"),
            E(TissueSource.DentalPulp, "dental-pulp", "dental pulp", "dpsc", "tooth", "dental"),
            E(TissueSource.MenstrualBlood, "menstrual-blood", "menstrual blood", "menstrual", "endometrium"),
            E(TissueSource.PeripheralBlood, "peripheral-blood", "peripheral blood", "pb", "blood"),
            E(TissueSource.Other, "other", "other tissue"),
        ],
        [typeof(IsolationMethod)] =
        [
            E(IsolationMethod.DensityGradient, "density_gradient", "density gradient", "ficoll", "gradient"),
            E(IsolationMethod.EnzymaticDigestion, "enzymatic_digestion", "enzymatic digestion", "enzymatic",
                "collagenase", "digestion"),
            E(IsolationMethod.Explant, "explant", "explant culture", "explant outgrowth"),
        ],
        [typeof(DonorType)] =
        [
            E(DonorType.Autologous, "autologous", "autologous", "auto"),
            E(DonorType.Allogeneic, "allogeneic", "allogeneic", "allo"),
        ],
        [typeof(DonorSex)] =
        [
            E(DonorSex.Female, "female", "female", "f"),
            E(DonorSex.Male, "male", "male", "m"),
            E(DonorSex.Unknown, "unknown", "not recorded", "u", "not stated", "na"),
        ],
        [typeof(ScreeningOutcome)] =
        [
            E(ScreeningOutcome.Negative, "negative", "negative", "neg", "non-reactive", "nonreactive"),
            E(ScreeningOutcome.Positive, "positive", "positive", "pos", "reactive", "+"),
            E(ScreeningOutcome.Indeterminate, "indeterminate", "indeterminate", "pending", "equivocal"),
        ],
        [typeof(MscCellType)] =
        [
            E(MscCellType.Stromal, "stromal", "mesenchymal stromal cells", "stromal cell", "msc", "stromal cells"),
            E(MscCellType.Stem, "stem", "mesenchymal stem cells", "stem cell", "stem cells"),
            E(MscCellType.Progenitor, "progenitor", "mesenchymal progenitor cells", "progenitor cell",
                "progenitor cells"),
        ],
        [typeof(LotKind)] =
        [
            E(LotKind.PrimaryCulture, "primary_culture", "primary culture", "primary", "p0"),
            E(LotKind.MasterCellBank, "master_cell_bank", "master cell bank", "mcb", "master"),
            E(LotKind.WorkingCellBank, "working_cell_bank", "working cell bank", "wcb", "working"),
            E(LotKind.DrugProduct, "drug_product", "drug product", "dp", "product", "drug product lot"),
        ],
        [typeof(LotStatus)] =
        [
            E(LotStatus.InProcess, "in_process", "in process"),
            E(LotStatus.Quarantined, "quarantined", "quarantined", "quarantine"),
            E(LotStatus.Released, "released", "released"),
            E(LotStatus.Rejected, "rejected", "rejected"),
        ],
        [typeof(MediumSupplement)] =
        [
            E(MediumSupplement.FetalBovineSerum, "fetal-bovine-serum", "fetal bovine serum", "fbs", "fcs",
                "fetal calf serum", "serum"),
            E(MediumSupplement.HumanPlateletLysate, "human-platelet-lysate", "human platelet lysate", "hpl",
                "platelet lysate", "pl"),
            E(MediumSupplement.HumanAbSerum, "human-ab-serum", "human AB serum", "ab serum", "hab", "human serum"),
            E(MediumSupplement.ChemicallyDefined, "chemically-defined", "chemically defined (serum-free)", "serum-free",
                "serum free", "xeno-free", "cd"),
            E(MediumSupplement.PlateletRichPlasma, "platelet-rich-plasma", "platelet-rich plasma", "prp"),
        ],
        [typeof(CultureFormat)] =
        [
            E(CultureFormat.Monolayer, "2d", "2D monolayer", "monolayer", "flask", "planar"),
            E(CultureFormat.Spheroid, "3d", "3D spheroid", "spheroid", "3d spheroid", "spheroids"),
            E(CultureFormat.Bioreactor, "bioreactor", "bioreactor", "microcarrier", "hollow fibre", "hollow fiber"),
        ],
        [typeof(PrimingAgent)] =
        [
            E(PrimingAgent.InterferonGamma, "ifn-gamma", "IFN-γ", "ifn-g", "ifng", "interferon gamma",
                "interferon-gamma", "ifn-γ", "ifnγ"),
            E(PrimingAgent.TnfAlpha, "tnf-alpha", "TNF-α", "tnf-a", "tnfa", "tnf", "tnf-α",
                "tumour necrosis factor alpha", "tumor necrosis factor alpha"),
            E(PrimingAgent.PolyIC, "tlr3-poly-ic", "poly(I:C)", "poly ic", "poly(i:c)", "polyi:c", "polyic"),
            E(PrimingAgent.Lps, "tlr4-lps", "LPS", "lps", "lipopolysaccharide"),
            E(PrimingAgent.Hypoxia, "hypoxia", "hypoxia", "low oxygen"),
            E(PrimingAgent.PlateletLysate, "human-platelet-lysate", "platelet lysate", "hpl", "platelet_lysate"),
            E(PrimingAgent.Other, "other", "other agent"),
        ],
        [typeof(CryoEventKind)] =
        [
            E(CryoEventKind.Freeze, "freeze", "freeze", "cryopreserve"),
            E(CryoEventKind.Thaw, "thaw", "thaw"),
        ],
        [typeof(AdministrationRoute)] =
        [
            E(AdministrationRoute.Intravenous, "intravenous", "intravenous", "iv", "i.v."),
            E(AdministrationRoute.Intrathecal, "intrathecal", "intrathecal", "it", "i.t."),
            E(AdministrationRoute.Intraarticular, "intra-articular", "intra-articular", "ia", "intra-articular",
                "intraarticular"),
            E(AdministrationRoute.Intramuscular, "intramuscular", "intramuscular", "im", "i.m."),
            E(AdministrationRoute.Intracardiac, "intracardiac", "intracardiac", "intramyocardial", "transendocardial"),
            E(AdministrationRoute.Intracoronary, "intracoronary", "intracoronary", "ic"),
            E(AdministrationRoute.Intraosseous, "intraosseous", "intraosseous", "io"),
            E(AdministrationRoute.Subcutaneous, "subcutaneous", "subcutaneous", "sc", "s.c."),
            E(AdministrationRoute.Intradermal, "intradermal", "intradermal", "id"),
            E(AdministrationRoute.LocalInjection, "direct-tissue-injection", "local injection", "local",
                "intralesional",
                "direct tissue injection"),
            E(AdministrationRoute.Implant, "implant", "implant", "implantation", "scaffold"),
            E(AdministrationRoute.Topical, "topical", "topical"),
        ],
        [typeof(ReleaseTest)] =
        [
            E(ReleaseTest.Identity, "identity", "identity (flow cytometry)", "immunophenotype", "phenotype"),
            E(ReleaseTest.Marker, "marker", "surface marker", "cd"),
            E(ReleaseTest.Viability, "viability", "viability"),
            E(ReleaseTest.Sterility, "sterility", "sterility", "bacterial and fungal", "bacteria"),
            E(ReleaseTest.Mycoplasma, "mycoplasma", "mycoplasma"),
            E(ReleaseTest.Endotoxin, "endotoxin", "endotoxin", "lal", "bet"),
            E(ReleaseTest.Karyotype, "karyotype", "karyotype", "genomic stability", "cytogenetics"),
            E(ReleaseTest.Potency, "potency", "potency", "function"),
            E(ReleaseTest.PopulationDoublings, "population_doublings", "cumulative population doublings", "pd", "cpd",
                "doublings"),
            E(ReleaseTest.Other, "other", "other test"),
        ],
        [typeof(Comparator)] =
        [
            E(Comparator.AtLeast, ">=", "≥", "≥", "minimum", "min", "at least", "atleast"),
            E(Comparator.GreaterThan, ">", ">", "greater than", "gt", "more than"),
            E(Comparator.AtMost, "<=", "≤", "≤", "maximum", "max", "at most", "atmost"),
            E(Comparator.LessThan, "<", "<", "less than", "lt"),
            E(Comparator.Is, "is", "is", "=", "==", "equals"),
            E(Comparator.Report, "report", "report only", "reported", "info"),
        ],
        [typeof(Disposition)] =
        [
            E(Disposition.Released, "released", "released", "release", "approve", "approved"),
            E(Disposition.Rejected, "rejected", "rejected", "reject"),
            E(Disposition.Quarantined, "quarantined", "quarantined", "quarantine", "hold"),
        ],
        [typeof(Records.InvestigationFinding)] =
        [
            E(Records.InvestigationFinding.AssignableCause, "assignable_cause", "assignable cause", "assignable",
                "invalidate"),
            E(Records.InvestigationFinding.NoAssignableCause, "no_assignable_cause", "no assignable cause", "none",
                "confirm",
                "confirmed"),
        ],
        [typeof(DoseUnit)] =
        [
            E(DoseUnit.CellsPerKg, "cells_per_kg", "cells/kg", "cells/kg", "per kg", "perkg"),
            E(DoseUnit.Cells, "cells", "cells (fixed dose)", "fixed", "total"),
        ],
    }.ToFrozenDictionary();

    private static Entry E<T>(T value, string token, string label, params string[] synonyms) where T : struct, Enum =>
        new(value, token, label, synonyms);

    /// <summary>The stored/printed token of a value, e.g. <c>bone_marrow</c>.</summary>
    public static string Token<T>(T value) where T : struct, Enum => Find(value).Token;

    /// <summary>The token of any vocabulary enum value (the enum's name when it is not in the vocabulary).</summary>
    public static string TokenOf(Enum value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Tables.TryGetValue(value.GetType(), out var table)
            && table.FirstOrDefault(e => e.Value.Equals(value)) is { } entry ? entry.Token : value.ToString();
    }

    /// <summary>The human label of a value, e.g. "bone marrow".</summary>
    public static string Label<T>(T value) where T : struct, Enum => Find(value).Label;

    /// <summary>Every token of an enum, in declaration order (for help texts and error messages).</summary>
    public static IReadOnlyList<string> Tokens<T>() where T : struct, Enum =>
        Tables[typeof(T)].Select(e => e.Token).ToArray();

    /// <summary>Every value of an enum as (token, human label), in declaration order (for choice lists in
    /// forms).</summary>
    public static IReadOnlyList<(string Token, string Label)> Choices<T>() where T : struct, Enum =>
        Tables[typeof(T)].Select(e => (e.Token, e.Label)).ToArray();

    /// <summary>The human label of a stored token, or the token itself when it is not one of <typeparamref
    /// name="T"/>.</summary>
    public static string LabelOf<T>(string? token) where T : struct, Enum =>
        TryParse<T>(token, out var value) ? Label(value) : token ?? "";

    /// <summary>Parses a token, label or synonym; throws a <see cref="ManufacturingException"/> naming the accepted
    /// tokens.</summary>
    public static T Parse<T>(string? text, string what) where T : struct, Enum =>
        TryParse<T>(text, out var value) ? value
        : string.IsNullOrWhiteSpace(text) ? throw new ManufacturingException($"{what} is required; use one of: " +
            $"{string.Join(", ", Tokens<T>())}.")
        : throw new ManufacturingException($"{what} '{text}' is not recognised; use one of: " +
            $"{string.Join(", ", Tokens<T>())}.");

    /// <summary>Parses a token, label or synonym.</summary>
    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var key = Key(text);
        foreach (var entry in Tables[typeof(T)])
        {
            if (Key(entry.Token) == key || Key(entry.Label) == key || entry.Synonyms.Any(s => Key(s) == key))
            {
                value = (T)entry.Value;
                return true;
            }
        }
        return false;
    }

    private static Entry Find<T>(T value) where T : struct, Enum => Tables[typeof(T)].First(e => e.Value.Equals(value));

    // Keys ignore case and the separators people type interchangeably, but keep symbols like ≥ and (I:C).
    private static string Key(string text) =>
        new string(text.Trim().ToLowerInvariant().Where(c => c is not (' ' or '_' or '-' or '\'' or '’')).ToArray());
}

namespace Stroma.Trials.Model;

/// <summary>
/// The one declared link between the extraction vocabulary (the snake_case words of EXTRACTION.md that the
/// annotation files, CSV and JSON keep, <see cref="Extraction.ExtractionWords"/>) and the Knowledge ids
/// (kebab-case, Stroma.Knowledge, which Manufacturing and Storage store). Every tissue source, route and priming
/// word maps to the Knowledge entry it names, or to <c>null</c> where the knowledge base has no entry for it (a
/// catch-all such as <c>other</c>, or a route the review does not list). A word is never translated by string
/// manipulation: code that needs the Knowledge id of a trial word asks this table. A test checks that every
/// extraction word is here and every id resolves in <c>KnowledgeBase.Default</c>.
/// </summary>
public static class TrialVocabulary
{
    /// <summary>
    /// Tissue source word → Knowledge tissue-source id. EXTRACTION.md's <c>dental</c> (dental pulp, periodontal
    /// ligament, exfoliated deciduous teeth) is coarser than Knowledge, which splits dental pulp from periodontal
    /// ligament; it maps to <c>dental-pulp</c>, whose aliases are "dental tissue(s)".
    /// </summary>
    public static IReadOnlyDictionary<string, string?> TissueSources { get; } =
        new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["bone_marrow"] = "bone-marrow",
            ["adipose"] = "adipose",
            ["umbilical_cord"] = "umbilical-cord",
            ["cord_blood"] = "cord-blood",
            ["placenta"] = "placenta",
            ["amniotic_fluid"] = "amniotic-fluid",
            ["dental"] = "dental-pulp",
            ["menstrual"] = "menstrual-blood",
            ["peripheral_blood"] = "peripheral-blood",
            ["synovium"] = "synovium",
            ["muscle"] = "skeletal-muscle",
            ["other"] = null,
        };

    /// <summary>
    /// Route word → Knowledge route id. <c>intralesional</c> is Knowledge's direct tissue injection (its alias);
    /// routes the review does not list (intradiscal, subcutaneous, intravitreal, intranasal, intrauterine,
    /// intrapancreatic) and <c>other</c> have none.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> Routes { get; } =
        new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["intravenous"] = "intravenous",
            ["intra_arterial"] = "intra-arterial",
            ["intracoronary"] = "intracoronary",
            ["transendocardial"] = "trans-endocardial",
            ["intramuscular"] = "intramuscular",
            ["intra_articular"] = "intra-articular",
            ["intradiscal"] = null,
            ["intrathecal"] = "intrathecal",
            ["intralesional"] = "direct-tissue-injection",
            ["topical"] = "topical",
            ["inhalation"] = "inhalation",
            ["subcutaneous"] = null,
            ["intravitreal"] = null,
            ["intranasal"] = null,
            ["intrauterine"] = null,
            ["intrapancreatic"] = null,
            ["other"] = null,
        };

    /// <summary>
    /// Priming word → Knowledge culture-factor id (the review's priming, condition, format and supplement
    /// entries). <c>inflammatory</c> covers several Knowledge entries (IFN-γ, TNF-α, their combination, TLR
    /// ligands) and so names none of them; <c>none_stated</c>, <c>differentiated</c> and <c>other</c> have none.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> Priming { get; } =
        new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["none_stated"] = null,
            ["hypoxia"] = "hypoxia",
            ["inflammatory"] = null,
            ["platelet_lysate"] = "human-platelet-lysate",
            ["three_d"] = "spheroid-3d",
            ["neurotrophic"] = "neurotrophic-induction",
            ["differentiated"] = null,
            ["other"] = null,
        };

    /// <summary>The Knowledge tissue-source id of an extraction word, or null when Knowledge has none.</summary>
    /// <exception cref="TrialsException">The word is not an EXTRACTION.md tissue source.</exception>
    public static string? TissueSourceId(string word) => Lookup(TissueSources, word, "tissue source");

    /// <summary>The Knowledge route id of an extraction word, or null when Knowledge has none.</summary>
    /// <exception cref="TrialsException">The word is not an EXTRACTION.md route.</exception>
    public static string? RouteId(string word) => Lookup(Routes, word, "route");

    /// <summary>The Knowledge culture-factor id of an extraction priming word, or null when there is none.</summary>
    /// <exception cref="TrialsException">The word is not an EXTRACTION.md priming kind.</exception>
    public static string? PrimingId(string word) => Lookup(Priming, word, "priming kind");

    private static string? Lookup(IReadOnlyDictionary<string, string?> table, string word, string what) =>
        table.TryGetValue(word, out var id)
            ? id
            : throw new TrialsException(
                $"'{word}' is not an EXTRACTION.md {what}; expected one of {string.Join(", ", table.Keys)}.");
}

namespace Stroma.Knowledge;

/// <summary>A tissue MSCs are isolated from (review section 2.1).</summary>
/// <param name="Id">Identifier (e.g. "bone-marrow").</param>
/// <param name="Name">Display name.</param>
/// <param name="Aliases">Other names (e.g. "BM", "Wharton’s jelly").</param>
/// <param name="Group">Adult or perinatal tissue.</param>
/// <param name="LabelTerm">The tissue-source term of the MSC nomenclature (e.g. "adipose-derived").</param>
/// <param name="Abbreviation">The abbreviation the review uses for MSCs from this tissue (e.g. "BM-MSCs"), or
/// null.</param>
/// <param name="TissueFactor">Tissue-factor (CD142) level relative to bone marrow as the review states it, or null
/// where it says nothing.</param>
/// <param name="Facts">Cited facts: access, yield, proliferation, tissue factor, routes, …</param>
public sealed record TissueSource(
    string Id,
    string Name,
    IReadOnlyList<string> Aliases,
    TissueGroup Group,
    string LabelTerm,
    string? Abbreviation,
    TissueFactorLevel? TissueFactor,
    IReadOnlyList<Fact> Facts) : IKnowledgeEntry
{
    /// <inheritdoc/>
    public string Summary =>
        $"{KnowledgeJson.EnumName(Group)}; tissue factor: " +
            $"{(TissueFactor is { } tf ? KnowledgeJson.EnumName(tf) : "not stated")}" +
        (Abbreviation is null ? "" : $"; {Abbreviation}");
}

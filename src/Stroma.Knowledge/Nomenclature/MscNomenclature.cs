using Stroma.Knowledge.Readiness;

namespace Stroma.Knowledge;

/// <summary>A product label built per the review's nomenclature.</summary>
/// <param name="Text">The label, e.g. "allogeneic human adipose-derived mesenchymal stromal cells".</param>
/// <param name="Abbreviation">The abbreviation the review uses for the tissue (e.g. "AT-MSCs"), else "MSCs".</param>
/// <param name="MissingTerms">Nomenclature terms that were unknown and left out (e.g. "donor type").</param>
public sealed record MscLabel(string Text, string Abbreviation, IReadOnlyList<string> MissingTerms)
{
    /// <summary>True when all four terms of the nomenclature are present.</summary>
    public bool IsComplete => MissingTerms.Count == 0;

    /// <inheritdoc/>
    public override string ToString() => Text;
}

/// <summary>
/// Labels per the Nomenclature Working Group terminology the review recommends (section 1.2, Bourin et al., 2013):
/// donor type (autologous or allogeneic), species of origin, tissue source, and mesenchymal cell type (stem cell,
/// stromal cell or progenitor cell) — e.g. "allogeneic human adipose-derived mesenchymal stromal cells".
/// Used on lots, certificates of analysis and reports.
/// </summary>
public static class MscNomenclature
{
    /// <summary>
    /// Builds the label. An unknown term is left out and listed in <see cref="MscLabel.MissingTerms"/>; an unknown
    /// cell type reads "mesenchymal stem/stromal cells", the review's own umbrella term.
    /// </summary>
    public static MscLabel Label(DonorType? donorType, string? species, TissueSource? tissueSource,
        MscCellType? cellType)
    {
        var words = new List<string>();
        var missing = new List<string>();
        if (donorType is { } d) words.Add(KnowledgeJson.EnumName(d)); else missing.Add("donor type");
        if (!string.IsNullOrWhiteSpace(species))
            words.Add(species.Trim().ToLowerInvariant()); else missing.Add("species");
        if (tissueSource is not null) words.Add(tissueSource.LabelTerm); else missing.Add("tissue source");
        words.Add(cellType switch
        {
            MscCellType.Stem => "mesenchymal stem cells",
            MscCellType.Stromal => "mesenchymal stromal cells",
            MscCellType.Progenitor => "mesenchymal progenitor cells",
            _ => "mesenchymal stem/stromal cells",
        });
        if (cellType is null) missing.Add("cell type");
        return new MscLabel(string.Join(' ', words), tissueSource?.Abbreviation ?? "MSCs", missing);
    }

    /// <summary>
    /// The label of a lot; its tissue source is looked up by id or alias in <paramref name="knowledge"/>.
    /// </summary>
    public static MscLabel Label(LotProfile lot, KnowledgeBase? knowledge = null)
    {
        ArgumentNullException.ThrowIfNull(lot);
        var source = lot.TissueSource is { } id ? (knowledge ?? KnowledgeBase.Default).TissueSources.Find(id) : null;
        return Label(lot.DonorType, lot.Species, source, lot.CellType);
    }
}

using Stroma.Knowledge;

namespace Stroma.Manufacturing;

/// <summary>
/// The nomenclature label of a lot (Bourin et al. 2013; review §1.2 "Terminology"), e.g. "allogeneic human
/// adipose-derived mesenchymal stromal cells". Built by the knowledge base's <see cref="MscNomenclature"/>, the
/// one place the label is composed; a tissue source the review does not list ("other") is left out.
/// </summary>
public static class Nomenclature
{
    /// <summary>The label.</summary>
    public static string Label(DonorType donorType, string species, TissueSource source, MscCellType cellType) =>
        MscNomenclature.Label(donorType, string.IsNullOrWhiteSpace(species) ? "human" : species,
            KnowledgeBase.Default.TissueSources.Find(Terms.Token(source)), cellType).Text;
}

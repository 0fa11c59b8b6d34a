namespace Stroma.Manufacturing;

/// <summary>
/// The nomenclature label of an MSC product: donor type, species, tissue source and mesenchymal cell type, as
/// recommended by the Nomenclature Working Group (Bourin et al. 2013; review §1.2 "Terminology"), e.g.
/// "allogeneic human adipose-derived mesenchymal stromal cells". Kept in one file so the Knowledge library's
/// generator can replace it.
/// </summary>
public static class Nomenclature
{
    /// <summary>The label.</summary>
    public static string Label(DonorType donorType, string species, TissueSource source, MscCellType cellType)
    {
        var tissue = source switch
        {
            TissueSource.BoneMarrow => "bone marrow-derived",
            TissueSource.Adipose => "adipose-derived",
            TissueSource.UmbilicalCord => "umbilical cord-derived",
            TissueSource.PlacentaAmnion => "placenta-derived",
            TissueSource.CordBlood => "cord blood-derived",
            TissueSource.DentalPulp => "dental pulp-derived",
            TissueSource.MenstrualBlood => "menstrual blood-derived",
            TissueSource.PeripheralBlood => "peripheral blood-derived",
            _ => null,
        };
        var cells = Terms.Label(cellType);
        var speciesText = string.IsNullOrWhiteSpace(species) ? "human" : species.Trim().ToLowerInvariant();
        return string.Join(' ', new[] { Terms.Token(donorType), speciesText, tissue, cells }.Where(s => s is not null));
    }
}

using Stroma.Knowledge.Readiness;
using Xunit;

namespace Stroma.Knowledge.Tests;

/// <summary>Labels per the review's nomenclature (section 1.2): donor type, species, tissue source, cell type.</summary>
public sealed class NomenclatureTests
{
    private static readonly KnowledgeBase Kb = KnowledgeBase.Default;

    [Fact]
    public void The_reviews_example_label_is_produced_from_its_four_terms()
    {
        var label = MscNomenclature.Label(DonorType.Allogeneic, "human", Kb.TissueSources.Get("adipose"), MscCellType.Stromal);
        Assert.Equal("allogeneic human adipose-derived mesenchymal stromal cells", label.Text);
        Assert.Equal("AT-MSCs", label.Abbreviation);
        Assert.True(label.IsComplete);
    }

    [Theory]
    [InlineData("bone marrow", MscCellType.Stem, "autologous mouse bone marrow-derived mesenchymal stem cells")]
    [InlineData("Wharton's jelly", MscCellType.Progenitor, "autologous mouse umbilical cord-derived mesenchymal progenitor cells")]
    [InlineData("cord blood", MscCellType.Stromal, "autologous mouse cord blood-derived mesenchymal stromal cells")]
    public void Each_cell_type_and_tissue_reads_as_the_nomenclature_says(string tissue, MscCellType cellType, string expected)
    {
        Assert.Equal(expected, MscNomenclature.Label(new LotProfile { DonorType = DonorType.Autologous, Species = " Mouse ", TissueSource = tissue, CellType = cellType }).Text);
    }

    [Fact]
    public void Unknown_terms_are_left_out_and_listed()
    {
        var label = MscNomenclature.Label(new LotProfile { TissueSource = "dental pulp" });
        Assert.Equal("dental pulp-derived mesenchymal stem/stromal cells", label.Text);
        Assert.Equal(["donor type", "species", "cell type"], label.MissingTerms);
        Assert.Equal("MSCs", label.Abbreviation);
        Assert.False(label.IsComplete);
    }

    [Fact]
    public void Every_tissue_source_has_a_derived_label_term()
    {
        Assert.All(Kb.TissueSources.Entries, t => Assert.EndsWith("-derived", t.LabelTerm, StringComparison.Ordinal));
    }
}

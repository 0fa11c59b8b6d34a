using Stroma.Manufacturing;
using Stroma.Manufacturing.Culture;
using Stroma.Manufacturing.Records;
using Xunit;

namespace Stroma.Manufacturing.Tests;

public sealed class CultureTests
{
    [Theory]
    [InlineData(1e6, 2e6, 1)]
    [InlineData(1e6, 8e6, 3)]
    [InlineData(2.5e5, 1e7, 5.321928094887363)]
    [InlineData(4e6, 4e6, 0)]
    [InlineData(4e6, 2e6, -1)]
    public void Population_doublings_of_a_passage_are_log2_of_harvested_over_seeded(double seeded, double harvested, double expected) =>
        Assert.Equal(expected, PopulationDoublings.OfPassage(seeded, harvested), 12);

    [Theory]
    [InlineData(0, 1e6)]
    [InlineData(1e6, 0)]
    [InlineData(-1, 1e6)]
    [InlineData(double.NaN, 1e6)]
    public void Population_doublings_refuse_non_positive_counts(double seeded, double harvested) =>
        Assert.Throws<ManufacturingException>(() => PopulationDoublings.OfPassage(seeded, harvested));

    [Fact]
    public void Doubling_time_is_culture_hours_over_doublings_and_undefined_without_growth()
    {
        Assert.Equal(56, PopulationDoublings.DoublingTimeHours(3, 7)!.Value, 12);
        Assert.Null(PopulationDoublings.DoublingTimeHours(0, 7));
        Assert.Null(PopulationDoublings.DoublingTimeHours(3, null));
    }

    [Fact]
    public void Cumulative_doublings_start_from_the_lineage_and_add_each_passage_in_order()
    {
        var lot = new Lot { StartingPopulationDoublings = 6.5 };
        lot.Passages.Add(new Passage { Number = 2, SeededCells = 1e6, HarvestedCells = 4e6, CultureDays = 4 });
        lot.Passages.Add(new Passage { Number = 1, SeededCells = 1e6, HarvestedCells = 8e6 });
        var growth = PopulationDoublings.Of(lot);
        Assert.Equal([9.5, 11.5], growth.Select(g => g.CumulativeDoublings));
        Assert.Equal(48, growth[1].DoublingTimeHours!.Value, 12);
        Assert.Equal(11.5, PopulationDoublings.Cumulative(lot), 12);
        Assert.Equal(6.5, PopulationDoublings.Cumulative(new Lot { StartingPopulationDoublings = 6.5 }));
    }

    [Theory]
    [InlineData(19.99, SenescenceLevel.Ok)]
    [InlineData(20, SenescenceLevel.Warning)]
    [InlineData(30, SenescenceLevel.Warning)]
    [InlineData(30.01, SenescenceLevel.Stop)]
    public void Senescence_warns_at_20_and_stops_past_30_by_default(double pd, SenescenceLevel level) =>
        Assert.Equal(level, SenescenceLimits.Default.Evaluate(pd));

    [Fact]
    public void Senescence_limits_are_configurable_and_checked()
    {
        var strict = new SenescenceLimits(10, 15).Validated();
        Assert.Equal(SenescenceLevel.Stop, strict.Evaluate(16));
        Assert.Contains("review §2.1", strict.Message(12), StringComparison.Ordinal);
        Assert.Null(strict.Message(5));
        Assert.Throws<ManufacturingException>(() => new SenescenceLimits(30, 20).Validated());
    }

    [Fact]
    public void Doublings_needed_to_reach_a_cell_number()
    {
        Assert.Equal(0, PopulationDoublings.Needed(1e8, 5e7));
        Assert.Equal(2, PopulationDoublings.Needed(2.5e7, 1e8), 12);
        Assert.Throws<ManufacturingException>(() => PopulationDoublings.Needed(0, 1e8));
    }

    [Fact]
    public void Available_cells_come_from_vials_in_stock_or_the_last_harvest()
    {
        var lot = new Lot();
        lot.Passages.Add(new Passage { Number = 1, SeededCells = 1e6, HarvestedCells = 3e7 });
        Assert.Equal(3e7, LotInventory.AvailableCells(lot));
        lot.CryoEvents.Add(new CryoEvent { Kind = CryoEventKind.Freeze, Vials = 10, CellsPerVial = 2.5e6 });
        lot.CryoEvents.Add(new CryoEvent { Kind = CryoEventKind.Thaw, Vials = 3 });
        Assert.Equal(7, LotInventory.VialsInStock(lot));
        Assert.Equal(1.75e7, LotInventory.AvailableCells(lot));
    }

    [Theory]
    [InlineData(DonorType.Allogeneic, TissueSource.Adipose, MscCellType.Stromal, "allogeneic human adipose-derived mesenchymal stromal cells")]
    [InlineData(DonorType.Autologous, TissueSource.BoneMarrow, MscCellType.Stromal, "autologous human bone marrow-derived mesenchymal stromal cells")]
    [InlineData(DonorType.Allogeneic, TissueSource.UmbilicalCord, MscCellType.Stem, "allogeneic human umbilical cord-derived mesenchymal stem cells")]
    [InlineData(DonorType.Allogeneic, TissueSource.Other, MscCellType.Progenitor, "allogeneic human mesenchymal progenitor cells")]
    public void Nomenclature_label_names_donor_type_species_tissue_and_cell_type(DonorType type, TissueSource source, MscCellType cells, string expected) =>
        Assert.Equal(expected, Nomenclature.Label(type, "Human", source, cells));

    [Theory]
    [InlineData("Wharton's jelly", TissueSource.UmbilicalCord)]
    [InlineData("BM", TissueSource.BoneMarrow)]
    [InlineData("cord blood", TissueSource.CordBlood)]
    [InlineData("placenta", TissueSource.PlacentaAmnion)]
    [InlineData("menstrual_blood", TissueSource.MenstrualBlood)]
    public void Vocabulary_accepts_tokens_labels_and_synonyms(string text, TissueSource expected) =>
        Assert.Equal(expected, Terms.Parse<TissueSource>(text, "source"));

    [Fact]
    public void Vocabulary_errors_list_the_accepted_tokens()
    {
        var ex = Assert.Throws<ManufacturingException>(() => Terms.Parse<PrimingAgent>("unicorn dust", "Priming agent"));
        Assert.Contains("ifn-gamma, tnf-alpha, tlr3-poly-ic, tlr4-lps, hypoxia, human-platelet-lysate, other", ex.Message, StringComparison.Ordinal);
        Assert.Equal(PrimingAgent.InterferonGamma, Terms.Parse<PrimingAgent>("IFN-γ", "agent"));
        Assert.Equal(PrimingAgent.PolyIC, Terms.Parse<PrimingAgent>("poly(I:C)", "agent"));
    }
}

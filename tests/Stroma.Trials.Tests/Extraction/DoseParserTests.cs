using Stroma.Trials.Extraction;
using Xunit;

namespace Stroma.Trials.Tests.Extraction;

/// <summary>The number spellings EXTRACTION.md names, and the ones registry records use, one case each.</summary>
public sealed class DoseParserTests
{
    public static TheoryData<string, double, double, string> Doses => new()
    {
        { "MSCs will be infused at a dose of 1 x 10^6 cells/kg.", 1e6, 1e6, "cells_per_kg" },
        // Notations written for these tests: "times", a slash exponent, a bare power, kgBW, levels listed before one unit.
        { "a dose of 2 times 10^6 cells per kg", 2e6, 2e6, "cells_per_kg" },
        { "stromal cells 1x10/6 per kg", 1e6, 1e6, "cells_per_kg" },
        { "an infusion of 10^6 cells/kg", 1e6, 1e6, "cells_per_kg" },
        { "3 x 10^6 MSC/kgBW", 3e6, 3e6, "cells_per_kg" },
        { "cohorts receive 1, 5 and 10 million cells/kg", 1e6, 1e7, "cells_per_kg" },
        { "two levels, 20 or 40 million cells", 2e7, 4e7, "cells" },
        { "2 million cells per kilogram", 2e6, 2e6, "cells_per_kg" },
        { "a suspension of 120 million cells", 1.2e8, 1.2e8, "cells" },
        { "1x10^8 MSCs", 1e8, 1e8, "cells" },
        { "2×10(6)/kg", 2e6, 2e6, "cells_per_kg" },
        { "0.5*10E6 MSC/kg body", 5e5, 5e5, "cells_per_kg" },
        { "2x10e6 cells / 3mL", 2e6, 2e6, "cells" },
        { "The amount of the cells varies individually (5-1000 x 10e6 cells)", 5e6, 1e9, "cells" },
        { "a single dose of 0.5 to 1 x 10^6/kg autologous BM MSCs", 5e5, 1e6, "cells_per_kg" },
        { "containing 2.5×107 cells", 2.5e7, 2.5e7, "cells" },
        { "2·0×106 cells/kg i.v.", 2e6, 2e6, "cells_per_kg" },
        { "10-100 million aaMSCs", 1e7, 1e8, "cells" },
        { "1 × 10⁶ cells/kg", 1e6, 1e6, "cells_per_kg" },
        { "in a single dose of one million cells per kg", 1e6, 1e6, "cells_per_kg" },
        { "5 x 10^5 cells/cm2", 5e5, 5e5, "cells_per_cm2" },
        { "2 million cells / cm3 of keloid", 2e6, 2e6, "other" },
        // A lesion measure written before the number (EXTRACTION.md: per cm³ of lesion is "other").
        { "For each centimetre of the bone defect, 5 million cells are packed into the graft.", 5e6, 5e6, "other" },
        { "per cm3 of lesion volume, 3 x 10^6 MSCs", 3e6, 3e6, "other" },
        { "a wound of 4 cm received 5 million cells", 5e6, 5e6, "cells" },
        { "a single dose of 1.2 ml MSC", 1.2, 1.2, "ml" },
        { "100 µg of exosomes", 100, 100, "ug" },
        // Written for these tests: milligrams of vesicle protein are micrograms × 1000.
        { "1 mg of exosomal protein", 1000, 1000, "ug" },
        { "a nebulised dose of 2 mg EVs", 2000, 2000, "ug" },
        { "2 x 10^9 particles of EVs", 2e9, 2e9, "particles" },
        { "intrathecal administration of UC-MSCs in dose of 100 million", 1e8, 1e8, "cells" },
        { "Thawed product containing MSC(300x10^6) in DMSO", 3e8, 3e8, "cells" },
        { "2 x 10^6 remestemcel-L", 2e6, 2e6, "cells" },
        { "100,000,000 cells", 1e8, 1e8, "cells" },
        { "2 doses of 1-2x10^6 allogeneic bone marrow derived MSCs IV per/kg body weight", 1e6, 2e6, "cells_per_kg" },
        { "ExoFlo 15 mL, which is 1.2 Trillion Extracellular Vesicles", 1.2e12, 1.2e12, "particles" },
        // Written for these tests: qualifiers separated by commas, "M" before qualifiers and a precursor-cell noun.
        { "Each patient receives 200 million Autologous, Adipose-Derived, Cultured Mesenchymal Stem Cells", 2e8, 2e8, "cells" },
        { "a dose of 50 M allogeneic MPCs by intramyocardial injection", 5e7, 5e7, "cells" },
        { "2 x 10^4 allogeneic MSCs/square cm of the wound", 2e4, 2e4, "cells_per_cm2" },
        // Written for these tests: thousands grouped by spaces or dots, "mln.", a labelled dose, an infusion volume.
        { "each patient receives 40 000 000 cells in one bag", 4e7, 4e7, "cells" },
        { "a dose of 2.000.000 stromal cells per kilo of body weight", 2e6, 2e6, "cells_per_kg" },
        { "an infusion of 150 mln. cells", 1.5e8, 1.5e8, "cells" },
        { "Dose: 75 million.", 7.5e7, 7.5e7, "cells" },
        { "a suspension of 100 million cells per 250 mL of saline", 1e8, 1e8, "cells" },
        // Written for these tests: the number restated in brackets before its per-kg unit.
        { "each patient is given 10^6 (one million) /kg/patient stromal cells", 1e6, 1e6, "cells_per_kg" },
        { "an infusion of 3 x 10^6 (3 million)/kg", 3e6, 3e6, "cells_per_kg" },
        // Written for these tests: a lost multiplication dot and superscript ("2.106" is 2·10⁶) before a cell count.
        { "one intravenous infusion of 2.106 cells/kg", 2e6, 2e6, "cells_per_kg" },
        { "each knee receives 4.107 stromal cells", 4e7, 4e7, "cells" },
        { "levels from 1.105 to 3.105 cells/kg", 1e5, 3e5, "cells_per_kg" },
        // Written for these tests: a decimal comma followed by a space before the "x 10" part.
        { "a maximum of 2, 5x106 MSC / kg of body weight", 2.5e6, 2.5e6, "cells_per_kg" },
        // Written for these tests: cells per N kg of body weight are divided down to cells per kg.
        { "stromal cells (3*10^6/10kg) given once", 3e5, 3e5, "cells_per_kg" },
        { "8 million cells per 20 kg of body weight", 4e5, 4e5, "cells_per_kg" },
    };

    [Fact]
    public void A_dot_before_ten_is_a_decimal_when_no_cell_count_follows()
    {
        // Written for this test: "1.106 mL" is a volume, and "2.5" has no 10 after its dot.
        var volume = Assert.Single(DoseParser.Find("inject 1.106 mL of the suspension"));
        Assert.Equal("ml", volume.Unit);
        Assert.Equal(1.106, volume.Low, 1e-9);
        Assert.Equal(2.5e6, Assert.Single(DoseParser.Find("2.5 million cells/kg")).Low, 1e-3);
    }

    [Fact]
    public void A_list_of_levels_with_commas_keeps_its_levels()
    {
        // Written for this test: the comma is followed by more than one digit, or by no "x 10" part.
        var d = Assert.Single(DoseParser.Find("cohorts receive 1, 2 and 4 million cells/kg"));
        Assert.Equal((1e6, 4e6), (d.Low, d.High));
        var levels = Assert.Single(DoseParser.Find("doses of 1, 25x10^5 cells/kg"));
        Assert.Equal(2.5e6, levels.High, 1e-3);
    }

    [Theory]
    [MemberData(nameof(Doses))]
    public void A_stated_dose_is_read_with_its_unit(string text, double low, double high, string unit)
    {
        var d = Assert.Single(DoseParser.Find(text, ExtractionVocabulary.Default.AnyProduct), x => x.Unit == unit);
        Assert.Equal(low, d.Low, low * 1e-9);
        Assert.Equal(high, d.High, high * 1e-9);
    }

    public static TheoryData<string> NotDoses => new()
    {
        "a concentration of 5 million cells/ml",
        "The suspension holds 30 x 10^6 MSC / mL in saline",
        "2 x 10^6 CD34+ cells/kg of the haematopoietic graft",
        "cells were seeded at a density of 5000 cells/cm2",
        "patients aged 18 to 65 years",
        "2 infusions one week apart",
        "Phase 2 study of 30 patients enrolled in 2019",
        // Written for these tests: a concentration per small volume, a labelled dose in another unit.
        "cells are suspended at 10 million cells per 2 mL",
        "Dose: 3 million units/kg of interleukin-2",
        // Written for these tests: an abbreviation and the cells' own noun before the volume.
        "the suspension holds 0.5 million XR-K progenitors/ml",
    };

    [Theory]
    [MemberData(nameof(NotDoses))]
    public void Numbers_that_are_not_a_product_dose_are_ignored(string text) =>
        Assert.DoesNotContain(DoseParser.Find(text), d => d.Unit is "cells" or "cells_per_kg" or "cells_per_cm2");

    [Fact]
    public void A_total_over_several_administrations_is_marked_as_a_total() =>
        Assert.True(Assert.Single(DoseParser.Find("a total of 400×10^6 cells, intravenous (IV) infusions on Days 0, 30, 60, and 90")).Total);

    [Fact]
    public void Superscript_digits_are_normalised_without_moving_offsets()
    {
        const string text = "dose 1 × 10⁶ cells";
        var normal = DoseParser.Normalise(text);
        Assert.Equal(text.Length, normal.Length);
        Assert.Equal("dose 1 × 106 cells", normal);
    }
}

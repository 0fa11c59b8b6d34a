using Stroma.Manufacturing;
using Stroma.Manufacturing.Isbt128;
using Xunit;

namespace Stroma.Manufacturing.Tests;

public sealed class IsbtTests
{
    // Published examples of the ISO 7064 MOD 37-2 check character of ISBT 128 donation numbers:
    // - "G123 498 654 321" → H: UK Red Book (JPAC Guidelines for the Blood Transfusion Services), Annex 2
    //   "ISBT 128 check character calculation", Table A2.2 (weighted sum 148354, mod 37 = 21, 38 − 21 = 17 → H).
    // - "G123489654321" → Y: python-stdnum, stdnum/iso7064/mod_37_2.py docstring example.
    [Theory]
    [InlineData("G123498654321", 'H', 17)]
    [InlineData("G123489654321", 'Y', 34)]
    public void Check_characters_match_published_examples(string data, char check, int value)
    {
        Assert.Equal(value, Iso7064Mod37_2.CheckValue(data));
        Assert.Equal(check, Iso7064Mod37_2.CheckCharacter(data));
    }

    [Fact]
    public void The_red_book_worked_example_has_a_barcode_check_value_of_77()
    {
        var din = DonationIdentificationNumber.Create("G1234", 98, 654321);
        Assert.Equal("G123498654321H", din.ToString());
        Assert.Equal("G1234 98 654321 H", din.Formatted);
        Assert.Equal(77, din.CheckValue + 60); // Red Book: barcode check characters = 60 + checksum
        Assert.Equal("=G12349865432100", din.BarcodeData());
    }

    [Theory]
    [InlineData("G123498654321H")]
    [InlineData("G1234 98 654321 H")]
    [InlineData("=G123498654321h")]
    public void Valid_dins_parse_in_their_usual_spellings(string text) =>
        Assert.True(DonationIdentificationNumber.TryParse(text, out _, out _));

    [Theory]
    [InlineData("G123498654321X", "check character 'X' is wrong; ISO 7064 MOD 37-2 gives 'H'")]
    [InlineData("G123498654321", "expected 13 characters")]
    [InlineData("O123498654321H", "facility number")]
    [InlineData("G12A498654321H", "facility number")]
    public void Invalid_dins_are_refused_with_the_reason(string text, string reason)
    {
        Assert.False(DonationIdentificationNumber.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Single_character_errors_and_adjacent_transpositions_are_always_detected()
    {
        var data = "W000026123456";
        var check = Iso7064Mod37_2.CheckCharacter(data);
        const string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        for (var i = 5; i < data.Length; i++)
        {
            foreach (var c in "0123456789".Where(c => c != data[i]))
                Assert.NotEqual(check, Iso7064Mod37_2.CheckCharacter(data[..i] + c + data[(i + 1)..]));
            if (i + 1 < data.Length && data[i] != data[i + 1])
                Assert.NotEqual(check, Iso7064Mod37_2.CheckCharacter(data[..i] + data[i + 1] + data[i] + data[(i + 2)..]));
        }
        Assert.Contains(check, alphabet + "*");
    }

    [Theory]
    [InlineData("", 1, 1)]
    [InlineData("G1234", 100, 1)]
    [InlineData("G1234", 26, 1_000_000)]
    public void Bad_din_parts_are_refused(string facility, int year, int serial) =>
        Assert.Throws<ManufacturingException>(() => DonationIdentificationNumber.Create(facility, year, serial));

    // Bar/space patterns of ISO/IEC 15417 Code 128 (bars '1', spaces '0').
    [Theory]
    [InlineData(0, "11011001100")]
    [InlineData(1, "11001101100")]
    [InlineData(2, "11001100110")]
    [InlineData(3, "10010011000")]
    [InlineData(10, "11001000100")]
    [InlineData(99, "10111011110")]
    [InlineData(100, "10111101110")]
    [InlineData(102, "11110101110")]
    [InlineData(103, "11010000100")]
    [InlineData(104, "11010010000")]
    [InlineData(105, "11010011100")]
    [InlineData(106, "1100011101011")]
    public void Code_128_patterns_match_the_standard(int value, string modules) =>
        Assert.Equal(modules, Code128.Pattern(value));

    [Fact]
    public void Every_code_128_symbol_is_11_modules_with_three_bars_and_all_are_distinct()
    {
        var patterns = Enumerable.Range(0, 106).Select(Code128.Pattern).ToArray();
        Assert.All(patterns, p => Assert.Equal(11, p.Length));
        Assert.All(patterns, p => Assert.Equal(3, p.Split('0', StringSplitOptions.RemoveEmptyEntries).Length));
        Assert.Equal(106, patterns.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void The_modulo_103_check_matches_the_worked_example()
    {
        // Wikipedia "Code 128" worked example: "PJJ123C" in subset A → check value 54.
        Assert.Equal(54, Code128.CheckValue([Code128.StartA, 48, 42, 42, 17, 18, 19, 35]));
        // The same data in subset B: 104 + 48 + 84 + 126 + 68 + 90 + 114 + 245 = 879; 879 mod 103 = 55.
        var symbol = Code128.Encode("PJJ123C");
        Assert.Equal([104, 48, 42, 42, 17, 18, 19, 35, 55], symbol.Values);
        Assert.StartsWith("11010010000", symbol.Modules, StringComparison.Ordinal);
        Assert.EndsWith(Code128.Pattern(55) + "1100011101011", symbol.Modules, StringComparison.Ordinal);
        Assert.Equal(11 * 9 + 13, symbol.Modules.Length);
    }

    [Fact]
    public void Digit_runs_switch_to_subset_c_and_the_din_barcode_encodes_its_data()
    {
        var din = DonationIdentificationNumber.Create("G1234", 98, 654321);
        var symbol = Code128.Encode(din.BarcodeData());
        // "=G" in B, then 14 digits as 7 pairs in C.
        Assert.Equal([104, '=' - 32, 'G' - 32, Code128.CodeC, 12, 34, 98, 65, 43, 21, 0], symbol.Values.Take(11));
        Assert.Equal(Code128.CheckValue(symbol.Values.Take(symbol.Values.Count - 1).ToArray()), symbol.Check);
        Assert.Equal([105, 12, 34], Code128.Encode("1234").Values.Take(3));
        Assert.Throws<ManufacturingException>(() => Code128.Encode("naïve"));
    }
}

using Xunit;

namespace Stroma.Manufacturing.Tests;

/// <summary>The one parser of typed numbers and dates behind forms, command lines and corrections.</summary>
public sealed class InputTextTests
{
    [Theory]
    [InlineData("1e6", 1e6)]
    [InlineData(" 1000000 ", 1e6)]
    [InlineData("2.5", 2.5)]
    [InlineData("-3", -3)]
    public void A_number_is_read_in_the_invariant_culture_with_exponents(string text, double expected)
    {
        Assert.True(InputText.TryNumber(text, out var value));
        Assert.Equal(expected, value);
        Assert.Equal(expected, InputText.Number(text, "Seeded cells"));
    }

    [Theory]
    [InlineData("2,5")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1e400")]
    [InlineData("many")]
    [InlineData("")]
    [InlineData(null)]
    public void Text_that_is_not_a_finite_number_is_refused_naming_the_field(string? text)
    {
        Assert.False(InputText.TryNumber(text, out _));
        var error = Assert.Throws<InvalidValueException>(() => InputText.Number(text, "Seeded cells"));
        Assert.Equal("Seeded cells", error.Field);
        Assert.Equal(string.IsNullOrWhiteSpace(text) ? "nothing" : text, error.Value);
        Assert.StartsWith("Seeded cells must be a number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_optional_number_is_null_when_blank_and_refused_when_not_a_number()
    {
        Assert.Null(InputText.OptionalNumber("  ", "Viability"));
        Assert.Equal(91.5, InputText.OptionalNumber("91.5", "Viability"));
        Assert.Equal("Viability", Assert.Throws<InvalidValueException>(() => InputText.OptionalNumber("high", "Viability")).Field);
    }

    [Theory]
    [InlineData("2026-03-01")]
    [InlineData(" 2026-03-01 ")]
    public void A_date_is_read_as_year_month_day(string text)
    {
        Assert.True(InputText.TryDate(text, out var date));
        Assert.Equal(new DateOnly(2026, 3, 1), date);
        Assert.Equal("2026-03-01", InputText.Text(InputText.Date(text, "Harvest date")));
    }

    [Theory]
    [InlineData("01/03/2026")]
    [InlineData("2026-02-30")]
    [InlineData("2026-3-1")]
    [InlineData("")]
    public void Text_that_is_not_a_calendar_date_in_year_month_day_is_refused_naming_the_field(string text)
    {
        Assert.False(InputText.TryDate(text, out _));
        var error = Assert.Throws<InvalidValueException>(() => InputText.Date(text, "Harvest date"));
        Assert.Equal("Harvest date", error.Field);
        Assert.Contains("a date as YYYY-MM-DD", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Numbers_written_as_text_read_back_exactly()
    {
        foreach (var value in new[] { 0.1, 2.5e6, 1.0 / 3 })
            Assert.Equal(value, InputText.Number(InputText.Text(value), "Value"));
        Assert.Null(InputText.Text((double?)null));
    }
}

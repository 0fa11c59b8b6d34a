using System.Text;
using Stroma.Reports.Tables;
using Xunit;

namespace Stroma.Reports.Tests.Tables;

public sealed class CsvTableTests
{
    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes.AsSpan(3));

    [Fact]
    public void Csv_starts_with_a_byte_order_mark_quotes_separators_and_doubles_quotes()
    {
        var bytes = CsvTable.Render(["a", "b"], [["x, y", "say \"hi\""], ["line\nbreak", null]]);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        Assert.Equal("a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n\"line\nbreak\",\r\n", Text(bytes));
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "'=HYPERLINK")]
    [InlineData("+1+1", "'+1+1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("-1.5e6", "-1.5e6")]
    [InlineData("-cmd", "'-cmd")]
    public void Cells_a_spreadsheet_would_run_as_formulas_are_prefixed_with_an_apostrophe_and_negative_numbers_are_not(string cell, string starts) =>
        Assert.StartsWith(starts, Text(CsvTable.Render(["h"], [[cell]]))["h\r\n".Length..].TrimStart('"'), StringComparison.Ordinal);
}

using System.Text;
using Stroma.IO;
using Xunit;

namespace Stroma.IO.Tests;

public sealed class CsvWriterTests
{
    private static string Rfc(params string?[] cells) => CsvWriter.Row(cells, CsvDialect.Rfc4180);

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("\"", "\"\"\"\"")]
    [InlineData("line\nbreak", "\"line\nbreak\"")]
    [InlineData("carriage\rreturn", "\"carriage\rreturn\"")]
    [InlineData("crlf\r\nend", "\"crlf\r\nend\"")]
    [InlineData("  padded  ", "  padded  ")]
    [InlineData(" , ", "\" , \"")]
    [InlineData("µ ± é", "µ ± é")]
    [InlineData("", "")]
    public void A_field_is_quoted_only_when_it_holds_a_comma_quote_or_line_break_and_spaces_are_kept(string cell, string written) =>
        Assert.Equal(written + "\r\n", Rfc(cell));

    [Fact]
    public void A_null_cell_is_written_empty_and_an_empty_row_is_just_the_terminator()
    {
        Assert.Equal("a,,c\r\n", Rfc("a", null, "c"));
        Assert.Equal(",\r\n", Rfc(null, ""));
        Assert.Equal("\r\n", Rfc());
    }

    [Fact]
    public void The_dialect_sets_the_row_terminator()
    {
        Assert.Equal("a,b\n", CsvWriter.Row(["a", "b"], CsvDialect.UnixLines));
        Assert.Equal("a,b\r\n", CsvWriter.Row(["a", "b"], CsvDialect.Spreadsheet));
        Assert.Equal("a;b|", CsvWriter.Row(["a;b"], CsvDialect.Rfc4180 with { NewLine = "|" }));
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+1+1", "'+1+1")]
    [InlineData("+1", "'+1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("-cmd", "'-cmd")]
    [InlineData("-", "'-")]
    [InlineData("\tTAB", "'\tTAB")]
    [InlineData("\rCR", "\"'\rCR\"")]
    [InlineData("-1.5e6", "-1.5e6")]
    [InlineData("-42", "-42")]
    [InlineData("a=b", "a=b")]
    [InlineData(" =1", " =1")]
    public void The_spreadsheet_dialect_defuses_formula_cells_and_keeps_negative_numbers(string cell, string written) =>
        Assert.Equal(written + "\r\n", CsvWriter.Row([cell], CsvDialect.Spreadsheet));

    [Theory]
    [InlineData("=HYPERLINK(\"http://example.invalid\",\"click\")")]
    [InlineData("+1")]
    [InlineData("-1.5")]
    [InlineData("-cmd")]
    [InlineData("\tTAB")]
    [InlineData("'")]
    [InlineData("'plain")]
    [InlineData("'=already quoted")]
    [InlineData("''@twice")]
    [InlineData("plain")]
    [InlineData("")]
    public void Unguard_gives_back_exactly_the_value_the_guard_was_applied_to(string cell)
    {
        using var text = new StringWriter();
        CsvWriter.WriteField(text, cell, CsvDialect.Spreadsheet with { NewLine = "" });
        var written = text.ToString();
        // Reading the field back: unquote as RFC 4180 does, then drop the guard.
        var field = written.StartsWith('"') ? written[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : written;
        Assert.Equal(cell, CsvWriter.Unguard(field));
    }

    [Fact]
    public void Unguard_drops_one_quote_only_before_a_guarded_value()
    {
        Assert.Equal("=HYPERLINK(\"x\")", CsvWriter.Unguard("'=HYPERLINK(\"x\")"));
        Assert.Equal("'=x", CsvWriter.Unguard("''=x"));
        Assert.Equal("'plain", CsvWriter.Unguard("'plain"));
        Assert.Equal("'-1.5", CsvWriter.Unguard("'-1.5"));
        Assert.Equal("''=x\r\n", CsvWriter.Row(["'=x"], CsvDialect.Spreadsheet));
    }

    [Theory]
    [InlineData("=1+1")]
    [InlineData("-2+3")]
    [InlineData("@x")]
    public void The_plain_dialects_write_formula_cells_unchanged(string cell)
    {
        Assert.Equal(cell + "\r\n", Rfc(cell));
        Assert.Equal(cell + "\n", CsvWriter.Row([cell], CsvDialect.UnixLines));
    }

    [Fact]
    public void Render_writes_utf8_with_an_optional_byte_order_mark()
    {
        string?[][] rows = [["h1", "h2"], ["µ", null]];
        var plain = CsvWriter.Render(rows, CsvDialect.Rfc4180, byteOrderMark: false);
        Assert.Equal(Encoding.UTF8.GetBytes("h1,h2\r\nµ,\r\n"), plain);
        var marked = CsvWriter.Render(rows, CsvDialect.Rfc4180, byteOrderMark: true);
        Assert.Equal([0xEF, 0xBB, 0xBF, .. plain], marked);
    }

    [Fact]
    public void WriteRow_writes_to_any_text_writer()
    {
        using var text = new StringWriter();
        CsvWriter.WriteRow(text, ["x", "y,z"], CsvDialect.UnixLines);
        CsvWriter.WriteRow(text, ["1"], CsvDialect.UnixLines);
        Assert.Equal("x,\"y,z\"\n1\n", text.ToString());
    }
}

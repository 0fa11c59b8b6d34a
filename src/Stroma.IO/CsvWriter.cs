using System.Globalization;
using System.Text;

namespace Stroma.IO;

/// <summary>How <see cref="CsvWriter"/> ends rows and whether it defuses cells a spreadsheet would run.</summary>
/// <param name="NewLine">The row terminator: CRLF in RFC 4180; LF where a file has always used it.</param>
/// <param name="GuardFormulas">
/// Prefix a cell starting with <c>= + - @</c>, tab or carriage return with an apostrophe so a spreadsheet never runs
/// it as a formula (OWASP "CSV Injection"); a cell that is wholly a number ("-1.5e6") is data and stays as it is.
/// Off for files a program reads back (the value would change).
/// </param>
public sealed record CsvDialect(string NewLine, bool GuardFormulas)
{
    /// <summary>RFC 4180 as written: CRLF, cells unchanged.</summary>
    public static CsvDialect Rfc4180 { get; } = new("\r\n", GuardFormulas: false);

    /// <summary>RFC 4180 for files people open in a spreadsheet: CRLF, formula cells defused.</summary>
    public static CsvDialect Spreadsheet { get; } = new("\r\n", GuardFormulas: true);

    /// <summary>LF row ends, cells unchanged (the cytometry and identity exports have always ended rows so).</summary>
    public static CsvDialect UnixLines { get; } = new("\n", GuardFormulas: false);

    /// <summary>LF row ends, formula cells defused (a summary of user-named samples people open).</summary>
    public static CsvDialect UnixSpreadsheet { get; } = new("\n", GuardFormulas: true);
}

/// <summary>
/// The one CSV writer of Stroma (RFC 4180): comma separated, a field quoted when it holds a comma, quote, carriage
/// return or line feed, quotes doubled, a null cell written empty, spaces kept as they are. Hand-written: a screen
/// of code, and no CSV library in reach offers the formula guard.
/// </summary>
public static class CsvWriter
{
    /// <summary>Writes one row and its terminator.</summary>
    public static void WriteRow(TextWriter writer, IEnumerable<string?> cells, CsvDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(dialect);
        var first = true;
        foreach (var cell in cells)
        {
            if (!first) writer.Write(',');
            first = false;
            WriteField(writer, cell, dialect);
        }
        writer.Write(dialect.NewLine);
    }

    /// <summary>One row and its terminator as text.</summary>
    public static string Row(IEnumerable<string?> cells, CsvDialect dialect)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        WriteRow(text, cells, dialect);
        return text.ToString();
    }

    /// <summary>
    /// The CSV bytes of rows (UTF-8, optionally with a byte-order mark so spreadsheets read µ right).
    /// </summary>
    public static byte[] Render(IEnumerable<IEnumerable<string?>> rows, CsvDialect dialect, bool byteOrderMark)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        foreach (var row in rows) WriteRow(text, row, dialect);
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        return byteOrderMark ? [.. Encoding.UTF8.GetPreamble(), .. bytes] : bytes;
    }

    /// <summary>Writes one field, quoted when it must be.</summary>
    public static void WriteField(TextWriter writer, string? cell, CsvDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(dialect);
        var text = cell ?? "";
        if (dialect.GuardFormulas && NeedsGuard(text)) text = "'" + text;
        if (text.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            writer.Write(text);
            return;
        }
        writer.Write('"');
        writer.Write(text.Replace("\"", "\"\"", StringComparison.Ordinal));
        writer.Write('"');
    }

    /// <summary>
    /// A cell as written before <see cref="CsvDialect.GuardFormulas"/> prefixed it: a reader of a guarded file calls
    /// this on every cell to get the value back exactly (<c>Unguard(guarded(v)) == v</c> for every v).
    /// </summary>
    public static string Unguard(string cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return cell.Length > 1 && cell[0] == '\'' && NeedsGuard(cell.AsSpan(1)) ? cell[1..] : cell;
    }

    // OWASP, "CSV Injection" (https://owasp.org/www-community/attacks/CSV_Injection): a cell starting with = + - @,
    // tab or carriage return is prefixed with a single quote. A value that itself starts with quotes before such a
    // character gets one more, so that Unguard, which drops one quote only before a guarded value, round-trips.
    private static bool NeedsGuard(ReadOnlySpan<char> cell)
    {
        while (cell.Length > 0 && cell[0] == '\'') cell = cell[1..];
        return RunsAsFormula(cell);
    }

    // "-2+3" is a formula; "-1.5e6" is a negative number, which a spreadsheet reads as data.
    private static bool RunsAsFormula(ReadOnlySpan<char> cell) =>
        cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r'
        && !(cell.Length > 1 && cell[0] == '-'
             && double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
}

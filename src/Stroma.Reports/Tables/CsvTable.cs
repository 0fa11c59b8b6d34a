using System.Text;

namespace Stroma.Reports.Tables;

/// <summary>
/// A table exported as CSV (RFC 4180: comma separated, CRLF line ends, a field quoted when it holds a comma, quote
/// or line break, quotes doubled), UTF-8 with a byte-order mark so spreadsheet programs read accents and µ right.
/// A cell starting with <c>= + - @</c>, tab or carriage return is prefixed with an apostrophe so a spreadsheet never
/// runs it as a formula (OWASP "CSV Injection"). Hand-written: twenty lines, and no CSV library in the dependency
/// set offers the formula guard.
/// </summary>
public static class CsvTable
{
    /// <summary>The CSV bytes of a header row and data rows.</summary>
    public static byte[] Render(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder();
        Row(text, header);
        foreach (var row in rows) Row(text, row);
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static void Row(StringBuilder text, IReadOnlyList<string?> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0) text.Append(',');
            var cell = cells[i] ?? "";
            // A cell that is wholly a negative number is data, not a formula; keep it as it is ("-2+3" is a formula).
            var negativeNumber = cell.Length > 1 && cell[0] == '-'
                && double.TryParse(cell, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);
            if (cell.Length > 0 && !negativeNumber && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r') cell = "'" + cell;
            if (cell.AsSpan().IndexOfAny(",\"\r\n") >= 0) text.Append('"').Append(cell.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            else text.Append(cell);
        }
        text.Append("\r\n");
    }
}

using Stroma.IO;

namespace Stroma.Reports.Tables;

/// <summary>
/// A table exported as CSV for a spreadsheet (<see cref="CsvDialect.Spreadsheet"/>: RFC 4180 with CRLF line ends and
/// formula cells defused), UTF-8 with a byte-order mark so spreadsheet programs read accents and µ right.
/// </summary>
public static class CsvTable
{
    /// <summary>The CSV bytes of a header row and data rows.</summary>
    public static byte[] Render(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        return CsvWriter.Render(rows.Prepend(header), CsvDialect.Spreadsheet, byteOrderMark: true);
    }
}

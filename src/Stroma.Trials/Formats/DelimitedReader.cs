using System.Text;

namespace Stroma.Trials.Formats;

/// <summary>
/// Streaming RFC 4180 reader: quoted fields with doubled quotes and line breaks inside quotes, CRLF or
/// LF rows. Used for the registry's CSV download and for gold annotation files.
/// </summary>
internal sealed class DelimitedReader
{
    private readonly TextReader _reader;
    private readonly char _delimiter;
    private readonly StringBuilder _field = new();

    public DelimitedReader(TextReader reader, char delimiter = ',')
    {
        _reader = reader;
        _delimiter = delimiter;
    }

    /// <summary>1-based line number where the last row returned started.</summary>
    public long RowLine { get; private set; }

    private long _line = 1;

    /// <summary>
    /// The next row, or null at the end. A quote left open at the end, a cell longer than
    /// <see cref="TrialLimits.MaxCellChars"/> or a row of more than <see cref="TrialLimits.MaxCells"/> cells
    /// raises <see cref="FormatException"/> (a bound, so that an unclosed quote cannot pull a whole file into one
    /// cell).
    /// </summary>
    public string[]? ReadRow()
    {
        var c = _reader.Read();
        if (c == -1) return null;
        RowLine = _line;
        var fields = new List<string>();
        _field.Clear();
        var quoted = false;
        var fieldStart = true;
        while (true)
        {
            if (_field.Length > TrialLimits.MaxCellChars)
                throw new FormatException($"cell {fields.Count + 1} of the row starting on line {RowLine} " +
                    $"is longer than {TrialLimits.MaxCellChars} characters" +
                                          (quoted ? " (a quote opened in it is never closed?)" : ""));
            if (fields.Count > TrialLimits.MaxCells)
                throw new FormatException(
                    $"the row starting on line {RowLine} has more than {TrialLimits.MaxCells} cells");
            if (c == -1)
            {
                if (quoted) throw new FormatException($"a quoted field opened on line {RowLine} is never closed");
                fields.Add(_field.ToString());
                return fields.ToArray();
            }
            var ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (_reader.Peek() == '"') { _reader.Read(); _field.Append('"'); }
                    else quoted = false;
                }
                else
                {
                    if (ch == '\n') _line++;
                    _field.Append(ch);
                }
            }
            else if (ch == '"' && fieldStart)
            {
                quoted = true;
            }
            else if (ch == _delimiter)
            {
                fields.Add(_field.ToString());
                _field.Clear();
                fieldStart = true;
                c = _reader.Read();
                continue;
            }
            else if (ch == '\r' && _reader.Peek() == '\n')
            {
                // CRLF: the LF ends the row on the next iteration.
            }
            else if (ch == '\n')
            {
                _line++;
                fields.Add(_field.ToString());
                return fields.ToArray();
            }
            else
            {
                _field.Append(ch);
            }
            fieldStart = false;
            c = _reader.Read();
        }
    }

    /// <summary>Rows as header-keyed maps (case-insensitive, trimmed header names), with their line numbers.</summary>
    public IEnumerable<(long Line, Dictionary<string, string> Row)> ReadRecords()
    {
        var header = ReadRow();
        if (header is null) yield break;
        if (header.Length > 0) header[0] = header[0].TrimStart('\uFEFF');
        for (var i = 0; i < header.Length; i++) header[i] = header[i].Trim();
        while (ReadRow() is { } row)
        {
            if (row.Length == 1 && row[0].Length == 0) continue;
            var map = new Dictionary<string, string>(header.Length, StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < header.Length && i < row.Length; i++) map[header[i]] = row[i];
            yield return (RowLine, map);
        }
    }
}

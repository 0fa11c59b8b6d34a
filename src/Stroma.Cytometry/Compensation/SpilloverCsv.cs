using System.Globalization;

namespace Stroma.Cytometry.Compensation;

/// <summary>
/// Reads spillover matrices saved as text: a header row of channel names followed by one row of
/// coefficients per channel (FlowKit's and FlowJo's exports; the header may start with '#', rows may
/// carry the channel name as a first label column; commas or tabs).
/// </summary>
public static class SpilloverCsv
{
    /// <summary>Reads a matrix file.</summary>
    public static SpilloverMatrix Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CytometryException($"{Path.GetFileName(path)}: cannot read the spillover matrix ({ex.Message}).",
                ex);
        }
        return Parse(lines, Path.GetFileName(path));
    }

    /// <summary>Parses matrix text; <paramref name="source"/> names it in messages.</summary>
    public static SpilloverMatrix Parse(IReadOnlyList<string> lines, string source)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var rows = lines.Select((l, i) => (Text: l.Trim(), Line: i + 1)).Where(l => l.Text.Length > 0).ToList();
        if (rows.Count < 2)
            throw new CytometryException($"{source}: a spillover matrix needs a header row and at least one row of " +
            $"coefficients.");
        var separator = rows[0].Text.Contains('\t', StringComparison.Ordinal) ? '\t' : ',';
        var header = rows[0].Text.TrimStart('#').Split(separator).Select(s => s.Trim().Trim('"')).ToList();
        if (header.Count > 0 && header[0].Length == 0) header.RemoveAt(0); // label column of a row-labelled layout
        var n = header.Count;
        if (rows.Count - 1 != n)
            throw new CytometryException($"{source}: the header names {n} channels but {rows.Count - 1} coefficient " +
                $"rows follow; expected a square matrix.");

        var values = new double[n * n];
        for (var r = 0; r < n; r++)
        {
            var (text, line) = rows[r + 1];
            var cells = text.Split(separator).Select(s => s.Trim().Trim('"')).ToList();
            if (cells.Count == n + 1
                && !double.TryParse(cells[0], NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                cells.RemoveAt(0); // row label
            if (cells.Count != n)
                throw new CytometryException($"{source}, line {line}: {cells.Count} coefficients; expected {n}.");
            for (var c = 0; c < n; c++)
            {
                if (!double.TryParse(cells[c], NumberStyles.Float, CultureInfo.InvariantCulture, out values[r * n + c])
                    || !double.IsFinite(values[r * n + c]))
                    throw new CytometryException(
                        $"{source}, line {line}, column {c + 1}: '{cells[c]}' is not a number.");
            }
        }
        return new SpilloverMatrix(header, values, source);
    }
}

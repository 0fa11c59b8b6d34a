namespace Stroma.Trials.Landscape;

/// <summary>RFC 4180 output: fields quoted when they hold a comma, quote or line break.</summary>
internal static class CsvText
{
    public static void WriteRow(TextWriter w, IEnumerable<string> cells)
    {
        var first = true;
        foreach (var c in cells)
        {
            if (!first) w.Write(',');
            first = false;
            if (c.AsSpan().IndexOfAny(",\"\r\n") >= 0) w.Write('"' + c.Replace("\"", "\"\"", StringComparison.Ordinal) + '"');
            else w.Write(c);
        }
        w.Write("\r\n");
    }
}

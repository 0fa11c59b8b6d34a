using System.Globalization;

namespace Stroma.Trials.Model;

/// <summary>
/// A registry date, which may be only a year and month ("July 1999", "2019-07"). Keeps whether the
/// registry marked it actual or anticipated/estimated.
/// </summary>
public readonly record struct RegistryDate(int Year, int? Month, int? Day, string? Type = null)
{
    private static readonly string[] MonthNames =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
            "december"];

    /// <summary>
    /// Parses the spellings the registry formats use: "March 22, 2005", "July 1999" (classic JSON, XML,
    /// classic CSV) and "2005-03-22", "2005-03" (API v2, current CSV). Null for empty or unreadable text.
    /// </summary>
    public static RegistryDate? TryParse(string? text, string? type = null)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var s = text.Trim();
        if (s.Length >= 4 && char.IsAsciiDigit(s[0]))
        {
            var parts = s.Split('-');
            if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var y) || y < 1000)
                return null;
            int? m = parts.Length > 1
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var mm)
                && mm is >= 1 and <= 12 ? mm : null;
            int? d = parts.Length > 2
                && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var dd)
                && dd is >= 1 and <= 31 ? dd : null;
            return new RegistryDate(y, m, d, type);
        }
        var tokens = s.Replace(",", " ", StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length is < 2 or > 3) return null;
        var month = Array.IndexOf(MonthNames, tokens[0].ToLowerInvariant()) + 1;
        if (month == 0) return null;
        if (!int.TryParse(tokens[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year < 1000)
            return null;
        int? day = tokens.Length == 3
            && int.TryParse(tokens[1], NumberStyles.None, CultureInfo.InvariantCulture, out var dv)
            && dv is >= 1 and <= 31 ? dv : null;
        return new RegistryDate(year, month, day, type);
    }

    /// <summary>ISO form with the precision the registry gave: "2005", "2005-03" or "2005-03-22".</summary>
    public override string ToString() => Month is null ? Year.ToString("D4", CultureInfo.InvariantCulture)
        : Day is null ? $"{Year:D4}-{Month:D2}" : $"{Year:D4}-{Month:D2}-{Day:D2}";
}

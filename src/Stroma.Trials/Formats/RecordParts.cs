using System.Globalization;
using Stroma.Trials.Model;

namespace Stroma.Trials.Formats;

/// <summary>Checks and conversions every format reader shares.</summary>
internal static class RecordParts
{
    /// <summary>The NCT id, checked ("NCT" and eight digits).</summary>
    public static string NctId(string? value, string file, string? position, string field)
    {
        var v = value?.Trim();
        if (string.IsNullOrEmpty(v)) throw new TrialFormatException(file, position, field, "missing NCT id");
        if (v.Length != 11 || !v.StartsWith("NCT", StringComparison.OrdinalIgnoreCase) || v.AsSpan(3)
            .ContainsAnyExceptInRange('0', '9'))
            throw new TrialFormatException(file, position, field,
                $"\"{Show(v)}\" is not an NCT id; expected NCT and eight digits");
        return v.ToUpperInvariant();
    }

    /// <summary>A registry date, or an error naming the field when the text is not a date.</summary>
    public static RegistryDate? Date(string? text, string? type, string file, string record, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        return RegistryDate.TryParse(text, type)
            ?? throw new TrialFormatException(file, record, field,
                $"\"{Show(text)}\" is not a date; expected e.g. \"March 2008\", \"March 1, 2008\" or \"2008-03-01\"");
    }

    /// <summary>A whole number, or an error naming the field.</summary>
    public static int? Int(string? text, string file, string record, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        return int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 0
            ? v
            : throw new TrialFormatException(file, record, field, $"\"{Show(text)}\" is not a whole number");
    }

    /// <summary>The data-version date (e.g. "October 10, 2022", "2024-05-01").</summary>
    public static DateOnly? VersionDate(string? text) => RegistryDate.TryParse(text) is { Month: { } m } d
        ? new DateOnly(d.Year, m, d.Day ?? 1) : null;

    /// <summary>Distinct non-empty values in first-seen order.</summary>
    public static IReadOnlyList<string> Distinct(IEnumerable<string?> values)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var list = new List<string>();
        foreach (var v in values)
        {
            var t = v?.Trim();
            if (!string.IsNullOrEmpty(t) && seen.Add(t)) list.Add(t);
        }
        return list;
    }

    /// <summary>The text, or an error naming the field when it is longer than <see
    /// cref="TrialLimits.MaxTextChars"/>.</summary>
    public static string Bounded(string text, string file, string? record, string field) =>
        text.Length <= TrialLimits.MaxTextChars
        ? text
        : throw new TrialFormatException(file, record, field,
            $"text of {text.Length} characters is longer than {TrialLimits.MaxTextChars}, the limit for one field");

    /// <summary>A value as quoted in an error message: at most 80 characters, so a giant value cannot flood the
    /// report.</summary>
    public static string Show(string value) => value.Length <= 80 ? value : value[..80] + "…";

    /// <summary>Null for blank text.</summary>
    public static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

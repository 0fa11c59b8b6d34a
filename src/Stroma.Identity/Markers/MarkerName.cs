using System.Text.RegularExpressions;

namespace Stroma.Identity.Markers;

/// <summary>
/// Canonical marker names and their recognition inside free-text stain labels ($PnS), tolerant of the
/// forms instruments and people write: "CD73 APC", "CD73-APC", "APC-A :: CD73", "cd 73", "CD79α",
/// "HLA DR", and cocktails such as "CD34/CD11b/CD19/CD45/HLA-DR".
/// </summary>
public static partial class MarkerName
{
    /// <summary>Canonical form (e.g. "CD11b", "CD79a", "HLA-DR"), or null when the text is not a marker name.</summary>
    public static string? Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var m = MarkerPattern().Match(text.Trim());
        return m.Success && m.Length == text.Trim().Length ? Canonical(m) : null;
    }

    /// <summary>Every marker named in a label, in order, each once.</summary>
    public static IReadOnlyList<string> FindAll(string? label)
    {
        if (string.IsNullOrWhiteSpace(label)) return [];
        var found = new List<string>();
        foreach (Match m in MarkerPattern().Matches(label))
        {
            var canonical = Canonical(m);
            if (!found.Contains(canonical, StringComparer.Ordinal)) found.Add(canonical);
        }
        return found;
    }

    private static string Canonical(Match m)
    {
        if (m.Groups["cd"].Success)
        {
            var suffix = m.Groups["suffix"].Value.Replace("α", "a", StringComparison.Ordinal)
                .Replace("β", "b", StringComparison.Ordinal).ToLowerInvariant();
            return $"CD{m.Groups["cd"].Value}{suffix}";
        }
        var named = m.Groups["named"].Value.ToUpperInvariant().Replace(" ", "", StringComparison.Ordinal)
            .Replace("-", "", StringComparison.Ordinal);
        return named switch
        {
            "HLADR" => "HLA-DR",
            "HLAABC" => "HLA-ABC",
            "STRO1" => "STRO-1",
            "SSEA4" => "SSEA-4",
            "MSCA1" => "MSCA-1",
            _ => named,
        };
    }

    // CD numbers with an optional one-letter (or Greek) suffix, and the named markers MSC panels use.
    [GeneratedRegex(@"(?<![A-Za-z0-9])(?:CD\s?(?<cd>\d{1,3})(?<suffix>[a-cA-Cαβ])?"
        + @"|(?<named>HLA[\s-]?DR|HLA[\s-]?ABC|STRO[\s-]?1|SSEA[\s-]?4|MSCA[\s-]?1|NG2))(?![A-Za-z0-9])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MarkerPattern();
}

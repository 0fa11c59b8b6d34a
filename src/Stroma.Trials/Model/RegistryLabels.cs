namespace Stroma.Trials.Model;

/// <summary>
/// Maps the spellings of API v2 enums ("ACTIVE_NOT_RECRUITING", "PHASE1"), legacy XML ("Phase 1/Phase 2",
/// "N/A") and the CSV downloads onto the classic registry labels that <see cref="ClinicalTrial"/> keeps.
/// </summary>
public static class RegistryLabels
{
    private static readonly Dictionary<string, string> Statuses = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ACTIVE_NOT_RECRUITING"] = "Active, not recruiting",
        ["NOT_YET_RECRUITING"] = "Not yet recruiting",
        ["ENROLLING_BY_INVITATION"] = "Enrolling by invitation",
        ["UNKNOWN"] = "Unknown status",
        ["NO_LONGER_AVAILABLE"] = "No longer available",
        ["TEMPORARILY_NOT_AVAILABLE"] = "Temporarily not available",
        ["APPROVED_FOR_MARKETING"] = "Approved for marketing",
    };

    private static readonly Dictionary<string, string> PhaseNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["NA"] = "Not Applicable", ["N/A"] = "Not Applicable", ["Not Applicable"] = "Not Applicable",
        ["EARLY_PHASE1"] = "Early Phase 1", ["Early Phase 1"] = "Early Phase 1", ["Phase 0"] = "Early Phase 1",
        ["PHASE1"] = "Phase 1", ["Phase 1"] = "Phase 1", ["Phase I"] = "Phase 1",
        ["PHASE2"] = "Phase 2", ["Phase 2"] = "Phase 2", ["Phase II"] = "Phase 2",
        ["PHASE3"] = "Phase 3", ["Phase 3"] = "Phase 3", ["Phase III"] = "Phase 3",
        ["PHASE4"] = "Phase 4", ["Phase 4"] = "Phase 4", ["Phase IV"] = "Phase 4",
    };

    /// <summary>Overall status as the classic registry writes it.</summary>
    public static string? Status(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var v = value.Trim();
        if (Statuses.TryGetValue(v, out var known)) return known;
        return IsEnum(v) ? SentenceCase(v) : v;
    }

    /// <summary>
    /// Phases as classic labels. Accepts one value or several joined with "|", "/" or ","
    /// ("PHASE1|PHASE2", "Phase 1/Phase 2"); unknown spellings are kept as written.
    /// </summary>
    public static IReadOnlyList<string> Phases(IEnumerable<string?> values)
    {
        var result = new List<string>(2);
        foreach (var value in values)
        {
            if (string.IsNullOrWhiteSpace(value)) continue;
            foreach (var part in value.Split(['|', '/', ','],
                StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var label = PhaseNames.TryGetValue(part, out var known) ? known : part;
                if (!result.Contains(label)) result.Add(label);
            }
        }
        // "N/A" splits into "N" and "A" above; restore it.
        if (result.Count == 2 && result[0] == "N" && result[1] == "A") return ["Not Applicable"];
        return result;
    }

    /// <summary>
    /// Enumerated values written in title case as the classic registry does ("Expanded Access",
    /// "Active Comparator", "Combination Product"): study type, intervention type, arm type.
    /// </summary>
    public static string? Title(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var v = value.Trim();
        if (!IsEnum(v)) return v;
        return string.Join(' ', v.Split('_', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w[..1] + w[1..].ToLowerInvariant()));
    }

    /// <summary>Eligible sex: "All", "Female" or "Male".</summary>
    public static string? Sex(string? value) => string.IsNullOrWhiteSpace(value) ? null
        : Title(value.Trim().ToUpperInvariant() is "BOTH" ? "ALL" : value);

    /// <summary>Enrollment type: v2 "ESTIMATED" is the classic "Anticipated".</summary>
    public static string? EnrollmentType(string? value) => value?.Trim().ToUpperInvariant() switch
    {
        null or "" => null,
        "ESTIMATED" or "ESTIMATE" or "ANTICIPATED" => "Anticipated",
        "ACTUAL" => "Actual",
        _ => value.Trim(),
    };

    /// <summary>Agency class as the classic JSON writes it (INDUSTRY, NIH, FED, OTHER_GOV, NETWORK, INDIV, OTHER,
    /// UNKNOWN).</summary>
    public static string? AgencyClass(string? value) => value?.Trim() switch
    {
        null or "" => null,
        "U.S. Fed" or "US Fed" => "FED",
        "Other U.S. Federal agency" => "FED",
        var v => v.ToUpperInvariant().Replace(' ', '_'),
    };

    private static bool IsEnum(string v) => v.Length > 0
        && v.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_');

    private static string SentenceCase(string v)
    {
        var words = v.Replace('_', ' ').ToLowerInvariant();
        return char.ToUpperInvariant(words[0]) + words[1..];
    }
}

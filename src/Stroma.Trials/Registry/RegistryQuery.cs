using System.Text;

namespace Stroma.Trials.Registry;

/// <summary>
/// A search of the ClinicalTrials.gov API v2 <c>/api/v2/studies</c> endpoint. Each part maps to one documented
/// query parameter (ClinicalTrials.gov Data API v2, "studies" endpoint): <see cref="Term"/> → <c>query.term</c>
/// (the BasicSearch area, "Other terms" on the website), <see cref="Condition"/> → <c>query.cond</c>,
/// <see cref="Intervention"/> → <c>query.intr</c>, <see cref="Statuses"/> → <c>filter.overallStatus</c>
/// (comma-separated enumeration values such as <c>RECRUITING</c>).
/// </summary>
public sealed record RegistryQuery
{
    /// <summary>Free-text search (<c>query.term</c>).</summary>
    public string? Term { get; init; }

    /// <summary>Condition or disease (<c>query.cond</c>).</summary>
    public string? Condition { get; init; }

    /// <summary>Intervention or treatment (<c>query.intr</c>).</summary>
    public string? Intervention { get; init; }

    /// <summary>Overall statuses, API enumeration values (<c>filter.overallStatus</c>), upper case, sorted.</summary>
    public IReadOnlyList<string> Statuses { get; init; } = [];

    /// <summary>The API v2 <c>Status</c> enumeration (<c>filter.overallStatus</c> takes these words).</summary>
    public static readonly IReadOnlyList<string> OverallStatuses =
    [
        "ACTIVE_NOT_RECRUITING", "COMPLETED", "ENROLLING_BY_INVITATION", "NOT_YET_RECRUITING", "RECRUITING",
        "SUSPENDED", "TERMINATED", "WITHDRAWN", "AVAILABLE", "NO_LONGER_AVAILABLE", "TEMPORARILY_NOT_AVAILABLE",
        "APPROVED_FOR_MARKETING", "WITHHELD", "UNKNOWN",
    ];

    /// <summary>
    /// A query with its parts trimmed and statuses normalised ("recruiting" → "RECRUITING", sorted, distinct), so
    /// that two spellings of the same search compare equal. Raises <see cref="RegistryFetchException"/> when no part
    /// is given (the API would return the whole registry) or a status is not an enumeration word.
    /// </summary>
    public static RegistryQuery Create(string? term, string? condition = null, string? intervention = null,
        IEnumerable<string>? statuses = null)
    {
        var list = (statuses ?? [])
            .SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(s => s.Replace(' ', '_').ToUpperInvariant())
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        foreach (var s in list)
            if (!OverallStatuses.Contains(s, StringComparer.Ordinal))
                throw new RegistryFetchException($"--status {s}: expected an API v2 overall status, one of " +
                    string.Join(", ", OverallStatuses));
        var q = new RegistryQuery { Term = Clean(term), Condition = Clean(condition),
            Intervention = Clean(intervention), Statuses = list };
        if (q.Term is null && q.Condition is null && q.Intervention is null)
            throw new RegistryFetchException("give a query (--query, --condition or --intervention); an empty one " +
                "would fetch the whole registry");
        return q;
    }

    /// <summary>The query parameters of this search, in a fixed order (without paging).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters()
    {
        var p = new List<KeyValuePair<string, string>>(4);
        if (Term is not null) p.Add(new("query.term", Term));
        if (Condition is not null) p.Add(new("query.cond", Condition));
        if (Intervention is not null) p.Add(new("query.intr", Intervention));
        if (Statuses.Count > 0) p.Add(new("filter.overallStatus", string.Join(',', Statuses)));
        return p;
    }

    /// <summary>
    /// The search in one line ("query.term=… &amp; filter.overallStatus=…"), to compare and to show.
    /// </summary>
    public string Describe() => string.Join(" & ", Parameters().Select(kv => $"{kv.Key}={kv.Value}"));

    /// <summary>Whether two queries ask the same search.</summary>
    public bool SameSearch(RegistryQuery other) => other is not null && Describe() == other.Describe();

    /// <summary>
    /// The relative URL of one page: the search, <c>format=json</c>, the page size and token, <c>countTotal</c> on the
    /// first.
    /// </summary>
    internal string PageUrl(int pageSize, string? pageToken)
    {
        var sb = new StringBuilder("api/v2/studies?format=json");
        foreach (var (k, v) in Parameters()) sb.Append('&').Append(k).Append('=').Append(Uri.EscapeDataString(v));
        sb.Append("&pageSize=").Append(pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // countTotal: the API counts the matches only when asked, and only the first page needs it.
        if (pageToken is null) sb.Append("&countTotal=true");
        else sb.Append("&pageToken=").Append(Uri.EscapeDataString(pageToken));
        return sb.ToString();
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

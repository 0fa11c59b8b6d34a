namespace Stroma.Knowledge;

/// <summary>
/// A surface marker of MSCs as the review describes it (section 2.2 and its Table 4; ISCT criteria in 1.3).
/// </summary>
/// <param name="Id">Identifier, the usual CD name (e.g. "CD142", "HLA-DR").</param>
/// <param name="Name">Display name.</param>
/// <param name="Aliases">Other names (e.g. "tissue factor").</param>
/// <param name="Category">Role in characterisation.</param>
/// <param name="IsctExpectation">Expected expression under the ISCT minimal criteria, or null when not an ISCT
/// marker.</param>
/// <param name="IsctLimitPercent">ISCT limit: at least this % positive (positive markers) or at most this % (negative
/// markers).</param>
/// <param name="CultureChange">How expression changes with culture, or null when the review does not say.</param>
/// <param name="Facts">Cited facts.</param>
public sealed record Marker(
    string Id,
    string Name,
    IReadOnlyList<string> Aliases,
    MarkerCategory Category,
    IsctExpectation? IsctExpectation,
    double? IsctLimitPercent,
    CultureChange? CultureChange,
    IReadOnlyList<Fact> Facts) : IKnowledgeEntry
{
    /// <inheritdoc/>
    public string Summary
    {
        get
        {
            var parts = new List<string> { KnowledgeJson.EnumName(Category) };
            if (IsctExpectation is { } e && IsctLimitPercent is { } limit)
                parts.Add(e == Knowledge.IsctExpectation.Positive ? $"ISCT ≥{KnowledgeJson.Number(limit)}%"
                    : $"ISCT ≤{KnowledgeJson.Number(limit)}%");
            if (CultureChange is { } change) parts.Add($"in culture: {KnowledgeJson.EnumName(change)}");
            return string.Join("; ", parts);
        }
    }
}

namespace Stroma.Knowledge;

/// <summary>
/// A culture condition, format, supplement, priming agent, processing or engineering step (review sections 2.4, 2.5,
/// 3.1).
/// </summary>
/// <param name="Id">Identifier (e.g. "ifn-gamma"); priming steps of readiness inputs name these.</param>
/// <param name="Name">Display name.</param>
/// <param name="Aliases">Other names.</param>
/// <param name="Kind">What kind of factor it is.</param>
/// <param name="Setting">Typical setting (e.g. "1–10% O₂"), or null.</param>
/// <param name="Pathway">Signalling pathway the review names, or null.</param>
/// <param name="Induces">Ids of mediators or markers the review says it induces.</param>
/// <param name="Effects">Reported effects in a few words each.</param>
/// <param name="Facts">Cited facts.</param>
public sealed record CultureFactor(
    string Id,
    string Name,
    IReadOnlyList<string> Aliases,
    CultureFactorKind Kind,
    string? Setting,
    string? Pathway,
    IReadOnlyList<string> Induces,
    IReadOnlyList<string> Effects,
    IReadOnlyList<Fact> Facts) : IKnowledgeEntry
{
    /// <inheritdoc/>
    public string Summary =>
        KnowledgeJson.EnumName(Kind) + (Pathway is null ? "" : $" via {Pathway}") +
        (Induces.Count == 0 ? "" : $"; induces {string.Join(", ", Induces)}");
}

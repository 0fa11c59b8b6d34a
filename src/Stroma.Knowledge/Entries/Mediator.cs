namespace Stroma.Knowledge;

/// <summary>A molecule through which MSCs act (review section 2.3.2 and 2.4).</summary>
/// <param name="Id">Identifier (e.g. "IDO", "PGE2").</param>
/// <param name="Name">Display name.</param>
/// <param name="Aliases">Other names.</param>
/// <param name="Role">Immunosuppressive, pro-inflammatory, trophic, chemokine or homing.</param>
/// <param name="Facts">Cited facts.</param>
public sealed record Mediator(
    string Id,
    string Name,
    IReadOnlyList<string> Aliases,
    MediatorRole Role,
    IReadOnlyList<Fact> Facts) : IKnowledgeEntry
{
    /// <inheritdoc/>
    public string Summary => KnowledgeJson.EnumName(Role);
}

namespace Stroma.Knowledge;

/// <summary>A quality-control test (review sections 1.3 and 3.7.2).</summary>
/// <param name="Id">Identifier (e.g. "mycoplasma"); readiness inputs list these in qcTests and potencyTests.</param>
/// <param name="Name">Display name.</param>
/// <param name="Aliases">Other names.</param>
/// <param name="Category">What the test establishes.</param>
/// <param name="Facts">Cited facts.</param>
public sealed record QcTest(
    string Id,
    string Name,
    IReadOnlyList<string> Aliases,
    QcCategory Category,
    IReadOnlyList<Fact> Facts) : IKnowledgeEntry
{
    /// <inheritdoc/>
    public string Summary => KnowledgeJson.EnumName(Category);
}

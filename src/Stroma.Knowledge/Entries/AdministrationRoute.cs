namespace Stroma.Knowledge;

/// <summary>A route of administration (review section 3.2).</summary>
/// <param name="Id">Identifier (e.g. "intravenous"); dose plans name these.</param>
/// <param name="Name">Display name.</param>
/// <param name="Aliases">Other names (e.g. "IV").</param>
/// <param name="Delivery">Systemic or local.</param>
/// <param name="Intravascular">True when the cells enter the bloodstream, where IBMIR and complement act.</param>
/// <param name="Facts">Cited facts.</param>
public sealed record AdministrationRoute(
    string Id,
    string Name,
    IReadOnlyList<string> Aliases,
    RouteDelivery Delivery,
    bool Intravascular,
    IReadOnlyList<Fact> Facts) : IKnowledgeEntry
{
    /// <inheritdoc/>
    public string Summary => KnowledgeJson.EnumName(Delivery) + (Intravascular ? "; intravascular" : "");
}

namespace Stroma.Knowledge;

/// <summary>
/// An MSC product with marketing approval (review section 1.4.2.2). Typed fields hold what the review's text
/// states; those it does not state are named in <see cref="ExternalFields"/> and cited to an outside source in
/// <see cref="Facts"/>.
/// </summary>
/// <param name="Id">Identifier (e.g. "temcell").</param>
/// <param name="Name">Display name.</param>
/// <param name="Aliases">Other names (e.g. "darvadstrocel").</param>
/// <param name="Regions">Where it is approved.</param>
/// <param name="Indication">Approved indication.</param>
/// <param name="ApprovalYear">Year of (first) approval, or null.</param>
/// <param name="TissueSource">Tissue-source id, or null.</param>
/// <param name="DonorType">Autologous or allogeneic (the "match"), or null.</param>
/// <param name="Route">Route id, or null.</param>
/// <param name="ExternalFields">Names of the fields above whose value is not stated in the review's text.</param>
/// <param name="Listing">The product as the review's text lists it.</param>
/// <param name="Facts">Cited facts.</param>
public sealed record ApprovedProduct(
    string Id,
    string Name,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<string> Regions,
    string Indication,
    int? ApprovalYear,
    string? TissueSource,
    DonorType? DonorType,
    string? Route,
    IReadOnlyList<string> ExternalFields,
    ProductListing Listing,
    IReadOnlyList<Fact> Facts) : IKnowledgeEntry
{
    /// <inheritdoc/>
    public string Summary =>
        $"{string.Join(", ", Regions)}{Mark("regions")}; {Indication}" +
        (ApprovalYear is { } y
            ? $"; {y.ToString(System.Globalization.CultureInfo.InvariantCulture)}{Mark("approvalYear")}" : "") +
        (DonorType is { } d ? $"; {KnowledgeJson.EnumName(d)}{Mark("donorType")}" : "") +
        (TissueSource is { } s ? $" {s}{Mark("tissueSource")}" : "") +
        (Route is { } r ? $"; {r}{Mark("route")}" : "");

    /// <summary>True when the named field's value is not stated in the review's text.</summary>
    public bool IsExternal(string field) => ExternalFields.Contains(field, StringComparer.Ordinal);

    // A dagger marks values taken from outside the review, the way tables mark footnoted cells.
    private string Mark(string field) => IsExternal(field) ? "†" : "";
}

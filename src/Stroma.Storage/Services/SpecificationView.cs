using Stroma.Manufacturing.Records;
using Stroma.Manufacturing.Release;

namespace Stroma.Storage.Services;

/// <summary>A stored specification version.</summary>
/// <param name="Code">Code.</param>
/// <param name="Version">Version.</param>
/// <param name="Title">Title.</param>
/// <param name="Sha256">Content hash.</param>
/// <param name="CreatedUtc">When stored.</param>
/// <param name="Definition">The definition (items as data).</param>
public sealed record SpecificationView(string Code, int Version, string Title, string Sha256, DateTime CreatedUtc,
    SpecificationDefinition Definition)
{
    /// <summary>"draft" or "approved": only an approved version decides a release.</summary>
    public string Status { get; init; } = "draft";

    /// <summary>Who drafted it.</summary>
    public string? DraftedBy { get; init; }

    /// <summary>QA approver.</summary>
    public string? ApprovedBy { get; init; }

    /// <summary>When approved (UTC).</summary>
    public DateTime? ApprovedUtc { get; init; }

    /// <summary>"code vN" with its approval, e.g. "stroma-default v1 (approved by system)".</summary>
    public string InForce => $"{Code} v{Version} ({Approval})";

    /// <summary>Whether and by whom this version was approved, as shown beside it.</summary>
    public string Approval => Status == "approved" ? $"approved by {ApprovedBy}" : "DRAFT, not approved";

    internal static SpecificationView Of(ReleaseSpecification s) =>
        new(s.Code, s.SpecVersion, s.Title, s.ContentSha256, s.CreatedUtc, SpecificationDefinition.FromRecord(s))
        {
            Status = s.Status.ToString().ToLowerInvariant(), DraftedBy = s.DraftedBy, ApprovedBy = s.ApprovedBy,
                ApprovedUtc = s.ApprovedUtc,
        };
}

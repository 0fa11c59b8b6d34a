using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Stroma.Manufacturing.Release;
using Stroma.Storage.Services;
using Stroma.Web.Infrastructure;

namespace Stroma.Web.Pages.Specifications;

/// <summary>Specifications and identity panels under change control: versions, drafting (writers), QA approval
/// (e-signature).</summary>
public sealed class IndexModel(ReleaseService releases, SpecificationService documents,
    IAuthorizationService authorization)
    : QualityPageModel(authorization)
{
    /// <summary>Stored specification versions.</summary>
    public IReadOnlyList<SpecificationView> Specifications { get; private set; } = [];

    /// <summary>Stored identity panel versions.</summary>
    public IReadOnlyList<PanelView> Panels { get; private set; } = [];

    /// <summary>Shows the versions.</summary>
    public Task OnGetAsync(CancellationToken ct) => ShowAsync(ct);

    /// <summary>Drafts a specification version from its JSON.</summary>
    public Task<IActionResult> OnPostDraftAsync(string json, CancellationToken ct) =>
        Act(Policies.Writer, async () =>
        {
            var drafted = await documents.DraftAsync(SpecificationDefinition.Parse(json ?? "", "the form"),
                User.Identity!.Name!, ct);
            return $"Specification {drafted.Code} v{drafted.Version} stored as {drafted.Status}; QA approval puts it " +
                $"in force.";
        }, ct);

    /// <summary>Drafts an identity panel version from its JSON.</summary>
    public Task<IActionResult> OnPostDraftPanelAsync(string json, CancellationToken ct) =>
        Act(Policies.Writer, async () =>
        {
            var drafted = await documents.DraftPanelAsync(json ?? "", "the form", User.Identity!.Name!, ct);
            return $"Identity panel {drafted.Code} v{drafted.Version} stored as {drafted.Status}.";
        }, ct);

    /// <summary>Approves a draft specification version (QA, password re-entered).</summary>
    public Task<IActionResult> OnPostApproveAsync(string reference, string reason, string password,
        CancellationToken ct) =>
        Act(Policies.Qa, async () =>
        {
            var approved = await documents.ApproveAsync(reference,
                new ESignature(User.Identity!.Name!, password, reason ?? ""), ct);
            return $"Approved: specification {approved.InForce}.";
        }, ct);

    /// <summary>Approves a draft identity panel version (QA, password re-entered).</summary>
    public Task<IActionResult> OnPostApprovePanelAsync(string reference, string reason, string password,
        CancellationToken ct) =>
        Act(Policies.Qa, async () =>
        {
            var approved = await documents.ApprovePanelAsync(reference,
                new ESignature(User.Identity!.Name!, password, reason ?? ""), ct);
            return $"Approved: identity panel {approved.Code} v{approved.Version}.";
        }, ct);

    /// <inheritdoc/>
    protected override async Task LoadAsync(CancellationToken ct)
    {
        Specifications = await releases.ListSpecificationsAsync(ct);
        Panels = await documents.ListPanelsAsync(ct);
    }
}

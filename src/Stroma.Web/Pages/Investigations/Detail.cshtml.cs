using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Stroma.Manufacturing;
using Stroma.Manufacturing.Records;
using Stroma.Storage.Services;
using Stroma.Web.Infrastructure;

namespace Stroma.Web.Pages.Investigations;

/// <summary>One OOS investigation and, for QA, the phase I closing form with e-signature.</summary>
public sealed class DetailModel(InvestigationService investigations, IAuthorizationService authorization)
    : QualityPageModel(authorization)
{
    /// <summary>Investigation number.</summary>
    [BindProperty(SupportsGet = true)] public int Id { get; set; }

    /// <summary>The investigation, or null when unknown.</summary>
    public InvestigationView? Investigation { get; private set; }

    /// <summary>Shows it.</summary>
    public Task OnGetAsync(CancellationToken ct) => ShowAsync(ct);

    /// <summary>Closes phase I (QA only): the service re-authenticates the signer and applies the domain's
    /// rules.</summary>
    public Task<IActionResult> OnPostCloseAsync(string finding, string? cause, string conclusion, string password,
        CancellationToken ct) =>
        Act(Policies.Qa, async () =>
        {
            var result = Terms.TryParse<InvestigationFinding>(finding, out var chosen) ? chosen
                : throw new ManufacturingException("Choose whether an assignable cause was found.");
            var closed = await investigations.CloseAsync(Id, result, FormValues.Text(cause),
                new ESignature(User.Identity!.Name!, password, conclusion ?? ""), ct);
            return $"Investigation #{closed.Id} closed: {closed.ClosedMeaning}.";
        }, ct);

    /// <inheritdoc/>
    protected override async Task LoadAsync(CancellationToken ct) =>
        Investigation = (await investigations.ListAsync(false, null, ct)).FirstOrDefault(i => i.Id == Id);
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Stroma.Storage.Services;
using Stroma.Web.Infrastructure;

namespace Stroma.Web.Pages.Deviations;

/// <summary>Deviations: the list, the form to record one (writers) and QA closure with e-signature.</summary>
public sealed class IndexModel(InvestigationService quality, IAuthorizationService authorization)
    : QualityPageModel(authorization)
{
    /// <summary>Only one lot's deviations.</summary>
    [BindProperty(SupportsGet = true)] public string? Lot { get; set; }

    /// <summary>Deviations.</summary>
    public IReadOnlyList<DeviationView> Items { get; private set; } = [];

    /// <summary>Shows the list.</summary>
    public Task OnGetAsync(CancellationToken ct) => ShowAsync(ct);

    /// <summary>Records a deviation.</summary>
    public Task<IActionResult> OnPostOpenAsync(string? lotCode, string description, string impact, string? capa,
        CancellationToken ct) =>
        Act(Policies.Writer, async () =>
        {
            var d = await quality.OpenDeviationAsync(new DeviationInput(description ?? "", impact ?? "")
            {
                Lot = FormValues.Text(lotCode), Capa = FormValues.Text(capa),
            }, User.Identity!.Name!, ct);
            return $"Deviation #{d.Id} recorded" +
                   $"{(d.Lot is null ? "" : $" on lot {d.Lot}; its release is blocked until QA closes it")}.";
        }, ct);

    /// <summary>Closes a deviation (QA, password re-entered).</summary>
    public Task<IActionResult> OnPostCloseAsync(int id, string conclusion, string? capa, string password,
        CancellationToken ct) =>
        Act(Policies.Qa, async () =>
        {
            var d = await quality.CloseDeviationAsync(id, FormValues.Text(capa),
                new ESignature(User.Identity!.Name!, password, conclusion ?? ""), ct);
            return $"Deviation #{d.Id} closed.";
        }, ct);

    /// <inheritdoc/>
    protected override async Task LoadAsync(CancellationToken ct) =>
        Items = await quality.ListDeviationsAsync(FormValues.Text(Lot), false, ct);
}

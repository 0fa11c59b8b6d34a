using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Stroma.Manufacturing;
using Stroma.Storage.Services;

using Stroma.Web.Infrastructure;

namespace Stroma.Web.Pages.Release;

/// <summary>A lot's release: specification, results entry (writers), evaluation, QA e-signature, certificate.</summary>
public sealed class LotModel(ReleaseService releases, IAuthorizationService authorization) : PageModel
{
    /// <summary>Lot code.</summary>
    [BindProperty(SupportsGet = true)] public string Code { get; set; } = "";

    /// <summary>The release record, or null when no specification is assigned.</summary>
    public ReleaseView? Release { get; private set; }

    /// <summary>Whether the user may enter results.</summary>
    public bool CanWrite { get; private set; }

    /// <summary>Whether the user may sign (QA).</summary>
    public bool CanSign { get; private set; }

    /// <summary>Message of the last action.</summary>
    public string? Message { get; private set; }

    /// <summary>Whether the last action failed.</summary>
    public bool Failed { get; private set; }

    /// <summary>Shows the record.</summary>
    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>Assigns the default specification with a planned route and dose.</summary>
    public Task<IActionResult> OnPostAssignAsync(string route, string? weightKg, string? cellsPerKg, string? volumeMl, CancellationToken ct) =>
        Act(Policies.Writer, async () =>
        {
            await releases.AssignAsync(Code, new SpecificationAssignment(Terms.Parse<AdministrationRoute>(route, "route"))
            {
                WeightKg = FormValues.Number(weightKg, "weight"),
                CellsPerKg = FormValues.Number(cellsPerKg, "cells/kg"),
                VolumeMl = FormValues.Number(volumeMl, "dose volume"),
            }, User.Identity!.Name!, ct);
            return "Default specification assigned.";
        }, ct);

    /// <summary>Records a result.</summary>
    public Task<IActionResult> OnPostResultAsync(string test, string? name, string? value, string? text, string? unit, string? method, string? reason,
        CancellationToken ct) =>
        Act(Policies.Writer, async () =>
        {
            var input = new ResultInput(Terms.Parse<ReleaseTest>(test, "test"))
            {
                Name = FormValues.Text(name), Value = FormValues.Number(value, "value"), Text = FormValues.Text(text), Unit = FormValues.Text(unit), Method = FormValues.Text(method),
                Reason = FormValues.Text(reason),
            };
            await releases.RecordResultAsync(Code, input, User.Identity!.Name!, ct);
            return $"{test} result recorded.";
        }, ct);

    /// <summary>Signs a disposition after re-authentication (QA only; the service enforces four-eyes).</summary>
    public Task<IActionResult> OnPostSignAsync(string disposition, string reason, string password, CancellationToken ct) =>
        Act(Policies.Qa, async () =>
        {
            var signed = await releases.SignAsync(Code, new SignInput(User.Identity!.Name!, password, Terms.Parse<Disposition>(disposition, "disposition"), reason), ct);
            return $"Signed: lot {Code} {signed.Disposition}.";
        }, ct);

    private async Task<IActionResult> Act(string policy, Func<Task<string>> action, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, policy)).Succeeded) return Forbid();
        try
        {
            Message = await action();
        }
        catch (ManufacturingException ex)
        {
            Message = ex.Message;
            Failed = true;
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        CanWrite = (await authorization.AuthorizeAsync(User, Policies.Writer)).Succeeded;
        CanSign = (await authorization.AuthorizeAsync(User, Policies.Qa)).Succeeded;
        Release = await releases.FindAsync(Code, ct);
    }
}

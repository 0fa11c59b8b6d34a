using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Stroma.Manufacturing;
using Stroma.Manufacturing.Release;
using Stroma.Storage.Services;

using Stroma.Web.Infrastructure;

namespace Stroma.Web.Pages.Release;

/// <summary>A qualitative item of the specification and the outcomes a result of it may take.</summary>
/// <param name="Item">Item name.</param>
/// <param name="Outcomes">Outcomes, the expected one first.</param>
public sealed record OutcomeChoices(string Item, IReadOnlyList<string> Outcomes);

/// <summary>
/// A lot's release: specification, results entry (writers), evaluation, QA e-signature, certificate. Every form
/// redirects after a save (Post/Redirect/Get) and is shown again as typed after a refusal.
/// </summary>
public sealed class LotModel(ReleaseService releases, IAuthorizationService authorization) : PageModel
{
    /// <summary>Lot code.</summary>
    [BindProperty(SupportsGet = true)] public string Code { get; set; } = "";

    /// <summary>The release record, or null when no specification is assigned.</summary>
    public ReleaseView? Release { get; private set; }

    /// <summary>Qualitative outcomes per item of the specification (for the result form).</summary>
    public IReadOnlyList<OutcomeChoices> Outcomes { get; private set; } = [];

    /// <summary>Whether the user may enter results.</summary>
    public bool CanWrite { get; private set; }

    /// <summary>Whether the user may sign (QA).</summary>
    public bool CanSign { get; private set; }

    /// <summary>Planned route (token).</summary>
    [BindProperty] public string? Route { get; set; }

    /// <summary>Planned patient weight (kg).</summary>
    [BindProperty] public string? WeightKg { get; set; } = "70";

    /// <summary>Planned dose (cells/kg).</summary>
    [BindProperty] public string? CellsPerKg { get; set; } = "1e6";

    /// <summary>Dose volume (mL).</summary>
    [BindProperty] public string? VolumeMl { get; set; } = "50";

    /// <summary>Release test (token).</summary>
    [BindProperty] public string? Test { get; set; }

    /// <summary>Item name (marker, assay).</summary>
    [BindProperty] public string? Name { get; set; }

    /// <summary>Numeric result.</summary>
    [BindProperty] public string? Value { get; set; }

    /// <summary>Qualitative result.</summary>
    [BindProperty] public string? Text { get; set; }

    /// <summary>Unit.</summary>
    [BindProperty] public string? Unit { get; set; }

    /// <summary>Method.</summary>
    [BindProperty] public string? Method { get; set; }

    /// <summary>Disposition to sign (token).</summary>
    [BindProperty] public string? Disposition { get; set; }

    /// <summary>Reason of the signature.</summary>
    [BindProperty] public string? Reason { get; set; }

    /// <summary>Password re-entered to sign (never shown again).</summary>
    [BindProperty] public string? Password { get; set; }

    /// <summary>Shows the record.</summary>
    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>Assigns the default specification with a planned route and dose.</summary>
    public Task<IActionResult> OnPostAssignAsync(CancellationToken ct) =>
        Act(Policies.Writer, async form =>
        {
            var route = form.Choice<AdministrationRoute>(nameof(Route), Route, "route of administration");
            var assignment = new SpecificationAssignment(route ?? default)
            {
                WeightKg = form.Number(nameof(WeightKg), WeightKg, "planned patient weight"),
                CellsPerKg = form.Number(nameof(CellsPerKg), CellsPerKg, "planned dose"),
                VolumeMl = form.Number(nameof(VolumeMl), VolumeMl, "dose volume"),
            };
            if (!form.Valid) return null;
            await releases.AssignAsync(Code, assignment, User.Identity!.Name!, ct);
            return "Default specification assigned.";
        }, new() { ["Patient weight (kg)"] = nameof(WeightKg), ["Cells per kg"] = nameof(CellsPerKg),
            ["Dose volume (mL)"] = nameof(VolumeMl) }, ct);

    /// <summary>Records a result.</summary>
    public Task<IActionResult> OnPostResultAsync(CancellationToken ct) =>
        Act(Policies.Writer, async form =>
        {
            var test = form.Choice<ReleaseTest>(nameof(Test), Test, "test");
            var value = form.Number(nameof(Value), Value, "result value");
            if (!form.Valid) return null;
            var input = new ResultInput(test!.Value)
            {
                Name = FormValues.Text(Name), Value = value, Text = FormValues.Text(Text), Unit = FormValues.Text(Unit),
                    Method = FormValues.Text(Method),
                Reason = FormValues.Text(Reason),
            };
            await releases.RecordResultAsync(Code, input, User.Identity!.Name!, ct);
            return $"{Terms.Label(test.Value)} result recorded.";
        }, null, ct, resultField: true);

    /// <summary>Signs a disposition after re-authentication (QA only; the service enforces four-eyes).</summary>
    public Task<IActionResult> OnPostSignAsync(CancellationToken ct) =>
        Act(Policies.Qa, async form =>
        {
            var disposition = form.Choice<Disposition>(nameof(Disposition), Disposition, "disposition");
            var reason = form.Text(nameof(Reason), Reason, "reason for the decision");
            var password = form.Text(nameof(Password), Password, "password");
            if (!form.Valid) return null;
            var signed = await releases.SignAsync(Code, new SignInput(User.Identity!.Name!, password!,
                disposition!.Value, reason!), ct);
            return $"Signed: lot {Code} {signed.Disposition}.";
        }, null, ct);

    private async Task<IActionResult> Act(string policy, Func<FormReader, Task<string?>> action, Dictionary<string,
        string>? fields,
        CancellationToken ct, bool resultField = false)
    {
        if (!(await authorization.AuthorizeAsync(User, policy)).Succeeded) return Forbid();
        var form = new FormReader(ModelState);
        try
        {
            if (await action(form) is { } message)
            {
                Flash.Set(TempData, message);
                return Redirect($"/release/{Uri.EscapeDataString(Code)}");
            }
        }
        catch (ManufacturingException ex)
        {
            // A refused qualitative result names "<item> result"; show it beside the outcome choice.
            var map = fields ?? (resultField && ex is InvalidValueException { Field: var f }
                && f.EndsWith(" result", StringComparison.Ordinal)
                ? new Dictionary<string, string>(StringComparer.Ordinal) { [f] = nameof(Text) } : null);
            form.Refused(ex, map);
        }
        Password = null;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        CanWrite = (await authorization.AuthorizeAsync(User, Policies.Writer)).Succeeded;
        CanSign = (await authorization.AuthorizeAsync(User, Policies.Qa)).Succeeded;
        Release = await releases.FindAsync(Code, ct);
        Outcomes = Release is null ? [] : Release.Specification.Definition.Items
            .Where(i => i.Test != Terms.Token(ReleaseTest.Identity) && QualitativeOutcomes.For(i.Expected).Count > 0)
            .Select(i => new OutcomeChoices(i.Name ?? Terms.LabelOf<ReleaseTest>(i.Test),
                QualitativeOutcomes.For(i.Expected))).ToArray();
    }
}

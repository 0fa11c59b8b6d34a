using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Stroma.Manufacturing;
using Stroma.Manufacturing.Records;
using Stroma.Storage.Services;
using Stroma.Web.Infrastructure;

namespace Stroma.Web.Pages.Donors;

/// <summary>One donor: consent, screening results and the eligibility determination; writers record consent and
/// results.</summary>
public sealed class DetailModel(DonorService donors, LotService lots, IAuthorizationService authorization) : PageModel
{
    /// <summary>Donor code.</summary>
    [BindProperty(SupportsGet = true)] public string Code { get; set; } = "";

    /// <summary>The donor, or null when not found.</summary>
    public DonorView? Donor { get; private set; }

    /// <summary>Lots made from the donor.</summary>
    public IReadOnlyList<LotView> Lots { get; private set; } = [];

    /// <summary>Why the donor could not be shown.</summary>
    public string? Message { get; private set; }

    /// <summary>Whether the user may record data.</summary>
    public bool CanWrite { get; private set; }

    /// <summary>Tests offered in the screening form (the required ones without a result first).</summary>
    public IReadOnlyList<string> TestChoices { get; private set; } = [];

    /// <summary>Date of consent (yyyy-MM-dd).</summary>
    [BindProperty] public string? ConsentDate { get; set; }

    /// <summary>Screening test chosen from the list.</summary>
    [BindProperty] public string? Test { get; set; }

    /// <summary>Another test, typed (when not in the list).</summary>
    [BindProperty] public string? OtherTest { get; set; }

    /// <summary>Outcome (token).</summary>
    [BindProperty] public string? Outcome { get; set; }

    /// <summary>Correction: field token.</summary>
    [BindProperty] public string? CorrectField { get; set; }

    /// <summary>Correction: screening test (when the field is a screening result).</summary>
    [BindProperty] public string? CorrectTest { get; set; }

    /// <summary>Correction: the correct value.</summary>
    [BindProperty] public string? CorrectValue { get; set; }

    /// <summary>Correction: why (required).</summary>
    [BindProperty] public string? CorrectReason { get; set; }

    /// <summary>Corrects a recorded fact of the donor with a reason (writers only).</summary>
    public async Task<IActionResult> OnPostCorrectAsync(CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.Writer)).Succeeded) return Forbid();
        var form = new FormReader(ModelState);
        if (string.IsNullOrWhiteSpace(CorrectField)) ModelState.AddModelError(nameof(CorrectField),
            "Choose the field to correct.");
        var screening = CorrectField == RecordCorrection.ScreeningField;
        var field = screening ? RecordCorrection.ScreeningFieldOf(CorrectTest) : CorrectField;
        if (screening && string.IsNullOrWhiteSpace(CorrectTest))
            ModelState.AddModelError(nameof(CorrectTest), "Choose the screening test whose result is corrected.");
        if (string.IsNullOrWhiteSpace(CorrectReason))
            ModelState.AddModelError(nameof(CorrectReason),
                "A correction needs a reason: say why the recorded value is wrong.");
        return await SaveAsync(form, async () =>
        {
            var donor = await donors.CorrectAsync(Code, field!, CorrectValue, CorrectReason!, User.Identity!.Name!, ct);
            var last = donor.Corrections[^1];
            return $"{last.FieldLabel} corrected from {last.OldValue ?? "—"} to {last.NewValue ?? "—"}; donor is " +
                   $"{donor.Eligibility?.Status.ToString().ToLowerInvariant()}.";
        }, new(StringComparer.Ordinal) { ["Reason"] = nameof(CorrectReason) }, ct);
    }

    /// <summary>Shows the donor.</summary>
    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>Records informed consent.</summary>
    public async Task<IActionResult> OnPostConsentAsync(CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.Writer)).Succeeded) return Forbid();
        var form = new FormReader(ModelState);
        var date = form.Date(nameof(ConsentDate), ConsentDate, "consent date");
        return await SaveAsync(form, async () =>
        {
            await donors.RecordConsentAsync(Code, date!.Value, User.Identity!.Name!, ct);
            return "Informed consent recorded.";
        }, new(StringComparer.Ordinal) { ["Consent date"] = nameof(ConsentDate) }, ct);
    }

    /// <summary>Records one screening result.</summary>
    public async Task<IActionResult> OnPostScreeningAsync(CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.Writer)).Succeeded) return Forbid();
        var form = new FormReader(ModelState);
        var test = FormValues.Text(OtherTest) ?? form.Text(nameof(Test), Test, "screening test");
        var outcome = form.Choice<ScreeningOutcome>(nameof(Outcome), Outcome, "outcome");
        return await SaveAsync(form, async () =>
        {
            var donor = await donors.RecordScreeningAsync(Code, test!, outcome!.Value, User.Identity!.Name!, ct);
            return $"{test} {Terms.Label(outcome.Value)} recorded; donor is " +
                $"{donor.Eligibility?.Status.ToString().ToLowerInvariant()}.";
        }, new(StringComparer.Ordinal) { ["Screening test"] = nameof(OtherTest) }, ct);
    }

    private async Task<IActionResult> SaveAsync(FormReader form, Func<Task<string>> save, Dictionary<string,
        string> fields, CancellationToken ct)
    {
        if (form.Valid)
        {
            try
            {
                Flash.Set(TempData, await save());
                return Redirect($"/donors/{Uri.EscapeDataString(Code)}");
            }
            catch (ManufacturingException ex)
            {
                form.Refused(ex, fields);
            }
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        CanWrite = (await authorization.AuthorizeAsync(User, Policies.Writer)).Succeeded;
        try
        {
            Donor = await donors.GetAsync(Code, ct);
        }
        catch (RecordNotFoundException ex)
        {
            Message = ex.Message;
            return;
        }
        Lots = (await lots.ListAsync(ct)).Where(l => l.Donor == Donor.Code).ToArray();
        var recorded = Donor.Screening.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);
        TestChoices = DonorEligibility.RequiredTests.Where(t => !recorded.Contains(t)).ToArray();
    }
}

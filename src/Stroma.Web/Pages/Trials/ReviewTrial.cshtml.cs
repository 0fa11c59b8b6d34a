using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Stroma.Manufacturing;
using Stroma.Storage.Services;
using Stroma.Trials.Curation;
using Stroma.Web.Infrastructure;

namespace Stroma.Web.Pages.Trials;

/// <summary>One trial under review: each field's value, confidence and highlighted evidence; writers accept or
/// correct.</summary>
public sealed class ReviewTrialModel(TrialReviewIndex index, TrialCurationService curation,
    IAuthorizationService authorization) : PageModel
{
    /// <summary>The trial, or null when the served records do not hold it.</summary>
    public QueuedTrial? Item { get; private set; }

    /// <summary>Whether the user may decide.</summary>
    public bool CanWrite { get; private set; }

    /// <summary>Message of the last decision (after the redirect).</summary>
    [TempData] public string? Message { get; set; }

    /// <summary>Whether the last decision was refused.</summary>
    [TempData] public bool Failed { get; set; }

    /// <summary>Field decided.</summary>
    [BindProperty] public string Field { get; set; } = "";

    /// <summary>Corrected value (single-valued fields, passage, dose count).</summary>
    [BindProperty] public string? Value { get; set; }

    /// <summary>Corrected words (multi-valued fields).</summary>
    [BindProperty] public string[] Values { get; set; } = [];

    /// <summary>Corrected dose: lowest level.</summary>
    [BindProperty] public string? DoseLow { get; set; }

    /// <summary>Corrected dose: highest level (empty: the same as the lowest).</summary>
    [BindProperty] public string? DoseHigh { get; set; }

    /// <summary>Corrected dose unit.</summary>
    [BindProperty] public string? DoseUnit { get; set; }

    /// <summary>Why.</summary>
    [BindProperty] public string? Reason { get; set; }

    /// <summary>Shows the trial.</summary>
    public async Task<IActionResult> OnGetAsync(string nct, CancellationToken ct)
    {
        await LoadAsync(nct, ct);
        return Item is null ? NotFound() : Page();
    }

    /// <summary>Accepts the extracted value of a field (writers only).</summary>
    public Task<IActionResult> OnPostAcceptAsync(string nct, CancellationToken ct) =>
        DecideAsync(nct, CurationAction.Accept, ct);

    /// <summary>Corrects a field with a vocabulary value and a reason (writers only).</summary>
    public Task<IActionResult> OnPostCorrectAsync(string nct, CancellationToken ct) =>
        DecideAsync(nct, CurationAction.Correct, ct);

    private async Task<IActionResult> DecideAsync(string nct, CurationAction action, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.Writer)).Succeeded) return Forbid();
        if (index.Find(nct) is not { } assessed) return NotFound();
        var item = CurationQueue.Item(assessed, await curation.BookAsync(ct));
        try
        {
            var field = item[CurationFields.Check(Field)];
            var request = new CurationRequest(item.Trial.NctId, field.Field, action, field.Extracted, item.Fingerprint,
                action == CurationAction.Correct ? Corrected(field.Field) : null, Reason,
                    field.Confidence.Evidence.FirstOrDefault()?.Text);
            var d = await curation.DecideAsync(request, User.Identity?.Name ?? "unknown", ct);
            Message = $"{(d.Action == CurationAction.Accept ? "Accepted" : "Corrected")} {d.Field}: " +
                $"{(d.Value.Length == 0 ? "(none)" : d.Value)}.";
            Failed = false;
        }
        catch (Exception ex) when (ex is CurationException or ManufacturingException)
        {
            Message = ex.Message;
            Failed = true;
        }
        // Post/Redirect/Get: reloading the page shows the result without sending the decision again.
        return RedirectToPage("/Trials/ReviewTrial", new { nct = item.Trial.NctId });
    }

    private string Corrected(string field)
    {
        // A multi-valued field comes from a multiple select; a script may send the words joined in one value.
        if (CurationFields.IsMultiValued(field) && Values.Length > 0) return string.Join(';', Values);
        if (field != CurationFields.Dose) return Value ?? "";
        if (string.IsNullOrWhiteSpace(DoseLow)) return "";
        var high = string.IsNullOrWhiteSpace(DoseHigh) ? "" : "-" + DoseHigh.Trim();
        return $"{DoseLow.Trim()}{high} {DoseUnit}";
    }

    private async Task LoadAsync(string nct, CancellationToken ct)
    {
        CanWrite = (await authorization.AuthorizeAsync(User, Policies.Writer)).Succeeded;
        if (index.Find(nct) is { } assessed) Item = CurationQueue.Item(assessed, await curation.BookAsync(ct));
    }
}

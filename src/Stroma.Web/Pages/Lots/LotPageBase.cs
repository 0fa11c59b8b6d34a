using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Stroma.Manufacturing;
using Stroma.Storage.Services;
using Stroma.Web.Infrastructure;

namespace Stroma.Web.Pages.Lots;

/// <summary>
/// What the lot's record pages (priming, vials, DIN) share: load the lot, check the writer role, and save with
/// Post/Redirect/Get — or show the form again as typed with the refusal beside its field.
/// </summary>
public abstract class LotPageBase(LotService lots, IAuthorizationService authorization) : PageModel
{
    /// <summary>Lot code.</summary>
    [BindProperty(SupportsGet = true)] public string Code { get; set; } = "";

    /// <summary>The lot, or null when not found.</summary>
    public LotView? Lot { get; private set; }

    /// <summary>Why the lot could not be shown.</summary>
    public string? Message { get; private set; }

    /// <summary>Whether the user may record data.</summary>
    public bool CanWrite { get; private set; }

    /// <summary>The lot service.</summary>
    protected LotService Lots => lots;

    /// <summary>This page's path, where a save redirects to.</summary>
    protected abstract string PagePath { get; }

    /// <summary>Shows the page.</summary>
    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>Runs a save for a writer: redirect with a message on success, the page with errors otherwise.</summary>
    protected async Task<IActionResult> SaveAsync(Func<FormReader, Task<string?>> save, IReadOnlyDictionary<string,
        string> fields, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(save);
        if (!(await authorization.AuthorizeAsync(User, Policies.Writer)).Succeeded) return Forbid();
        var form = new FormReader(ModelState);
        try
        {
            if (await save(form) is { } message && form.Valid)
            {
                Flash.Set(TempData, message);
                return Redirect(PagePath);
            }
        }
        catch (ManufacturingException ex)
        {
            form.Refused(ex, fields);
        }
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>Loads the lot and the user's rights.</summary>
    protected virtual async Task LoadAsync(CancellationToken ct)
    {
        CanWrite = (await authorization.AuthorizeAsync(User, Policies.Writer)).Succeeded;
        try
        {
            Lot = await lots.GetAsync(Code, ct);
        }
        catch (RecordNotFoundException ex)
        {
            Message = ex.Message;
        }
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Stroma.Manufacturing;
using Stroma.Storage.Services;

using Stroma.Web.Infrastructure;

namespace Stroma.Web.Pages.Lots;

/// <summary>Lot list; Operators, QA and Admins can create lots.</summary>
public sealed class IndexModel(LotService lots, DonorService donors, IAuthorizationService authorization) : PageModel
{
    /// <summary>All lots.</summary>
    public IReadOnlyList<LotView> Lots { get; private set; } = [];

    /// <summary>Donors for primary cultures.</summary>
    public IReadOnlyList<DonorView> Donors { get; private set; } = [];

    /// <summary>Whether the user may create lots.</summary>
    public bool CanWrite { get; private set; }

    /// <summary>Result message of the last action.</summary>
    public string? Message { get; private set; }

    /// <summary>Whether the last action failed.</summary>
    public bool Failed { get; private set; }

    /// <summary>Lot code.</summary>
    [BindProperty] public string Code { get; set; } = "";

    /// <summary>Lot kind token.</summary>
    [BindProperty] public string Kind { get; set; } = "";

    /// <summary>Parent lot code.</summary>
    [BindProperty] public string? Parent { get; set; }

    /// <summary>Donor code.</summary>
    [BindProperty] public string? Donor { get; set; }

    /// <summary>Tissue source token.</summary>
    [BindProperty] public string? Source { get; set; }

    /// <summary>Isolation token.</summary>
    [BindProperty] public string? Isolation { get; set; }

    /// <summary>Shows the list.</summary>
    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>Creates a lot (writers only).</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.Writer)).Succeeded) return Forbid();
        try
        {
            var input = new LotInput(Code.Trim(), Terms.Parse<LotKind>(Kind, "lot kind"))
            {
                Parent = FormValues.Text(Parent),
                Donor = FormValues.Text(Donor),
                Source = FormValues.Text(Source) is { } s ? Terms.Parse<TissueSource>(s, "tissue source") : null,
                Isolation = FormValues.Text(Isolation) is { } i ? Terms.Parse<IsolationMethod>(i, "isolation method") : null,
            };
            var lot = await lots.CreateAsync(input, User.Identity!.Name!, ct);
            return Redirect($"/lots/{Uri.EscapeDataString(lot.Code)}");
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
        Lots = await lots.ListAsync(ct);
        Donors = await donors.ListAsync(ct);
        CanWrite = (await authorization.AuthorizeAsync(User, Policies.Writer)).Succeeded;
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Stroma.Manufacturing;
using Stroma.Storage.Services;
using Stroma.Web.Infrastructure;

namespace Stroma.Web.Pages.Donors;

/// <summary>Donors (coded ids only) with their eligibility; writers register new donors.</summary>
public sealed class IndexModel(DonorService donors, IAuthorizationService authorization) : PageModel
{
    /// <summary>All donors.</summary>
    public IReadOnlyList<DonorView> Donors { get; private set; } = [];

    /// <summary>Whether the user may register donors.</summary>
    public bool CanWrite { get; private set; }

    /// <summary>Coded donor id.</summary>
    [BindProperty] public string? Code { get; set; }

    /// <summary>Donor type (token).</summary>
    [BindProperty] public string? Type { get; set; }

    /// <summary>Age (years).</summary>
    [BindProperty] public string? Age { get; set; }

    /// <summary>Sex (token).</summary>
    [BindProperty] public string? Sex { get; set; }

    /// <summary>Whether informed consent was obtained.</summary>
    [BindProperty] public bool Consent { get; set; }

    /// <summary>Date of consent (yyyy-MM-dd).</summary>
    [BindProperty] public string? ConsentDate { get; set; }

    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["Donor age"] = nameof(Age), ["Consent date"] = nameof(ConsentDate), ["Donor code"] = nameof(Code),
    };

    /// <summary>Shows the list.</summary>
    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>Registers a donor (writers) and goes to it; a refusal shows the form again as typed.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.Writer)).Succeeded) return Forbid();
        var form = new FormReader(ModelState);
        var code = form.Text(nameof(Code), Code, "coded donor id");
        var type = form.Choice<DonorType>(nameof(Type), Type, "donor type");
        var sex = form.Choice<DonorSex>(nameof(Sex), Sex, "sex");
        var age = form.Integer(nameof(Age), Age, "age");
        var consentDate = form.Date(nameof(ConsentDate), ConsentDate, "consent date", required: Consent);
        if (form.Valid)
        {
            try
            {
                var donor = await donors.AddAsync(new DonorInput(code!, type!.Value, age, sex!.Value, Consent,
                    consentDate,
                    new Dictionary<string, ScreeningOutcome>()), User.Identity!.Name!, ct);
                Flash.Set(TempData, $"Donor {donor.Code} registered.");
                return Redirect($"/donors/{Uri.EscapeDataString(donor.Code)}");
            }
            catch (ManufacturingException ex)
            {
                form.Refused(ex, Fields);
            }
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Donors = await donors.ListAsync(ct);
        CanWrite = (await authorization.AuthorizeAsync(User, Policies.Writer)).Succeeded;
    }
}

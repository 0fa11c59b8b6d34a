using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Stroma.Manufacturing.Isbt128;
using Stroma.Storage.Services;
using Stroma.Web.Infrastructure;

namespace Stroma.Web.Pages.Lots;

/// <summary>A lot's ISBT 128 Donation Identification Number: assign one (writers, once), then print its
/// label.</summary>
public sealed class DinModel(LotService lots, IAuthorizationService authorization) : LotPageBase(lots, authorization)
{
    /// <summary>The DIN typed with its check character (spaces allowed, e.g. "G1234 26 000123 X").</summary>
    [BindProperty] public string? Din { get; set; }

    /// <summary>The lot's DIN, when assigned.</summary>
    public DonationIdentificationNumber? Assigned => Lot?.Din is { } din ? DonationIdentificationNumber.Parse(din)
        : null;

    /// <inheritdoc />
    protected override string PagePath => $"/lots/{Uri.EscapeDataString(Code)}/din";

    /// <summary>Assigns the DIN (the check character is verified; a DIN used by another lot is refused).</summary>
    public Task<IActionResult> OnPostAsync(CancellationToken ct) => SaveAsync(async form =>
    {
        var din = form.Text(nameof(Din), Din, "DIN with its check character");
        if (!form.Valid) return null;
        var view = await Lots.AssignDinAsync(Code, din!, User.Identity!.Name!, ct);
        return $"DIN {DonationIdentificationNumber.Parse(view.Din!).Formatted} assigned to lot {view.Code}.";
    }, new Dictionary<string, string>(StringComparer.Ordinal), ct);
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Stroma.Manufacturing;
using Stroma.Manufacturing.Isbt128;
using Stroma.Reports.Manufacturing;
using Stroma.Storage.Services;
using Stroma.Web.Infrastructure;

namespace Stroma.Web.Pages.Lots;

/// <summary>The printable DIN label of a lot (Code 128 bar code and eye-readable DIN), served as a sandboxed
/// document.</summary>
[ReportDocument]
public sealed class DinLabelModel(LotService lots) : PageModel
{
    /// <summary>Returns the label, or 404 when the lot has no DIN.</summary>
    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        try
        {
            var lot = await lots.GetAsync(code, ct);
            if (lot.Din is null) return NotFound($"Lot {code} has no DIN yet.");
            return Content(DinLabel.Render(DonationIdentificationNumber.Parse(lot.Din),
                $"{lot.Label} · lot {lot.Code}"), "text/html; charset=utf-8");
        }
        catch (ManufacturingException ex)
        {
            return NotFound(ex.Message);
        }
    }
}

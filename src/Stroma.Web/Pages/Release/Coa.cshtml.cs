using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Stroma.Manufacturing;
using Stroma.Manufacturing.Certificates;
using Stroma.Storage.Services;
using Stroma.Web.Infrastructure;
using Stroma.Reports.Manufacturing;

namespace Stroma.Web.Pages.Release;

/// <summary>The certificate of analysis as a self-contained HTML document (view or download), served
/// sandboxed.</summary>
[ReportDocument]
public sealed class CoaModel(ReleaseService releases) : PageModel
{
    /// <summary>Returns the certificate.</summary>
    public async Task<IActionResult> OnGetAsync(string code, bool download, CancellationToken ct)
    {
        try
        {
            var html = CertificateOfAnalysis.Render(await releases.CertificateAsync(code, ct));
            var bytes = System.Text.Encoding.UTF8.GetBytes(html);
            return download ? File(bytes, "text/html; charset=utf-8", $"CoA-{code}.html")
                : Content(html, "text/html; charset=utf-8");
        }
        catch (ManufacturingException ex)
        {
            return NotFound(ex.Message);
        }
    }
}

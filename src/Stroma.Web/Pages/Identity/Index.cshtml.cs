using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Stroma.Cytometry;
using Stroma.Identity;
using Stroma.Identity.Analysis;
using Stroma.Identity.Panels;
using Stroma.Manufacturing;
using Stroma.Reports.Identity;
using Stroma.Storage.Services;
using Stroma.Web.Infrastructure;

namespace Stroma.Web.Pages.Identity;

/// <summary>Upload tubes, run the identity analysis, show the report; writers can record it on a lot's
/// release.</summary>
[RequestSizeLimit(UploadStore.MaxBytes * 4)]
[RequestFormLimits(MultipartBodyLengthLimit = UploadStore.MaxBytes * 4, ValueCountLimit = 64)]
public sealed class IndexModel(UploadStore uploads, LotService lots, ReleaseService releases,
    IAuthorizationService authorization) : PageModel
{
    /// <summary>Stained tubes.</summary>
    [BindProperty] public List<IFormFile> Stained { get; set; } = [];

    /// <summary>Control tubes.</summary>
    [BindProperty] public List<IFormFile> Controls { get; set; } = [];

    /// <summary>Panel id.</summary>
    [BindProperty] public string Panel { get; set; } = "isct-2006";

    /// <summary>Lot to record the result for.</summary>
    [BindProperty] public string? Lot { get; set; }

    /// <summary>The analysis, after a post.</summary>
    public IdentityResult? Result { get; private set; }

    /// <summary>The report (for the iframe).</summary>
    public string ReportHtml { get; private set; } = "";

    /// <summary>Lots the user can record on.</summary>
    public IReadOnlyList<string> Lots { get; private set; } = [];

    /// <summary>Whether the user may record results.</summary>
    public bool CanWrite { get; private set; }

    /// <summary>Message of the last action.</summary>
    public string? Message { get; private set; }

    /// <summary>Whether the last action failed.</summary>
    public bool Failed { get; private set; }

    /// <summary>The lot whose recorded identity analysis is shown (after recording it).</summary>
    public string? RecordedLot { get; private set; }

    /// <summary>Shows the form; with <paramref name="recorded"/>, also the identity analysis in force on that lot and
    /// its report.</summary>
    public async Task OnGetAsync(string? recorded, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (string.IsNullOrWhiteSpace(recorded)) return;
        try
        {
            Result = await releases.IdentityInForceAsync(recorded, ct);
        }
        catch (ManufacturingException ex)
        {
            Message = ex.Message;
            Failed = true;
            return;
        }
        if (Result is null)
        {
            Message = $"Lot {recorded} has no identity analysis recorded.";
            Failed = true;
            return;
        }
        RecordedLot = recorded;
        ReportHtml = IdentityReport.Render(Result);
    }

    /// <summary>Runs the analysis (and records it when a lot is chosen).</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        try
        {
            if (Stained.Count == 0 || Controls.Count == 0) throw new IdentityException("Choose at least one stained " +
                "and one control tube.");
            // The panel is named by an id from the list the form offers, never opened as a path.
            var panel = IdentityPanel.BuiltIn.FirstOrDefault(p =>
                string.Equals(p, Panel, StringComparison.OrdinalIgnoreCase))
                ?? throw new IdentityException($"Unknown panel '{Panel}'; choose one of " +
                    $"{string.Join(", ", IdentityPanel.BuiltIn)}.");
            if (!string.IsNullOrWhiteSpace(Lot) && !CanWrite) return Forbid();
            // Uploads stay on disk only when the analysis is recorded on a lot (the record refers to them).
            using var batch = uploads.Begin(User.Identity!.Name!);
            var stained = await batch.AddAsync(Stained, ct);
            var controls = await batch.AddAsync(Controls, ct);
            if (!string.IsNullOrWhiteSpace(Lot))
            {
                var (_, identity) = await releases.RecordIdentityAsync(Lot, new IdentityInput(stained, controls, panel),
                    User.Identity!.Name!, ct);
                batch.Keep();
                // Post/Redirect/Get: a reload of the next page must not record the analysis a second time.
                Flash.Set(TempData, $"Identity analysis recorded on lot {Lot}: " +
                    $"{identity.Verdict.ToString().ToUpperInvariant()} ({panel}).");
                // The next page shows the report just recorded, with a link to the lot's release record.
                return Redirect($"/identity?recorded={Uri.EscapeDataString(Lot)}");
            }
            else
            {
                Result = IdentityAnalyzer.Analyze(new IdentityRequest { Stained = stained, Controls = controls,
                    Panel = IdentityPanel.Load(panel) });
            }
            ReportHtml = IdentityReport.Render(Result);
        }
        catch (Exception ex) when (ex is IdentityException or CytometryException or ManufacturingException or
            InvalidDataException)
        {
            Message = ex.Message;
            Failed = true;
        }
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        CanWrite = (await authorization.AuthorizeAsync(User, Policies.Writer)).Succeeded;
        Lots = (await lots.ListAsync(ct)).Where(l => l.StatusValue.IsOpen).Select(l => l.Code).ToArray();
    }
}

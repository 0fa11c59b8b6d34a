using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Stroma.Manufacturing;
using Stroma.Manufacturing.Culture;
using Stroma.Reports.Plots;
using Stroma.Storage.Services;

using Stroma.Web.Infrastructure;

namespace Stroma.Web.Pages.Lots;

/// <summary>A readiness flag as shown.</summary>
/// <param name="Severity">info, caution or stop.</param>
/// <param name="Title">Rule title.</param>
/// <param name="Message">What was found.</param>
/// <param name="Source">Review section(s).</param>
public sealed record FlagRow(string Severity, string Title, string Message, string Source);

/// <summary>One lot: lineage, passages with PD chart, priming, cryo, readiness flags; writers record passages.</summary>
public sealed class DetailModel(LotService lots, ReadinessService readiness, IAuthorizationService authorization) : PageModel
{
    /// <summary>The lot, or null when not found.</summary>
    public LotView? Lot { get; private set; }

    /// <summary>PD chart (base64 PNG).</summary>
    public string PdChart { get; private set; } = "";

    /// <summary>Readiness flags.</summary>
    public IReadOnlyList<FlagRow> Readiness { get; private set; } = [];

    /// <summary>Whether the user may record data.</summary>
    public bool CanWrite { get; private set; }

    /// <summary>Message of the last action.</summary>
    public string? Message { get; private set; }

    /// <summary>Whether the last action failed.</summary>
    public bool Failed { get; private set; }

    /// <summary>Whether the last action succeeded with a warning.</summary>
    public bool Warning { get; private set; }

    /// <summary>Passage harvest date.</summary>
    [BindProperty] public DateOnly PassageDate { get; set; }

    /// <summary>Seeded cells (e.g. "1e6").</summary>
    [BindProperty] public string Seeded { get; set; } = "";

    /// <summary>Harvested cells.</summary>
    [BindProperty] public string Harvested { get; set; } = "";

    /// <summary>Viability (%).</summary>
    [BindProperty] public string? Viability { get; set; }

    /// <summary>Days in culture.</summary>
    [BindProperty] public string? Days { get; set; }

    /// <summary>Supplement token.</summary>
    [BindProperty] public string Supplement { get; set; } = "";

    /// <summary>System token.</summary>
    [BindProperty] public string System { get; set; } = "";

    /// <summary>O₂ (%).</summary>
    [BindProperty] public string? Oxygen { get; set; }

    /// <summary>Shows the lot.</summary>
    public async Task OnGetAsync(string code, CancellationToken ct) => await LoadAsync(code, ct);

    /// <summary>Records a passage (writers only).</summary>
    public async Task<IActionResult> OnPostPassageAsync(string code, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.Writer)).Succeeded) return Forbid();
        try
        {
            var input = new PassageInput(PassageDate, Required(Seeded, "seeded cells"), Required(Harvested, "harvested cells"),
                Terms.Parse<MediumSupplement>(Supplement, "medium supplement"), Terms.Parse<CultureFormat>(System, "culture system"))
            {
                ViabilityPercent = FormValues.Number(Viability, "viability"),
                CultureDays = FormValues.Number(Days, "days in culture"),
                OxygenPercent = FormValues.Number(Oxygen, "O₂ %"),
            };
            var recorded = await lots.AddPassageAsync(code, input, User.Identity!.Name!, ct);
            Message = $"Passage {recorded.Passage.Number} recorded: PD {recorded.Passage.Doublings.ToString("0.00", CultureInfo.InvariantCulture)}, cumulative {recorded.Passage.CumulativeDoublings.ToString("0.00", CultureInfo.InvariantCulture)}."
                      + (recorded.Warning is null ? "" : " " + recorded.Warning);
            Warning = recorded.Warning is not null;
        }
        catch (ManufacturingException ex)
        {
            Message = ex.Message;
            Failed = true;
        }
        await LoadAsync(code, ct);
        return Page();
    }

    private static double Required(string? value, string what) =>
        FormValues.Number(value, what) ?? throw new ManufacturingException($"Give the number of {what}.");

    private async Task LoadAsync(string code, CancellationToken ct)
    {
        CanWrite = (await authorization.AuthorizeAsync(User, Policies.Writer)).Succeeded;
        try
        {
            Lot = await lots.GetAsync(code, ct);
        }
        catch (RecordNotFoundException ex)
        {
            Message = ex.Message;
            return;
        }
        var limits = SenescenceLimits.Default;
        var startPd = Lot.Lineage.Count > 0 ? Lot.Lineage[^1].StartingPd : 0;
        var points = new List<(double, double)> { (0, startPd) };
        points.AddRange(Lot.Passages.Select(p => ((double)p.Number, p.CumulativeDoublings)));
        PdChart = Convert.ToBase64String(PlotRenderer.PopulationDoublings($"{Lot.Code}: cumulative PD", points, limits.Warn, limits.Stop));
        var report = await readiness.EvaluateAsync(Lot, cancellationToken: ct);
        Readiness = report.Flags.Select(f => new FlagRow(f.Severity.ToString().ToLowerInvariant(), f.Title, f.Message,
            string.Join("; ", f.Sources.Select(s => "§" + s.Section).Distinct()))).ToArray();
    }
}

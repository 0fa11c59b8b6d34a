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

/// <summary>One lot: lineage, passages with PD chart, priming, cryo, readiness flags; writers record
/// passages.</summary>
public sealed class DetailModel(LotService lots, ReadinessService readiness, IAuthorizationService authorization)
    : PageModel
{
    /// <summary>The lot, or null when not found.</summary>
    public LotView? Lot { get; private set; }

    /// <summary>PD chart (base64 PNG).</summary>
    public string PdChart { get; private set; } = "";

    /// <summary>Readiness flags.</summary>
    public IReadOnlyList<FlagRow> Readiness { get; private set; } = [];

    /// <summary>Whether the user may record data.</summary>
    public bool CanWrite { get; private set; }

    /// <summary>Why the lot could not be shown.</summary>
    public string? Message { get; private set; }

    /// <summary>Passage harvest date (yyyy-MM-dd).</summary>
    [BindProperty] public string? PassageDate { get; set; } = DateTime.UtcNow.ToString("yyyy-MM-dd",
        CultureInfo.InvariantCulture);

    /// <summary>Seeded cells (e.g. "1e6").</summary>
    [BindProperty] public string? Seeded { get; set; }

    /// <summary>Harvested cells.</summary>
    [BindProperty] public string? Harvested { get; set; }

    /// <summary>Viability (%).</summary>
    [BindProperty] public string? Viability { get; set; }

    /// <summary>Days in culture.</summary>
    [BindProperty] public string? Days { get; set; }

    /// <summary>Supplement token.</summary>
    [BindProperty] public string? Supplement { get; set; }

    /// <summary>System token.</summary>
    [BindProperty] public string? System { get; set; }

    /// <summary>O₂ (%).</summary>
    [BindProperty] public string? Oxygen { get; set; }

    /// <summary>Correction: passage number ("" corrects the lot itself).</summary>
    [BindProperty] public string? CorrectPassage { get; set; }

    /// <summary>Correction: field token.</summary>
    [BindProperty] public string? CorrectField { get; set; }

    /// <summary>Correction: the correct value.</summary>
    [BindProperty] public string? CorrectValue { get; set; }

    /// <summary>Correction: why (required).</summary>
    [BindProperty] public string? CorrectReason { get; set; }

    /// <summary>Corrects a recorded value of the lot or a passage with a reason (writers only;
    /// Post/Redirect/Get).</summary>
    public async Task<IActionResult> OnPostCorrectAsync(string code, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.Writer)).Succeeded) return Forbid();
        var form = new FormReader(ModelState);
        int? passage = null;
        if (!string.IsNullOrWhiteSpace(CorrectPassage))
        {
            if (int.TryParse(CorrectPassage, NumberStyles.Integer, CultureInfo.InvariantCulture,
                out var n)) passage = n;
            else ModelState.AddModelError(nameof(CorrectPassage),
                $"Passage must be a passage number; '{CorrectPassage}' given.");
        }
        if (string.IsNullOrWhiteSpace(CorrectField)) ModelState.AddModelError(nameof(CorrectField),
            "Choose the field to correct.");
        if (string.IsNullOrWhiteSpace(CorrectReason))
            ModelState.AddModelError(nameof(CorrectReason),
                "A correction needs a reason: say why the recorded value is wrong.");
        if (form.Valid)
        {
            try
            {
                var view = passage is { } number
                    ? await lots.CorrectPassageAsync(code, number, CorrectField!, CorrectValue, CorrectReason!,
                        User.Identity!.Name!, ct)
                    : await lots.CorrectAsync(code, CorrectField!, CorrectValue, CorrectReason!, User.Identity!.Name!,
                        ct);
                var last = view.Corrections[^1];
                Flash.Set(TempData, $"{last.RecordKey}: {last.FieldLabel} corrected from {last.OldValue ?? "—"} to " +
                    $"{last.NewValue ?? "—"}.");
                return Redirect($"/lots/{Uri.EscapeDataString(code)}");
            }
            catch (ManufacturingException ex)
            {
                form.Refused(ex, new Dictionary<string, string>(StringComparer.Ordinal)
                    { ["Reason"] = nameof(CorrectReason) });
            }
        }
        await LoadAsync(code, ct);
        return Page();
    }

    // Domain field names (InvalidValueException.Field) → form fields, so a refusal is shown beside its field.
    private static readonly Dictionary<string, string> PassageFields = new(StringComparer.Ordinal)
    {
        ["Harvest date"] = nameof(PassageDate), ["Seeded cells"] = nameof(Seeded),
            ["Harvested cells"] = nameof(Harvested),
        ["Viability"] = nameof(Viability), ["Days in culture"] = nameof(Days), ["O2"] = nameof(Oxygen),
    };

    /// <summary>Shows the lot.</summary>
    public async Task OnGetAsync(string code, CancellationToken ct) => await LoadAsync(code, ct);

    /// <summary>Records a passage (writers only); on success redirects (Post/Redirect/Get), else shows the form as
    /// typed.</summary>
    public async Task<IActionResult> OnPostPassageAsync(string code, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.Writer)).Succeeded) return Forbid();
        var form = new FormReader(ModelState);
        var date = form.Date(nameof(PassageDate), PassageDate, "harvest date");
        var seeded = form.Number(nameof(Seeded), Seeded, "number of cells seeded", required: true);
        var harvested = form.Number(nameof(Harvested), Harvested, "number of cells harvested", required: true);
        var supplement = form.Choice<MediumSupplement>(nameof(Supplement), Supplement, "medium supplement");
        var system = form.Choice<CultureFormat>(nameof(System), System, "culture system");
        var viability = form.Number(nameof(Viability), Viability, "viability");
        var days = form.Number(nameof(Days), Days, "days in culture");
        var oxygen = form.Number(nameof(Oxygen), Oxygen, "O₂");
        if (form.Valid)
        {
            try
            {
                var input = new PassageInput(date!.Value, seeded!.Value, harvested!.Value, supplement!.Value,
                    system!.Value)
                {
                    ViabilityPercent = viability, CultureDays = days, OxygenPercent = oxygen,
                };
                var recorded = await lots.AddPassageAsync(code, input, User.Identity!.Name!, ct);
                var p = recorded.Passage;
                Flash.Set(TempData, string.Create(CultureInfo.InvariantCulture,
                    $"Passage {p.Number} recorded: PD {p.Doublings:0.00}, cumulative {p.CumulativeDoublings:0.00}.")
                    + (recorded.Warning is null ? "" : " " + recorded.Warning), warning: recorded.Warning is not null);
                return Redirect($"/lots/{Uri.EscapeDataString(code)}");
            }
            catch (ManufacturingException ex)
            {
                form.Refused(ex, PassageFields);
            }
        }
        await LoadAsync(code, ct);
        return Page();
    }

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
        PdChart = Convert.ToBase64String(PlotRenderer.PopulationDoublingsOfLineage($"{Lot.Code}: cumulative PD " +
            $"across the lineage",
            LineageSegments(Lot.Lineage), limits.Warn, limits.Stop));
        var report = await readiness.EvaluateAsync(Lot, cancellationToken: ct);
        Readiness = report.Flags.Select(f => new FlagRow(f.Severity.ToString().ToLowerInvariant(), f.Title, f.Message,
            string.Join("; ", f.Sources.Select(s => "§" + s.Section).Distinct()))).ToArray();
    }

    // One line per lot of the lineage on one passage axis: each lot starts where its parent stood when it was derived.
    private static IReadOnlyList<PdSegment> LineageSegments(IReadOnlyList<LineageStep> lineage)
    {
        var segments = new List<PdSegment>();
        double x = 0;
        foreach (var step in lineage)
        {
            var points = new List<(double, double)> { (x, step.StartingPd) };
            foreach (var (_, pd) in step.Passages) points.Add((++x, pd));
            segments.Add(new PdSegment($"{step.Code} ({Terms.LabelOf<LotKind>(step.Kind)})", points));
        }
        return segments;
    }
}

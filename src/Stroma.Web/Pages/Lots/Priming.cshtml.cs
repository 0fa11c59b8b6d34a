using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Stroma.Manufacturing;
using Stroma.Storage.Services;
using Stroma.Web.Infrastructure;

namespace Stroma.Web.Pages.Lots;

/// <summary>A lot's priming (licensing) steps; writers record one (review §2.4).</summary>
public sealed class PrimingModel(LotService lots, IAuthorizationService authorization)
    : LotPageBase(lots, authorization)
{
    /// <summary>Dose units offered (concentrations of cytokines and TLR ligands, oxygen for hypoxia, % v/v for
    /// lysates).</summary>
    public static readonly IReadOnlyList<string> DoseUnits = ["ng/mL", "µg/mL", "U/mL", "% O2", "% (v/v)"];

    /// <summary>Agent (token).</summary>
    [BindProperty] public string? Agent { get; set; }

    /// <summary>Description (required for "other").</summary>
    [BindProperty] public string? Detail { get; set; }

    /// <summary>Dose.</summary>
    [BindProperty] public string? Dose { get; set; }

    /// <summary>Dose unit.</summary>
    [BindProperty] public string? DoseUnit { get; set; }

    /// <summary>Duration (hours).</summary>
    [BindProperty] public string? Hours { get; set; }

    /// <summary>Start date (yyyy-MM-dd).</summary>
    [BindProperty] public string? Date { get; set; } = DateTime.UtcNow.ToString("yyyy-MM-dd",
        CultureInfo.InvariantCulture);

    /// <inheritdoc />
    protected override string PagePath => $"/lots/{Uri.EscapeDataString(Code)}/priming";

    /// <summary>Records a priming step.</summary>
    public Task<IActionResult> OnPostAsync(CancellationToken ct) => SaveAsync(async form =>
    {
        var agent = form.Choice<PrimingAgent>(nameof(Agent), Agent, "priming agent");
        var hours = form.Number(nameof(Hours), Hours, "duration", required: true);
        var dose = form.Number(nameof(Dose), Dose, "dose");
        var date = form.Date(nameof(Date), Date, "start date");
        if (dose is not null && string.IsNullOrWhiteSpace(DoseUnit)) form.Text(nameof(DoseUnit), null,
            "unit of the dose");
        if (!form.Valid) return null;
        await Lots.AddPrimingAsync(Code, new PrimingInput(agent!.Value, hours!.Value, date!.Value)
        {
            Dose = dose, DoseUnit = FormValues.Text(DoseUnit), Detail = FormValues.Text(Detail),
        }, User.Identity!.Name!, ct);
        return $"Priming with {Terms.Label(agent.Value)} recorded.";
    }, new Dictionary<string, string>(StringComparer.Ordinal)
        { ["Priming date"] = nameof(Date), ["Hypoxia O2"] = nameof(Dose) }, ct);
}

using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Stroma.Manufacturing;
using Stroma.Storage.Services;
using Stroma.Web.Infrastructure;

namespace Stroma.Web.Pages.Lots;

/// <summary>A lot's vial inventory: freezes and thaws, vials in stock and cells available; writers record both.</summary>
public sealed class VialsModel(LotService lots, IAuthorizationService authorization) : LotPageBase(lots, authorization)
{
    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["Date"] = nameof(Date), ["Thaw date"] = nameof(Date), ["Cells per vial"] = nameof(CellsPerVial),
        ["Viability before"] = nameof(ViabilityBefore), ["Viability after"] = nameof(ViabilityAfter),
    };

    /// <summary>Date (yyyy-MM-dd).</summary>
    [BindProperty] public string? Date { get; set; } = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Vials frozen or thawed.</summary>
    [BindProperty] public string? Vials { get; set; }

    /// <summary>Cells per vial (freeze).</summary>
    [BindProperty] public string? CellsPerVial { get; set; }

    /// <summary>Viability before freezing (%).</summary>
    [BindProperty] public string? ViabilityBefore { get; set; }

    /// <summary>Viability after thawing (%).</summary>
    [BindProperty] public string? ViabilityAfter { get; set; }

    /// <summary>Storage location, cryoprotectant or use.</summary>
    [BindProperty] public string? Note { get; set; }

    /// <inheritdoc />
    protected override string PagePath => $"/lots/{Uri.EscapeDataString(Code)}/vials";

    /// <summary>Records a freeze.</summary>
    public Task<IActionResult> OnPostFreezeAsync(CancellationToken ct) => RecordAsync(CryoEventKind.Freeze, ct);

    /// <summary>Records a thaw (never more vials than are in stock).</summary>
    public Task<IActionResult> OnPostThawAsync(CancellationToken ct) => RecordAsync(CryoEventKind.Thaw, ct);

    private Task<IActionResult> RecordAsync(CryoEventKind kind, CancellationToken ct) => SaveAsync(async form =>
    {
        var date = form.Date(nameof(Date), Date, "date");
        var vials = form.Integer(nameof(Vials), Vials, "number of vials", required: true);
        var perVial = form.Number(nameof(CellsPerVial), CellsPerVial, "cells per vial", required: kind == CryoEventKind.Freeze);
        var before = form.Number(nameof(ViabilityBefore), ViabilityBefore, "viability before");
        var after = form.Number(nameof(ViabilityAfter), ViabilityAfter, "viability after");
        if (!form.Valid) return null;
        var view = await Lots.AddCryoEventAsync(Code, new CryoInput(kind, date!.Value, vials!.Value)
        {
            CellsPerVial = kind == CryoEventKind.Freeze ? perVial : null,
            ViabilityBeforePercent = before, ViabilityAfterPercent = after, Note = FormValues.Text(Note),
        }, User.Identity!.Name!, ct);
        return string.Create(CultureInfo.InvariantCulture,
            $"{vials} vial(s) {(kind == CryoEventKind.Freeze ? "frozen" : "thawed")}; {view.VialsInStock} in stock.");
    }, Fields, ct);
}

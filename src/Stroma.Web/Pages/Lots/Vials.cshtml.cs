using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Stroma.Manufacturing;
using Stroma.Storage.Services;
using Stroma.Web.Infrastructure;

namespace Stroma.Web.Pages.Lots;

/// <summary>A lot's vial inventory: freezes and thaws, vials in stock and cells available; writers record
/// both.</summary>
public sealed class VialsModel(LotService lots, IAuthorizationService authorization) : LotPageBase(lots, authorization)
{
    // Each form has its own field names, so a refusal (and what was typed) lands in the form that was sent.
    private static readonly Dictionary<string, string> FreezeFields = new(StringComparer.Ordinal)
    {
        ["Date"] = nameof(FreezeDate), ["Cells per vial"] = nameof(FreezeCellsPerVial),
            ["Viability before"] = nameof(FreezeViability),
    };

    private static readonly Dictionary<string, string> ThawFields = new(StringComparer.Ordinal)
    {
        ["Date"] = nameof(ThawDate), ["Thaw date"] = nameof(ThawDate), ["Viability after"] = nameof(ThawViability),
    };

    /// <summary>Freeze date (yyyy-MM-dd).</summary>
    [BindProperty] public string? FreezeDate { get; set; } = DateTime.UtcNow.ToString("yyyy-MM-dd",
        CultureInfo.InvariantCulture);

    /// <summary>Vials frozen.</summary>
    [BindProperty] public string? FreezeVials { get; set; }

    /// <summary>Cells per vial (freeze).</summary>
    [BindProperty] public string? FreezeCellsPerVial { get; set; }

    /// <summary>Viability before freezing (%).</summary>
    [BindProperty] public string? FreezeViability { get; set; }

    /// <summary>Storage location or cryoprotectant.</summary>
    [BindProperty] public string? FreezeNote { get; set; }

    /// <summary>Thaw date (yyyy-MM-dd).</summary>
    [BindProperty] public string? ThawDate { get; set; } = DateTime.UtcNow.ToString("yyyy-MM-dd",
        CultureInfo.InvariantCulture);

    /// <summary>Vials thawed.</summary>
    [BindProperty] public string? ThawVials { get; set; }

    /// <summary>Viability after thawing (%).</summary>
    [BindProperty] public string? ThawViability { get; set; }

    /// <summary>Use of the thawed vials.</summary>
    [BindProperty] public string? ThawNote { get; set; }

    /// <inheritdoc />
    protected override string PagePath => $"/lots/{Uri.EscapeDataString(Code)}/vials";

    /// <summary>Records a freeze.</summary>
    public Task<IActionResult> OnPostFreezeAsync(CancellationToken ct) => RecordAsync(CryoEventKind.Freeze, ct);

    /// <summary>Records a thaw (never more vials than are in stock).</summary>
    public Task<IActionResult> OnPostThawAsync(CancellationToken ct) => RecordAsync(CryoEventKind.Thaw, ct);

    private Task<IActionResult> RecordAsync(CryoEventKind kind, CancellationToken ct)
    {
        var freeze = kind == CryoEventKind.Freeze;
        return SaveAsync(async form =>
        {
            var date = freeze ? form.Date(nameof(FreezeDate), FreezeDate, "date")
                : form.Date(nameof(ThawDate), ThawDate, "date");
            var vials = freeze ? form.Integer(nameof(FreezeVials), FreezeVials, "number of vials", required: true)
                : form.Integer(nameof(ThawVials), ThawVials, "number of vials", required: true);
            var perVial = freeze ? form.Number(nameof(FreezeCellsPerVial), FreezeCellsPerVial, "cells per vial",
                required: true) : null;
            var before = freeze ? form.Number(nameof(FreezeViability), FreezeViability, "viability before") : null;
            var after = freeze ? null : form.Number(nameof(ThawViability), ThawViability, "viability after");
            if (!form.Valid) return null;
            var view = await Lots.AddCryoEventAsync(Code, new CryoInput(kind, date!.Value, vials!.Value)
            {
                CellsPerVial = perVial, ViabilityBeforePercent = before, ViabilityAfterPercent = after,
                Note = FormValues.Text(freeze ? FreezeNote : ThawNote),
            }, User.Identity!.Name!, ct);
            return string.Create(CultureInfo.InvariantCulture,
                $"{vials} vial(s) {(freeze ? "frozen" : "thawed")}; {view.VialsInStock} in stock.");
        }, freeze ? FreezeFields : ThawFields, ct);
    }
}

using System.CommandLine;
using Spectre.Console;
using Stroma.Cli.Rendering;
using Stroma.Manufacturing;
using Stroma.Manufacturing.Culture;
using Stroma.Manufacturing.Dosing;
using Stroma.Storage;
using Stroma.Storage.Services;

namespace Stroma.Cli.Commands;

/// <summary><c>stroma dose plan</c>: cells needed, lot coverage with further PDs against the senescence limit,
/// endotoxin limit.</summary>
internal static class DoseCommand
{
    public static Command Create()
    {
        var dose = new Command("dose", "Dose planning.");
        var weight = new Option<double>("--weight") { Description = "Patient weight (kg).", Required = true };
        var value = new Option<double>("--dose") { Description = "Dose value (see --unit), e.g. 1e6.",
            Required = true };
        var unit = new Option<string>("--unit") { Description = "cells_per_kg or cells.", DefaultValueFactory = _ =>
            "cells_per_kg" };
        var doses = new Option<int>("--doses") { Description = "Number of doses.", DefaultValueFactory = _ => 1 };
        var route = new Option<string?>("--route")
            { Description = $"Route: {StoreCommand.Enumerate<AdministrationRoute>()}.", Required = true };
        var lot = new Option<string?>("--lot") { Description = "Lot to cover the plan from (its parent bank is " +
            "considered too)." };
        var volume = new Option<double?>("--volume-ml")
            { Description = "Volume of one dose (mL), for a limit in EU/mL." };
        var hours = new Option<double>("--hours") { Description = "Administration time of one dose (h).",
            DefaultValueFactory = _ => 1 };
        var (warn, stop) = LotCommands.Limits();
        var json = StoreCommand.JsonOption();
        var db = StoreCommand.DbOption();
        var plan = new Command("plan", "Cells needed for weight × dose × doses; whether a lot (or its parent bank " +
            "plus expansion) covers it and how many more PDs that takes; the endotoxin limit (USP <85> K/M).")
        {
            weight, value, unit, doses, route, lot, volume, hours, warn, stop, json, db,
        };
        StoreCommand.SetAction(plan, parse =>
        {
            var request = new DoseRequest(parse.GetValue(weight), parse.GetValue(value),
                Terms.Parse<DoseUnit>(parse.GetValue(unit), "Dose unit"), parse.GetValue(doses),
                StoreCommand.Parse<AdministrationRoute>(parse, route, "Route"))
            { VolumeMl = parse.GetValue(volume), InfusionHours = parse.GetValue(hours) }.Validated();
            var limits = new SenescenceLimits(parse.GetValue(warn), parse.GetValue(stop)).Validated();
            DosePlan result;
            if (parse.GetValue(lot) is { } code)
            {
                using var context = StromaDatabase.OpenAsync(StoreCommand.Database(parse, db)).GetAwaiter().GetResult();
                result = new DosePlanningService(context).PlanAsync(request, code, limits).GetAwaiter().GetResult();
            }
            else result = DosePlanner.Plan(request, limits: limits);
            if (parse.GetValue(json))
            {
                CliJson.Write(new
                {
                    weightKg = request.WeightKg, dose = request.Dose, unit = Terms.Token(request.Unit),
                        doses = request.Doses, route = Terms.Token(request.Route),
                    cellsPerDose = result.CellsPerDose, totalCells = result.TotalCells,
                    endotoxin = new { k = result.EndotoxinK, perDoseEu = result.EndotoxinPerDose,
                        perMillionCells = result.EndotoxinPerMillionCells, perMl = result.EndotoxinPerMl,
                        basis = "USP <85>: K/M" },
                    options = result.Options.Select(o => new { lot = o.Source, o.AvailableCells,
                        additionalPd = double.IsNaN(o.AdditionalPd) ? (double?)null : o.AdditionalPd,
                        cumulativePdAfter = double.IsNaN(o.CumulativePdAfter) ? (double?)null : o.CumulativePdAfter,
                            senescence = o.Senescence.ToString().ToLowerInvariant(), o.Feasible, o.Summary }),
                    covered = result.Options.Count == 0 ? (bool?)null : result.Recommended is not null,
                    recommended = result.Recommended?.Source,
                });
                return 0;
            }
            AnsiConsole.MarkupLine($"cells per dose {StoreCommand.Cells(result.CellsPerDose)} · doses " +
                $"{request.Doses} · total [bold]{StoreCommand.Cells(result.TotalCells)}[/] cells");
            if (result.EndotoxinK is { } k)
                AnsiConsole.MarkupLine($"endotoxin (USP <85>, K = {StoreCommand.Num(k, "0.###")} EU/kg): ≤ " +
                    $"{StoreCommand.Num(result.EndotoxinPerDose, "0.##")} EU per dose · ≤ " +
                    $"{StoreCommand.Num(result.EndotoxinPerMillionCells, "0.####")} EU/10^6 cells" +
                                       (result.EndotoxinPerMl is { } ml ? $" · ≤ {StoreCommand.Num(ml, "0.###")} EU/mL"
                                           : ""));
            else StoreCommand.Warning($"USP <85> sets no K for the {Terms.Label(request.Route)} route; set an " +
                $"explicit endotoxin limit.");
            foreach (var o in result.Options)
                AnsiConsole.MarkupLine((o.Feasible ? "[green]✓[/] " : "[red]✗[/] ") + Markup.Escape(o.Summary));
            return 0;
        });
        dose.Subcommands.Add(plan);
        return dose;
    }
}

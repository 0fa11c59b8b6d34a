using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Stroma.Cli.Rendering;
using Stroma.Manufacturing;
using Stroma.Manufacturing.Culture;
using Stroma.Storage.Services;

namespace Stroma.Cli.Commands;

/// <summary><c>stroma lot create|passage|prime|freeze|thaw|show|list</c>: lots, lineage, passages with PD, priming,
/// cryopreservation.</summary>
internal static class LotCommands
{
    public static Command Create()
    {
        var lot = new Command("lot", "Manufacturing lots: lineage (primary culture → master cell bank → working cell " +
            "bank → drug product), passages and population doublings, priming, freeze/thaw.");
        lot.Subcommands.Add(CreateLot());
        lot.Subcommands.Add(Passage());
        lot.Subcommands.Add(Prime());
        lot.Subcommands.Add(Cryo("freeze", CryoEventKind.Freeze, "Record cells frozen into vials."));
        lot.Subcommands.Add(Cryo("thaw", CryoEventKind.Thaw, "Record vials thawed."));
        lot.Subcommands.Add(Correct());
        lot.Subcommands.Add(Show());
        lot.Subcommands.Add(List());
        return lot;
    }

    private static Argument<string> LotArgument() => new("LOT") { Description = "Lot code." };

    private static Command CreateLot()
    {
        var code = LotArgument();
        var kind = new Option<string?>("--kind") { Description = $"Lot kind: {StoreCommand.Enumerate<LotKind>()} (or " +
            $"primary, mcb, wcb, dp).", Required = true };
        var donor = new Option<string?>("--donor") { Description = "Donor code (primary culture)." };
        var parent = new Option<string?>("--parent") { Description = "Parent lot code (banks and drug product lots)." };
        var source = new Option<string?>("--source")
            { Description = $"Tissue source: {StoreCommand.Enumerate<TissueSource>()}." };
        var isolation = new Option<string?>("--isolation")
            { Description = $"Isolation method: {StoreCommand.Enumerate<IsolationMethod>()}." };
        var cellType = new Option<string?>("--cell-type")
            { Description = "Nomenclature cell type: stromal (default), stem or progenitor." };
        var din = new Option<string?>("--din") { Description = "ISBT 128 DIN with check character (see stroma isbt " +
            "din)." };
        var user = StoreCommand.UserOption();
        var json = StoreCommand.JsonOption();
        var command = new Command("create", "Create a lot: a primary culture from a donor, or a bank/product lot " +
            "from its parent.") { code, kind, donor, parent, source, isolation, cellType, din, user, json };
        StoreCommand.SetAction(command, StoreCommand.DbOption(), async (parse, db, ct) =>
        {
            var input = new LotInput(parse.GetValue(code)!, StoreCommand.Parse<LotKind>(parse, kind, "Lot kind"))
            {
                Donor = parse.GetValue(donor), Parent = parse.GetValue(parent),
                Source = StoreCommand.ParseOptional<TissueSource>(parse, source, "Tissue source"),
                Isolation = StoreCommand.ParseOptional<IsolationMethod>(parse, isolation, "Isolation method"),
                CellType = StoreCommand.ParseOptional<MscCellType>(parse, cellType, "Cell type"),
                Din = parse.GetValue(din),
            };
            var view = await new LotService(db).CreateAsync(input, StoreCommand.Actor(parse, user), ct);
            if (parse.GetValue(json)) CliJson.Write(view);
            else AnsiConsole.MarkupLine($"[green]lot[/] {Markup.Escape(view.Code)} ({view.Kind}) — " +
                $"{Markup.Escape(view.Label)}; starting PD {StoreCommand.Num(view.Lineage[^1].StartingPd)}");
            return 0;
        });
        return command;
    }

    private static Command Passage()
    {
        var code = LotArgument();
        var seeded = new Option<double>("--seeded") { Description = "Cells seeded.", Required = true };
        var harvested = new Option<double>("--harvested") { Description = "Cells harvested.", Required = true };
        var date = new Option<string?>("--date") { Description = "Harvest date YYYY-MM-DD (default today, UTC)." };
        var days = new Option<double?>("--days") { Description = "Days in culture (for the doubling time)." };
        var viability = new Option<double?>("--viability") { Description = "Viability at harvest (%)." };
        var area = new Option<double?>("--area") { Description = "Surface area (cm²)." };
        var vessel = new Option<string?>("--vessel") { Description = "Vessel, e.g. \"T175 x4\" or \"CellSTACK 5\"." };
        var supplement = new Option<string?>("--supplement")
            { Description = $"Medium supplement: {StoreCommand.Enumerate<MediumSupplement>()}.", Required = true };
        var oxygen = new Option<double?>("--o2") { Description = "Incubator O₂ (%)." };
        var system = new Option<string?>("--system")
            { Description = $"Culture format: {StoreCommand.Enumerate<CultureFormat>()}.", Required = true };
        var (warn, stop) = Limits();
        var user = StoreCommand.UserOption();
        var json = StoreCommand.JsonOption();
        var command = new Command("passage", "Record a passage; prints PD = log2(harvested/seeded), cumulative PD " +
            "across the lineage and the doubling time, and warns near replicative senescence.")
        {
            code, seeded, harvested, date, days, viability, area, vessel, supplement, oxygen, system, warn, stop, user,
                json,
        };
        StoreCommand.SetAction(command, StoreCommand.DbOption(), async (parse, db, ct) =>
        {
            var input = new PassageInput(StoreCommand.Date(parse, date), parse.GetValue(seeded),
                parse.GetValue(harvested),
                StoreCommand.Parse<MediumSupplement>(parse, supplement, "Medium supplement"),
                    StoreCommand.Parse<CultureFormat>(parse, system, "Culture format"))
            {
                CultureDays = parse.GetValue(days), ViabilityPercent = parse.GetValue(viability),
                    SurfaceAreaCm2 = parse.GetValue(area),
                Vessel = parse.GetValue(vessel), OxygenPercent = parse.GetValue(oxygen),
            };
            var service = new LotService(db) { Limits = new SenescenceLimits(parse.GetValue(warn), parse.GetValue(stop))
                .Validated() };
            var recorded = await service.AddPassageAsync(parse.GetValue(code)!, input, StoreCommand.Actor(parse, user),
                ct);
            if (parse.GetValue(json)) CliJson.Write(recorded);
            else
            {
                var p = recorded.Passage;
                AnsiConsole.MarkupLine($"[green]passage {p.Number}[/] of {Markup.Escape(recorded.Lot)}: PD " +
                    $"{StoreCommand.Num(p.Doublings, "0.###")} · cumulative PD " +
                    $"{StoreCommand.Num(p.CumulativeDoublings, "0.###")}" +
                                       (p.DoublingTimeHours is { } t
                                           ? $" · doubling time {StoreCommand.Num(t, "0.#")} h" : ""));
            }
            if (recorded.Warning is { } warning) StoreCommand.Warning(warning);
            return 0;
        });
        return command;
    }

    private static Command Prime()
    {
        var code = LotArgument();
        var agent = new Option<string?>("--agent")
            { Description = $"Agent: {StoreCommand.Enumerate<PrimingAgent>()} (e.g. IFN-γ as ifn-gamma).",
            Required = true };
        var dose = new Option<double?>("--dose") { Description = "Dose (concentration, or % O₂ for hypoxia)." };
        var unit = new Option<string?>("--dose-unit") { Description = "Dose unit, e.g. ng/mL, µg/mL, % O2." };
        var hours = new Option<double>("--hours") { Description = "Duration (hours).", Required = true };
        var date = new Option<string?>("--date") { Description = "Start date YYYY-MM-DD (default today, UTC)." };
        var detail = new Option<string?>("--detail") { Description = "Detail (required for agent 'other')." };
        var user = StoreCommand.UserOption();
        var json = StoreCommand.JsonOption();
        var command = new Command("prime", "Record a priming (licensing) step: IFN-γ, TNF-α, poly(I:C), LPS, " +
            "hypoxia, platelet lysate, other.") { code, agent, dose, unit, hours, date, detail, user, json };
        StoreCommand.SetAction(command, StoreCommand.DbOption(), async (parse, db, ct) =>
        {
            var input = new PrimingInput(StoreCommand.Parse<PrimingAgent>(parse, agent, "Priming agent"),
                parse.GetValue(hours), StoreCommand.Date(parse, date))
            {
                Dose = parse.GetValue(dose), DoseUnit = parse.GetValue(unit), Detail = parse.GetValue(detail),
            };
            var view = await new LotService(db).AddPrimingAsync(parse.GetValue(code)!, input,
                StoreCommand.Actor(parse, user), ct);
            if (parse.GetValue(json)) CliJson.Write(view.Priming[^1]);
            else AnsiConsole.MarkupLine($"[green]priming[/] {Markup.Escape(view.Code)}: " +
                $"{Markup.Escape(view.Priming[^1].Label)} {StoreCommand.Num(input.Dose, "0.###")} " +
                $"{Markup.Escape(view.Priming[^1].DoseUnit ?? "")} for {StoreCommand.Num(input.DurationHours)} h");
            return 0;
        });
        return command;
    }

    private static Command Cryo(string name, CryoEventKind kind, string description)
    {
        var code = LotArgument();
        var vials = new Option<int>("--vials") { Description = "Vials (or bags).", Required = true };
        var perVial = new Option<double?>("--cells-per-vial") { Description = "Cells per vial (required to freeze)." };
        var before = new Option<double?>("--viability-before") { Description = "Viability before (%)." };
        var after = new Option<double?>("--viability-after") { Description = "Viability after (%)." };
        var date = new Option<string?>("--date") { Description = "Date YYYY-MM-DD (default today, UTC)." };
        var note = new Option<string?>("--note") { Description = "Location, cryoprotectant, rate." };
        var user = StoreCommand.UserOption();
        var json = StoreCommand.JsonOption();
        var command = new Command(name, description) { code, vials, perVial, before, after, date, note, user, json };
        StoreCommand.SetAction(command, StoreCommand.DbOption(), async (parse, db, ct) =>
        {
            var input = new CryoInput(kind, StoreCommand.Date(parse, date), parse.GetValue(vials))
            {
                CellsPerVial = parse.GetValue(perVial), ViabilityBeforePercent = parse.GetValue(before),
                    ViabilityAfterPercent = parse.GetValue(after), Note = parse.GetValue(note),
            };
            var view = await new LotService(db).AddCryoEventAsync(parse.GetValue(code)!, input,
                StoreCommand.Actor(parse, user), ct);
            if (parse.GetValue(json)) CliJson.Write(view.Cryo[^1]);
            else AnsiConsole.MarkupLine($"[green]{name}[/] {Markup.Escape(view.Code)}: {input.Vials} vials; " +
                $"{view.VialsInStock} in stock ({StoreCommand.Cells(view.AvailableCells)} cells)");
            return 0;
        });
        return command;
    }

    private static Command Show()
    {
        var code = LotArgument();
        var (warn, stop) = Limits();
        var json = StoreCommand.JsonOption();
        var command = new Command("show", "Show a lot: lineage, nomenclature label, passages with PD and doubling " +
            "time, priming, freeze/thaw, senescence.") { code, warn, stop, json };
        StoreCommand.SetAction(command, StoreCommand.DbOption(), async (parse, db, ct) =>
        {
            var service = new LotService(db) { Limits = new SenescenceLimits(parse.GetValue(warn), parse.GetValue(stop))
                .Validated() };
            var view = await service.GetAsync(parse.GetValue(code)!, ct);
            if (parse.GetValue(json))
            {
                CliJson.Write(view);
                return 0;
            }
            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(view.Code)}[/] · {view.Kind} · {view.Status} · donor " +
                $"{Markup.Escape(view.Donor)}{(view.Din is null ? "" : $" · DIN {view.Din}")}");
            AnsiConsole.MarkupLine(Markup.Escape(view.Label));
            AnsiConsole.MarkupLine("lineage: " + Markup.Escape(string.Join(" → ",
                view.Lineage.Select(l => $"{l.Code} ({l.Kind}, PD {StoreCommand.Num(l.CumulativePd)})"))));
            var table = new Table().Border(TableBorder.Rounded);
            table.AddColumn("#").AddColumn("date").AddColumn(new TableColumn("seeded").RightAligned())
                .AddColumn(new TableColumn("harvested").RightAligned())
                 .AddColumn(new TableColumn("PD").RightAligned()).AddColumn(new TableColumn("cum. PD").RightAligned())
                     .AddColumn(new TableColumn("doubling (h)").RightAligned())
                 .AddColumn(new TableColumn("viab. %").RightAligned()).AddColumn("supplement")
                     .AddColumn(new TableColumn("O₂ %").RightAligned()).AddColumn("format");
            foreach (var p in view.Passages)
                table.AddRow(p.Number.ToString(CultureInfo.InvariantCulture),
                    p.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), StoreCommand.Cells(p.SeededCells),
                    StoreCommand.Cells(p.HarvestedCells),
                    StoreCommand.Num(p.Doublings, "0.###"), StoreCommand.Num(p.CumulativeDoublings, "0.###"),
                        StoreCommand.Num(p.DoublingTimeHours, "0.#"), StoreCommand.Num(p.ViabilityPercent, "0.#"),
                    p.Supplement, StoreCommand.Num(p.OxygenPercent, "0.#"), p.System);
            if (view.Passages.Count > 0) AnsiConsole.Write(table);
            foreach (var p in view.Priming)
                AnsiConsole.MarkupLine(
                    $"priming: {Markup.Escape(p.Label)}{Markup.Escape(p.Detail is null ? "" : $" ({p.Detail})")} " +
                    $"{StoreCommand.Num(p.Dose, "0.###")} {Markup.Escape(p.DoseUnit ?? "")} " +
                    $"for {StoreCommand.Num(p.DurationHours)} h from {p.Date:yyyy-MM-dd}");
            foreach (var c in view.Cryo)
                AnsiConsole.MarkupLine($"{c.Kind}: {c.Date:yyyy-MM-dd} {c.Vials} " +
                    $"vials{(c.CellsPerVial is { } n ? $" × {StoreCommand.Cells(n)} cells" : "")}, viability " +
                    $"{StoreCommand.Num(c.ViabilityBeforePercent)} → {StoreCommand.Num(c.ViabilityAfterPercent)} %");
            AnsiConsole.MarkupLine($"cumulative PD {StoreCommand.Num(view.CumulativePd, "0.###")} " +
                $"({view.Senescence}) · available cells {StoreCommand.Cells(view.AvailableCells)} · vials in stock " +
                $"{view.VialsInStock}");
            if (view.SenescenceMessage is { } m) StoreCommand.Warning(m);
            HistoryLines(view.Corrections);
            return 0;
        });
        return command;
    }

    /// <summary>Prints a record's corrections: field, old value (superseded) → value in force, who, when,
    /// why.</summary>
    internal static void HistoryLines(IReadOnlyList<CorrectionView> corrections)
    {
        if (corrections.Count == 0) return;
        AnsiConsole.MarkupLine("[bold]history[/] (corrections; earlier values superseded):");
        foreach (var c in corrections)
            AnsiConsole.MarkupLine(Markup.Escape(
                $"  {c.RecordKey} · {c.FieldLabel}: {c.OldValue ?? "—"} → {c.NewValue ?? "—"} · by {c.CorrectedBy} " +
                $"{c.CorrectedUtc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)} · reason: " +
                    $"{c.Reason}"));
    }

    private static Command Correct()
    {
        var code = new Argument<string>("LOT") { Description = "Lot code." };
        var passage = new Option<int?>("--passage")
            { Description = "Passage number, to correct a value of that passage." };
        var field = new Option<string>("--field")
        {
            Description = "Field: for a passage " + string.Join(", ",
                Manufacturing.Records.RecordCorrection.PassageFields) +
                          "; for the lot " + string.Join(", ", Manufacturing.Records.RecordCorrection.LotFields) + ".",
            Required = true,
        };
        var value = new Option<string?>("--value")
            { Description = "The correct value (empty clears an optional value).", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why the recorded value is corrected (required).",
            Required = true };
        var user = StoreCommand.UserOption();
        var json = StoreCommand.JsonOption();
        var command = new Command("correct", "Correct a recorded value of a lot or one of its passages, with a " +
            "reason; the old value stays in the history.")
            { code, passage, field, value, reason, user, json };
        StoreCommand.SetAction(command, StoreCommand.DbOption(), async (parse, db, ct) =>
        {
            var service = new LotService(db);
            var actor = StoreCommand.Actor(parse, user);
            var view = parse.GetValue(passage) is { } number
                ? await service.CorrectPassageAsync(parse.GetValue(code)!, number, parse.GetValue(field)!,
                    parse.GetValue(value), parse.GetValue(reason)!, actor, ct)
                : await service.CorrectAsync(parse.GetValue(code)!, parse.GetValue(field)!, parse.GetValue(value),
                    parse.GetValue(reason)!, actor, ct);
            if (parse.GetValue(json))
            {
                CliJson.Write(view);
                return 0;
            }
            var last = view.Corrections[^1];
            AnsiConsole.MarkupLine(Markup.Escape($"corrected {last.RecordKey} {last.FieldLabel}: " +
                $"{last.OldValue ?? "—"} → {last.NewValue ?? "—"} " +
                                                 $"(reason: {last.Reason}); cumulative PD " +
                                                     $"{StoreCommand.Num(view.CumulativePd, "0.###")} " +
                                                     $"({view.Senescence})"));
            return 0;
        });
        return command;
    }

    private static Command List()
    {
        var json = StoreCommand.JsonOption();
        var command = new Command("list", "List lots with kind, status, cumulative PD and senescence state.") { json };
        StoreCommand.SetAction(command, StoreCommand.DbOption(), async (parse, db, ct) =>
        {
            var lots = await new LotService(db).ListAsync(ct);
            if (parse.GetValue(json))
            {
                CliJson.Write(new { lots = lots.Select(l =>
                    new { l.Code, l.Kind, l.Status, l.Donor, l.Parent, l.Label, l.CumulativePd, l.Senescence,
                    passages = l.Passages.Count, l.Din }) });
                return 0;
            }
            var table = new Table().Border(TableBorder.Rounded).AddColumn("lot").AddColumn("kind").AddColumn("status")
                .AddColumn("parent").AddColumn("donor")
                .AddColumn(new TableColumn("passages").RightAligned())
                    .AddColumn(new TableColumn("cum. PD").RightAligned()).AddColumn("senescence");
            foreach (var l in lots)
                table.AddRow(Markup.Escape(l.Code), l.Kind, l.Status, Markup.Escape(l.Parent ?? "—"),
                    Markup.Escape(l.Donor), l.Passages.Count.ToString(CultureInfo.InvariantCulture),
                    StoreCommand.Num(l.CumulativePd), l.SenescenceLevel == SenescenceLevel.Ok ? l.Senescence
                        : $"[yellow]{l.Senescence}[/]");
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    internal static (Option<double> Warn, Option<double> Stop) Limits() =>
    (
        new Option<double>("--pd-warn") { Description = "Cumulative PD that raises a senescence warning (default 20; " +
            "review §2.1).", DefaultValueFactory = _ => SenescenceLimits.Default.Warn },
        new Option<double>("--pd-stop") { Description = "Cumulative PD beyond which expansion is refused (default " +
            "30; review §2.1).", DefaultValueFactory = _ => SenescenceLimits.Default.Stop }
    );
}

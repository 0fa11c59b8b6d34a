using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Stroma.Cli.Rendering;
using Stroma.Manufacturing;
using Stroma.Manufacturing.Certificates;
using Stroma.Manufacturing.Dosing;
using Stroma.Manufacturing.Release;
using Stroma.Storage.Services;
using Stroma.Reports.Manufacturing;

namespace Stroma.Cli.Commands;

/// <summary><c>stroma release spec|result|sign|coa|show</c>: lot release against versioned specifications with
/// four-eyes e-signatures.</summary>
internal static class ReleaseCommands
{
    public static Command Create()
    {
        var release = new Command("release", "Lot release: specifications (versioned data), results with units, " +
            "out-of-specification flags, QA e-signature (four-eyes, re-authentication), certificate of analysis.");
        release.Subcommands.Add(Spec());
        release.Subcommands.Add(SpecApprove());
        release.Subcommands.Add(Panel());
        release.Subcommands.Add(PanelApprove());
        release.Subcommands.Add(Result());
        release.Subcommands.Add(Sign());
        release.Subcommands.Add(Show());
        release.Subcommands.Add(Coa());
        return release;
    }

    private static Command Spec()
    {
        var lot = new Argument<string?>("LOT") { Description = "Lot to assign the specification to (omit with --list " +
            "or --print-default).", Arity = ArgumentArity.ZeroOrOne };
        var spec = new Option<string?>("--spec") { Description = "Stored specification CODE or CODE@VERSION " +
            "(default: stroma-default)." };
        var file = new Option<string?>("--file")
        {
            Description = "Specification JSON file: without LOT, stored as a new DRAFT version (QA approves it with " +
                "spec-approve); " +
                          "with LOT, used only when that content is approved.",
        };
        var route = new Option<string?>("--route")
            { Description = $"Route of administration: {StoreCommand.Enumerate<AdministrationRoute>()}." };
        var weight = new Option<double?>("--weight")
            { Description = "Planned patient weight (kg), for the endotoxin limit K/M." };
        var dose = new Option<double?>("--dose") { Description = "Planned dose (see --unit)." };
        var unit = new Option<string>("--unit") { Description = "Dose unit: cells_per_kg or cells.",
            DefaultValueFactory = _ => "cells_per_kg" };
        var volume = new Option<double?>("--volume-ml")
            { Description = "Planned dose volume (mL), for a limit in EU/mL." };
        var hours = new Option<double?>("--hours")
            { Description = "Administration time (h); within an hour counts as one hour." };
        var list = new Option<bool>("--list") { Description = "List stored specification versions." };
        var printDefault = new Option<bool>("--print-default")
            { Description = "Print the built-in default specification as JSON (a template for --file)." };
        var user = StoreCommand.UserOption();
        var json = StoreCommand.JsonOption();
        var command = new Command("spec", "Assign a release specification and the planned use (route, weight, dose) " +
            "to a lot; or list stored specifications.")
        {
            lot, spec, file, route, weight, dose, unit, volume, hours, list, printDefault, user, json,
        };
        StoreCommand.SetAction(command, StoreCommand.DbOption(), async (parse, db, ct) =>
        {
            var service = new ReleaseService(db);
            if (parse.GetValue(printDefault))
            {
                Console.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(SpecificationDefinition.Default,
                    SpecificationDefinition.Json));
                return 0;
            }
            if (parse.GetValue(lot) is null && parse.GetValue(file) is { } draftFile && !parse.GetValue(list))
            {
                var drafted = await new SpecificationService(db)
                    .DraftAsync(SpecificationDefinition.Load(draftFile), StoreCommand.Actor(parse, user), ct);
                if (parse.GetValue(json)) CliJson.Write(drafted);
                else AnsiConsole.MarkupLine($"[yellow]draft[/] specification {Markup.Escape(drafted.Code)} " +
                    $"v{drafted.Version} stored ({drafted.Status}); " +
                                            $"it decides no release until QA approves it: stroma release " +
                                                $"spec-approve {Markup.Escape(drafted.Code)}@{drafted.Version} " +
                                            "--user QA --reason \"...\" --password-stdin");
                return 0;
            }
            if (parse.GetValue(list) || parse.GetValue(lot) is null)
            {
                if (!parse.GetValue(list)) throw new ManufacturingException("Give a LOT to assign a specification " +
                    "to, --file to draft one, or --list.");
                var specs = await service.ListSpecificationsAsync(ct);
                if (parse.GetValue(json)) CliJson.Write(new { specifications = specs });
                else foreach (var s in specs) AnsiConsole.MarkupLine($"{Markup.Escape(s.Code)} v{s.Version} — " +
                    $"{Markup.Escape(s.Title)} ({s.Definition.Items.Count} items, {s.Sha256[..12]}) · " +
                    $"{Markup.Escape(s.InForce)}");
                return 0;
            }
            var weightKg = parse.GetValue(weight);
            var cellsPerKg = parse.GetValue(dose) is { } d
                ? Terms.Parse<DoseUnit>(parse.GetValue(unit), "Dose unit") == DoseUnit.Cells
                    ? weightKg is { } w and > 0 ? d / w
                        : throw new ManufacturingException("A fixed dose in cells needs --weight to compute cells/kg.")
                    : d
                : (double?)null;
            var assignment = new SpecificationAssignment(StoreCommand.Parse<AdministrationRoute>(parse, route, "Route"))
            {
                Specification = parse.GetValue(spec),
                Definition = parse.GetValue(file) is { } path ? SpecificationDefinition.Load(path) : null,
                WeightKg = weightKg, CellsPerKg = cellsPerKg, VolumeMl = parse.GetValue(volume),
                    InfusionHours = parse.GetValue(hours),
            };
            var view = await service.AssignAsync(parse.GetValue(lot)!, assignment, StoreCommand.Actor(parse, user), ct);
            if (parse.GetValue(json)) CliJson.Write(view);
            else
            {
                AnsiConsole.MarkupLine($"[green]specification[/] {Markup.Escape(view.Specification.Code)} " +
                    $"v{view.Specification.Version} assigned to {Markup.Escape(view.Lot)} (route {view.Route}); lot " +
                    $"is {view.Status}");
                if (view.Evaluation.Endotoxin is { } e)
                    AnsiConsole.MarkupLine($"endotoxin limit: {Markup.Escape(e.Basis)}");
            }
            return 0;
        });
        return command;
    }

    private static Command Result()
    {
        var lot = new Argument<string>("LOT") { Description = "Lot code." };
        var test = new Argument<string>("TEST") { Description = $"Test: {StoreCommand.Enumerate<ReleaseTest>()}." };
        var value = new Argument<string[]>("VALUE")
            { Description = "Result: a number (viability 92) or text (sterility \"no growth\"); none for identity.",
            Arity = ArgumentArity.ZeroOrMore };
        var name = new Option<string?>("--name") { Description = "Marker (CD73) or potency assay (\"T-cell " +
            "suppression\") when the specification has several." };
        var unit = new Option<string?>("--unit") { Description = "Unit of the value (checked against the " +
            "specification)." };
        var method = new Option<string?>("--method") { Description = "Method or instrument." };
        var stained = new Option<string[]>("--stained") { Description = "Identity: stained tube FCS file (repeatable).",
            AllowMultipleArgumentsPerToken = true };
        var control = new Option<string[]>("--control") { Description = "Identity: control tube FCS file (repeatable).",
            AllowMultipleArgumentsPerToken = true };
        var panel = new Option<string?>("--panel")
            { Description = "Identity panel (default: the specification's, e.g. isct-2006)." };
        var marker = new Option<string[]>("--marker")
            { Description = "Identity: map a marker to a channel, e.g. CD73=APC-A (repeatable)." };
        var why = new Option<string?>("--reason")
            { Description = "Why a second result for the same item replaces the first (correction or retest; " +
            "required then)." };
        var percentile = new Option<double>("--percentile")
            { Description = "Identity: control percentile for positivity thresholds.", DefaultValueFactory = _ =>
            99.5 };
        var user = StoreCommand.UserOption("Who enters the result (a registered Operator, QA or Admin user; default " +
            "$STROMA_USER).");
        var json = StoreCommand.JsonOption();
        var command = new Command("result", "Record a release test result; identity runs the identity engine on " +
            "--stained/--control files and stores its result JSON, verdict and input SHA-256s.")
        {
            lot, test, value, name, unit, method, stained, control, panel, marker, percentile, why, user, json,
        };
        StoreCommand.SetAction(command, StoreCommand.DbOption(), async (parse, db, ct) =>
        {
            var service = new ReleaseService(db);
            var code = parse.GetValue(lot)!;
            var kind = Terms.Parse<ReleaseTest>(parse.GetValue(test), "Test");
            var actor = StoreCommand.Actor(parse, user);
            ReleaseView view;
            if (kind == ReleaseTest.Identity)
            {
                var files = parse.GetValue(stained) ?? [];
                if (files.Length == 0) throw new ManufacturingException("An identity result needs at least one " +
                    "--stained tube (and --control tubes).");
                var current = await service.GetAsync(code, ct);
                var specPanel = current.Specification.Definition.IdentityPanel();
                var markers = (parse.GetValue(marker) ?? []).Select(m => m.Split('=', 2)).ToDictionary(
                    p => p[0].Trim(), p => p.Length == 2 && p[1].Trim().Length > 0 ? p[1].Trim()
                        : throw new ManufacturingException($"--marker '{string.Join('=', p)}' needs the form " +
                        $"MARKER=CHANNEL."));
                var input = new IdentityInput(files, parse.GetValue(control) ?? [], parse.GetValue(panel) ?? specPanel)
                    { Percentile = parse.GetValue(percentile), MarkerChannels = markers };
                (view, var identity) = await service.RecordIdentityAsync(code, input, actor, ct, parse.GetValue(why));
                if (!parse.GetValue(json)) AnsiConsole.MarkupLine($"identity ({Markup.Escape(identity.Panel)}): " +
                    $"[bold]{identity.Verdict.ToString().ToLowerInvariant()}[/] — {Markup.Escape(identity.Reason)}");
            }
            else
            {
                var words = parse.GetValue(value) ?? [];
                if (words.Length == 0) throw new ManufacturingException($"Give the {Terms.Token(kind)} result value, " +
                    $"e.g. stroma release result {code} viability 92 --unit %.");
                var text = string.Join(' ', words);
                var numeric = InputText.TryNumber(text, out var number);
                var input = new ResultInput(kind)
                {
                    Name = parse.GetValue(name), Value = numeric ? number : null, Text = numeric ? null : text,
                        Unit = parse.GetValue(unit),
                    Method = parse.GetValue(method), Reason = parse.GetValue(why),
                };
                view = await service.RecordResultAsync(code, input, actor, ct);
            }
            if (parse.GetValue(json)) CliJson.Write(view);
            else RenderEvaluation(view);
            return 0;
        });
        return command;
    }

    private static Command SpecApprove()
    {
        var reference = new Argument<string>("SPEC") { Description = "Draft specification CODE@VERSION." };
        var (user, stdin, reason) = QualityCommands.SignerOptions("Why the version is approved.");
        var json = StoreCommand.JsonOption();
        var command = new Command("spec-approve",
            "Approve a draft specification version with a QA e-signature (not its author), putting it in force.")
        {
            reference, user, stdin, reason, json,
        };
        StoreCommand.SetAction(command, StoreCommand.DbOption(), async (parse, db, ct) =>
        {
            var view = await new SpecificationService(db).ApproveAsync(parse.GetValue(reference)!,
                QualityCommands.Signature(parse, user, stdin, reason), ct);
            if (parse.GetValue(json)) CliJson.Write(view);
            else AnsiConsole.MarkupLine($"[green]approved[/] specification {Markup.Escape(view.InForce)}");
            return 0;
        });
        return command;
    }

    private static Command Panel()
    {
        var file = new Option<string?>("--file") { Description = "Identity panel JSON file to store as a new draft " +
            "version (built-in ids are reserved)." };
        var list = new Option<bool>("--list") { Description = "List stored panel versions." };
        var user = StoreCommand.UserOption();
        var json = StoreCommand.JsonOption();
        var command = new Command("panel", "Identity panels under change control: draft a version from a file, or " +
            "list versions.") { file, list, user, json };
        StoreCommand.SetAction(command, StoreCommand.DbOption(), async (parse, db, ct) =>
        {
            var service = new SpecificationService(db);
            if (parse.GetValue(file) is { } path)
            {
                string text;
                try
                {
                    text = await File.ReadAllTextAsync(path, ct);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new ManufacturingException($"Identity panel file {path} cannot be read: {ex.Message}", ex);
                }
                var drafted = await service.DraftPanelAsync(text, path, StoreCommand.Actor(parse, user), ct);
                if (parse.GetValue(json)) CliJson.Write(drafted);
                else AnsiConsole.MarkupLine($"[yellow]draft[/] identity panel {Markup.Escape(drafted.Code)} " +
                    $"v{drafted.Version} ({drafted.Status}); QA approves it with: " +
                                            $"stroma release panel-approve " +
                                                $"{Markup.Escape(drafted.Code)}@{drafted.Version}");
                return 0;
            }
            if (!parse.GetValue(list)) throw new ManufacturingException("Give --file PANEL.json to draft a panel " +
                "version, or --list.");
            var panels = await service.ListPanelsAsync(ct);
            if (parse.GetValue(json)) CliJson.Write(new { panels });
            else foreach (var p in panels)
                AnsiConsole.MarkupLine($"{Markup.Escape(p.Code)} v{p.Version} · " +
                    $"{p.Status}{(p.ApprovedBy is null ? "" : $" by {Markup.Escape(p.ApprovedBy)}")} · " +
                    $"{p.Sha256[..12]}");
            return 0;
        });
        return command;
    }

    private static Command PanelApprove()
    {
        var reference = new Argument<string>("PANEL") { Description = "Draft panel ID@VERSION." };
        var (user, stdin, reason) = QualityCommands.SignerOptions("Why the panel version is approved.");
        var json = StoreCommand.JsonOption();
        var command = new Command("panel-approve",
            "Approve a draft identity panel version with a QA e-signature (not its author).")
        {
            reference, user, stdin, reason, json,
        };
        StoreCommand.SetAction(command, StoreCommand.DbOption(), async (parse, db, ct) =>
        {
            var view = await new SpecificationService(db).ApprovePanelAsync(parse.GetValue(reference)!,
                QualityCommands.Signature(parse, user, stdin, reason), ct);
            if (parse.GetValue(json)) CliJson.Write(view);
            else AnsiConsole.MarkupLine($"[green]approved[/] identity panel {Markup.Escape(view.Code)} " +
                $"v{view.Version} by {Markup.Escape(view.ApprovedBy ?? "")}");
            return 0;
        });
        return command;
    }

    private static Command Sign()
    {
        var lot = new Argument<string>("LOT") { Description = "Lot code." };
        var user = new Option<string?>("--user") { Description = "Signer: a user with the QA role who entered none " +
            "of the results.", Required = true };
        var stdin = new Option<bool>("--password-stdin")
            { Description = "Read the signer's password from standard input (re-authentication at signing time)." };
        var disposition = new Option<string?>("--disposition")
            { Description = "released, rejected or quarantined.", DefaultValueFactory = _ => "released" };
        var meaning = new Option<string?>("--meaning")
            { Description = "Meaning of the signature (default by disposition, e.g. \"approved for release\")." };
        var reason = new Option<string?>("--reason") { Description = "Reason for the decision.", Required = true };
        var json = StoreCommand.JsonOption();
        var command = new Command("sign", "Sign a release decision (QA role, four-eyes, password re-check, meaning " +
            "and reason); a failed specification blocks release.")
        {
            lot, user, stdin, disposition, meaning, reason, json,
        };
        StoreCommand.SetAction(command, StoreCommand.DbOption(), async (parse, db, ct) =>
        {
            if (!parse.GetValue(stdin)) throw new ManufacturingException("Signing re-checks the password: give it on " +
                "standard input with --password-stdin.");
            var input = new SignInput(parse.GetValue(user)!, StoreCommand.ReadSecret("password"),
                StoreCommand.Parse<Disposition>(parse, disposition, "Disposition"), parse.GetValue(reason)!)
            {
                Meaning = parse.GetValue(meaning),
            };
            var view = await new ReleaseService(db).SignAsync(parse.GetValue(lot)!, input, ct);
            if (parse.GetValue(json)) CliJson.Write(view);
            else
            {
                var s = view.Signatures[^1];
                AnsiConsole.MarkupLine($"[green]signed[/] {Markup.Escape(view.Lot)}: [bold]{s.Disposition}[/] by " +
                    $"{Markup.Escape(s.UserName)} ({s.Role}) — \"{Markup.Escape(s.Meaning)}\"; reason: " +
                    $"{Markup.Escape(s.Reason)}");
                AnsiConsole.MarkupLine($"signed content SHA-256 {s.ManifestSha256}");
            }
            return 0;
        });
        return command;
    }

    private static Command Show()
    {
        var lot = new Argument<string>("LOT") { Description = "Lot code." };
        var json = StoreCommand.JsonOption();
        var command = new Command("show", "Show a lot's specification, results, out-of-specification flags and " +
            "signatures.") { lot, json };
        StoreCommand.SetAction(command, StoreCommand.DbOption(), async (parse, db, ct) =>
        {
            var view = await new ReleaseService(db).GetAsync(parse.GetValue(lot)!, ct);
            if (parse.GetValue(json)) CliJson.Write(view);
            else RenderEvaluation(view);
            return 0;
        });
        return command;
    }

    private static Command Coa()
    {
        var lot = new Argument<string>("LOT") { Description = "Lot code." };
        var output = new Option<string?>("--out") { Description = "HTML file to write (default LOT-coa.html)." };
        var pdf = new Option<string?>("--pdf") { Description = "Also print a PDF with headless Chromium, when " +
            "installed." };
        var json = StoreCommand.JsonOption();
        var command = new Command("coa", "Write the certificate of analysis: self-contained print-ready HTML (and " +
            "PDF through headless Chromium).") { lot, output, pdf, json };
        StoreCommand.SetAction(command, StoreCommand.DbOption(), async (parse, db, ct) =>
        {
            var code = parse.GetValue(lot)!;
            var data = await new ReleaseService(db).CertificateAsync(code, ct);
            var html = Path.GetFullPath(parse.GetValue(output)
                ?? string.Concat(code.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'))
                    + "-coa.html");
            Stroma.IO.AtomicFile.WriteAllText(html, CertificateOfAnalysis.Render(data));
            string? pdfPath = null, pdfError = null;
            if (parse.GetValue(pdf) is { } p)
            {
                pdfError = Rendering.Pdf.Print(html, p);
                if (pdfError is null) pdfPath = Path.GetFullPath(p);
            }
            if (parse.GetValue(json)) CliJson.Write(new { lot = code, html, pdf = pdfPath, pdfError,
                disposition = data.Disposition, auditHash = data.AuditHash, auditIntact = data.AuditIntact });
            else
            {
                AnsiConsole.MarkupLine($"[green]certificate[/] {Markup.Escape(html)}");
                if (pdfPath is not null) AnsiConsole.MarkupLine($"[green]pdf[/] {Markup.Escape(pdfPath)}");
            }
            if (pdfError is not null) StoreCommand.Warning(pdfError);
            return 0;
        });
        return command;
    }

    internal static void RenderEvaluation(ReleaseView view)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(view.Lot)}[/] · {view.Status} · specification " +
            $"{Markup.Escape(view.Specification.InForce)} · route {view.Route}" +
                               (view.Disposition is null ? "" : $" · disposition [bold]{view.Disposition}[/]"));
        var table = new Table().Border(TableBorder.Rounded).AddColumn("test").AddColumn("specification")
            .AddColumn("result").AddColumn("outcome").AddColumn("note");
        foreach (var i in view.Evaluation.Items)
        {
            var outcome = i.Status switch
            {
                ItemStatus.Pass => "[green]pass[/]",
                ItemStatus.OutOfSpecification => i.Required ? "[red]OOS[/]" : "[yellow]OOS (not required)[/]",
                ItemStatus.Missing => i.Required ? "[yellow]missing[/]" : "missing (not required)",
                _ => "reported",
            };
            table.AddRow(Markup.Escape(i.Name), Markup.Escape(i.Criterion), Markup.Escape(i.Result ?? "—"), outcome,
                Markup.Escape(i.Note ?? ""));
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(view.Blocking.Count == 0 ? "[green]all required items pass: releasable[/]"
            : $"[yellow]not releasable:[/] {Markup.Escape(string.Join("; ", view.Blocking))}");
        // History: every version of every result; replaced ones struck through, never removed.
        var history = new Table().Border(TableBorder.Rounded)
            .AddColumns("#", "test", "rev", "value", "entered by", "when (UTC)", "reason", "state");
        foreach (var r in view.Results)
        {
            var value = Markup.Escape(r.Value?.ToString("G6", CultureInfo.InvariantCulture) is { } v
                ? $"{v} {r.Unit}".TrimEnd() : r.Text ?? "—");
            history.AddRow($"{r.Id}", Markup.Escape(r.Name), $"{r.Revision}",
                r.InForce ? value : $"[strikethrough]{value}[/]", Markup.Escape(r.EnteredBy),
                $"{r.EnteredUtc:yyyy-MM-dd HH:mm}", Markup.Escape(r.CorrectionReason ?? ""),
                r.Invalidated ? "invalidated" : r.InForce ? "in force" : "replaced");
        }
        if (view.Results.Count > 0) AnsiConsole.Write(history);
        if (view.Investigations.Count > 0) QualityCommands.Render(view.Investigations);
        foreach (var d in view.Deviations)
            AnsiConsole.MarkupLine($"deviation #{d.Id} [bold]{d.Status}[/]: {Markup.Escape(d.Description)}");
        foreach (var s in view.Signatures)
            AnsiConsole.MarkupLine($"signed {s.Disposition} by {Markup.Escape(s.UserName)} at " +
                $"{s.SignedUtc:yyyy-MM-dd HH:mm} UTC — \"{Markup.Escape(s.Meaning)}\"");
    }
}

using System.CommandLine;
using Spectre.Console;
using Stroma.Cli.Rendering;
using Stroma.Manufacturing;
using Stroma.Manufacturing.Records;
using Stroma.Storage.Services;

namespace Stroma.Cli.Commands;

/// <summary><c>stroma oos list|show|close</c> and <c>stroma deviation open|close|list</c>: investigations and
/// deviations.</summary>
internal static class QualityCommands
{
    public static Command Oos()
    {
        var oos = new Command("oos", "Out-of-specification investigations: opened automatically when a result is " +
            "OOS; QA closes phase I " +
                                     "(assignable cause → result invalidated; none → OOS confirmed). Release is " +
                                         "blocked while one is open.");
        oos.Subcommands.Add(OosList());
        oos.Subcommands.Add(OosShow());
        oos.Subcommands.Add(OosClose());
        return oos;
    }

    public static Command Deviation()
    {
        var deviation = new Command("deviation", "Deviations (description, impact, CAPA, QA closure), optionally " +
            "linked to a lot; an open one blocks its release.");
        deviation.Subcommands.Add(DeviationOpen());
        deviation.Subcommands.Add(DeviationClose());
        deviation.Subcommands.Add(DeviationList());
        return deviation;
    }

    private static Command OosList()
    {
        var open = new Option<bool>("--open") { Description = "Only investigations still open." };
        var lot = new Option<string?>("--lot") { Description = "Only one lot's investigations." };
        var json = StoreCommand.JsonOption();
        var command = new Command("list", "List OOS investigations, newest first.") { open, lot, json };
        StoreCommand.SetAction(command, StoreCommand.DbOption(), async (parse, db, ct) =>
        {
            var list = await new InvestigationService(db).ListAsync(parse.GetValue(open), parse.GetValue(lot), ct);
            if (parse.GetValue(json)) CliJson.Write(new { investigations = list });
            else Render(list);
            return 0;
        });
        return command;
    }

    private static Command OosShow()
    {
        var id = new Argument<int>("ID") { Description = "Investigation number." };
        var json = StoreCommand.JsonOption();
        var command = new Command("show", "Show one OOS investigation.") { id, json };
        StoreCommand.SetAction(command, StoreCommand.DbOption(), async (parse, db, ct) =>
        {
            var view = await new InvestigationService(db).GetAsync(parse.GetValue(id), ct);
            if (parse.GetValue(json)) CliJson.Write(view);
            else Render([view]);
            return 0;
        });
        return command;
    }

    private static Command OosClose()
    {
        var id = new Argument<int>("ID") { Description = "Investigation number." };
        var finding = new Option<string>("--finding")
        {
            Description = "assignable-cause (the result is invalidated) or no-assignable-cause (OOS confirmed).",
                Required = true,
        };
        var cause = new Option<string?>("--cause")
            { Description = "The assignable laboratory cause found (required with assignable-cause)." };
        var (user, stdin, reason) = SignerOptions("Conclusion of phase I and its justification.");
        var json = StoreCommand.JsonOption();
        var command = new Command("close", "Close phase I of an OOS investigation with a QA e-signature (password " +
            "re-check).")
        {
            id, finding, cause, user, stdin, reason, json,
        };
        StoreCommand.SetAction(command, StoreCommand.DbOption(), async (parse, db, ct) =>
        {
            var text = parse.GetValue(finding)!.Trim();
            var result = Terms.TryParse<InvestigationFinding>(text, out var chosen) ? chosen
                : throw new ManufacturingException(
                    $"--finding '{text}' is not recognised; use assignable-cause or no-assignable-cause.");
            var view = await new InvestigationService(db).CloseAsync(parse.GetValue(id), result, parse.GetValue(cause),
                Signature(parse, user, stdin, reason), ct);
            if (parse.GetValue(json)) CliJson.Write(view);
            else AnsiConsole.MarkupLine($"[green]closed[/] OOS investigation #{view.Id} ({Markup.Escape(view.Lot)} " +
                $"{Markup.Escape(view.Name)}): " +
                                        $"[bold]{view.Status}[/] by {Markup.Escape(view.ClosedBy ?? "")}; signed " +
                                            $"content SHA-256 {view.SignatureSha256}");
            return 0;
        });
        return command;
    }

    private static Command DeviationOpen()
    {
        var lot = new Option<string?>("--lot") { Description = "Lot the deviation concerns (its release is blocked " +
            "until the deviation is closed)." };
        var description = new Option<string>("--description") { Description = "What happened.", Required = true };
        var impact = new Option<string>("--impact") { Description = "Assessed impact on product quality.",
            Required = true };
        var capa = new Option<string?>("--capa") { Description = "Corrective and preventive action, if already known."
            };
        var user = StoreCommand.UserOption();
        var json = StoreCommand.JsonOption();
        var command = new Command("open", "Record a deviation.") { lot, description, impact, capa, user, json };
        StoreCommand.SetAction(command, StoreCommand.DbOption(), async (parse, db, ct) =>
        {
            var view = await new InvestigationService(db)
                .OpenDeviationAsync(new DeviationInput(parse.GetValue(description)!, parse.GetValue(impact)!)
            {
                Lot = parse.GetValue(lot), Capa = parse.GetValue(capa),
            }, StoreCommand.Actor(parse, user), ct);
            if (parse.GetValue(json)) CliJson.Write(view);
            else AnsiConsole.MarkupLine($"[yellow]deviation #{view.Id} " +
                $"open[/]{(view.Lot is null ? "" : $" on lot {Markup.Escape(view.Lot)}")}");
            return 0;
        });
        return command;
    }

    private static Command DeviationClose()
    {
        var id = new Argument<int>("ID") { Description = "Deviation number." };
        var capa = new Option<string?>("--capa") { Description = "Corrective and preventive action (required unless " +
            "recorded when opened)." };
        var (user, stdin, reason) = SignerOptions("QA conclusion.");
        var json = StoreCommand.JsonOption();
        var command = new Command("close", "Close a deviation with a QA e-signature (password re-check), conclusion " +
            "and CAPA.")
        {
            id, capa, user, stdin, reason, json,
        };
        StoreCommand.SetAction(command, StoreCommand.DbOption(), async (parse, db, ct) =>
        {
            var view = await new InvestigationService(db).CloseDeviationAsync(parse.GetValue(id), parse.GetValue(capa),
                Signature(parse, user, stdin, reason), ct);
            if (parse.GetValue(json)) CliJson.Write(view);
            else AnsiConsole.MarkupLine($"[green]closed[/] deviation #{view.Id} by " +
                $"{Markup.Escape(view.ClosedBy ?? "")}; CAPA: {Markup.Escape(view.Capa ?? "")}");
            return 0;
        });
        return command;
    }

    private static Command DeviationList()
    {
        var lot = new Option<string?>("--lot") { Description = "Only one lot's deviations." };
        var open = new Option<bool>("--open") { Description = "Only open deviations." };
        var json = StoreCommand.JsonOption();
        var command = new Command("list", "List deviations, newest first.") { lot, open, json };
        StoreCommand.SetAction(command, StoreCommand.DbOption(), async (parse, db, ct) =>
        {
            var list = await new InvestigationService(db).ListDeviationsAsync(parse.GetValue(lot), parse.GetValue(open),
                ct);
            if (parse.GetValue(json)) CliJson.Write(new { deviations = list });
            else
            {
                var table = new Table().Border(TableBorder.Rounded)
                    .AddColumns("#", "lot", "status", "description", "impact", "CAPA", "closed by");
                foreach (var d in list)
                    table.AddRow($"{d.Id}", Markup.Escape(d.Lot ?? "—"), d.Status, Markup.Escape(d.Description),
                        Markup.Escape(d.Impact),
                        Markup.Escape(d.Capa ?? ""), Markup.Escape(d.ClosedBy ?? ""));
                AnsiConsole.Write(table);
            }
            return 0;
        });
        return command;
    }

    /// <summary>--user, --password-stdin and --reason of an e-signature.</summary>
    internal static (Option<string?> User, Option<bool> Stdin, Option<string?> Reason) SignerOptions(string reason) =>
    (
        new Option<string?>("--user") { Description = "Signer: a user with the QA role.", Required = true },
        new Option<bool>("--password-stdin") { Description = "Read the signer's password from standard input " +
            "(re-authentication)." },
        new Option<string?>("--reason") { Description = reason, Required = true }
    );

    internal static ESignature Signature(ParseResult parse, Option<string?> user, Option<bool> stdin,
        Option<string?> reason)
    {
        if (!parse.GetValue(stdin)) throw new ManufacturingException("An e-signature re-checks the password: give it " +
            "on standard input with --password-stdin.");
        return new ESignature(parse.GetValue(user)!, StoreCommand.ReadSecret("password"), parse.GetValue(reason)!);
    }

    internal static void Render(IReadOnlyList<InvestigationView> list)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("#", "lot", "item", "observed", "criterion",
            "specification", "status", "closed by");
        foreach (var i in list)
            table.AddRow($"{i.Id}", Markup.Escape(i.Lot), Markup.Escape(i.Name), Markup.Escape(i.Observed),
                Markup.Escape(i.Criterion),
                Markup.Escape(i.Specification), i.IsOpen ? "[red]open[/]" : i.Status, Markup.Escape(i.ClosedBy ?? ""));
        AnsiConsole.Write(table);
    }
}

using System.CommandLine;
using Spectre.Console;
using Stroma.Cli.Rendering;
using Stroma.Manufacturing;
using Stroma.Storage.Services;

namespace Stroma.Cli.Commands;

/// <summary><c>stroma donor add|list</c>: coded donors with consent and infectious-disease screening.</summary>
internal static class DonorCommands
{
    public static Command Create()
    {
        var donor = new Command("donor", "Donors: coded id, age, sex, consent, infectious-disease screening.");

        var code = new Argument<string>("CODE") { Description = "Coded donor id (no personal data)." };
        var type = new Option<string?>("--type") { Description = "Donor type: autologous or allogeneic.",
            Required = true };
        var age = new Option<int?>("--age") { Description = "Age in years." };
        var sex = new Option<string?>("--sex") { Description = "female, male or unknown." };
        var consent = new Option<bool>("--consent") { Description = "Informed consent was obtained." };
        var consentDate = new Option<string?>("--consent-date") { Description = "Date of consent (YYYY-MM-DD)." };
        var screen = new Option<string[]>("--screen")
            { Description = "Screening result TEST=OUTCOME, e.g. HIV-1/2=negative (repeatable; outcome negative, " +
            "positive or indeterminate)." };
        var species = new Option<string?>("--species") { Description = "Species of origin (default human)." };
        var user = StoreCommand.UserOption();
        var json = StoreCommand.JsonOption();
        var add = new Command("add", "Add a donor.") { code, type, age, sex, consent, consentDate, screen, species,
            user, json };
        StoreCommand.SetAction(add, StoreCommand.DbOption(), async (parse, db, ct) =>
        {
            var screening = new Dictionary<string, ScreeningOutcome>(StringComparer.OrdinalIgnoreCase);
            foreach (var s in parse.GetValue(screen) ?? [])
            {
                var at = s.LastIndexOf('=');
                if (at <= 0) throw new ManufacturingException($"--screen '{s}' needs the form TEST=OUTCOME, e.g. " +
                    $"HBsAg=negative.");
                if (!screening.TryAdd(s[..at].Trim(), Terms.Parse<ScreeningOutcome>(s[(at + 1)..],
                    $"Screening outcome of {s[..at]}")))
                    throw new ManufacturingException($"Screening test {s[..at]} is given twice.");
            }
            var input = new DonorInput(parse.GetValue(code)!, StoreCommand.Parse<DonorType>(parse, type, "Donor type"),
                parse.GetValue(age),
                StoreCommand.ParseOptional<DonorSex>(parse, sex, "Sex") ?? DonorSex.Unknown, parse.GetValue(consent),
                parse.GetValue(consentDate) is null ? null : StoreCommand.Date(parse, consentDate), screening)
                    { Species = parse.GetValue(species) ?? "human" };
            var view = await new DonorService(db).AddAsync(input, StoreCommand.Actor(parse, user), ct);
            if (parse.GetValue(json)) CliJson.Write(view);
            else AnsiConsole.MarkupLine($"[green]donor[/] {Markup.Escape(view.Code)} ({view.Type}, consent " +
                $"{(view.ConsentObtained ? "yes" : "no")}, {view.Screening.Count} screening results)");
            return 0;
        });

        var listJson = StoreCommand.JsonOption();
        var list = new Command("list", "List donors.") { listJson };
        StoreCommand.SetAction(list, StoreCommand.DbOption(), async (parse, db, ct) =>
        {
            var donors = await new DonorService(db).ListAsync(ct);
            if (parse.GetValue(listJson))
            {
                CliJson.Write(new { donors });
                return 0;
            }
            var table = new Table().Border(TableBorder.Rounded).AddColumn("donor").AddColumn("type").AddColumn("age")
                .AddColumn("sex").AddColumn("consent").AddColumn("screening");
            foreach (var d in donors)
                table.AddRow(Markup.Escape(d.Code), d.Type,
                    d.AgeYears?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "—", d.Sex,
                    d.ConsentObtained ? "yes" : "[red]no[/]",
                    Markup.Escape(string.Join(", ", d.Screening.Select(kv => $"{kv.Key} {kv.Value}"))));
            AnsiConsole.Write(table);
            return 0;
        });
        var showCode = new Argument<string>("CODE") { Description = "Coded donor id." };
        var showJson = StoreCommand.JsonOption();
        var show = new Command("show", "Show a donor: facts in force, screening, eligibility determination and " +
            "correction history.") { showCode, showJson };
        StoreCommand.SetAction(show, StoreCommand.DbOption(), async (parse, db, ct) =>
        {
            var d = await new DonorService(db).GetAsync(parse.GetValue(showCode)!, ct);
            if (parse.GetValue(showJson))
            {
                CliJson.Write(d);
                return 0;
            }
            AnsiConsole.MarkupLine(Markup.Escape($"{d.Code} · {d.Type} · age " +
                $"{d.AgeYears?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "—"} · " +
                                                 $"sex {d.Sex} · {d.Species} · consent " +
                                                     $"{(d.ConsentObtained ? d.ConsentDate is { } date
                                                         ? InputText.Text(date) : "yes" : "no")}"));
            foreach (var (test, outcome) in d.Screening) AnsiConsole.MarkupLine(Markup.Escape($"  {test}: {outcome}"));
            if (d.Eligibility is { } e)
                AnsiConsole.MarkupLine(Markup.Escape($"eligibility: {e.Status.ToString().ToLowerInvariant()}" +
                                                     (e.Reasons.Count > 0 ? $" ({string.Join("; ", e.Reasons)})" : "") +
                                                     (e.MissingTests.Count > 0
                                                         ? $" (missing: {string.Join(", ", e.MissingTests)})" : "")));
            LotCommands.HistoryLines(d.Corrections);
            return 0;
        });

        var fixCode = new Argument<string>("CODE") { Description = "Coded donor id." };
        var field = new Option<string>("--field")
        {
            Description = "Field: " + string.Join(", ", Manufacturing.Records.RecordCorrection.DonorFields)
                + " (e.g. screening:HBsAg).", Required = true,
        };
        var value = new Option<string?>("--value") { Description = "The correct value (empty clears the age).",
            Required = true };
        var reason = new Option<string>("--reason") { Description = "Why the recorded value is corrected (required).",
            Required = true };
        var fixUser = StoreCommand.UserOption();
        var fixJson = StoreCommand.JsonOption();
        var correct = new Command("correct", "Correct a recorded fact of a donor, with a reason; the old value stays " +
            "in the history.")
            { fixCode, field, value, reason, fixUser, fixJson };
        StoreCommand.SetAction(correct, StoreCommand.DbOption(), async (parse, db, ct) =>
        {
            var d = await new DonorService(db).CorrectAsync(parse.GetValue(fixCode)!, parse.GetValue(field)!,
                parse.GetValue(value),
                parse.GetValue(reason)!, StoreCommand.Actor(parse, fixUser), ct);
            if (parse.GetValue(fixJson))
            {
                CliJson.Write(d);
                return 0;
            }
            var last = d.Corrections[^1];
            AnsiConsole.MarkupLine(Markup.Escape($"corrected {last.RecordKey} {last.FieldLabel}: " +
                $"{last.OldValue ?? "—"} → {last.NewValue ?? "—"} " +
                                                 $"(reason: {last.Reason}); eligibility " +
                                                     $"{d.Eligibility?.Status.ToString().ToLowerInvariant()}"));
            return 0;
        });
        donor.Subcommands.Add(add);
        donor.Subcommands.Add(list);
        donor.Subcommands.Add(show);
        donor.Subcommands.Add(correct);
        return donor;
    }
}

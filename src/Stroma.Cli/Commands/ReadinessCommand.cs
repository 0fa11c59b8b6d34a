using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Stroma.Cli.Rendering;
using Stroma.Knowledge.Readiness;
using Stroma.Manufacturing;
using Stroma.Storage;
using Stroma.Storage.Services;

namespace Stroma.Cli.Commands;

/// <summary><c>stroma readiness LOT.json [--plan PLAN.json] [--patient PATIENT.json] [--set NAME=VALUE]… [--disable
/// RULE]… [--json]</c>.</summary>
internal static class ReadinessCommand
{
    public static Command Create()
    {
        var lot = new Argument<string>("LOT") { Description = "A lot code in the database (--db), or a JSON file " +
            "describing a readiness input: {\"lot\":{…},\"plan\":{…},\"patient\":{…}} (see README)." };
        var db = StoreCommand.DbOption();
        var plan = new Option<string?>("--plan") { Description = "JSON file with a dose plan; replaces the input's " +
            "plan." };
        var patient = new Option<string?>("--patient")
            { Description = "JSON file with a patient profile; replaces the input's patient." };
        var set = new Option<string[]>("--set") { Description = "Override a rule parameter, e.g. --set " +
            "senescencePdStop=25 (repeatable).", Arity = ArgumentArity.ZeroOrMore };
        var disable = new Option<string[]>("--disable") { Description = "Leave out a rule by id (repeatable).",
            Arity = ArgumentArity.ZeroOrMore };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON: " +
            "{\"lotId\",\"label\",\"verdict\",\"flags\":[…],\"notAssessable\":[…],\"passed\":[…],…}." };
        var command = new Command("readiness", "Check a lot (and optionally a dose plan and patient) against the " +
            "cited readiness rules. Exit code 2 when a rule says stop.")
        {
            lot, plan, patient, set, disable, json, db,
        };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var options = new ReadinessOptions
                {
                    Parameters = Overrides(parse.GetValue(set) ?? []),
                    DisabledRules = parse.GetValue(disable) ?? [],
                };
                var target = parse.GetValue(lot)!;
                var planInput = parse.GetValue(plan) is { } planPath ? ReadinessInputReader.ReadPlan(planPath) : null;
                var patientInput = parse.GetValue(patient) is { } patientPath
                    ? ReadinessInputReader.ReadPatient(patientPath) : null;
                ReadinessReport report;
                if (File.Exists(target))
                {
                    var input = ReadinessInputReader.Read(target);
                    if (planInput is not null) input = input with { Plan = planInput };
                    if (patientInput is not null) input = input with { Patient = patientInput };
                    report = new ReadinessChecker(options).Evaluate(input, target);
                }
                else
                {
                    // A stored lot: its record (lineage PD, passages, priming, freeze/thaw, release results) is the
                    // input.
                    await using var context = await StromaDatabase.OpenAsync(StoreCommand.Database(parse, db), ct);
                    var lots = new LotService(context);
                    var releases = new ReleaseService(context);
                    report = await new ReadinessService(lots, releases, new DonorService(context))
                        .EvaluateAsync(target, planInput, patientInput, options, ct);
                }
                if (parse.GetValue(json)) CliJson.Write(report);
                else ReadinessRenderer.Render(AnsiConsole.Console, report);
                return report.Highest == ReadinessSeverity.Stop ? 2 : 0;
            }
            catch (ReadinessInputException ex)
            {
                foreach (var problem in ex.Problems) Output.Fail($"{ex.Origin}: {problem}");
                return 1;
            }
            catch (Exception ex) when (ex is ArgumentException or Manufacturing.ManufacturingException)
            {
                Output.Fail(ex.Message);
                return 1;
            }
        });
        return command;
    }

    private static Dictionary<string, double> Overrides(string[] assignments)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var assignment in assignments)
        {
            var eq = assignment.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !InputText.TryNumber(assignment[(eq + 1)..], out var value))
                throw new ArgumentException($"--set expects NAME=NUMBER, got '{assignment}'");
            result[assignment[..eq]] = value;
        }
        return result;
    }
}

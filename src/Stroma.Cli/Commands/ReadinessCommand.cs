using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Stroma.Cli.Rendering;
using Stroma.Knowledge.Readiness;

namespace Stroma.Cli.Commands;

/// <summary><c>stroma readiness LOT.json [--plan PLAN.json] [--patient PATIENT.json] [--set NAME=VALUE]… [--disable RULE]… [--json]</c>.</summary>
internal static class ReadinessCommand
{
    public static Command Create()
    {
        var lot = new Argument<string>("LOT") { Description = "JSON file describing a readiness input: {\"lot\":{…},\"plan\":{…},\"patient\":{…}} (see README)." };
        var plan = new Option<string?>("--plan") { Description = "JSON file with a dose plan; replaces the input's plan." };
        var patient = new Option<string?>("--patient") { Description = "JSON file with a patient profile; replaces the input's patient." };
        var set = new Option<string[]>("--set") { Description = "Override a rule parameter, e.g. --set senescencePdStop=25 (repeatable).", Arity = ArgumentArity.ZeroOrMore };
        var disable = new Option<string[]>("--disable") { Description = "Leave out a rule by id (repeatable).", Arity = ArgumentArity.ZeroOrMore };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON: {\"lotId\",\"label\",\"verdict\",\"flags\":[…],\"notAssessable\":[…],\"passed\":[…],…}." };
        var command = new Command("readiness", "Check a lot (and optionally a dose plan and patient) against the cited readiness rules. Exit code 2 when a rule says stop.")
        {
            lot, plan, patient, set, disable, json,
        };
        command.SetAction(parse =>
        {
            try
            {
                var input = ReadinessInputReader.Read(parse.GetValue(lot)!);
                if (parse.GetValue(plan) is { } planPath) input = input with { Plan = ReadinessInputReader.ReadPlan(planPath) };
                if (parse.GetValue(patient) is { } patientPath) input = input with { Patient = ReadinessInputReader.ReadPatient(patientPath) };
                var options = new ReadinessOptions
                {
                    Parameters = Overrides(parse.GetValue(set) ?? []),
                    DisabledRules = parse.GetValue(disable) ?? [],
                };
                var report = new ReadinessChecker(options).Evaluate(input, parse.GetValue(lot));
                if (parse.GetValue(json)) CliJson.Write(report);
                else ReadinessRenderer.Render(AnsiConsole.Console, report);
                return report.Highest == ReadinessSeverity.Stop ? 2 : 0;
            }
            catch (ReadinessInputException ex)
            {
                foreach (var problem in ex.Problems) Output.Fail($"{ex.Origin}: {problem}");
                return 1;
            }
            catch (ArgumentException ex)
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
            if (eq <= 0 || !double.TryParse(assignment[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                throw new ArgumentException($"--set expects NAME=NUMBER, got '{assignment}'");
            result[assignment[..eq]] = value;
        }
        return result;
    }
}

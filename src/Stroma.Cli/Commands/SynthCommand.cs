using System.CommandLine;
using Spectre.Console;
using Stroma.Cli.Rendering;
using Stroma.Identity;
using Stroma.Identity.Synthetic;

namespace Stroma.Cli.Commands;

/// <summary><c>stroma synth msc-panel</c>: synthetic stained + control tubes with known truth.</summary>
internal static class SynthCommand
{
    public static Command Create()
    {
        var synth = new Command("synth", "Generate synthetic data with known truth.");
        var output = new Option<string>("--out") { Description = "Output folder.", Required = true };
        var scenario = new Option<string>("--scenario")
        {
            Description = $"Scenario: {string.Join(", ", MscPanelSynthesizer.Scenarios.Select(s => s.Name))}.",
            DefaultValueFactory = _ => "bm-msc-pass",
        };
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 1 };
        var events = new Option<int>("--events") { Description = "Events per tube.", DefaultValueFactory = _ =>
            20_000 };
        var fmo = new Option<bool>("--fmo") { Description = "Also write one FMO control tube per stained channel." };
        var integer = new Option<bool>("--integer")
            { Description = "Write integer ($DATATYPE I) tubes, as an ADC records them." };
        var panel = new Command("msc-panel", "Write stained and isotype-control tubes of an MSC panel (debris, " +
            "doublets, spillover) and manifest.json with the true % positive.")
        {
            output, scenario, seed, events, fmo, integer,
        };
        panel.SetAction(parse =>
        {
            try
            {
                var s = MscPanelSynthesizer.Find(parse.GetValue(scenario)!) with
                {
                    FmoControls = parse.GetValue(fmo), IntegerData = parse.GetValue(integer),
                };
                var manifest = MscPanelSynthesizer.Write(parse.GetValue(output)!, s, parse.GetValue(seed),
                    parse.GetValue(events));
                AnsiConsole.MarkupLine($"[green]{Markup.Escape(s.Name)}[/]: {Markup.Escape(s.Description)}");
                foreach (var f in manifest.Stained) AnsiConsole.MarkupLine($"  stained  {Markup.Escape(f)}");
                foreach (var f in manifest.Controls) AnsiConsole.MarkupLine($"  control  {Markup.Escape(f)}");
                var truth = string.Join(", ", manifest.TruePercentPositive.Select(kv => $"{kv.Key} {kv.Value:0.0}%"));
                AnsiConsole.MarkupLine($"  truth    {Markup.Escape(truth)}");
                AnsiConsole.MarkupLine($"  expected verdict with {Markup.Escape(manifest.Panel)}: " +
                    $"[bold]{manifest.ExpectedVerdict}[/]");
                var args = string.Join(' ', manifest.Stained.Select(f => $"--stained {f}")
                    .Concat(manifest.Controls.Select(f => $"--control {f}")));
                AnsiConsole.MarkupLine($"Next: [bold]stroma identity {Markup.Escape(args)} --panel " +
                    $"{Markup.Escape(manifest.Panel)}[/]");
                return 0;
            }
            catch (IdentityException ex)
            {
                Output.Fail(ex.Message);
                return 1;
            }
        });
        synth.Subcommands.Add(panel);
        return synth;
    }
}

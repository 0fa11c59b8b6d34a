using System.CommandLine;
using Spectre.Console;
using Stroma.Cli.Rendering;
using Stroma.Cytometry.Formats.Fcs;
using Stroma.Cytometry.Synthetic;

namespace Stroma.Cli.Commands;

/// <summary><c>stroma demo</c>: builds sample data with Stroma's own writer and shows what Stroma reads from it.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Folder for the demo files.", DefaultValueFactory = _ => "stroma-demo" };
        var events = new Option<int>("--events") { Description = "Events in the sample file.", DefaultValueFactory = _ => 20_000 };
        var command = new Command("demo", "Generate a synthetic MSC-like sample (FCS 3.1, with spillover, debris and doublets) and show it as `stroma fcs info` does.") { output, events };
        command.SetAction(parse =>
        {
            var folder = parse.GetValue(output)!;
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, "sample.fcs");
            DemoSample.Create().WriteFcs(path, parse.GetValue(events), [new("$CYT", "Stroma synthetic cytometer"), new("$SRC", "demo MSC sample")]);
            AnsiConsole.MarkupLine($"[green]wrote[/] {Markup.Escape(path)} with Stroma's FCS 3.1 writer");
            AnsiConsole.WriteLine();
            FcsInfoRenderer.Render(AnsiConsole.Console, FcsSummaries.Summarize(path, statistics: true));
            AnsiConsole.MarkupLine($"Next: [bold]stroma fcs info {Markup.Escape(path)} --json[/] or [bold]stroma fcs export {Markup.Escape(path)} --out sample.csv[/]");
            return 0;
        });
        return command;
    }
}

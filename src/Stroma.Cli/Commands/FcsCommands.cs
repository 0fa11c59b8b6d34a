using System.CommandLine;
using Spectre.Console;
using Stroma.Cli.Rendering;
using Stroma.Cytometry.Formats.Fcs;
using Stroma.Cytometry.Formats.Tabular;

namespace Stroma.Cli.Commands;

/// <summary><c>stroma fcs info|export</c>.</summary>
internal static class FcsCommands
{
    public static Command Create()
    {
        var fcs = new Command("fcs", "Read, inspect and export flow cytometry standard (FCS 2.0–3.2, LMD) files.");
        fcs.Subcommands.Add(Info());
        fcs.Subcommands.Add(Export());
        return fcs;
    }

    private static Command Info()
    {
        var files = new Argument<string[]>("FILE") { Arity = ArgumentArity.OneOrMore,
            Description = "FCS or LMD files." };
        var json = new Option<bool>("--json") { Description = "Print JSON: {\"files\":[{\"file\",\"datasets\":[…]}]}."
            };
        var stats = new Option<bool>("--stats") { Description = "Read all events and add min, max and mean of the " +
            "raw values per parameter." };
        var command = new Command("info", "Show version, events, data type, parameters, spillover and keywords of " +
            "each data set.") { files, json, stats };
        command.SetAction(parse =>
        {
            var summaries = parse.GetValue(files)!.Select(f => FcsSummaries.Summarize(f, parse.GetValue(stats)))
                .ToArray();
            if (parse.GetValue(json)) CliJson.Write(new { files = summaries });
            else foreach (var s in summaries) FcsInfoRenderer.Render(AnsiConsole.Console, s);
            // Non-zero when a file, or any data set of a multi-data-set file, could not be read.
            return summaries.Any(s => s.Error is not null || s.Datasets?.Any(d => d.Error is not null) == true) ? 1 : 0;
        });
        return command;
    }

    private static Command Export()
    {
        var file = new Argument<string>("FILE") { Description = "FCS or LMD file." };
        var output = new Option<string>("--out") { Description = "Output path.", Required = true };
        var format = new Option<EventExportFormat?>("--format")
            { Description = "csv or parquet (default: from the --out extension, else csv)." };
        var dataset = new Option<int>("--dataset") { Description = "0-based data set to export.",
            DefaultValueFactory = _ => 0 };
        var scale = new Option<bool>("--scale") { Description = "Export scaled values ($PnE log decoding, $PnG gain, " +
            "$TIMESTEP) instead of raw stored values." };
        var command = new Command("export", "Export events as CSV or Parquet: one column per parameter, raw stored " +
            "values unless --scale.") { file, output, format, dataset, scale };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var target = parse.GetValue(output)!;
            var chosen = parse.GetValue(format)
                ?? (target.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) ? EventExportFormat.Parquet
                    : EventExportFormat.Csv);
            try
            {
                var ds = FcsReader.Read(path, new FcsReadOptions { DatasetIndex = parse.GetValue(dataset),
                    Scale = parse.GetValue(scale) }).First;
                EventExport.Write(target, ds.RequireEvents(), chosen);
                Output.Error.MarkupLine($"[green]wrote[/] {Markup.Escape(target)}: {ds.EventCount:N0} events × " +
                    $"{ds.Parameters.Count} parameters ({chosen.ToString().ToLowerInvariant()}, " +
                    $"{(ds.IsScaled ? "scaled" : "raw")} values)");
                return 0;
            }
            catch (FcsFormatException ex)
            {
                Output.Fail(ex.Message);
                return 1;
            }
            catch (IOException ex)
            {
                Output.Fail($"cannot write {target}: {ex.Message}");
                return 1;
            }
        });
        return command;
    }
}

using Spectre.Console;
using Stroma.Cytometry.Formats.Fcs;

namespace Stroma.Cli.Rendering;

/// <summary>Tables for <c>stroma fcs info</c>.</summary>
internal static class FcsInfoRenderer
{
    public static void Render(IAnsiConsole console, FcsFileSummary file)
    {
        if (file.Error is not null)
        {
            console.MarkupLine($"[bold]{Markup.Escape(file.File)}[/]: [red]{Markup.Escape(file.Error)}[/]");
            console.WriteLine();
            return;
        }
        foreach (var ds in file.Datasets!)
        {
            var title = file.Datasets!.Count > 1 ? $"{file.File} — data set {ds.Index}" : file.File;
            console.MarkupLine($"[bold]{Markup.Escape(title)}[/]");
            if (ds.Error is not null)
            {
                console.MarkupLine($"  [red]cannot be read:[/] {Markup.Escape(ds.Error)}");
                foreach (var w in ds.Warnings) console.MarkupLine($"  [yellow]note:[/] {Markup.Escape(w)}");
                console.WriteLine();
                continue;
            }
            console.MarkupLine($"  {ds.Version} · {ds.Events:N0} events · {ds.Parameters.Count} parameters · " +
                $"$DATATYPE {ds.Datatype} · {ds.ByteOrder}-endian · {ds.Keywords.Count} keywords");
            var stats = ds.Parameters.Any(p => p.Mean is not null);
            var table = new Table().Border(TableBorder.Rounded);
            table.AddColumn("#").AddColumn("name").AddColumn("stain").AddColumn(new TableColumn("bits").RightAligned())
                 .AddColumn(new TableColumn("range").RightAligned()).AddColumn("$PnE");
            if (stats) table.AddColumn(new TableColumn("min").RightAligned())
                .AddColumn(new TableColumn("max").RightAligned()).AddColumn(new TableColumn("mean").RightAligned());
            for (var i = 0; i < ds.Parameters.Count; i++)
            {
                var p = ds.Parameters[i];
                var row = new List<string>
                {
                    (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(p.Name),
                        Markup.Escape(p.Stain ?? ""),
                    p.Bits == 0 ? "*" : p.Bits.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        Output.Number(p.Range), p.Amplification,
                };
                if (stats) row.AddRange([Output.Number(p.Min), Output.Number(p.Max), Output.Number(p.Mean)]);
                table.AddRow(row.ToArray());
            }
            console.Write(table);
            if (ds.Spillover is { } spill)
            {
                var shown = string.Join(", ", spill.Channels.Take(6)) + (spill.Channels.Count > 6 ? ", …" : "");
                console.MarkupLine($"  spillover: {spill.Channels.Count} channels ({Markup.Escape(shown)}) " +
                                   $"from {Markup.Escape(spill.Source)}");
            }
            else
                console.MarkupLine("  spillover: none declared");
            foreach (var w in ds.Warnings) console.MarkupLine($"  [yellow]note:[/] {Markup.Escape(w)}");
            console.WriteLine();
        }
    }
}

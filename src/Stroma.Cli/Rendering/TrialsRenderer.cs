using System.Globalization;
using Spectre.Console;
using Stroma.Trials.Extraction;
using Stroma.Trials.Formats;

namespace Stroma.Cli.Rendering;

/// <summary>Tables for <c>stroma trials</c>.</summary>
internal static class TrialsRenderer
{
    public static void Extractions(IAnsiConsole console, IReadOnlyList<TrialExtraction> rows)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn(new TableColumn("NCT").NoWrap());
        foreach (var c in new[] { "MSC", "product", "source", "match", "route", "dose", "doses", "passage", "priming",
            "eng." }) table.AddColumn(c);
        foreach (var e in rows)
        {
            var v = ExtractionScorer.AsGoldValues(e);
            var dose = e.Dose is null ? "" : $"{v["dose_low"]}–{v["dose_high"]} {e.Dose.Unit}";
            table.AddRow(new[] { e.NctId, v["msc_intervention"], v["product"], v["tissue_source"], v["match"],
                v["route"], dose, v["dose_count"], v["passage"], v["priming"], v["engineered"] }.Select(Markup.Escape)
                .ToArray());
        }
        console.Write(table);
        console.MarkupLine($"{rows.Count:N0} trials, {rows.Count(r => r.MscIntervention):N0} with an MSC intervention");
    }

    public static void Skipped(IAnsiConsole console, IReadOnlyList<TrialReadError> skipped)
    {
        foreach (var s in skipped) console.MarkupLine($"[yellow]skipped[/] " +
            $"{Markup.Escape(s.File)}{(s.Record is null ? "" : " " + Markup.Escape(s.Record))}" +
            $"{(s.Field is null ? "" : " (" + Markup.Escape(s.Field) + ")")}: {Markup.Escape(s.Error)}");
        if (skipped.Count > 0) console.MarkupLine($"[yellow]{skipped.Count:N0} skipped[/]");
    }

    public static void Scores(IAnsiConsole console, ScoreReport report, bool mismatches)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"{report.Scored} gold trials scored");
        table.AddColumn("field").AddColumn(new TableColumn("correct").RightAligned())
            .AddColumn(new TableColumn("scored").RightAligned()).AddColumn(new TableColumn("accuracy").RightAligned());
        foreach (var f in report.Fields)
            table.AddRow(f.Field, f.Correct.ToString(CultureInfo.InvariantCulture),
                f.Total.ToString(CultureInfo.InvariantCulture),
                f.Accuracy.ToString("P1", CultureInfo.InvariantCulture));
        console.Write(table);
        if (report.Missing.Count > 0) console.MarkupLine($"[yellow]not in the input:[/] " +
            $"{Markup.Escape(string.Join(", ", report.Missing))}");
        if (!mismatches) return;
        var m = new Table().Border(TableBorder.Simple);
        m.AddColumn("NCT").AddColumn("field").AddColumn("gold").AddColumn("extracted");
        foreach (var x in report.Mismatches) m.AddRow(Markup.Escape(x.NctId), x.Field, Markup.Escape(x.Gold),
            Markup.Escape(x.Extracted));
        console.Write(m);
    }
}

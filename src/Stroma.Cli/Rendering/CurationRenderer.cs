using System.Globalization;
using Spectre.Console;
using Stroma.Trials.Curation;

namespace Stroma.Cli.Rendering;

/// <summary>Terminal rendering of the review queue, one trial's fields and stored decisions.</summary>
internal static class CurationRenderer
{
    public static void Queue(IAnsiConsole console, IReadOnlyList<QueuedTrial> shown, int total, int open)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("NCT id").AddColumn("open fields").AddColumn("least certain").AddColumn("changed")
                .AddColumn("title");
        foreach (var q in shown)
            table.AddRow(Markup.Escape(q.Trial.NctId), q.Open.ToString(CultureInfo.InvariantCulture),
                Score(q.LeastCertain),
                q.Changed ? "[yellow]record changed[/]" : "",
                    Markup.Escape(q.Trial.BriefTitle ?? q.Trial.OfficialTitle ?? ""));
        console.Write(table);
        console.MarkupLine($"{open:N0} of {total:N0} trials have fields to review; {shown.Count:N0} shown, least " +
            $"certain first.");
    }

    public static void Trial(IAnsiConsole console, QueuedTrial item)
    {
        console.MarkupLine($"[bold]{Markup.Escape(item.Trial.NctId)}[/] {Markup.Escape(item.Trial.BriefTitle ?? "")}");
        console.MarkupLine($"[grey]fingerprint {item.Fingerprint}; {item.Open} required field(s) open[/]");
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("field").AddColumn("extracted").AddColumn("confidence").AddColumn("review")
                .AddColumn("evidence and signals");
        foreach (var f in item.Fields)
        {
            var review = f.State switch
            {
                ReviewState.Reviewed =>
                    $"[green]{(f.Decision!.Action == CurationAction.Accept ? "accepted"
                        : "corrected: " + Markup.Escape(f.Decision.Value))}[/] " +
                    $"by {Markup.Escape(f.Decision.DecidedBy)}",
                ReviewState.Changed => "[yellow]record changed since review[/]",
                _ => f.Required ? "[red]open[/]" : "[grey]not needed[/]",
            };
            var why = string.Join("\n", f.Confidence.Evidence.Select(e =>
                $"[italic]{Markup.Escape(e.Field)}:[/] {Markup.Escape(e.Text)}")
                .Concat(f.Confidence.Signals.Select(s =>
                    $"[grey]{(s.Weight >= 0 ? "+" : "")}{s.Weight.ToString("0.00", CultureInfo.InvariantCulture)} " +
                    $"{Markup.Escape(s.Reason)}[/]")));
            table.AddRow(Markup.Escape(f.Field), Markup.Escape(f.Extracted.Length == 0 ? "(none)" : f.Extracted),
                Score(f.Confidence.Score), review, why);
        }
        console.Write(table);
    }

    public static void Decision(IAnsiConsole console, CurationDecision d) =>
        console.MarkupLine($"[green]{(d.Action == CurationAction.Accept ? "accepted" : "corrected")}[/] " +
            $"{Markup.Escape(d.NctId)} " +
                           $"{Markup.Escape(d.Field)} = {Markup.Escape(d.Value.Length == 0 ? "(none)" : d.Value)} by " +
                               $"{Markup.Escape(d.DecidedBy)}" +
                           (d.Reason is null ? "" : $" ({Markup.Escape(d.Reason)})"));

    private static string Score(double score)
    {
        var level = ExtractionConfidence.LevelOf(score);
        var colour = level switch { ConfidenceLevel.Low => "red", ConfidenceLevel.Medium => "yellow", _ => "green" };
        return $"[{colour}]{score.ToString("0.00", CultureInfo.InvariantCulture)} " +
            $"{level.ToString().ToLowerInvariant()}[/]";
    }
}

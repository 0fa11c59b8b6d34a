using Spectre.Console;
using Stroma.Knowledge.Readiness;

namespace Stroma.Cli.Rendering;

/// <summary>The table for <c>stroma readiness</c>.</summary>
internal static class ReadinessRenderer
{
    public static void Render(IAnsiConsole console, ReadinessReport report)
    {
        console.MarkupLine($"[bold]{Markup.Escape(report.LotId ?? "(no lot id)")}[/] — " +
            $"{Markup.Escape(report.Label.Text)}");
        console.MarkupLine($"verdict: {Verdict(report)} · {report.Flags.Count} flags · {report.NotAssessable.Count} " +
            $"not assessable · {report.Passed.Count} passed · rules {report.RulesVersion}");
        if (report.Flags.Count > 0)
        {
            var table = new Table().Border(TableBorder.Rounded);
            table.AddColumn("severity").AddColumn("rule").AddColumn("finding").AddColumn("source");
            foreach (var f in report.Flags)
                table.AddRow(KnowledgeRenderer.Severity(f.Severity), Markup.Escape(f.RuleId), Markup.Escape(f.Message),
                    KnowledgeRenderer.Sections(f.Sources));
            console.Write(table);
        }
        foreach (var n in report.NotAssessable)
            console.MarkupLine($"  [dim]not assessable:[/] {Markup.Escape(n.RuleId)} ({Markup.Escape(n.Title)}) — " +
                $"needs {Markup.Escape(string.Join(", ", n.MissingFields))}");
        if (!report.Label.IsComplete)
            console.MarkupLine($"  [dim]label incomplete: " +
                $"{Markup.Escape(string.Join(", ", report.Label.MissingTerms))} unknown[/]");
    }

    private static string Verdict(ReadinessReport report) =>
        report.Highest is { } s ? KnowledgeRenderer.Severity(s) : "[green]clear[/]";
}

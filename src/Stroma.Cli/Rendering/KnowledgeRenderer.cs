using Spectre.Console;
using Stroma.Knowledge;
using Stroma.Knowledge.Readiness;

namespace Stroma.Cli.Rendering;

/// <summary>Tables for <c>stroma knowledge</c>.</summary>
internal static class KnowledgeRenderer
{
    public static void Topics(IAnsiConsole console, IReadOnlyList<IKnowledgeTopic> topics)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("topic").AddColumn("title").AddColumn(new TableColumn("entries").RightAligned())
            .AddColumn("version");
        foreach (var t in topics)
            table.AddRow(Markup.Escape(t.Id), Markup.Escape(t.Title),
                t.Entries.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), t.Version);
        console.Write(table);
        console.MarkupLine("[dim]stroma knowledge show TOPIC [[ENTRY]] for entries and their citations of the " +
            "review.[/]");
    }

    public static void Topic(IAnsiConsole console, IKnowledgeTopic topic, IReadOnlyList<RuleParameter>? parameters)
    {
        console.MarkupLine($"[bold]{Markup.Escape(topic.Title)}[/] ({Markup.Escape(topic.Id)} {topic.Version}) · " +
            $"{topic.Entries.Count} entries");
        console.MarkupLine($"[dim]{Markup.Escape(topic.Description)}[/]");
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("id").AddColumn("name").AddColumn("summary").AddColumn("cited sections");
        foreach (var e in topic.Entries)
            table.AddRow(Markup.Escape(e.Id), Markup.Escape(e.Name), Markup.Escape(e.Summary),
                Markup.Escape(Sections(e.Facts.Select(f => f.Source))));
        console.Write(table);
        if (topic.Entries.OfType<ApprovedProduct>().Any(p => p.ExternalFields.Count > 0))
            console.MarkupLine("[dim]† not stated in the review's text; the entry's facts cite the outside source.[/]");
        if (parameters is not null) Parameters(console, parameters);
    }

    public static void Entry(IAnsiConsole console, IKnowledgeTopic topic, IKnowledgeEntry entry)
    {
        console.MarkupLine(
            $"[bold]{Markup.Escape(entry.Name)}[/] ({Markup.Escape(topic.Id)}/{Markup.Escape(entry.Id)})");
        if (entry.Aliases.Count > 0) console.MarkupLine($"  also: {Markup.Escape(string.Join(", ", entry.Aliases))}");
        if (entry is ReadinessRule rule)
        {
            console.MarkupLine($"  severity: {KnowledgeRenderer.Severity(rule.Severity)}");
            console.MarkupLine($"  when: {Markup.Escape(rule.Condition)}");
            console.MarkupLine($"  says: {Markup.Escape(rule.Message)}");
            console.MarkupLine($"  why:  {Markup.Escape(rule.Rationale)}");
        }
        else console.MarkupLine($"  {Markup.Escape(entry.Summary)}");
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("aspect").AddColumn("fact").AddColumn("source");
        foreach (var f in entry.Facts) table.AddRow(Markup.Escape(f.Aspect), Markup.Escape(f.Text), Source(f.Source));
        console.Write(table);
    }

    private static void Parameters(IAnsiConsole console, IReadOnlyList<RuleParameter> parameters)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title("parameters (override with stroma readiness --set NAME=VALUE)");
        table.AddColumn("name").AddColumn(new TableColumn("default").RightAligned()).AddColumn("unit")
            .AddColumn("bounds").AddColumn("source");
        foreach (var p in parameters)
            table.AddRow(Markup.Escape(p.Name), Output.Number(p.Value), Markup.Escape(p.Unit),
                Markup.Escape(p.Description), Source(p.Source));
        console.Write(table);
    }

    public static string Source(Citation c)
    {
        var text = Markup.Escape(c.Reference is null ? $"§{c.Section}" : $"§{c.Section} ({c.Reference})");
        return c.External is null ? text : $"{text}\n[yellow]† {Markup.Escape(c.External)}[/]";
    }

    public static string Severity(ReadinessSeverity severity) => severity switch
    {
        ReadinessSeverity.Stop => "[bold red]stop[/]",
        ReadinessSeverity.Caution => "[yellow]caution[/]",
        _ => "[blue]info[/]",
    };

    // Section numbers only ("2.1.1, 3.3"), enough to see where in the review an entry is grounded.
    public static string Sections(IEnumerable<Citation> citations) =>
        string.Join(", ", citations.Select(c => c.Section.Split(' ')[0]).Distinct(StringComparer.Ordinal)) +
        (citations.Any(c => c.IsExternal) ? " †" : "");
}

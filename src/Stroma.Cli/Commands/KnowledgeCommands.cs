using System.CommandLine;
using Spectre.Console;
using Stroma.Cli.Rendering;
using Stroma.Knowledge;

namespace Stroma.Cli.Commands;

/// <summary><c>stroma knowledge list|show|label</c>.</summary>
internal static class KnowledgeCommands
{
    public static Command Create()
    {
        var knowledge = new Command("knowledge", "The review's knowledge as cited data: tissue sources, markers, " +
            "culture and priming factors, mediators, approved products, routes, QC tests, readiness rules.");
        knowledge.Subcommands.Add(List());
        knowledge.Subcommands.Add(Show());
        knowledge.Subcommands.Add(Label());
        return knowledge;
    }

    private static Command List()
    {
        var json = new Option<bool>("--json") { Description =
            "Print JSON: {\"topics\":[{\"id\",\"title\",\"version\",\"description\",\"entries\"}]}." };
        var command = new Command("list", "List the topics with their data version and entry count.") { json };
        command.SetAction(parse =>
        {
            var topics = KnowledgeBase.Default.Topics;
            if (parse.GetValue(json))
                CliJson.Write(new { topics = topics.Select(t =>
                    new { t.Id, t.Title, t.Version, t.Description, Entries = t.Entries.Count }) });
            else KnowledgeRenderer.Topics(AnsiConsole.Console, topics);
            return 0;
        });
        return command;
    }

    private static Command Show()
    {
        var topicArg = new Argument<string>("TOPIC")
            { Description = "Topic id or a unique prefix (e.g. markers, prod, readiness-rules)." };
        var entryArg = new Argument<string?>("ENTRY") { Arity = ArgumentArity.ZeroOrOne,
            Description = "Entry id or alias (e.g. CD142, BM, IFN-γ); all entries when omitted." };
        var json = new Option<bool>("--json") { Description = "Print JSON: {\"topic\":{…},\"entries\":[…]} or " +
            "{\"topic\":{…},\"entry\":{…}}." };
        var command = new Command("show", "Show a topic's entries, or one entry with its cited facts.")
            { topicArg, entryArg, json };
        command.SetAction(parse =>
        {
            var kb = KnowledgeBase.Default;
            var name = parse.GetValue(topicArg)!;
            if (kb.FindTopic(name) is not { } topic)
            {
                Output.Fail($"no topic '{name}'; topics: {string.Join(", ", kb.Topics.Select(t => t.Id))}");
                return 1;
            }
            var header = new { topic.Id, topic.Title, topic.Version, topic.Description };
            // Rules carry their thresholds; other topics have none.
            var parameters = topic == kb.ReadinessRules ? kb.ReadinessRules.Parameters : null;
            if (parse.GetValue(entryArg) is not { } entryName)
            {
                if (parse.GetValue(json)) CliJson.Write(new { topic = header, parameters,
                    entries = topic.Entries.Cast<object>() });
                else KnowledgeRenderer.Topic(AnsiConsole.Console, topic, parameters);
                return 0;
            }
            if (topic.Find(entryName) is not { } entry)
            {
                Output.Fail($"no {topic.Id} entry '{entryName}'; entries: " +
                    $"{string.Join(", ", topic.Entries.Select(e => e.Id))}");
                return 1;
            }
            if (parse.GetValue(json)) CliJson.Write(new { topic = header, entry = (object)entry });
            else KnowledgeRenderer.Entry(AnsiConsole.Console, topic, entry);
            return 0;
        });
        return command;
    }

    private static Command Label()
    {
        var donor = new Option<DonorType?>("--donor-type") { Description = "autologous or allogeneic." };
        var species = new Option<string?>("--species") { Description = "Species of origin (e.g. human)." };
        var source = new Option<string?>("--source")
            { Description = "Tissue-source id or alias (e.g. adipose, BM, Wharton's jelly)." };
        var cellType = new Option<MscCellType?>("--cell-type") { Description = "stem, stromal or progenitor." };
        var json = new Option<bool>("--json") { Description =
            "Print JSON: {\"text\",\"abbreviation\",\"missingTerms\",\"isComplete\"}." };
        var command = new Command("label", "Name a product per the review's nomenclature: donor type, species, " +
            "tissue source, cell type.") { donor, species, source, cellType, json };
        command.SetAction(parse =>
        {
            TissueSource? tissue = null;
            if (parse.GetValue(source) is { } s && (tissue = KnowledgeBase.Default.TissueSources.Find(s)) is null)
            {
                Output.Fail($"no tissue source '{s}'; known: " +
                    $"{string.Join(", ", KnowledgeBase.Default.TissueSources.Entries.Select(e => e.Id))}");
                return 1;
            }
            var label = MscNomenclature.Label(parse.GetValue(donor), parse.GetValue(species), tissue,
                parse.GetValue(cellType));
            if (parse.GetValue(json)) CliJson.Write(label);
            else
            {
                Console.Out.WriteLine(label.Text);
                if (!label.IsComplete) Output.Warn($"incomplete label: {string.Join(", ", label.MissingTerms)} not " +
                    $"given");
            }
            return 0;
        });
        return command;
    }
}

using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;
using Spectre.Console;
using Stroma.Cli.Rendering;
using Stroma.Cytometry;
using Stroma.Cytometry.Formats.Fcs;
using Stroma.Cytometry.Formats.GatingMl;
using Stroma.Cytometry.Gating;

namespace Stroma.Cli.Commands;

/// <summary><c>stroma gate FCS --gatingml XML [--json] [--membership OUT.csv]</c>.</summary>
internal static class GateCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FCS") { Description = "FCS file to gate." };
        var gatingml = new Option<string>("--gatingml") { Description = "GatingML 2.0 file with the gates.",
            Required = true };
        var json = new Option<bool>("--json") { Description =
            "Print {\"file\",\"gates\":[{\"id\",\"parent\",\"count\",\"percentOfParent\"}]}." };
        var membership = new Option<string?>("--membership")
            { Description = "Write per-event membership CSV (one 0/1 column per gate or quadrant)." };
        var dataset = new Option<int>("--dataset") { Description = "0-based data set of the FCS file.",
            DefaultValueFactory = _ => 0 };
        var command = new Command("gate", "Apply GatingML 2.0 gates (compensation, transforms, all gate types) to an " +
            "FCS file and report each population.")
        {
            file, gatingml, json, membership, dataset,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            try
            {
                // STROMA_TIMINGS=1 prints the stage times to stderr (profiling; bench/run.sh gate prints them).
                var timings = Environment.GetEnvironmentVariable("STROMA_TIMINGS") == "1" ? Stopwatch.StartNew() : null;
                // The GatingML document is parsed while the FCS header and TEXT are read; its errors are still reported
                // first. Only the parameters the gates use are decoded (issue 18: the unused ones cost memory).
                var gatingmlPath = parse.GetValue(gatingml)!;
                var parsing = Task.Run(() => GatingMlReader.Read(gatingmlPath));
                FcsDataset? sample = null;
                CytometryException? readError = null;
                try
                {
                    sample = FcsReader.Read(path, new FcsReadOptions
                    {
                        DatasetIndex = parse.GetValue(dataset),
                        SelectParameters = UsedBy(parsing),
                    }).First;
                }
                catch (CytometryException ex)
                {
                    readError = ex;
                }
                var readMs = timings?.Elapsed.TotalMilliseconds;
                var strategy = parsing.GetAwaiter().GetResult();
                if (readError is not null) ExceptionDispatchInfo.Throw(readError);
                var parsedMs = timings?.Elapsed.TotalMilliseconds;
                var results = strategy.Apply(sample!);
                if (timings is not null)
                {
                    var now = timings.Elapsed.TotalMilliseconds;
                    var age = (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds;
                    Console.Error.Write(FormattableString.Invariant($"startup_ms={age - now:F1} "));
                    Console.Error.Write(FormattableString.Invariant($"fcs_read_ms={readMs:F1} "));
                    Console.Error.WriteLine(FormattableString.Invariant(
                        $"gatingml_wait_ms={parsedMs - readMs:F1} apply_ms={now - parsedMs:F1}"));
                }
                if (parse.GetValue(membership) is { } target) results.WriteMembershipCsv(target);
                var gates = results.Populations.Select(p =>
                    new { id = p.Id, parent = p.ParentId, count = p.Count, percentOfParent = p.PercentOfParent })
                    .ToArray();
                if (parse.GetValue(json)) CliJson.Write(new { file = path, gates });
                else Render(path, results);
                return 0;
            }
            catch (CytometryException ex)
            {
                Output.Fail(ex.Message);
                return 1;
            }
        });
        return command;
    }

    /// <summary>
    /// The parameters the strategy being parsed reads from a data set; all of them (null) when the document cannot
    /// be read or its gates do not fit the sample, whose errors are reported once the read is done.
    /// </summary>
    private static Func<FcsDataset, IReadOnlyCollection<string>?> UsedBy(Task<GatingStrategy> parsing) => metadata =>
    {
        try
        {
            return parsing.GetAwaiter().GetResult().ParametersUsed(metadata);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return null;
        }
    };

    private static void Render(string path, GatingResults results)
    {
        var tree = new Tree($"[bold]{Markup.Escape(path)}[/] — {results.EventCount:N0} events");
        var nodes = new Dictionary<string, TreeNode>(StringComparer.Ordinal);
        foreach (var p in results.Populations)
        {
            var label = $"{Markup.Escape(p.Id)}  [grey]{p.Count:N0} events · " +
                $"{p.PercentOfParent.ToString("0.##", CultureInfo.InvariantCulture)}% of " +
                $"{Markup.Escape(p.ParentId ?? "all")}[/]";
            nodes[p.Id] = p.ParentId is not null && nodes.TryGetValue(p.ParentId, out var parent)
                ? parent.AddNode(label) : tree.AddNode(label);
        }
        AnsiConsole.Write(tree);
    }
}

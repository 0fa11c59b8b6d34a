using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Stroma.Cli.Rendering;
using Stroma.Cytometry;
using Stroma.Cytometry.Compensation;
using Stroma.Cytometry.Formats.FlowJo;
using Stroma.Cytometry.Formats.GatingMl;
using Stroma.Identity;
using Stroma.Identity.Analysis;
using Stroma.Identity.Panels;
using Stroma.Reports.Identity;

namespace Stroma.Cli.Commands;

/// <summary>
/// <c>stroma identity</c>: ISCT (or other panel) immunophenotype verdicts from stained and control tubes.
/// Exit codes: 0 pass, 3 fail, 4 inconclusive, 1 bad input (with --batch: 1 when a sample could not be analysed,
/// else the worst verdict, fail before inconclusive).
/// </summary>
internal static class IdentityCommand
{
    /// <summary>Exit code of a failing verdict.</summary>
    public const int FailExit = 3;

    /// <summary>Exit code of an inconclusive verdict.</summary>
    public const int InconclusiveExit = 4;

    public static Command Create()
    {
        var stained = new Option<string[]>("--stained") { Description = "Stained tube FCS file (repeatable).",
            AllowMultipleArgumentsPerToken = true };
        var control = new Option<string[]>("--control")
            { Description = "Control tube FCS file: isotype, FMO or unstained (repeatable).",
            AllowMultipleArgumentsPerToken = true };
        var panel = new Option<string>("--panel") { Description = "Panel: isct-2006, ifats-isct-2013, or a JSON file.",
            DefaultValueFactory = _ => "isct-2006" };
        var marker = new Option<string[]>("--marker")
            { Description = "Map a marker to a channel, e.g. CD73=APC-A (repeatable)." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var report = new Option<string?>("--report") { Description = "Write a self-contained HTML report." };
        var percentile = new Option<double>("--percentile")
            { Description = "Control percentile that sets each positivity threshold.", DefaultValueFactory = _ =>
            99.5 };
        var spillover = new Option<string?>("--spillover")
            { Description = "Spillover matrix CSV to use instead of the files' own." };
        var positivity = new Option<string>("--positivity")
        {
            Description = "Judge criteria on 'net' % positive (control background subtracted; default) or 'gross'.",
            DefaultValueFactory = _ => nameof(PositivityRule.Net).ToLowerInvariant(),
        };
        positivity.AcceptOnlyFromAmong([.. Enum.GetNames<PositivityRule>().Select(n => n.ToLowerInvariant())]);
        var noComp = new Option<bool>("--no-compensation")
            { Description = "Analyse uncompensated data (for comparison only)." };
        var gatingml = new Option<string?>("--gatingml")
            { Description = "Use gates from a GatingML 2.0 file instead of automatic cell/singlet gates." };
        var wsp = new Option<string?>("--wsp")
        {
            Description = "Use a FlowJo 10 workspace's gates: each tube is gated by its own sample "
                          + "(matched by FCS file name).",
        };
        var population = new Option<string?>("--population")
        {
            Description = "Population to analyse: a --gatingml gate id (default: the last) or a --wsp path, "
                          + "e.g. /Cells/Singlets.",
        };
        var batch = new Option<string?>("--batch")
            { Description = "Manifest CSV (sample,stained,control[,panel][,markers]) for many samples." };
        var output = new Option<string?>("--out") { Description = "Output folder for --batch." };
        var command = new Command("identity", "Judge an MSC product's immunophenotype against a marker panel (ISCT " +
            "2006 by default) from stained and control tubes.")
        {
            stained, control, panel, marker, json, report, percentile, positivity, spillover, noComp, gatingml,
            wsp, population, batch, output,
        };
        command.SetAction(parse =>
        {
            try
            {
                var stainedTubes = parse.GetValue(stained) ?? [];
                var controlTubes = parse.GetValue(control) ?? [];
                var workspace = parse.GetValue(wsp);
                if (workspace is not null && parse.GetValue(gatingml) is not null)
                    throw new IdentityException("Give either --wsp or --gatingml, not both.");
                if (workspace is not null && parse.GetValue(batch) is not null)
                    throw new IdentityException("--wsp cannot be combined with --batch; run each sample on its own.");
                var workspaceGates = workspace is null ? null : WorkspaceGates.FromFlowJo(FlowJoReader.Read(workspace),
                    parse.GetValue(population)
                        ?? throw new IdentityException("--wsp needs --population PATH, e.g. /Cells/Singlets."),
                    stainedTubes.Concat(controlTubes));
                var template = new IdentityRequest
                {
                    Stained = stainedTubes,
                    Controls = controlTubes,
                    Panel = IdentityPanel.Load(parse.GetValue(panel)!),
                    MarkerChannels = ParseMarkers(parse.GetValue(marker) ?? []),
                    Percentile = parse.GetValue(percentile),
                    Positivity = Enum.Parse<PositivityRule>(parse.GetValue(positivity)!, ignoreCase: true),
                    Compensate = !parse.GetValue(noComp),
                    Spillover = parse.GetValue(spillover) is { } csv ? SpilloverCsv.Read(csv) : null,
                    Gates = parse.GetValue(gatingml) is { } xml ? GatingMlReader.Read(xml) : null,
                    Population = workspaceGates is null ? parse.GetValue(population) : null,
                    Workspace = workspaceGates,
                };
                if (parse.GetValue(batch) is { } manifest)
                    return RunBatch(manifest, parse.GetValue(output)
                        ?? throw new IdentityException("--batch needs --out DIR."), template);
                if (template.Stained.Count == 0) throw new IdentityException("Give at least one --stained tube (or " +
                    "--batch MANIFEST.csv).");

                var result = IdentityAnalyzer.Analyze(template);
                if (parse.GetValue(report) is { } html)
                {
                    IdentityReport.Write(result, html);
                    Output.Error.MarkupLine($"[green]report[/] {Markup.Escape(html)}");
                }
                if (parse.GetValue(json)) Console.Out.WriteLine(JsonSerializer.Serialize(result, IdentityBatch.Json));
                else Render(result);
                return Exit(result.Verdict);
            }
            catch (Exception ex) when (ex is IdentityException or CytometryException or IOException)
            {
                Output.Fail(ex.Message);
                return 1;
            }
        });
        return command;
    }

    private static Dictionary<string, string> ParseMarkers(string[] values) =>
        values.Select(v => v.Split('=', 2)).ToDictionary(
            p => p[0].Trim(),
            p => p.Length == 2 && p[1].Trim().Length > 0 ? p[1].Trim()
                : throw new IdentityException($"--marker '{string.Join('=', p)}' needs the form MARKER=CHANNEL, e.g. " +
                $"CD73=APC-A."));

    private static int RunBatch(string manifest, string folder, IdentityRequest template)
    {
        var samples = IdentityBatch.ReadManifest(manifest);
        IReadOnlyList<BatchOutcome> outcomes = [];
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }).Progress()
            .Start(ctx =>
        {
            var task = ctx.AddTask($"identity: {samples.Count} samples", maxValue: samples.Count);
            outcomes = IdentityBatch.Run(samples, folder, template,
                (outcome, stem) => { if (outcome.Result is not null) IdentityReport.Write(outcome.Result,
                    stem + ".html"); },
                new Progress<int>(n => task.Value = n));
            task.Value = samples.Count;
        });
        var table = new Table().Border(TableBorder.Rounded).AddColumn("sample").AddColumn("verdict")
            .AddColumn("reason");
        foreach (var o in outcomes)
            table.AddRow(Markup.Escape(o.Sample), Verdict(o.Result?.Verdict),
                Markup.Escape(o.Result?.Reason ?? o.Error ?? ""));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"summary: {Markup.Escape(Path.Combine(folder, "summary.csv"))}");
        if (outcomes.Any(o => o.Error is not null)) return 1;
        var verdicts = outcomes.Select(o => o.Result!.Verdict).ToArray();
        if (verdicts.Contains(IdentityVerdict.Fail)) return FailExit;
        return verdicts.Contains(IdentityVerdict.Inconclusive) ? InconclusiveExit : 0;
    }

    private static int Exit(IdentityVerdict verdict) => verdict switch
    {
        IdentityVerdict.Pass => 0,
        IdentityVerdict.Fail => FailExit,
        _ => InconclusiveExit,
    };

    private static string Verdict(IdentityVerdict? verdict) => verdict switch
    {
        IdentityVerdict.Pass => "[green]pass[/]",
        IdentityVerdict.Fail => "[red]fail[/]",
        IdentityVerdict.Inconclusive => "[yellow]inconclusive[/]",
        _ => "[red]error[/]",
    };

    private static void Render(IdentityResult result)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(result.Panel)}[/]: {Verdict(result.Verdict)} — " +
            $"{Markup.Escape(result.Reason)}");
        AnsiConsole.MarkupLine($"events {result.Events.Total:N0} · cells {result.Events.Cells:N0} · singlets " +
            $"{result.Events.Singlets:N0}");
        if (result.Parameters.GetValueOrDefault("gatesSource") is { } source
            && source.StartsWith("FlowJo", StringComparison.Ordinal))
        {
            var population = Markup.Escape(result.Parameters["population"]);
            AnsiConsole.MarkupLine($"gating: population {population} from {Markup.Escape(source)}");
        }
        var rule = result.Positivity == PositivityRule.Gross ? "gross" : "net";
        AnsiConsole.MarkupLine($"criteria judged on [bold]{rule}[/] % positive (why: --json parameters.positivity)");
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("marker").AddColumn("channel").AddColumn("criterion")
             .AddColumn(new TableColumn("gross %").RightAligned())
             .AddColumn(new TableColumn("control %").RightAligned()).AddColumn(new TableColumn("net %").RightAligned())
             .AddColumn($"95% CI ({rule})").AddColumn(new TableColumn("threshold").RightAligned()).AddColumn("result");
        foreach (var m in result.Markers)
        {
            var outcome = m.Pass switch
            {
                true when m.Borderline => "[yellow]pass (borderline)[/]",
                true => "[green]pass[/]",
                false => m.Borderline ? "[red]fail (borderline)[/]" : "[red]fail[/]",
                null when m.PercentPositive is null => "[yellow]not measured[/]",
                _ => "reported",
            };
            var kind = m.ControlKind?.ToString().ToLowerInvariant();
            var control = m.ControlPercent is { } c ? $"{Num(c)} ({kind})" : "—";
            table.AddRow(Markup.Escape(m.Marker), Markup.Escape(m.Channel ?? "—"), Markup.Escape(m.Criterion ?? ""),
                m.GrossPercent is { } g ? Num(g) : "—", control, m.NetPercent is { } n ? Num(n) : "—",
                m.Ci95 is { } ci ? $"{Num(ci[0])}–{Num(ci[1])}" : "—",
                m.Threshold?.ToString("0.#", CultureInfo.InvariantCulture) ?? "—", outcome);
        }
        AnsiConsole.Write(table);
    }

    private static string Num(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}

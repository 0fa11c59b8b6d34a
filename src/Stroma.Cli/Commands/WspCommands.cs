using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Stroma.Cli.Rendering;
using Stroma.Cytometry;
using Stroma.Cytometry.Formats.FlowJo;

namespace Stroma.Cli.Commands;

/// <summary><c>stroma wsp info|gate|export</c>: FlowJo 10 workspaces.</summary>
internal static class WspCommands
{
    public static Command Create()
    {
        var wsp = new Command("wsp", "Import FlowJo 10 workspaces (.wsp): inspect, gate their FCS files, export " +
            "GatingML 2.0.");
        wsp.Subcommands.Add(Info());
        wsp.Subcommands.Add(Gate());
        wsp.Subcommands.Add(Export());
        return wsp;
    }

    private static Argument<string> WorkspaceArgument() => new("WSP") { Description = "FlowJo 10 workspace (.wsp)." };

    private static Command Info()
    {
        var file = WorkspaceArgument();
        var json = new Option<bool>("--json") { Description = "Print groups, samples, compensation, transforms and " +
            "populations as JSON." };
        var command = new Command("info", "Show groups, samples with their FCS files, compensation, transforms and " +
            "the population tree.") { file, json };
        command.SetAction(parse => Run(() =>
        {
            var path = parse.GetValue(file)!;
            var workspace = FlowJoReader.Read(path);
            if (parse.GetValue(json)) CliJson.Write(InfoJson(path, workspace));
            else RenderInfo(path, workspace);
            return 0;
        }));
        return command;
    }

    private static object InfoJson(string path, FlowJoWorkspace ws) => new
    {
        workspace = path,
        version = ws.Version,
        flowJoVersion = ws.FlowJoVersion,
        groups = ws.Groups.Select(g => new
        {
            name = g.Name,
            samples = g.SampleIds.Select(id => ws.Samples.FirstOrDefault(s => s.Id == id)?.Name ?? id).ToArray(),
        }),
        samples = ws.Samples.Select(s => new
        {
            sample = s.Name,
            id = s.Id,
            file = s.FileName,
            uri = s.Uri,
            events = s.EventCount,
            compensation = new
            {
                kind = s.Compensation.Kind switch
                {
                    FlowJoCompensationKind.AcquisitionDefined => "acquisition-defined",
                    FlowJoCompensationKind.Workspace => "workspace",
                    _ => "none",
                },
                name = s.Compensation.Name,
                prefix = s.Compensation.Prefix,
                suffix = s.Compensation.Suffix,
                matrix = s.Compensation.Matrix is { } m
                    ? new { fluorochromes = m.Fluorochromes, detectors = m.Detectors, coefficients = m.Coefficients }
                    : null,
            },
            transforms = s.Transforms.Select(t => new { parameter = t.Parameter, kind = t.Kind,
                parameters = t.Parameters }),
            populations = s.Populations.Select(p => new
            {
                path = p.Path,
                name = p.Name,
                parent = p.ParentPath,
                gate = p.GateKind,
                @operator = p.Operator?.ToString().ToLowerInvariant(),
                complement = p.Complement,
                dimensions = p.Dimensions,
                flowjoCount = p.FlowJoCount,
            }),
        }),
    };

    private static void RenderInfo(string path, FlowJoWorkspace ws)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(path)}[/] — FlowJo {Markup.Escape(ws.FlowJoVersion ?? "?")}, " +
            $"workspace version {Markup.Escape(ws.Version)}");
        foreach (var g in ws.Groups)
            AnsiConsole.MarkupLine($"group [bold]{Markup.Escape(g.Name)}[/]: {g.SampleIds.Count} sample(s)");
        foreach (var s in ws.Samples)
        {
            var comp = s.Compensation.Kind == FlowJoCompensationKind.None ? "none"
                : $"{s.Compensation.Kind} '{s.Compensation.Name}'";
            var tree = new Tree($"[bold]{Markup.Escape(s.Name)}[/] ({Markup.Escape(s.FileName)}) — compensation " +
                $"{Markup.Escape(comp)}");
            var transforms = tree.AddNode("transforms");
            foreach (var t in s.Transforms)
                transforms.AddNode(Markup.Escape($"{t.Parameter}: {t.Kind} " +
                    string.Join(' ', t.Parameters.Select(p =>
                        $"{p.Key}={p.Value.ToString(CultureInfo.InvariantCulture)}"))));
            var nodes = new Dictionary<string, TreeNode>(StringComparer.Ordinal);
            foreach (var p in s.Populations)
            {
                var label = $"{Markup.Escape(p.Name)}  [grey]{p.GateKind}{(p.Complement ? " (outside)" : "")} " +
                    $"{Markup.Escape(string.Join(" × ", p.Dimensions))}" +
                    $"{(p.FlowJoCount is { } c ? $" · FlowJo {c:N0}" : "")}[/]";
                nodes[p.Path] = p.ParentPath is { } parent && nodes.TryGetValue(parent, out var n) ? n.AddNode(label)
                    : tree.AddNode(label);
            }
            AnsiConsole.Write(tree);
        }
    }

    private static Command Gate()
    {
        var file = WorkspaceArgument();
        var fcs = new Option<string[]>("--fcs")
        {
            Description = "FCS folders or files, matched by file name (default: the workspace's folder).",
            AllowMultipleArgumentsPerToken = true,
        };
        var sample = new Option<string?>("--sample") { Description = "Gate only this sample." };
        var json = new Option<bool>("--json") { Description = "Print {\"workspace\",\"samples\":[…],\"missing\":[…]}."
            };
        var command = new Command("gate", "Apply each sample's workspace gating to its FCS file; print Stroma's " +
            "count beside FlowJo's.")
        {
            file, fcs, sample, json,
        };
        command.SetAction(parse => Run(() =>
        {
            var path = parse.GetValue(file)!;
            var workspace = FlowJoReader.Read(path);
            var report = FlowJoAnalysis.Run(workspace, path, parse.GetValue(fcs) ?? [], parse.GetValue(sample));
            if (parse.GetValue(json))
            {
                CliJson.Write(new
                {
                    workspace = report.Workspace,
                    samples = report.Samples.Select(s => new
                    {
                        sample = s.Sample,
                        file = s.File,
                        events = s.Events,
                        populations = s.Populations.Select(p => new
                        {
                            path = p.Path, gate = p.Gate, count = p.Count, flowjoCount = p.FlowJoCount,
                                percentOfParent = p.PercentOfParent,
                        }),
                    }),
                    missing = report.Missing.Select(m => new { sample = m.Sample, file = m.File, reason = m.Reason }),
                });
            }
            else RenderCounts(report);
            foreach (var m in report.Missing) Output.Warn($"sample '{m.Sample}' ({m.File}) not gated: {m.Reason}");
            return report.Samples.Count == 0 && report.Missing.Count > 0 ? 1 : 0;
        }));
        return command;
    }

    private static void RenderCounts(FlowJoGatingReport report)
    {
        foreach (var s in report.Samples)
        {
            var table = new Table().Title($"{Markup.Escape(s.Sample)} — {Markup.Escape(s.File)}, {s.Events:N0} events");
            table.AddColumns("Population", "Gate", "Stroma", "FlowJo", "% of parent");
            foreach (var p in s.Populations)
                table.AddRow(Markup.Escape(p.Path), p.Gate, p.Count.ToString("N0", CultureInfo.InvariantCulture),
                    p.FlowJoCount?.ToString("N0", CultureInfo.InvariantCulture) ?? "—",
                        p.PercentOfParent.ToString("0.##", CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
        }
    }

    private static Command Export()
    {
        var file = WorkspaceArgument();
        var sample = new Option<string>("--sample") { Description = "Sample whose gating to export.", Required = true };
        var output = new Option<string>("--out") { Description = "GatingML 2.0 file to write.", Required = true };
        var command = new Command("export", "Write one sample's gating as GatingML 2.0 (for `stroma gate` or FlowKit).")
            { file, sample, output };
        command.SetAction(parse => Run(() =>
        {
            var workspace = FlowJoReader.Read(parse.GetValue(file)!);
            var chosen = FlowJoAnalysis.RequireSample(workspace, parse.GetValue(sample)!);
            var target = parse.GetValue(output)!;
            FlowJoAnalysis.ExportGatingMl(chosen, target);
            foreach (var axis in FlowJoAnalysis.ApproximatedAxes(chosen))
                Output.Warn($"'{axis}' is a FlowJo biex axis; GatingML has no biex, so its polygons and ellipses are " +
                    $"written on the " +
                    "closest logicle (within one display channel).");
            Output.Error.MarkupLine($"[green]wrote[/] {Markup.Escape(target)}: {chosen.Populations.Count} " +
                $"populations of '{Markup.Escape(chosen.Name)}'");
            return 0;
        }));
        return command;
    }

    private static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (CytometryException ex)
        {
            Output.Fail(ex.Message);
            return 1;
        }
        catch (IOException ex)
        {
            Output.Fail(ex.Message);
            return 1;
        }
    }
}

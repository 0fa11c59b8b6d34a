using System.CommandLine;
using Spectre.Console;
using Stroma.Cli.Rendering;
using Stroma.Trials;
using Stroma.Trials.Extraction;
using Stroma.Trials.Landscape;
using Stroma.Trials.Registry;

namespace Stroma.Cli.Commands;

/// <summary>
/// <c>stroma trials fetch|diff</c> and the landscape's <c>--snapshot</c>: registry snapshots taken from the
/// ClinicalTrials.gov API v2 and what changed between two sources. Exit codes as <see cref="TrialsCommands"/>:
/// 0 complete, 2 some studies skipped (named in the manifest or the diff's <c>skipped</c>), 1 failed.
/// </summary>
internal static class TrialsRegistryCommands
{
    /// <summary>Adds <c>fetch</c> and <c>diff</c> to the <c>trials</c> command.</summary>
    public static void AddTo(Command trials)
    {
        trials.Subcommands.Add(Fetch());
        trials.Subcommands.Add(Diff());
    }

    private static Command Fetch()
    {
        var query = new Option<string?>("--query")
            { Description = "Free-text search (the API's query.term, \"Other terms\" on the website)." };
        var condition = new Option<string?>("--condition") { Description = "Condition or disease (query.cond)." };
        var intervention = new Option<string?>("--intervention")
            { Description = "Intervention or treatment (query.intr)." };
        var status = new Option<string[]>("--status")
        {
            Description = "Overall status filter, API words (RECRUITING, COMPLETED, …); repeatable or " +
                "comma-separated (filter.overallStatus).",
            AllowMultipleArgumentsPerToken = true,
        };
        var output = new Option<string>("--out") { Description = "The snapshot zip to write.", Required = true };
        var baseUrl = new Option<string?>("--base-url")
        {
            Description = $"API host (default {RegistryFetchOptions.PublicApi}); api/v2/… is resolved against it.",
        };
        var pageSize = new Option<int>("--page-size") { Description = "Studies per page, 1 to 1000.",
            DefaultValueFactory = _ => 100 };
        var timeout = new Option<double>("--timeout") { Description = "Seconds allowed for one request.",
            DefaultValueFactory = _ => 60 };
        var retries = new Option<int>("--retries")
            { Description = "Retries of one request after 429, 5xx, timeouts and broken bodies.",
            DefaultValueFactory = _ => 6 };
        var restart = new Option<bool>("--restart")
            { Description = "Discard an interrupted fetch into --out instead of resuming it." };
        var json = new Option<bool>("--json")
            { Description = "Print the snapshot's manifest as JSON on standard output." };
        var command = new Command("fetch",
            "Fetch every study of a ClinicalTrials.gov search (API v2) into a dated snapshot zip with a manifest. " +
            "An interrupted fetch resumes from its last page when run again with the same search and --out.")
        {
            query, condition, intervention, status, output, baseUrl, pageSize, timeout, retries, restart, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var target = parse.GetValue(output)!;
            try
            {
                var search = RegistryQuery.Create(parse.GetValue(query), parse.GetValue(condition),
                    parse.GetValue(intervention), parse.GetValue(status));
                var url = parse.GetValue(baseUrl);
                if (url is not null && !Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out _))
                    throw new RegistryFetchException($"--base-url {url}: expected an absolute URL");
                var options = new RegistryFetchOptions
                {
                    BaseUrl = url is null ? RegistryFetchOptions.PublicApi : new Uri(url.EndsWith('/') ? url : url +
                        "/"),
                    PageSize = parse.GetValue(pageSize),
                    AttemptTimeout = TimeSpan.FromSeconds(parse.GetValue(timeout)),
                    MaxRetries = parse.GetValue(retries),
                    Restart = parse.GetValue(restart),
                };
                var manifest = await new RegistryFetcher(options).FetchAsync(search, target, Progress, ct);
                if (parse.GetValue(json)) CliJson.Write(manifest);
                return manifest.Skipped.Count == 0 ? TrialsCommands.Complete : TrialsCommands.SomeSkipped;
            }
            catch (RegistryFetchException ex)
            {
                Output.Fail(ex.Message);
                if (File.Exists(RegistryFetcher.StatePath(target)))
                    Output.Error.MarkupLine("[grey]the pages fetched so far are kept; run the same command again " +
                        "to resume[/]");
                return TrialsCommands.Failed;
            }
            catch (IOException ex)
            {
                Output.Fail($"cannot write {target}: {ex.Message}");
                return TrialsCommands.Failed;
            }
        });
        return command;
    }

    private static void Progress(FetchEvent e)
    {
        var total = e.Total is { } t ? $" of {t:N0}" : "";
        switch (e.Kind)
        {
            case FetchEventKind.Page:
                Output.Error.MarkupLine($"[grey]page {e.Page}[/] {e.Studies:N0}{total} studies");
                break;
            case FetchEventKind.Retry:
                Output.Warn($"page {e.Page}: {e.Message}");
                break;
            case FetchEventKind.Skipped:
                Output.Warn($"page {e.Page}, {e.Message}; left out, listed in the manifest");
                break;
            case FetchEventKind.Finished:
                Output.Error.MarkupLine($"[green]{Markup.Escape(e.Message)}[/]");
                break;
            default:
                Output.Error.MarkupLine(Markup.Escape(e.Message));
                break;
        }
    }

    private static Command Diff()
    {
        var old = new Argument<string>("OLD")
            { Description = "The earlier source: a snapshot zip, a folder of records, a bulk zip, a file." };
        var @new = new Argument<string>("NEW") { Description = "The later source." };
        var format = new Option<DiffFormat?>("--format")
            { Description = "md, html, json or xlsx; default: from --out, else md." };
        var output = new Option<string?>("--out")
            { Description = "Output file; standard output when omitted (md, html, json)." };
        var command = new Command("diff",
            "What changed between two sources of registry records: studies added and removed, per study status, " +
                "phase, enrollment, " +
            "dates, why stopped, results posted, countries and the extracted source, match, route and dose; counts " +
                "on both sides.")
        {
            old, @new, format, output,
        };
        command.SetAction(parse =>
        {
            var target = parse.GetValue(output);
            var chosen = parse.GetValue(format) ?? Path.GetExtension(target ?? "").ToLowerInvariant() switch
            {
                ".json" => DiffFormat.Json,
                ".html" or ".htm" => DiffFormat.Html,
                ".xlsx" => DiffFormat.Xlsx,
                _ => DiffFormat.Md,
            };
            if (chosen == DiffFormat.Xlsx && target is null)
            {
                Output.Fail("--format xlsx needs --out");
                return TrialsCommands.Failed;
            }
            TrialDiffReport report;
            try { report = TrialDiffer.Diff(parse.GetValue(old)!, parse.GetValue(@new)!, MscExtractor.Default); }
            catch (TrialsException ex)
            {
                Output.Fail(ex.Message);
                return TrialsCommands.Failed;
            }
            TrialsRenderer.Skipped(Output.Error, report.Skipped);
            try
            {
                if (chosen == DiffFormat.Xlsx) XlsxDiffWriter.Write(target!, report);
                else if (target is null) Render(Console.Out, chosen, report);
                else Stroma.IO.AtomicFile.Write(target, stream =>
                {
                    using var w = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 16,
                        leaveOpen: true);
                    Render(w, chosen, report);
                });
            }
            catch (IOException ex)
            {
                Output.Fail($"cannot write {target}: {ex.Message}");
                return TrialsCommands.Failed;
            }
            if (target is not null)
                Output.Error.MarkupLine($"[green]wrote[/] {Markup.Escape(target)}: {report.Added.Count:N0} added, " +
                    $"{report.Removed.Count:N0} removed, {report.Changed.Count:N0} changed");
            if (report.Old.Records == 0 && report.Old.Skipped > 0 || report.New.Records == 0
                && report.New.Skipped > 0) return TrialsCommands.Failed;
            return report.Skipped.Count == 0 ? TrialsCommands.Complete : TrialsCommands.SomeSkipped;
        });
        return command;
    }

    private static void Render(TextWriter w, DiffFormat format, TrialDiffReport report)
    {
        switch (format)
        {
            case DiffFormat.Json: CliJson.Write(report, w); break;
            case DiffFormat.Html: DiffText.WriteHtml(w, report); break;
            default: DiffText.WriteMarkdown(w, report); break;
        }
    }

    /// <summary>The landscape's <c>--snapshot</c> option.</summary>
    public static Option<string?> SnapshotOption() => new("--snapshot")
    {
        Description = "Run on this snapshot zip (from `stroma trials fetch`) and show its data date; PATHs are " +
            "then optional.",
    };

    /// <summary>
    /// The landscape's inputs with the chosen snapshot first, a line naming its data date and search, and the
    /// snapshot for the report (both null without a snapshot). Raises <see cref="TrialsException"/> when the file is
    /// not a snapshot.
    /// </summary>
    public static (IReadOnlyList<string> Inputs, string? Note, LandscapeSnapshot? Snapshot) WithSnapshot(
        string? snapshot, IReadOnlyList<string> inputs)
    {
        if (snapshot is null) return (inputs, null, null);
        var manifest = SnapshotReader.ReadManifest(snapshot);
        var note = $"Snapshot {Path.GetFileName(snapshot)}: registry data of " +
            $"{manifest.DataTimestamp ?? "unknown date"}, " +
                   $"search {manifest.Query.Describe()}, {manifest.Count:N0} studies fetched " +
                       $"{manifest.FetchedAtUtc:yyyy-MM-dd HH:mm} UTC.";
        return ([snapshot, .. inputs], note, LandscapeSnapshot.Of(snapshot, manifest));
    }

    /// <summary>Output formats of <c>stroma trials diff</c>.</summary>
    internal enum DiffFormat
    {
        Md,
        Html,
        Json,
        Xlsx,
    }
}

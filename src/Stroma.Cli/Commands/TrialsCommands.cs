using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Stroma.Cli.Rendering;
using Stroma.Trials;
using Stroma.Trials.Extraction;
using Stroma.Trials.Formats;
using Stroma.Trials.Landscape;

namespace Stroma.Cli.Commands;

/// <summary>
/// <c>stroma trials extract|landscape|score</c>. Exit codes: <see cref="Complete"/> when every record was
/// read, <see cref="SomeSkipped"/> when some records or inputs were skipped (each named on standard error or
/// in the JSON's <c>skipped</c> list; the output covers the others), <see cref="Failed"/> when nothing could
/// be read or the command could not run.
/// </summary>
internal static class TrialsCommands
{
    /// <summary>Every record was read.</summary>
    public const int Complete = 0;

    /// <summary>Nothing could be read, or the output could not be written.</summary>
    public const int Failed = 1;

    /// <summary>The output is complete for the records read, but some records or inputs were skipped.</summary>
    public const int SomeSkipped = 2;

    private static int ExitCode(int read, int skipped) => skipped == 0 ? Complete : read == 0 ? Failed : SomeSkipped;

    public static Command Create()
    {
        var trials = new Command("trials", "ClinicalTrials.gov landscape of MSC trials: read registry records " +
            "(classic JSON, API v2 JSON, legacy XML, CSV; files, folders or zips), extract the review-table facts, " +
            "summarise.");
        trials.Subcommands.Add(Extract());
        trials.Subcommands.Add(Landscape());
        trials.Subcommands.Add(Score());
        TrialsRegistryCommands.AddTo(trials);
        TrialsCurationCommands.AddTo(trials);
        return trials;
    }

    private static Argument<string[]> Paths() => new("PATH")
        { Arity = ArgumentArity.OneOrMore, Description = "Registry files, folders or zip archives." };

    private static Command Extract()
    {
        var paths = Paths();
        var json = new Option<bool>("--json") { Description =
            "Print JSON: {\"trials\":[{\"nctId\",\"mscIntervention\",\"product\",…,\"evidence\"}]," +
            "\"skipped\":[{\"file\",\"error\"}]}." };
        var command = new Command("extract", "Extract MSC intervention, product, tissue source, match, route, dose, " +
            "dose count, passage, priming and engineering (with evidence) from each record.") { paths, json };
        command.SetAction(parse =>
        {
            var inputs = parse.GetValue(paths)!;
            var skipped = new List<TrialReadError>();
            var read = 0;
            if (parse.GetValue(json))
            {
                using var stdout = Console.OpenStandardOutput();
                using var writer = new Utf8JsonWriter(stdout,
                    new JsonWriterOptions { Indented = true, Encoder = CliJson.Options.Encoder });
                writer.WriteStartObject();
                writer.WriteStartArray("trials");
                TrialsProgress.Run(inputs, "extracting", done =>
                {
                    foreach (var r in ExtractionPipeline.Extract(TrialReader.Read(inputs, done), MscExtractor.Default))
                    {
                        if (r.Error is not null) skipped.Add(r.Error);
                        else { JsonSerializer.Serialize(writer, r.Extraction!, CliJson.Options); read++; }
                        if (writer.BytesPending > 1 << 16) writer.Flush();
                    }
                    return 0;
                });
                writer.WriteEndArray();
                writer.WritePropertyName("skipped");
                JsonSerializer.Serialize(writer, skipped, CliJson.Options);
                writer.WriteEndObject();
                writer.Flush();
                stdout.WriteByte((byte)'\n');
            }
            else
            {
                var rows = TrialsProgress.Run(inputs, "extracting", done =>
                    ExtractionPipeline.Extract(TrialReader.Read(inputs, done), MscExtractor.Default)
                        .Where(r => r.Error is null || Skip(skipped, r.Error)).Select(r => r.Extraction!).ToList());
                TrialsRenderer.Extractions(AnsiConsole.Console, rows);
                TrialsRenderer.Skipped(Output.Error, skipped);
                read = rows.Count;
            }
            return ExitCode(read, skipped.Count);
        });
        return command;
    }

    private static bool Skip(List<TrialReadError> skipped, TrialReadError error)
    {
        skipped.Add(error);
        return false;
    }

    private static Command Score()
    {
        var paths = Paths();
        var gold = new Option<string>("--gold") { Description = "Gold annotation CSV (EXTRACTION.md header).",
            Required = true };
        var json = new Option<bool>("--json") { Description =
            "Print JSON: {\"scored\",\"missing\",\"fields\":[{\"field\",\"correct\",\"total\",\"accuracy\"}]," +
            "\"mismatches\"}." };
        var mismatches = new Option<bool>("--mismatches")
            { Description = "Also list every value that differs from the gold annotation." };
        var fold = new Option<string?>("--fold")
        {
            Description = "Score one fold of a split by NCT id hash: k/n keeps fold k of n, !k/n every fold but k.",
        };
        var command = new Command("score", "Score extraction against hand-annotated trials: per-field accuracy as " +
            "EXTRACTION.md's 'How software is scored' defines it.") { paths, gold, json, mismatches, fold };
        command.SetAction(parse =>
        {
            IReadOnlyList<GoldRow> rows;
            try { rows = GoldStandard.Read(parse.GetValue(gold)!); }
            catch (Exception ex) when (ex is TrialFormatException or IOException)
            {
                Output.Fail(ex.Message);
                return 1;
            }
            if (parse.GetValue(fold) is { } foldText)
            {
                if (GoldFold.TryParse(foldText, out var foldError) is not { } split)
                {
                    Output.Fail("--fold: " + foldError);
                    return 1;
                }
                rows = split.Select(rows);
            }
            var wanted = rows.Select(r => r.NctId).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var inputs = parse.GetValue(paths)!;
            var skipped = new List<TrialReadError>();
            var extracted = TrialsProgress.Run(inputs, "scoring", done =>
            {
                var map = new Dictionary<string, TrialExtraction>(StringComparer.OrdinalIgnoreCase);
                var gold = TrialReader.Read(inputs, done).Where(r =>
                    r.Trial is { } t ? wanted.Contains(t.NctId) : Skip(skipped, r.Error!));
                foreach (var r in ExtractionPipeline.Extract(gold, MscExtractor.Default))
                    if (r.Extraction is { } e) map.TryAdd(e.NctId, e);
                return map;
            });
            var report = ExtractionScorer.Score(rows, extracted);
            if (parse.GetValue(json))
                CliJson.Write(new { report.Scored, report.Missing,
                    Fields = report.Fields.Select(f => new { f.Field, f.Correct, f.Total, f.Accuracy }),
                    Mismatches = parse.GetValue(mismatches) ? report.Mismatches : null });
            else
                TrialsRenderer.Scores(AnsiConsole.Console, report, parse.GetValue(mismatches));
            TrialsRenderer.Skipped(Output.Error, skipped);
            return report.Scored == 0 ? Failed : skipped.Count > 0 ? SomeSkipped : Complete;
        });
        return command;
    }

    private static Command Landscape()
    {
        var paths = new Argument<string[]>("PATH")
        {
            Arity = ArgumentArity.ZeroOrMore,
            Description = "Registry files, folders or zip archives.",
        };
        var snapshot = TrialsRegistryCommands.SnapshotOption();
        var format = new Option<LandscapeFormat?>("--format")
            { Description = "md, html, json, xlsx (workbook with Table 1, Table 2, approved products and counts) or " +
            "csv (a folder of tables); default: from --out, else md." };
        var output = new Option<string?>("--out")
            { Description = "Output file (a folder for csv); standard output when omitted (md, html, json)." };
        var curated = new Option<bool>("--curated")
        {
            Description = "Use reviewed values from the database (--db) where they exist; tables name the reviewed " +
                "cells.",
        };
        var db = StoreCommand.DbOption();
        var command = new Command("landscape", "Counts by status, phase, condition category, product, tissue source " +
            "× match, route, dose, start year and country; the review's Table 1/Table 2 and the approved-product " +
            "table.")
        {
            paths, snapshot, format, output, curated, db,
        };
        command.SetAction(parse =>
        {
            IReadOnlyList<string> inputs;
            string? note;
            LandscapeSnapshot? snapshotInfo;
            try
            {
                var given = parse.GetValue(paths) ?? [];
                (inputs, note, snapshotInfo) = TrialsRegistryCommands.WithSnapshot(parse.GetValue(snapshot), given);
            }
            catch (Exception ex) when (ex is TrialsException or IOException)
            {
                Output.Fail(ex.Message);
                return Failed;
            }
            if (inputs.Count == 0)
            {
                Output.Fail("give registry PATHs or --snapshot");
                return Failed;
            }
            if (note is not null) Output.Error.MarkupLine(Markup.Escape(note));
            var target = parse.GetValue(output);
            var chosen = parse.GetValue(format) ?? FormatFromPath(target);
            if (chosen is LandscapeFormat.Xlsx or LandscapeFormat.Csv && target is null)
            {
                Output.Fail($"--format {chosen.ToString()!.ToLowerInvariant()} needs --out");
                return Failed;
            }
            var skipped = new List<TrialReadError>();
            LandscapeReport report;
            var book = parse.GetValue(curated) ? TrialsCurationCommands.LoadBook(StoreCommand.Database(parse, db))
                : null;
            try
            {
                using ILandscapeTableSink? tables = chosen switch
                {
                    LandscapeFormat.Xlsx => new XlsxLandscapeWriter(target!),
                    LandscapeFormat.Csv => new CsvLandscapeWriter(target!),
                    _ => null,
                };
                report = TrialsProgress.Run(inputs, "landscape", done =>
                    LandscapeRun.Run(TrialReader.Read(inputs, done), MscExtractor.Default, tables, skipped.Add, book));
                report = report with { Snapshot = snapshotInfo };
            }
            catch (IOException ex)
            {
                Output.Fail($"cannot write {target}: {ex.Message}");
                return Failed;
            }
            TrialsRenderer.Skipped(Output.Error, skipped);
            var code = ExitCode(report.Trials, report.Skipped);
            if (chosen is LandscapeFormat.Xlsx or LandscapeFormat.Csv)
            {
                Output.Error.MarkupLine($"[green]wrote[/] {Markup.Escape(target!)}: {report.Trials:N0} records, " +
                    $"{report.MscTrials:N0} MSC trials");
                return code;
            }
            void Render(TextWriter w)
            {
                switch (chosen)
                {
                    case LandscapeFormat.Json: CliJson.Write(report, w); break;
                    case LandscapeFormat.Html: LandscapeText.WriteHtml(w, report, note); break;
                    default: LandscapeText.WriteMarkdown(w, report, note); break;
                }
            }
            if (target is null) Render(Console.Out);
            else Stroma.IO.AtomicFile.Write(target, stream =>
            {
                using var w = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);
                Render(w);
            });
            return code;
        });
        return command;
    }

    private static LandscapeFormat FormatFromPath(string? path) =>
        Path.GetExtension(path ?? "").ToLowerInvariant() switch
    {
        ".json" => LandscapeFormat.Json,
        ".html" or ".htm" => LandscapeFormat.Html,
        ".xlsx" => LandscapeFormat.Xlsx,
        "" when path is not null => LandscapeFormat.Csv,
        _ => LandscapeFormat.Md,
    };

    /// <summary>Output formats of <c>stroma trials landscape</c>.</summary>
    internal enum LandscapeFormat
    {
        Md,
        Html,
        Json,
        Xlsx,
        Csv,
    }
}

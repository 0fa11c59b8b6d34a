using System.CommandLine;
using Spectre.Console;
using Stroma.Cli.Rendering;
using Stroma.Manufacturing;
using Stroma.Storage;
using Stroma.Storage.Services;
using Stroma.Trials;
using Stroma.Trials.Curation;
using Stroma.Trials.Extraction;
using Stroma.Trials.Formats;
using Stroma.Trials.Model;

namespace Stroma.Cli.Commands;

/// <summary>
/// <c>stroma trials review list|show|accept|correct</c> and <c>stroma trials export-curation</c>: the review queue of
/// extracted trial fields (least certain first), decisions stored in the database with the audit trail, and the
/// decisions written as a gold CSV that <c>stroma trials score --gold</c> reads.
/// </summary>
internal static class TrialsCurationCommands
{
    /// <summary>Adds the curation commands to <c>stroma trials</c>.</summary>
    public static void AddTo(Command trials)
    {
        ArgumentNullException.ThrowIfNull(trials);
        var review = new Command("review", "Review extracted fields: list the queue (least certain first), show a " +
            "trial, accept or correct a value.");
        review.Subcommands.Add(List());
        review.Subcommands.Add(Show());
        review.Subcommands.Add(Decide(CurationAction.Accept));
        review.Subcommands.Add(Decide(CurationAction.Correct));
        trials.Subcommands.Add(review);
        trials.Subcommands.Add(Export());
    }

    /// <summary>The stored decisions of a database (for <c>stroma trials landscape --curated</c>).</summary>
    public static CurationBook LoadBook(string? database)
    {
        using var db = StromaDatabase.OpenAsync(database).GetAwaiter().GetResult();
        return new TrialCurationService(db).BookAsync().GetAwaiter().GetResult();
    }

    private static Argument<string[]> Paths() =>
        new("PATH") { Arity = ArgumentArity.OneOrMore,
            Description = "Registry files, folders or zip archives (the snapshot being reviewed)." };

    private static Argument<string> Nct() => new("NCT") { Description = "The trial's NCT id." };

    private static Command List()
    {
        var paths = Paths();
        var top = new Option<int>("--top") { Description = "Trials shown (default 20).", DefaultValueFactory = _ =>
            20 };
        var all = new Option<bool>("--all") { Description = "Also list fully reviewed trials." };
        var json = StoreCommand.JsonOption();
        var command = new Command("list", "The review queue: trials with fields still to decide, the least certain " +
            "first.") { paths, top, all, json };
        Run(command, async (parse, db, ct) =>
        {
            var queue = await QueueAsync(db, parse.GetValue(paths)!, null, ct);
            var shown = queue.Where(q => parse.GetValue(all) || q.Open > 0).Take(Math.Max(1, parse.GetValue(top)))
                .ToList();
            if (parse.GetValue(json))
                CliJson.Write(new
                {
                    trials = queue.Count,
                    open = queue.Count(q => q.Open > 0),
                    queue = shown.Select(q => new { q.Trial.NctId, q.Open, q.LeastCertain, q.Changed,
                        title = q.Trial.BriefTitle }),
                });
            else CurationRenderer.Queue(AnsiConsole.Console, shown, queue.Count, queue.Count(q => q.Open > 0));
            return 0;
        });
        return command;
    }

    private static Command Show()
    {
        var nct = Nct();
        var paths = Paths();
        var json = StoreCommand.JsonOption();
        var command = new Command("show", "One trial: each field's extracted value, confidence (with its signals), " +
            "review state and evidence.") { nct, paths, json };
        Run(command, async (parse, db, ct) =>
        {
            var item = await OneAsync(db, parse.GetValue(paths)!, parse.GetValue(nct)!, ct);
            if (parse.GetValue(json))
                CliJson.Write(new
                {
                    item.Trial.NctId, item.Fingerprint, item.Open, title = item.Trial.BriefTitle,
                    fields = item.Fields.Select(f => new
                    {
                        f.Field, f.Extracted, f.Current, state = f.State.ToString().ToLowerInvariant(), f.Required,
                        confidence = f.Confidence.Score, level = f.Confidence.Level.ToString().ToLowerInvariant(),
                        signals = f.Confidence.Signals, evidence = f.Confidence.Evidence.Select(e =>
                            new { e.Field, e.Text }), f.Decision,
                    }),
                });
            else CurationRenderer.Trial(AnsiConsole.Console, item);
            return 0;
        });
        return command;
    }

    private static Command Decide(CurationAction action)
    {
        var nct = Nct();
        var paths = Paths();
        var correct = action == CurationAction.Correct;
        var field = new Option<string[]>("--field")
        {
            Description = correct ? "Field to correct (" + string.Join(", ", CurationFields.All) + ")."
                : "Field(s) to accept (repeatable; " + string.Join(", ", CurationFields.All) + ").",
            Required = true,
            AllowMultipleArgumentsPerToken = !correct,
        };
        var value = new Option<string?>("--value")
        {
            Description = "The right value from EXTRACTION.md's vocabulary (several words joined with ';'; a dose as " +
                "'1e6 cells_per_kg' or '1e7-1e8 cells').",
            Required = correct,
        };
        var reason = new Option<string?>("--reason") { Description = correct
            ? "Why the extracted value is wrong (required)." : "Note kept with the decision.", Required = correct };
        var user = StoreCommand.UserOption();
        var json = StoreCommand.JsonOption();
        var command = correct
            ? new Command("correct", "Correct an extracted field with a vocabulary value and a reason.")
                { nct, paths, field, value, reason, user, json }
            : new Command("accept", "Accept the extracted value of one or more fields.")
                { nct, paths, field, reason, user, json };
        Run(command, async (parse, db, ct) =>
        {
            var item = await OneAsync(db, parse.GetValue(paths)!, parse.GetValue(nct)!, ct);
            var fields = parse.GetValue(field)!;
            if (correct && fields.Length != 1) throw new CurationException("correct takes one --field at a time");
            var service = new TrialCurationService(db);
            var stored = new List<CurationDecision>();
            foreach (var f in fields)
            {
                var review = item[CurationFields.Check(f)];
                var request = new CurationRequest(item.Trial.NctId, review.Field, action, review.Extracted,
                    item.Fingerprint,
                    correct ? parse.GetValue(value) ?? "" : null, parse.GetValue(reason),
                        review.Confidence.Evidence.FirstOrDefault()?.Text);
                stored.Add(await service.DecideAsync(request, StoreCommand.Actor(parse, user), ct));
            }
            if (parse.GetValue(json)) CliJson.Write(new { decisions = stored });
            else foreach (var d in stored) CurationRenderer.Decision(AnsiConsole.Console, d);
            return 0;
        });
        return command;
    }

    private static Command Export()
    {
        var output = new Option<string>("--out") { Description = "Gold CSV to write (EXTRACTION.md columns, as " +
            "gold-dev.csv).", Required = true };
        var command = new Command("export-curation",
            "Write the reviewed trials as a gold annotation CSV (score the extractor with stroma trials score --gold " +
            "FILE).") { output };
        Run(command, async (parse, db, ct) =>
        {
            var book = await new TrialCurationService(db).BookAsync(ct);
            var target = parse.GetValue(output)!;
            GoldExportResult result = null!;
            Stroma.IO.AtomicFile.Write(target, stream =>
            {
                using var w = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);
                result = CurationGold.Write(w, book);
            });
            // One unwrapped line: scripts read it as well as people.
            Console.Error.WriteLine(
                $"wrote {target}: {result.Trials.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} " +
                "reviewed trials");
            if (result.Incomplete.Count > 0)
                StoreCommand.Warning($"{result.Incomplete.Count} trials left out: not every field is decided " +
                    $"({string.Join(", ", result.Incomplete.Take(10))}{(result.Incomplete.Count > 10 ? ", …" : "")})");
            return 0;
        });
        return command;
    }

    /// <summary>Runs a body against the database with the store commands' error handling, plus curation
    /// refusals.</summary>
    private static void Run(Command command, Func<ParseResult, StromaDbContext, CancellationToken, Task<int>> body) =>
        StoreCommand.SetAction(command, StoreCommand.DbOption(), async (parse, db, ct) =>
        {
            try
            {
                return await body(parse, db, ct);
            }
            catch (TrialsException ex)
            {
                StoreCommand.Error(ex.Message);
                return 1;
            }
        });

    private static async Task<IReadOnlyList<QueuedTrial>> QueueAsync(StromaDbContext db, string[] paths, string? only,
        CancellationToken ct)
    {
        var book = await new TrialCurationService(db).BookAsync(ct);
        var skipped = new List<TrialReadError>();
        var trials = TrialsProgress.Run(paths, "reading", done =>
        {
            var records = TrialReader.Read(paths, done).Where(r => r.Trial is { } t
                ? only is null || string.Equals(t.NctId, only, StringComparison.OrdinalIgnoreCase)
                : Skipped(skipped, r.Error!));
            return ExtractionPipeline.Extract(records, MscExtractor.Default)
                .Where(r => r.Extraction is not null || Skipped(skipped, r.Error!))
                .Select(r => (r.Trial!, r.Extraction!)).ToList();
        });
        // One trial asked for: records that could not be read are another trial's problem (list reports them).
        if (only is null) TrialsRenderer.Skipped(Output.Error, skipped);
        return CurationQueue.Build(trials, book);
    }

    private static async Task<QueuedTrial> OneAsync(StromaDbContext db, string[] paths, string nct,
        CancellationToken ct)
    {
        var queue = await QueueAsync(db, paths, nct.Trim(), ct);
        return queue.FirstOrDefault() ?? throw new RecordNotFoundException("trial", nct.Trim());
    }

    private static bool Skipped(List<TrialReadError> skipped, TrialReadError error)
    {
        skipped.Add(error);
        return false;
    }
}

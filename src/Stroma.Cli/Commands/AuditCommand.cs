using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Stroma.Cli.Rendering;
using Stroma.Storage.Services;

namespace Stroma.Cli.Commands;

/// <summary><c>stroma audit verify|checkpoint|list</c>: the append-only audit trail, HMAC-chained under the facility
/// key.</summary>
internal static class AuditCommand
{
    /// <summary>"Field: old → new" lines from a row's change JSON (long values shortened for the table).</summary>
    private static string Changes(string json)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        static string Show(System.Text.Json.JsonElement e)
        {
            var text = e.ValueKind == System.Text.Json.JsonValueKind.Null ? "∅"
                : e.ValueKind == System.Text.Json.JsonValueKind.String ? e.GetString()! : e.GetRawText();
            return text.Length > 40 ? text[..40] + "…" : text;
        }
        return string.Join('\n', doc.RootElement.EnumerateObject()
            .Select(p => $"{p.Name}: {Show(p.Value.GetProperty("old"))} → {Show(p.Value.GetProperty("new"))}"));
    }

    private static Option<string?> CheckpointOption() => new("--checkpoints")
    {
        Description = "Checkpoint file (default $STROMA_CHECKPOINT_FILE, else one per database in a checkpoints " +
            "folder beside the facility key).",
    };

    private static AuditService Service(Storage.StromaDbContext db, string? checkpoints)
    {
        var service = new AuditService(db);
        if (checkpoints is not null) service.CheckpointFile = Path.GetFullPath(checkpoints);
        return service;
    }

    public static Command Create()
    {
        var audit = new Command("audit", "The audit trail: who changed what, when, old → new, why; HMAC-SHA256 " +
            "chained under the facility key " +
                                         "($STROMA_KEY_FILE), each row carrying the hash of the record's new state.");

        var json = StoreCommand.JsonOption();
        var checkpoints = CheckpointOption();
        var verify = new Command("verify", "Recompute the keyed chain, every record's hash and the signed " +
            "checkpoints; name every edited, deleted or " +
                                           "unaudited row (exit 0 intact, 1 broken).") { json, checkpoints };
        StoreCommand.SetAction(verify, StoreCommand.DbOption(), async (parse, db, ct) =>
        {
            var service = Service(db, parse.GetValue(checkpoints));
            var result = await service.VerifyAsync(ct);
            if (parse.GetValue(json))
            {
                CliJson.Write(new
                {
                    intact = result.Intact, rows = result.Rows, lastSequence = result.LastSequence,
                        lastHash = result.LastHash, legacyRows = result.LegacyRows,
                    keyId = result.KeyId, recordsChecked = result.RecordsChecked, checkpoints = result.Checkpoints,
                        checkpointFile = service.CheckpointFile,
                    problems = result.Problems,
                });
            }
            else if (result.Intact)
            {
                AnsiConsole.MarkupLine($"[green]audit trail intact[/]: {result.Rows} rows ({result.LegacyRows} " +
                    $"legacy unkeyed), {result.RecordsChecked} records match, " +
                                       $"{result.Checkpoints} checkpoint(s); head {result.LastHash}");
            }
            else
            {
                StoreCommand.Error($"audit trail broken: {result.Problems.Count} problem(s) in {result.Rows} rows " +
                    $"and {result.RecordsChecked} records");
                foreach (var p in result.Problems) Console.Error.WriteLine($"  - {p.Message}");
            }
            return result.Intact ? 0 : 1;
        });

        var checkpointFile = CheckpointOption();
        var checkpointJson = StoreCommand.JsonOption();
        var checkpoint = new Command("checkpoint",
            "Verify the trail and append a signed checkpoint of its head (sequence, hash, time; HMAC under the " +
                                                   "facility key) to the checkpoint file outside the database.")
                                                       { checkpointFile, checkpointJson };
        StoreCommand.SetAction(checkpoint, StoreCommand.DbOption(), async (parse, db, ct) =>
        {
            var service = Service(db, parse.GetValue(checkpointFile));
            var written = await service.CheckpointAsync(ct);
            if (parse.GetValue(checkpointJson)) CliJson.Write(new { file = service.CheckpointFile, written.Sequence,
                written.Hash, written.TimeUtc });
            else AnsiConsole.MarkupLine($"[green]checkpoint[/] {written.Sequence} {written.Hash} written to " +
                $"{Markup.Escape(service.CheckpointFile)}");
            return 0;
        });

        var entity = new Option<string?>("--entity")
            { Description = "Only rows about one kind of record (Lot, Passage, TestResult, Release, User, …)." };
        var key = new Option<string?>("--key") { Description = "Only rows whose record key starts with this (e.g. a " +
            "lot code)." };
        var last = new Option<int>("--last") { Description = "At most this many newest rows.",
            DefaultValueFactory = _ => 200 };
        var listJson = StoreCommand.JsonOption();
        var list = new Command("list", "Show audit rows (who, UTC time, what, old → new, reason).")
            { entity, key, last, listJson };
        StoreCommand.SetAction(list, StoreCommand.DbOption(), async (parse, db, ct) =>
        {
            var rows = await new AuditService(db).ListAsync(parse.GetValue(entity), parse.GetValue(key),
                parse.GetValue(last), ct);
            if (parse.GetValue(listJson))
            {
                CliJson.Write(new { rows });
                return 0;
            }
            var table = new Table().Border(TableBorder.Rounded).AddColumn("#").AddColumn("UTC").AddColumn("who")
                .AddColumn("action").AddColumn("record").AddColumn("changes").AddColumn("reason");
            foreach (var r in rows)
            {
                var changes = Changes(r.Changes);
                table.AddRow(r.Sequence.ToString(CultureInfo.InvariantCulture),
                    r.TimestampUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    Markup.Escape(r.Actor),
                    r.Action, Markup.Escape($"{r.Entity} {r.EntityKey}"), Markup.Escape(changes),
                        Markup.Escape(r.Reason ?? ""));
            }
            AnsiConsole.Write(table);
            return 0;
        });
        audit.Subcommands.Add(verify);
        audit.Subcommands.Add(checkpoint);
        audit.Subcommands.Add(list);
        return audit;
    }
}

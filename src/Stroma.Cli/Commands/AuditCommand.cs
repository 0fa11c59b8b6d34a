using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Stroma.Cli.Rendering;
using Stroma.Storage.Services;

namespace Stroma.Cli.Commands;

/// <summary><c>stroma audit verify|list</c>: the append-only, SHA-256 hash-chained audit trail.</summary>
internal static class AuditCommand
{
    /// <summary>"Field: old → new" lines from a row's change JSON (long values shortened for the table).</summary>
    private static string Changes(string json)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        static string Show(System.Text.Json.JsonElement e)
        {
            var text = e.ValueKind == System.Text.Json.JsonValueKind.Null ? "∅" : e.ValueKind == System.Text.Json.JsonValueKind.String ? e.GetString()! : e.GetRawText();
            return text.Length > 40 ? text[..40] + "…" : text;
        }
        return string.Join('\n', doc.RootElement.EnumerateObject().Select(p => $"{p.Name}: {Show(p.Value.GetProperty("old"))} → {Show(p.Value.GetProperty("new"))}"));
    }

    public static Command Create()
    {
        var audit = new Command("audit", "The audit trail: who changed what, when, old → new, why; SHA-256 hash-chained.");

        var json = StoreCommand.JsonOption();
        var verify = new Command("verify", "Recompute the hash chain; name every edited or deleted row (exit 0 intact, 1 broken).") { json };
        StoreCommand.SetAction(verify, StoreCommand.DbOption(), async (parse, db, ct) =>
        {
            var result = await new AuditService(db).VerifyAsync(ct);
            if (parse.GetValue(json)) CliJson.Write(new { intact = result.Intact, rows = result.Rows, lastSequence = result.LastSequence, lastHash = result.LastHash, problems = result.Problems });
            else if (result.Intact) AnsiConsole.MarkupLine($"[green]audit trail intact[/]: {result.Rows} rows, head {result.LastHash}");
            else
            {
                StoreCommand.Error($"audit trail broken: {result.Problems.Count} problem(s) in {result.Rows} rows");
                foreach (var p in result.Problems) Console.Error.WriteLine($"  - {p.Message}");
            }
            return result.Intact ? 0 : 1;
        });

        var entity = new Option<string?>("--entity") { Description = "Only rows about one kind of record (Lot, Passage, TestResult, Release, User, …)." };
        var key = new Option<string?>("--key") { Description = "Only rows whose record key starts with this (e.g. a lot code)." };
        var last = new Option<int>("--last") { Description = "At most this many newest rows.", DefaultValueFactory = _ => 200 };
        var listJson = StoreCommand.JsonOption();
        var list = new Command("list", "Show audit rows (who, UTC time, what, old → new, reason).") { entity, key, last, listJson };
        StoreCommand.SetAction(list, StoreCommand.DbOption(), async (parse, db, ct) =>
        {
            var rows = await new AuditService(db).ListAsync(parse.GetValue(entity), parse.GetValue(key), parse.GetValue(last), ct);
            if (parse.GetValue(listJson))
            {
                CliJson.Write(new { rows });
                return 0;
            }
            var table = new Table().Border(TableBorder.Rounded).AddColumn("#").AddColumn("UTC").AddColumn("who").AddColumn("action").AddColumn("record").AddColumn("changes").AddColumn("reason");
            foreach (var r in rows)
            {
                var changes = Changes(r.Changes);
                table.AddRow(r.Sequence.ToString(CultureInfo.InvariantCulture), r.TimestampUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), Markup.Escape(r.Actor),
                    r.Action, Markup.Escape($"{r.Entity} {r.EntityKey}"), Markup.Escape(changes), Markup.Escape(r.Reason ?? ""));
            }
            AnsiConsole.Write(table);
            return 0;
        });
        audit.Subcommands.Add(verify);
        audit.Subcommands.Add(list);
        return audit;
    }
}

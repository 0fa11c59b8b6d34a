using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Stroma.Cli.Rendering;
using Stroma.Identity;
using Stroma.Manufacturing;
using Stroma.Storage;

namespace Stroma.Cli.Commands;

/// <summary>What the database commands share: <c>--db</c>, <c>--json</c>, <c>--user</c>, error handling, value parsing.</summary>
internal static class StoreCommand
{
    public static Option<string?> DbOption() => new("--db")
    {
        Description = "Database: an SQLite file (default $XDG_DATA_HOME/stroma/stroma.db or ~/.local/share/stroma/stroma.db; also $STROMA_DB) or a PostgreSQL connection string (Host=…;Database=…;Username=…;Password=…).",
    };

    public static Option<bool> JsonOption() => new("--json") { Description = "Print the result as JSON." };

    public static Option<string?> UserOption(string description = "Who is doing this (a Stroma user name; default $STROMA_USER, else the operating-system user).") =>
        new("--user") { Description = description };

    /// <summary>The database named by --db, else $STROMA_DB, else the default file.</summary>
    public static string? Database(ParseResult parse, Option<string?> db) =>
        parse.GetValue(db) ?? Environment.GetEnvironmentVariable("STROMA_DB");

    public static string Actor(ParseResult parse, Option<string?> user) =>
        parse.GetValue(user) ?? (Environment.GetEnvironmentVariable("STROMA_USER") is { Length: > 0 } env ? env : "os:" + Environment.UserName);

    /// <summary>Adds --db to a command and runs its body against the opened (migrated) database, turning refusals into exit code 1.</summary>
    public static void SetAction(Command command, Option<string?> db, Func<ParseResult, StromaDbContext, CancellationToken, Task<int>> body)
    {
        command.Options.Add(db);
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                await using var context = await StromaDatabase.OpenAsync(Database(parse, db), ct).ConfigureAwait(false);
                return await body(parse, context, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ManufacturingException or IdentityException or IOException)
            {
                Fail(ex);
                return 1;
            }
        });
    }

    /// <summary>Runs a body that needs no database, with the same error handling.</summary>
    public static void SetAction(Command command, Func<ParseResult, int> body) =>
        command.SetAction(parse =>
        {
            try
            {
                return body(parse);
            }
            catch (Exception ex) when (ex is ManufacturingException or IOException)
            {
                Fail(ex);
                return 1;
            }
        });

    public static void Fail(Exception ex)
    {
        Error(ex.Message);
        if (ex is ReleaseRefusedException { Reasons.Count: > 1 } refused)
            foreach (var reason in refused.Reasons) Console.Error.WriteLine($"  - {reason}");
    }

    // Refusals are read by scripts and people alike: one unwrapped line each, coloured only on a terminal.
    public static void Error(string message)
    {
        if (Console.IsErrorRedirected) Console.Error.WriteLine($"error: {message}");
        else Output.Fail(message);
    }

    public static void Warning(string message)
    {
        if (Console.IsErrorRedirected) Console.Error.WriteLine($"warning: {message}");
        else Output.Warn(message);
    }

    public static T Parse<T>(ParseResult parse, Option<string?> option, string what) where T : struct, Enum =>
        Terms.Parse<T>(parse.GetValue(option), what);

    public static T? ParseOptional<T>(ParseResult parse, Option<string?> option, string what) where T : struct, Enum =>
        parse.GetValue(option) is { } text ? Terms.Parse<T>(text, what) : null;

    public static DateOnly Date(ParseResult parse, Option<string?> option)
    {
        var text = parse.GetValue(option);
        if (text is null) return DateOnly.FromDateTime(DateTime.UtcNow);
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
            : throw new ManufacturingException($"Date '{text}' must be written YYYY-MM-DD.");
    }

    /// <summary>Reads the first line of standard input (a password, never echoed or taken from the command line).</summary>
    public static string ReadSecret(string what)
    {
        var line = Console.In.ReadLine();
        if (string.IsNullOrEmpty(line)) throw new ManufacturingException($"No {what} on standard input (pipe it in with --password-stdin).");
        return line.TrimEnd('\r');
    }

    public static string Cells(double value) => value.ToString("0.###e+0", CultureInfo.InvariantCulture);

    public static string Num(double? value, string format = "0.##") => value?.ToString(format, CultureInfo.InvariantCulture) ?? "—";

    public static string Enumerate<T>() where T : struct, Enum => string.Join(", ", Terms.Tokens<T>());
}

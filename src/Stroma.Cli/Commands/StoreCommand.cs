using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Stroma.Cli.Rendering;
using Stroma.Identity;
using Stroma.Manufacturing;
using Stroma.Storage;

namespace Stroma.Cli.Commands;

/// <summary>What the database commands share: <c>--db</c>, <c>--json</c>, <c>--user</c>, error handling, value
/// parsing.</summary>
internal static class StoreCommand
{
    public static Option<string?> DbOption() => new("--db")
    {
        Description = "Database: an SQLite file (default $XDG_DATA_HOME/stroma/stroma.db or " +
            "~/.local/share/stroma/stroma.db; also $STROMA_DB) or a PostgreSQL connection string " +
            "(Host=…;Database=…;Username=…;Password=…).",
    };

    public static Option<bool> JsonOption() => new("--json") { Description = "Print the result as JSON." };

    // The --user options of commands that write records: SetAction authenticates their user before the command runs.
    private static readonly HashSet<Option> WriterOptions = [];
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ParseResult,
        string> Authenticated = [];

    public static Option<string?> UserOption(string description = "Who is doing this: a Stroma user, authenticated " +
        "by --password-stdin or by `stroma login` (default: the signed-in user).")
    {
        var option = new Option<string?>("--user") { Description = description };
        lock (WriterOptions) WriterOptions.Add(option);
        return option;
    }

    public static Option<bool> PasswordStdinOption(string description = "Read your password from the first line of " +
        "standard input (instead of a `stroma login` sign-in).") =>
        new("--password-stdin") { Description = description };

    /// <summary>The database named by --db, else $STROMA_DB, else the default file.</summary>
    public static string? Database(ParseResult parse, Option<string?> db) =>
        parse.GetValue(db) ?? Environment.GetEnvironmentVariable("STROMA_DB");

    /// <summary>The user authenticated for this command (by SetAction, before the command's body ran).</summary>
    public static string Actor(ParseResult parse, Option<string?> user) =>
        Authenticated.TryGetValue(parse, out var name) ? name
            : throw new InvalidOperationException($"The command's user ({user.Name}) was not authenticated before it " +
                $"ran.");

    /// <summary>
    /// Who runs a command that writes, proven by credentials: the password on standard input (with --user NAME), or
    /// the token of `stroma login`. Only known, active users; no operating-system fallback (21 CFR 11.10(d), 11.300;
    /// EU GMP Annex 11 §12.1: access limited to authorised, identified persons).
    /// </summary>
    public static Task<string> AuthenticateAsync(ParseResult parse, Option<string?> user, Option<bool> passwordStdin,
        StromaDbContext db,
        string? database, CancellationToken ct) =>
        AuthenticateAsync(parse.GetValue(user), parse.GetValue(passwordStdin), db, database, ct);

    /// <summary>As above, for a user name and whether their password is on standard input.</summary>
    public static async Task<string> AuthenticateAsync(string? name, bool passwordOnStdin, StromaDbContext db,
        string? database, CancellationToken ct)
    {
        if (passwordOnStdin)
        {
            if (string.IsNullOrWhiteSpace(name)) throw new ManufacturingException("--password-stdin needs --user " +
                "NAME (whose password it is).");
            return (await new Storage.Services.UserService(db).AuthenticateAsync(name, ReadSecret("password"), ct)
                .ConfigureAwait(false)).UserName;
        }
        if (LoginCommands.ReadToken(database) is { } token)
        {
            var signedIn = await new Storage.Services.SessionTokens(db).ValidateAsync(token, ct).ConfigureAwait(false)
                           ?? throw new ManufacturingException("Your sign-in has expired or is no longer valid; sign " +
                               "in again: stroma login NAME --password-stdin.");
            if (name is not null && !string.Equals(name.Trim(), signedIn, StringComparison.OrdinalIgnoreCase))
                throw new ManufacturingException($"You are signed in as {signedIn}, not {name}; give " +
                    $"--password-stdin to act as {name}, or sign in as them.");
            return signedIn;
        }
        throw new ManufacturingException("This command writes records and needs your credentials: sign in first " +
            "(stroma login NAME --password-stdin, " +
                                         "the password on standard input) or give --user NAME --password-stdin.");
    }

    /// <summary>Adds --db to a command and runs its body against the opened (migrated) database, turning refusals into
    /// exit code 1.</summary>
    public static void SetAction(Command command, Option<string?> db, Func<ParseResult, StromaDbContext,
        CancellationToken, Task<int>> body)
    {
        command.Options.Add(db);
        Option<string?>? writer;
        lock (WriterOptions) writer = command.Options.OfType<Option<string?>>().FirstOrDefault(WriterOptions.Contains);
        var passwordStdin = writer is null ? null : PasswordStdinOption();
        if (passwordStdin is not null) command.Options.Add(passwordStdin);
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var database = Database(parse, db);
                await using var context = await StromaDatabase.OpenAsync(database, ct).ConfigureAwait(false);
                if (writer is not null)
                {
                    var actor = await AuthenticateAsync(parse, writer, passwordStdin!, context, database, ct)
                        .ConfigureAwait(false);
                    await new Storage.Services.UserService(context)
                        .RequireWriterAsync(actor, $"stroma {command.Name}", ct).ConfigureAwait(false);
                    Authenticated.AddOrUpdate(parse, actor);
                }
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
        return InputText.TryDate(text, out var d) ? d
            : throw new ManufacturingException($"Date '{text}' must be written YYYY-MM-DD.");
    }

    /// <summary>Reads the first line of standard input (a password, never echoed or taken from the command
    /// line).</summary>
    public static string ReadSecret(string what)
    {
        var line = Console.In.ReadLine();
        if (string.IsNullOrEmpty(line)) throw new ManufacturingException($"No {what} on standard input (pipe it in " +
            $"with --password-stdin).");
        return line.TrimEnd('\r');
    }

    public static string Cells(double value) => value.ToString("0.###e+0", CultureInfo.InvariantCulture);

    public static string Num(double? value, string format = "0.##") =>
        value?.ToString(format, CultureInfo.InvariantCulture) ?? "—";

    public static string Enumerate<T>() where T : struct, Enum => string.Join(", ", Terms.Tokens<T>());
}

using System.Globalization;
using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using Spectre.Console;
using Stroma.Cli.Rendering;
using Stroma.Manufacturing;
using Stroma.Storage;
using Stroma.Storage.Audit;
using Stroma.Storage.Services;

namespace Stroma.Cli.Commands;

/// <summary>
/// <c>stroma login|logout</c>: a short-lived sign-in for the command line, kept in a file only its owner can read
/// (<c>$STROMA_TOKEN_FILE</c>, else one file per database in a <c>tokens</c> folder beside the facility key).
/// </summary>
internal static class LoginCommands
{
    /// <summary>Environment variable naming the token file.</summary>
    public const string Variable = "STROMA_TOKEN_FILE";

    public static string TokenFile(string? database)
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path) return Path.GetFullPath(path);
        var described = StromaDatabase.Describe(database);
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(described)))[..12];
        return Path.Combine(Path.GetDirectoryName(FacilityKeyFile.DefaultPath)!, "tokens", $"{id}.token");
    }

    public static string? ReadToken(string? database)
    {
        var file = TokenFile(database);
        return File.Exists(file) ? File.ReadAllText(file).Trim() : null;
    }

    public static IEnumerable<Command> Create()
    {
        var name = new Argument<string>("NAME") { Description = "User name." };
        var stdin = new Option<bool>("--password-stdin")
            { Description = "Read the password from the first line of standard input (required)." };
        var hours = new Option<double>("--hours") { Description = "How long the sign-in lasts (hours, at most 12).",
            DefaultValueFactory = _ => 8 };
        var json = StoreCommand.JsonOption();
        var db = StoreCommand.DbOption();
        var login = new Command("login", "Sign in on the command line: later writes to this database run as you " +
            "until the sign-in expires or you log out.")
        {
            name, stdin, hours, json,
        };
        StoreCommand.SetAction(login, db, async (parse, context, ct) =>
        {
            if (!parse.GetValue(stdin)) throw new ManufacturingException("Give the password on standard input with " +
                "--password-stdin (passwords never appear on the command line).");
            var (token, expires) = await new SessionTokens(context)
                .IssueAsync(parse.GetValue(name)!, StoreCommand.ReadSecret("password"),
                TimeSpan.FromHours(parse.GetValue(hours)), ct);
            var file = TokenFile(StoreCommand.Database(parse, db));
            Stroma.IO.AtomicFile.WriteAllTextOwnerOnly(file, token, overwrite: true);
            var user = token.Split(' ')[1];
            if (parse.GetValue(json)) CliJson.Write(new { user, expiresUtc = expires, tokenFile = file });
            else AnsiConsole.MarkupLine($"[green]signed in[/] as {Markup.Escape(user)} until " +
                $"{expires.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}");
            return 0;
        });

        var logoutDb = StoreCommand.DbOption();
        var logout = new Command("logout", "End the command-line sign-in for this database (deletes the token file).")
            { logoutDb };
        StoreCommand.SetAction(logout, parse =>
        {
            var file = TokenFile(StoreCommand.Database(parse, logoutDb));
            var existed = File.Exists(file);
            if (existed) File.Delete(file);
            AnsiConsole.MarkupLine(existed ? "[green]signed out[/]" : "not signed in");
            return 0;
        });
        return [login, logout];
    }
}

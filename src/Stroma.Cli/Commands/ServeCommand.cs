using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Stroma.Storage;
using Stroma.Storage.Demo;
using Stroma.Storage.Services;
using Stroma.Web;

namespace Stroma.Cli.Commands;

/// <summary><c>stroma serve</c>: the web app over a database.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var db = StoreCommand.DbOption();
        var urls = new Option<string>("--urls") { Description = "Where to listen (loopback only by default).",
            DefaultValueFactory = _ => "http://127.0.0.1:5000" };
        var trials = new Option<string[]>("--trials")
            { Description = "ClinicalTrials.gov records for the landscape: files, folders or zips (repeatable). " +
            "Default: the sources `stroma demo` recorded next to the database." };
        var snapshots = new Option<string?>("--snapshots")
        {
            Description = "Folder of registry snapshot zips (stroma trials fetch) to list, show and compare on " +
                          "/trials/snapshots.",
        };
        var createAdmin = new Option<string?>("--create-admin")
            { Description = "First run: create this Admin user (password from standard input with --password-stdin) " +
            "before serving." };
        var stdin = new Option<bool>("--password-stdin")
            { Description = "Read the new admin's password from the first line of standard input." };
        var verbose = new Option<bool>("--verbose") { Description = "Log requests and framework information." };
        var command = new Command("serve", "Run the Stroma web app: sign-in, dashboard, lots, identity, release, " +
            "audit trail, trial landscape, knowledge, JSON API.")
        {
            db, urls, trials, snapshots, createAdmin, stdin, verbose,
        };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var database = StoreCommand.Database(parse, db);
                await using (var context = await StromaDatabase.OpenAsync(database, ct))
                {
                    var users = new UserService(context);
                    if (parse.GetValue(createAdmin) is { } admin)
                    {
                        if (!parse.GetValue(stdin))
                            throw new Manufacturing.ManufacturingException("Give the new admin's password on " +
                            "standard input with --password-stdin (there are no default passwords).");
                        // Only the first-run bootstrap: once users exist, an Admin adds the others (stroma user add).
                        if (!await users.IsEmptyAsync(ct))
                            throw new Manufacturing.ManufacturingException("Users exist already; --create-admin only " +
                                "creates the first Admin. An Admin adds users with: stroma user add NAME --role ROLE " +
                                "--password-stdin.");
                        await users.AddAsAdminAsync("bootstrap", admin, StromaRoles.Admin,
                            StoreCommand.ReadSecret("password"), null, ct);
                        AnsiConsole.MarkupLine($"[green]created[/] administrator {Markup.Escape(admin)}");
                    }
                    if ((await users.ListAsync(ct)).Count == 0)
                        throw new Manufacturing.ManufacturingException(
                            "No users exist yet. Create the first administrator: stroma serve --create-admin NAME " +
                                "--password-stdin (or run `stroma demo --serve` for a demo facility).");
                }
                var sources = parse.GetValue(trials) is { Length: > 0 } given ? given : RecordedTrialSources(database);
                await Run(new WebAppOptions
                {
                    Database = database,
                    Urls = parse.GetValue(urls)!,
                    TrialSources = sources,
                    SnapshotFolder = parse.GetValue(snapshots),
                    LogLevel = parse.GetValue(verbose) ? LogLevel.Information : LogLevel.Warning,
                }, ct);
                return 0;
            }
            catch (Exception ex) when (ex is Manufacturing.ManufacturingException or IOException)
            {
                StoreCommand.Fail(ex);
                return 1;
            }
        });
        return command;
    }

    /// <summary>Starts the app and blocks until Ctrl+C.</summary>
    public static async Task Run(WebAppOptions options, CancellationToken ct)
    {
        var app = StromaWebApp.Build(options);
        await app.StartAsync(ct);
        AnsiConsole.MarkupLine($"[green]Stroma[/] is serving [bold]{Markup.Escape(string.Join(", ", app.Urls))}[/] — " +
            $"database {Markup.Escape(StromaDatabase.Describe(options.Database))}" +
                               (options.TrialSources.Count > 0
                                   ? $", trials from {Markup.Escape(string.Join(", ", options.TrialSources))}" : "")
                                   + ". Press Ctrl+C to stop.");
        await app.WaitForShutdownAsync(ct);
    }

    /// <summary>Trial sources recorded by <c>stroma demo</c> beside an SQLite database (none for PostgreSQL).</summary>
    public static IReadOnlyList<string> RecordedTrialSources(string? database)
    {
        var connection = StromaDatabase.ConnectionString(database);
        if (StromaDatabase.IsPostgres(connection)) return [];
        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connection).DataSource;
        var list = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".", DemoFacility.TrialSourcesFile);
        return File.Exists(list) ? File.ReadAllLines(list).Where(l => l.Trim().Length > 0).ToArray() : [];
    }
}

using System.CommandLine;
using Spectre.Console;
using Stroma.Cli.Rendering;
using Stroma.Cytometry.Formats.Fcs;
using Stroma.Cytometry.Synthetic;
using Stroma.Storage.Demo;
using Stroma.Web;

namespace Stroma.Cli.Commands;

/// <summary><c>stroma demo</c>: builds a whole demo facility (and a sample FCS file) and, with --serve, serves
/// it.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out")
        {
            Description = "Folder for the demo (rebuilt on the next run while it holds only demo data).",
                DefaultValueFactory = _ => "stroma-demo",
        };
        var force = new Option<bool>("--force") { Description = "Rebuild even when data was entered into the demo " +
            "database since it was built (deletes it)." };
        var events = new Option<int>("--events") { Description = "Events in the sample FCS file.",
            DefaultValueFactory = _ => 20_000 };
        var serve = new Option<bool>("--serve") { Description = "Serve the demo facility in the web app afterwards." };
        var urls = new Option<string>("--urls") { Description = "Where --serve listens.", DefaultValueFactory = _ =>
            "http://127.0.0.1:5000" };
        var command = new Command("demo",
            "Build a demo facility — donors, lots with lineage and passages, priming, synthetic identity tubes " +
                "analysed, release results, QA-signed releases and a rejection, certificates, a trial landscape — " +
                "into its own SQLite database; --serve opens it in the web app.")
        {
            output, events, serve, urls, force,
        };
        command.SetAction(async (parse, ct) =>
        {
            var folder = parse.GetValue(output)!;
            try
            {
                var summary = await AnsiConsole.Status().StartAsync("building the demo facility…", async ctx =>
                    await DemoFacility.BuildAsync(folder, FindCorpus(),
                        Reports.Manufacturing.CertificateOfAnalysis.Render,
                        new Progress<string>(step => ctx.Status($"building the demo facility: {step}…")), ct,
                        parse.GetValue(force)));
                var sample = Path.Combine(summary.Folder, "sample.fcs");
                DemoSample.Create().WriteFcs(sample, parse.GetValue(events),
                    [new("$CYT", "Stroma synthetic cytometer"), new("$SRC", "demo MSC sample")]);
                Render(summary, sample);
                if (!parse.GetValue(serve)) return 0;
                await ServeCommand.Run(new WebAppOptions { Database = summary.Database, Urls = parse.GetValue(urls)!,
                    TrialSources = summary.TrialSources }, ct);
                return 0;
            }
            catch (Exception ex) when (ex is Manufacturing.ManufacturingException or Identity.IdentityException or
                IOException)
            {
                StoreCommand.Fail(ex);
                return 1;
            }
        });
        return command;
    }

    /// <summary>The shared corpus: $STROMA_CORPUS_ROOT, else a "shared" folder beside the working directory or beside
    /// the repository.</summary>
    private static string? FindCorpus()
    {
        if (Environment.GetEnvironmentVariable("STROMA_CORPUS_ROOT") is { Length: > 0 } env
            && Directory.Exists(Path.Combine(env, "corpus"))) return env;
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "..", "shared");
            if (File.Exists(Path.Combine(dir.FullName, "Stroma.slnx"))
                && Directory.Exists(Path.Combine(candidate, "corpus"))) return Path.GetFullPath(candidate);
        }
        return null;
    }

    private static void Render(DemoSummary summary, string sample)
    {
        AnsiConsole.MarkupLine($"[green]Demo facility built[/] in {Markup.Escape(summary.Folder)}");
        if (summary.ReplacedEarlier)
            AnsiConsole.MarkupLine($"[yellow]The earlier demo in this folder was deleted and rebuilt[/] " +
                $"({Markup.Escape(summary.Replaced)}).");
        var lots = new Table().Border(TableBorder.Rounded).AddColumn("lot").AddColumn("state");
        foreach (var (lot, state) in summary.Lots) lots.AddRow(Markup.Escape(lot), Markup.Escape(state));
        AnsiConsole.Write(lots);
        AnsiConsole.MarkupLine(
            $"certificates: {Markup.Escape(string.Join(", ", summary.Certificates.Select(Path.GetFileName)))}");
        AnsiConsole.MarkupLine($"trial landscape: {Markup.Escape(string.Join(", ", summary.TrialSources))} " +
            $"({(summary.TrialSourceIsCorpus ? "shared corpus" : "built-in fictional records")})");
        var info = FcsSummaries.Summarize(sample, statistics: false);
        AnsiConsole.MarkupLine($"sample FCS: {Markup.Escape(sample)} ({info.Datasets?[0].Events ?? 0:N0} events, " +
            $"{info.Datasets?[0].Parameters.Count ?? 0} parameters, written with Stroma's FCS 3.1 writer)");
        var users = new Table().Border(TableBorder.Rounded).AddColumn("user").AddColumn("role")
            .AddColumn("password (generated now; shown once)");
        foreach (var u in summary.Users) users.AddRow(u.UserName, u.Role, u.Password);
        AnsiConsole.Write(users);
        AnsiConsole.MarkupLine($"Open it: [bold]stroma serve --db {Markup.Escape(summary.Database)}[/] then " +
            $"http://127.0.0.1:5000 (or run [bold]stroma demo --serve[/]).");
    }
}

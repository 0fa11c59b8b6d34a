using System.CommandLine;
using Stroma.Cli.Commands;

namespace Stroma.Cli;

/// <summary>Entry point of the <c>stroma</c> command.</summary>
public static class Program
{
    /// <summary>Builds the command tree and runs it.</summary>
    public static int Main(string[] args)
    {
        // Redirected output (logs, scripts, tests) is not a terminal: use $COLUMNS, else a wide line, instead of
        // wrapping at 80.
        if (Console.IsOutputRedirected)
            Spectre.Console.AnsiConsole.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"),
                out var columns) && columns >= 40 ? columns : 160;
        return Run(BuildRoot(), args, StoreCommand.Error);
    }

    /// <summary>
    /// Runs <paramref name="root"/> on <paramref name="args"/>. An exception no command handled becomes one line for
    /// <paramref name="reportError"/> (the innermost cause's first line, never a type name or a stack trace) and
    /// exit code <see cref="InternalError"/>.
    /// </summary>
    public static int Run(RootCommand root, string[] args, Action<string> reportError)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(reportError);
        try
        {
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0 && parse.Action is System.CommandLine.Invocation.ParseErrorAction)
            {
                // The library's own message names .NET types ("as expected type 'System.Int32'"); ours names values.
                foreach (var error in parse.Errors) reportError(ParseErrors.Readable(error.Message));
                var names = new List<string>();
                for (var r = parse.CommandResult; r is not null;
                     r = r.Parent as System.CommandLine.Parsing.CommandResult)
                    names.Insert(0, r.Parent is null ? "stroma" : r.Command.Name);
                reportError($"run '{string.Join(' ', names)} --help' for the options");
                return 1;
            }
            // The library's default handler prints the exception type and stack trace; errors here print a message
            // only.
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var cause = Innermost(ex).Message.Split('\n', 2)[0].Trim();
            reportError($"stroma could not complete the command: " +
                $"{(cause.Length > 0 ? cause : "an internal error occurred")}");
            return InternalError;
        }
    }

    /// <summary>Exit code of an unexpected failure (sysexits.h EX_SOFTWARE).</summary>
    public const int InternalError = 70;

    // Wrappers (AggregateException, TargetInvocationException) say nothing to the user; the innermost cause does.
    private static Exception Innermost(Exception ex)
    {
        while (ex is AggregateException or System.Reflection.TargetInvocationException
            && ex.InnerException is not null) ex = ex.InnerException;
        return ex;
    }

    /// <summary>The full command tree (also used by tests).</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("Stroma: a toolkit for developing mesenchymal stromal cell (MSC) therapies — flow " +
            "cytometry, identity, manufacturing records, trial landscape.");
        root.Subcommands.Add(FcsCommands.Create());
        root.Subcommands.Add(GateCommand.Create());
        root.Subcommands.Add(WspCommands.Create());
        root.Subcommands.Add(IdentityCommand.Create());
        root.Subcommands.Add(SynthCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(KnowledgeCommands.Create());
        root.Subcommands.Add(ReadinessCommand.Create());
        root.Subcommands.Add(UserCommands.Create());
        foreach (var command in LoginCommands.Create()) root.Subcommands.Add(command);
        root.Subcommands.Add(DonorCommands.Create());
        root.Subcommands.Add(LotCommands.Create());
        root.Subcommands.Add(ReleaseCommands.Create());
        root.Subcommands.Add(QualityCommands.Oos());
        root.Subcommands.Add(QualityCommands.Deviation());
        root.Subcommands.Add(AuditCommand.Create());
        root.Subcommands.Add(IsbtCommand.Create());
        root.Subcommands.Add(DoseCommand.Create());
        root.Subcommands.Add(TrialsCommands.Create());
        return root;
    }
}

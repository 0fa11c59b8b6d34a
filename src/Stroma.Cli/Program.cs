using System.CommandLine;
using Stroma.Cli.Commands;

namespace Stroma.Cli;

/// <summary>Entry point of the <c>stroma</c> command.</summary>
public static class Program
{
    /// <summary>Builds the command tree and runs it.</summary>
    public static int Main(string[] args)
    {
        return Run(BuildRoot(args), args, StoreCommand.Error, ConfigureConsole);
    }

    // Redirected output (logs, scripts, tests) is not a terminal: use $COLUMNS, else a wide line, instead of wrapping
    // at 80. Creating Spectre's console detects the terminal's capabilities; the version and help, which never use it,
    // skip that (part of the start-up measured 2026-12-03).
    private static void ConfigureConsole()
    {
        if (Console.IsOutputRedirected)
            Spectre.Console.AnsiConsole.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"),
                out var columns) && columns >= 40 ? columns : 160;
    }

    /// <summary>
    /// Runs <paramref name="root"/> on <paramref name="args"/>. An exception no command handled becomes one line for
    /// <paramref name="reportError"/> (the innermost cause's first line, never a type name or a stack trace) and
    /// exit code <see cref="InternalError"/>. <paramref name="beforeCommand"/> runs before a command's action (not
    /// before the version or help).
    /// </summary>
    public static int Run(RootCommand root, string[] args, Action<string> reportError, Action? beforeCommand = null)
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
            if (parse.Action is not (System.CommandLine.Help.HelpAction or null)
                && !root.Options.OfType<VersionOption>().Any(v => parse.GetResult(v) is not null))
                beforeCommand?.Invoke();
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

    /// <summary>The top-level commands by name, each with the factory that builds its tree (<c>login</c> and
    /// <c>logout</c> come from one factory).</summary>
    internal static readonly IReadOnlyList<(string Name, Func<IEnumerable<Command>> Build)> Catalog =
    [
        ("fcs", () => [FcsCommands.Create()]),
        ("gate", () => [GateCommand.Create()]),
        ("wsp", () => [WspCommands.Create()]),
        ("identity", () => [IdentityCommand.Create()]),
        ("synth", () => [SynthCommand.Create()]),
        ("demo", () => [DemoCommand.Create()]),
        ("serve", () => [ServeCommand.Create()]),
        ("knowledge", () => [KnowledgeCommands.Create()]),
        ("readiness", () => [ReadinessCommand.Create()]),
        ("user", () => [UserCommands.Create()]),
        ("login", LoginCommands.Create),
        ("logout", LoginCommands.Create),
        ("donor", () => [DonorCommands.Create()]),
        ("lot", () => [LotCommands.Create()]),
        ("release", () => [ReleaseCommands.Create()]),
        ("oos", () => [QualityCommands.Oos()]),
        ("deviation", () => [QualityCommands.Deviation()]),
        ("audit", () => [AuditCommand.Create()]),
        ("isbt", () => [IsbtCommand.Create()]),
        ("dose", () => [DoseCommand.Create()]),
        ("trials", () => [TrialsCommands.Create()]),
    ];

    private const string Description = "Stroma: a toolkit for developing mesenchymal stromal cell (MSC) therapies — " +
        "flow cytometry, identity, manufacturing records, trial landscape.";

    /// <summary>The full command tree (also used by tests).</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand(Description);
        var built = new HashSet<Func<IEnumerable<Command>>>();
        foreach (var (_, build) in Catalog)
            if (built.Add(build)) foreach (var command in build()) root.Subcommands.Add(command);
        return root;
    }

    /// <summary>
    /// The tree <paramref name="args"/> needs. Building every command's options loads most of Stroma's assemblies
    /// (storage, identity, EF Core) and JIT-compiles their generic option types: measured 2026-12-03 as most of
    /// <c>stroma --version</c>'s start. So a run that names a command builds only that command's tree, and a bare
    /// <c>--version</c> builds none; the root's help, completions and misspelt commands get the full tree (so "did
    /// you mean" still sees every name). Both parse the given arguments identically (CommandTreeTests).
    /// </summary>
    public static RootCommand BuildRoot(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args is ["--version"]) return new RootCommand(Description);
        if (args.Count == 0) return BuildRoot();
        foreach (var (name, build) in Catalog)
        {
            if (!string.Equals(name, args[0], StringComparison.Ordinal)) continue;
            var root = new RootCommand(Description);
            foreach (var command in build()) root.Subcommands.Add(command);
            return root;
        }
        return BuildRoot();
    }
}

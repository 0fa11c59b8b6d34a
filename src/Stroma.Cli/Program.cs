using System.CommandLine;
using Stroma.Cli.Commands;

namespace Stroma.Cli;

/// <summary>Entry point of the <c>stroma</c> command.</summary>
public static class Program
{
    /// <summary>Builds the command tree and runs it.</summary>
    public static int Main(string[] args)
    {
        var root = BuildRoot();
        return root.Parse(args).Invoke();
    }

    /// <summary>The full command tree (also used by tests).</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("Stroma: a toolkit for developing mesenchymal stromal cell (MSC) therapies — flow cytometry, identity, manufacturing records, trial landscape.");
        root.Subcommands.Add(FcsCommands.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(TrialsCommands.Create());
        return root;
    }
}

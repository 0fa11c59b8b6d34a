using System.CommandLine;
using Xunit;

namespace Stroma.Cli.Tests.Commands;

/// <summary>
/// The start-up tree (<see cref="Program.BuildRoot(IReadOnlyList{string})"/>) builds only the command a run names;
/// it must parse every argument list exactly as the full tree does.
/// </summary>
public sealed class CommandTreeTests
{
    [Fact]
    public void The_catalog_names_every_top_level_command_once()
    {
        var full = Program.BuildRoot().Subcommands.Select(c => c.Name).Order(StringComparer.Ordinal).ToArray();
        var catalog = Program.Catalog.Select(e => e.Name).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(full, catalog);
        foreach (var (name, build) in Program.Catalog)
            Assert.Contains(name, build().Select(c => c.Name));
    }

    [Theory]
    [InlineData("--version")]
    [InlineData("fcs", "info")]
    [InlineData("fcs", "info", "a.fcs", "--bogus")]
    [InlineData("fcs", "infoo", "a.fcs")]
    [InlineData("gate", "--help")]
    [InlineData("lot", "create", "--kind", "zzz")]
    [InlineData("logout", "--db", "x.db")]
    [InlineData("login", "--user")]
    [InlineData("trials", "landscape", "x.zip", "--format", "foo")]
    [InlineData("fsc", "info")]
    [InlineData("--help")]
    [InlineData("--version", "fcs")]
    [InlineData("FCS", "info")]
    public void The_start_up_tree_parses_as_the_full_tree(params string[] args)
    {
        var full = Program.BuildRoot().Parse(args);
        var lazy = Program.BuildRoot(args).Parse(args);

        Assert.Equal(full.Errors.Select(e => e.Message), lazy.Errors.Select(e => e.Message));
        Assert.Equal(Path(full), Path(lazy));
        Assert.Equal(full.Action?.GetType(), lazy.Action?.GetType());
    }

    [Fact]
    public void A_bare_version_builds_no_command_and_a_named_command_builds_only_itself()
    {
        Assert.Empty(Program.BuildRoot(["--version"]).Subcommands);
        Assert.Equal(["fcs"], Program.BuildRoot(["fcs", "info", "a.fcs"]).Subcommands.Select(c => c.Name));
        Assert.Equal(["login", "logout"], Program.BuildRoot(["logout"]).Subcommands.Select(c => c.Name));
        Assert.Equal(Program.Catalog.Count, Program.BuildRoot(["--help"]).Subcommands.Count);
    }

    private static string Path(ParseResult parse)
    {
        var names = new List<string>();
        for (var r = parse.CommandResult; r is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult)
            names.Insert(0, r.Command.Name);
        return string.Join(' ', names);
    }
}

using System.CommandLine;
using Xunit;

namespace Stroma.Cli.Tests.Commands;

/// <summary>An exception no command anticipated ends the run with exit code 70 and one plain error line.</summary>
public sealed class UnexpectedErrorTests
{
    private static (int Code, List<string> Lines) RunFailing(Exception failure)
    {
        var root = Program.BuildRoot();
        var explode = new Command("explode", "fails on purpose");
        Func<ParseResult, int> action = _ => throw failure;
        explode.SetAction(action);
        root.Subcommands.Add(explode);
        var lines = new List<string>();
        return (Program.Run(root, ["explode"], lines.Add), lines);
    }

    [Fact]
    public void An_unhandled_exception_exits_70_with_one_line_naming_neither_type_nor_stack()
    {
        var (code, lines) = RunFailing(new InvalidOperationException("the cache was disposed\n   at Stroma.Internal.Thing()"));
        Assert.Equal(Program.InternalError, code);
        Assert.Equal(70, code);
        var line = Assert.Single(lines);
        Assert.Equal("stroma could not complete the command: the cache was disposed", line);
        Assert.DoesNotContain("Exception", line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrapped_exception_reports_its_innermost_cause()
    {
        var (code, lines) = RunFailing(new AggregateException(new IOException("disk full")));
        Assert.Equal(70, code);
        Assert.Equal("stroma could not complete the command: disk full", Assert.Single(lines));
    }

    [Fact]
    public void A_run_without_a_failure_reports_nothing()
    {
        var lines = new List<string>();
        var code = Program.Run(Program.BuildRoot(), ["isbt", "check", "--help"], lines.Add);
        Assert.Equal(0, code);
        Assert.Empty(lines);
    }
}

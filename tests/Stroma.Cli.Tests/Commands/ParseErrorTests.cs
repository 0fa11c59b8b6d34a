using Xunit;

namespace Stroma.Cli.Tests.Commands;

/// <summary>A mistyped option value is refused naming the option and the values it takes, never a .NET type.</summary>
public sealed class ParseErrorTests
{
    private static (int Code, List<string> Lines) Run(params string[] args)
    {
        var lines = new List<string>();
        return (Program.Run(Program.BuildRoot(), args, lines.Add), lines);
    }

    [Theory]
    [InlineData("'--format': expected one of md, html, json, xlsx, csv.", "trials", "landscape", "x.zip",
        "--format", "foo")]
    [InlineData("'--format': expected one of md, html, json, xlsx.", "trials", "diff", "a", "b", "--format", "zzz")]
    [InlineData("'--page-size': expected a whole number.", "trials", "fetch", "--query", "q", "--out", "o.zip",
        "--page-size", "abc")]
    public void A_value_of_the_wrong_kind_names_the_option_and_what_it_takes(string expected, params string[] args)
    {
        var (code, lines) = Run(args);

        Assert.Equal(1, code);
        Assert.Contains(lines, l => l.Contains(expected, StringComparison.Ordinal));
        Assert.Contains($"run 'stroma {args[0]} {args[1]} --help' for the options", lines);
        foreach (var line in lines)
        {
            Assert.DoesNotContain("System.", line, StringComparison.Ordinal);
            Assert.DoesNotContain("Stroma.", line, StringComparison.Ordinal);
            Assert.DoesNotContain("expected type", line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_unknown_option_and_a_missing_required_one_are_named()
    {
        var (code, lines) = Run("trials", "fetch", "--query", "q", "--bogus");

        Assert.Equal(1, code);
        Assert.Contains(lines, l => l.Contains("--bogus", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("--out", StringComparison.Ordinal));
    }
}

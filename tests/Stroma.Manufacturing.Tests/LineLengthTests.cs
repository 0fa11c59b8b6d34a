using Xunit;

namespace Stroma.Manufacturing.Tests;

/// <summary>
/// The line length the repository's .editorconfig declares for C# (<c>max_line_length</c>), kept by every source
/// file under src/. Generated code is left out: EF Core migrations (any <c>Migrations/</c> folder) and build output
/// (<c>bin/</c>, <c>obj/</c>). Lengths count characters (UTF-16 code units), not bytes, as editors do.
/// </summary>
public sealed class LineLengthTests
{
    private static readonly string[] Generated = ["Migrations", "bin", "obj"];

    private static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Stroma.slnx"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Stroma.slnx not found above the test folder.");
        }
    }

    /// <summary>
    /// <c>max_line_length</c> for *.cs files from the root .editorconfig: the last section whose glob covers C#
    /// files (<c>[*]</c>, <c>[*.cs]</c> or a <c>{…}</c> list naming cs) wins, as EditorConfig orders them.
    /// </summary>
    internal static int MaxLineLength(string editorConfig)
    {
        int? limit = null;
        var applies = false;
        foreach (var raw in editorConfig.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';') continue;
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                applies = CoversCSharp(line[1..^1]);
                continue;
            }
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (!applies || eq < 0 || !line[..eq].Trim().Equals("max_line_length", StringComparison.OrdinalIgnoreCase))
                continue;
            var value = line[(eq + 1)..].Trim();
            limit = int.TryParse(value, out var n) && n > 0
                ? n
                : throw new InvalidOperationException($".editorconfig max_line_length '{value}' is not a number.");
        }
        return limit
            ?? throw new InvalidOperationException(".editorconfig declares no max_line_length for *.cs files.");
    }

    private static bool CoversCSharp(string glob)
    {
        if (glob is "*" or "**" or "*.cs" or "**.cs" or "**/*.cs") return true;
        var open = glob.IndexOf('{', StringComparison.Ordinal);
        return glob.StartsWith("*.", StringComparison.Ordinal) && open == 2 && glob.EndsWith('}')
            && glob[3..^1].Split(',').Any(e => e.Trim() == "cs");
    }

    [Fact]
    public void Editorconfig_limit_is_read_from_the_section_covering_csharp()
    {
        const string config = "root = true\n[*]\nindent_size = 4\n[*.{json,xml}]\nmax_line_length = 80\n"
            + "[*.cs]\nmax_line_length = 120\n[*.md]\nmax_line_length = 70\n";
        Assert.Equal(120, MaxLineLength(config));
        Assert.Equal(100, MaxLineLength("[*.{cs,csx}]\nmax_line_length = 100\n"));
        Assert.Throws<InvalidOperationException>(() => MaxLineLength("[*.md]\nmax_line_length = 70\n"));
    }

    [Fact]
    public void Every_source_line_is_within_the_editorconfig_limit()
    {
        var limit = MaxLineLength(File.ReadAllText(Path.Combine(Root, ".editorconfig")));
        var src = Path.Combine(Root, "src");
        var files = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(src, f).Split(Path.DirectorySeparatorChar).Any(Generated.Contains))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.NotEmpty(files);

        var over = new List<string>();
        foreach (var file in files)
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
                if (lines[i].Length > limit)
                    over.Add($"{Path.GetRelativePath(Root, file)}:{i + 1} ({lines[i].Length} characters)");
        }
        Assert.True(over.Count == 0,
            $"{over.Count} lines are longer than the {limit} characters .editorconfig allows:\n"
            + string.Join('\n', over));
    }
}

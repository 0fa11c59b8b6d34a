using Xunit;

namespace Stroma.Testing;

/// <summary>
/// Locates the shared, read-only corpus (<c>../shared</c> beside the repository, or
/// <c>$STROMA_CORPUS_ROOT</c>). Tests that need it call <see cref="Require"/>, which skips the test
/// with a clear message on a fresh clone without the corpus.
/// </summary>
public static class Corpus
{
    private static readonly Lazy<string?> RootLazy = new(FindRoot);

    /// <summary>The shared folder, or null when it cannot be found.</summary>
    public static string? Root => RootLazy.Value;

    /// <summary>The repository root (the folder holding Stroma.slnx).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Message used when skipping.</summary>
    public const string MissingMessage =
        "shared corpus not found: set STROMA_CORPUS_ROOT to the 'shared' folder or place it at ../shared beside the repository";

    /// <summary>Full path of a corpus item; skips the running test when the corpus is absent.</summary>
    public static string Require(params string[] relative)
    {
        if (Root is null) Requirement.Missing(MissingMessage);
        var path = Path.Combine([Root, .. relative]);
        if (!File.Exists(path) && !Directory.Exists(path)) Requirement.Missing($"corpus item missing: {path}");
        return path;
    }

    /// <summary>
    /// File names in a corpus folder for theory data; when the corpus is absent yields one
    /// placeholder ("(corpus absent)") so the theory runs once and skips.
    /// </summary>
    public static TheoryData<string> FileNames(string folder, params string[] extensions)
    {
        var data = new TheoryData<string>();
        var dir = Root is null ? null : Path.Combine(Root, folder);
        if (dir is null || !Directory.Exists(dir))
        {
            data.Add(Placeholder);
            return data;
        }
        foreach (var f in Directory.EnumerateFiles(dir).Select(Path.GetFileName).OfType<string>()
                     .Where(f => extensions.Length == 0 || extensions.Any(e => f.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
                     .Order(StringComparer.Ordinal))
            data.Add(f);
        return data;
    }

    /// <summary>The placeholder theory value used when the corpus is absent.</summary>
    public const string Placeholder = "(corpus absent)";

    /// <summary>Resolves a name from <see cref="FileNames"/>; skips for the placeholder.</summary>
    public static string RequireFile(string folder, string name)
    {
        if (name == Placeholder) Requirement.Missing(MissingMessage);
        return Require(folder, name);
    }

    private static string? FindRoot()
    {
        var env = Environment.GetEnvironmentVariable("STROMA_CORPUS_ROOT");
        if (!string.IsNullOrWhiteSpace(env) && Directory.Exists(Path.Combine(env, "corpus"))) return Path.GetFullPath(env);
        var beside = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));
        return Directory.Exists(Path.Combine(beside, "corpus")) ? beside : null;
    }

    private static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Stroma.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}

/// <summary>A temporary folder deleted when disposed.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>Creates a fresh folder under the system temp path.</summary>
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "stroma-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>A path inside the folder.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <inheritdoc/>
    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

namespace Stroma.Knowledge;

/// <summary>A knowledge data file (or rule) is malformed or inconsistent. Names the file and entry at fault.</summary>
public sealed class KnowledgeDataException : Exception
{
    /// <summary>Creates the exception.</summary>
    public KnowledgeDataException(string file, string? entryId, string problem, Exception? inner = null)
        : base(entryId is null ? $"{file}: {problem}" : $"{file}, entry '{entryId}': {problem}", inner)
    {
        File = file;
        EntryId = entryId;
        Problem = problem;
    }

    /// <summary>The data file (e.g. "markers.json").</summary>
    public string File { get; }

    /// <summary>The entry at fault, or null for a file-level problem.</summary>
    public string? EntryId { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }
}

namespace Stroma.Cytometry.Formats.Fcs;

/// <summary>
/// An FCS file (or stream) is not readable as written. Carries where the problem is
/// (file, byte offset, keyword) and what the reader expected to find there.
/// </summary>
public sealed class FcsFormatException : CytometryException
{
    /// <summary>Creates the exception; the message is composed from the parts.</summary>
    public FcsFormatException(string? filePath, long? offset, string? keyword, string problem, string expected,
        Exception? inner = null)
        : base(Compose(filePath, offset, keyword, problem, expected), inner)
    {
        FilePath = filePath;
        Offset = offset;
        Keyword = keyword;
        Problem = problem;
        Expected = expected;
    }

    /// <summary>Creates the exception with only a message (for serializers and tests).</summary>
    public FcsFormatException(string message) : base(message)
    {
        Problem = message;
        Expected = "";
    }

    /// <summary>Creates the exception with only a message and an inner error.</summary>
    public FcsFormatException(string message, Exception? innerException) : base(message, innerException)
    {
        Problem = message;
        Expected = "";
    }

    /// <summary>Creates the exception with no message.</summary>
    public FcsFormatException() : this("Invalid FCS data") { }

    /// <summary>The file that was being read, when it came from a file.</summary>
    public string? FilePath { get; }

    /// <summary>Absolute byte offset in the file where the problem was found, when known.</summary>
    public long? Offset { get; }

    /// <summary>The TEXT keyword involved, when the problem concerns one.</summary>
    public string? Keyword { get; }

    /// <summary>What is wrong, in plain words.</summary>
    public string Problem { get; }

    /// <summary>What the reader expected instead.</summary>
    public string Expected { get; }

    /// <summary>
    /// True when the reader's last-resort guard wrapped an exception that no format check raised (a decoder
    /// bug, found in <see cref="Exception.InnerException"/>); deliberate format errors leave it false. Fuzz tests fail
    /// on it.
    /// </summary>
    internal bool IsUnexpected { get; init; }

    private static string Compose(string? filePath, long? offset, string? keyword, string problem, string expected)
    {
        var where = new List<string>(3);
        if (filePath is not null) where.Add(Path.GetFileName(filePath));
        if (offset is not null) where.Add($"byte {offset.Value}");
        if (keyword is not null) where.Add($"keyword {keyword}");
        var prefix = where.Count > 0 ? string.Join(", ", where) + ": " : "";
        return string.IsNullOrEmpty(expected) ? prefix + problem : $"{prefix}{problem}; expected {expected}";
    }
}

/// <summary>
/// A column-selected read (<see cref="FcsReadOptions.Parameters"/>) named a parameter the data set does not have:
/// an error of the caller's selection, not of the file.
/// </summary>
public sealed class FcsParameterSelectionException : CytometryException
{
    /// <summary>Creates the exception for <paramref name="parameter"/>, listing the data set's parameters.</summary>
    public FcsParameterSelectionException(string? filePath, string parameter, IReadOnlyList<string> available)
        : base($"{(filePath is null ? "" : Path.GetFileName(filePath) + ": ")}parameter '{parameter}' was " +
            $"selected but is not a parameter of the data set (by name, $PnN or $PnS); it has " +
            $"{string.Join(", ", available)}.")
    {
        FilePath = filePath;
        Parameter = parameter;
        Available = available;
    }

    /// <summary>Creates the exception with only a message (for serializers and tests).</summary>
    public FcsParameterSelectionException(string message) : base(message)
    {
        Parameter = "";
        Available = [];
    }

    /// <summary>Creates the exception with only a message and an inner error.</summary>
    public FcsParameterSelectionException(string message, Exception? innerException) : base(message, innerException)
    {
        Parameter = "";
        Available = [];
    }

    /// <summary>Creates the exception with no message.</summary>
    public FcsParameterSelectionException() : this("Unknown parameter selected") { }

    /// <summary>The file that was being read, when it came from a file.</summary>
    public string? FilePath { get; }

    /// <summary>The selected name that matched no parameter.</summary>
    public string Parameter { get; }

    /// <summary>The data set's parameter names.</summary>
    public IReadOnlyList<string> Available { get; }
}

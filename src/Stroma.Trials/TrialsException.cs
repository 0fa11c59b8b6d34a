namespace Stroma.Trials;

/// <summary>
/// Base of every error the trials library raises on purpose. Callers that want to report
/// "this input is bad" without a stack trace catch this type.
/// </summary>
public class TrialsException : Exception
{
    /// <summary>Creates an exception with a message.</summary>
    public TrialsException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and the error that caused it.</summary>
    public TrialsException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates an exception with no message (for serializers).</summary>
    public TrialsException() { }
}

/// <summary>
/// A registry record (or the file holding it) cannot be read as written. Carries where the problem is:
/// the file (or <c>zip!entry</c>), the record (NCT id or row) and the field, and what was expected.
/// </summary>
public sealed class TrialFormatException : TrialsException
{
    /// <summary>Creates the exception; the message is composed from the parts.</summary>
    public TrialFormatException(string? file, string? record, string? field, string problem, Exception? inner = null)
        : base(Compose(file, record, field, problem), inner)
    {
        File = file;
        Record = record;
        Field = field;
        Problem = problem;
    }

    /// <summary>Creates the exception with only a message.</summary>
    public TrialFormatException(string message) : base(message) => Problem = message;

    /// <summary>Creates the exception with only a message and an inner error.</summary>
    public TrialFormatException(string message, Exception? innerException) : base(message, innerException) =>
        Problem = message;

    /// <summary>Creates the exception with no message.</summary>
    public TrialFormatException() : this("Invalid trial record") { }

    /// <summary>The file (or <c>archive.zip!entry</c>) being read, when known.</summary>
    public string? File { get; }

    /// <summary>The record: an NCT id, or a row/element position when the id itself is missing.</summary>
    public string? Record { get; }

    /// <summary>The registry field involved, when the problem concerns one.</summary>
    public string? Field { get; }

    /// <summary>What is wrong, in plain words.</summary>
    public string Problem { get; }

    private static string Compose(string? file, string? record, string? field, string problem)
    {
        var where = new List<string>(3);
        if (file is not null) where.Add(file);
        if (record is not null) where.Add(record);
        if (field is not null) where.Add($"field {field}");
        return where.Count > 0 ? string.Join(", ", where) + ": " + problem : problem;
    }
}

namespace Stroma.Trials.Curation;

/// <summary>
/// A curation decision that cannot be taken as written: an unknown field, a value outside the EXTRACTION.md
/// vocabulary, a correction without a reason. Names the trial, the field, the value and what was expected.
/// </summary>
public sealed class CurationException : TrialsException
{
    /// <summary>Creates the exception; the message is composed from the parts.</summary>
    public CurationException(string? nctId, string field, string? value, string expected)
        : base(Compose(nctId, field, value, expected))
    {
        NctId = nctId;
        Field = field;
        Value = value;
        Expected = expected;
    }

    /// <summary>Creates the exception with only a message.</summary>
    public CurationException(string message) : base(message) => Field = "";

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public CurationException(string message, Exception? innerException) : base(message, innerException) => Field = "";

    /// <summary>Creates an exception with no message (for serializers).</summary>
    public CurationException() => Field = "";

    /// <summary>The trial, when known.</summary>
    public string? NctId { get; }

    /// <summary>The curated field (gold-file column name).</summary>
    public string Field { get; }

    /// <summary>The value refused, when there is one.</summary>
    public string? Value { get; }

    /// <summary>What would have been accepted.</summary>
    public string? Expected { get; }

    private static string Compose(string? nctId, string field, string? value, string expected) =>
        $"{(nctId is null ? "" : nctId + ": ")}{field}{(value is null ? "" : $" '{value}'")}: expected {expected}";
}

namespace Stroma.Manufacturing;

/// <summary>
/// A manufacturing command cannot be carried out as asked: bad input, a broken rule, a missing record.
/// Messages name the offending value and what was expected; nothing has been written when it is thrown.
/// </summary>
public class ManufacturingException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ManufacturingException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    public ManufacturingException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates the exception with no message.</summary>
    public ManufacturingException() { }

    /// <summary>The record the problem concerns (a lot code, donor code, user name), when there is one.</summary>
    public string? Subject { get; init; }
}

/// <summary>A record named by the caller does not exist.</summary>
public sealed class RecordNotFoundException : ManufacturingException
{
    /// <summary>Creates the exception for a kind of record and its key.</summary>
    public RecordNotFoundException(string kind, string key)
        : base($"{kind} '{key}' does not exist.")
    {
        Kind = kind;
        Subject = key;
    }

    /// <summary>Creates the exception with no message.</summary>
    public RecordNotFoundException() { }

    /// <summary>Creates the exception with a message.</summary>
    public RecordNotFoundException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public RecordNotFoundException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Kind of record ("lot", "donor", "user", …).</summary>
    public string Kind { get; } = "";
}

/// <summary>Another writer changed the same record since it was read: nothing was saved, re-read and retry.</summary>
public sealed class ConcurrencyConflictException : ManufacturingException
{
    /// <summary>Creates the exception with a message.</summary>
    public ConcurrencyConflictException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ConcurrencyConflictException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates the exception with no message.</summary>
    public ConcurrencyConflictException() { }
}

/// <summary>A release or signature is refused (failed or missing results, four-eyes rule, role, password).</summary>
public sealed class ReleaseRefusedException : ManufacturingException
{
    /// <summary>Creates the exception with a message and the individual reasons.</summary>
    public ReleaseRefusedException(string message, IReadOnlyList<string> reasons) : base(message) => Reasons = reasons;

    /// <summary>Creates the exception with a message.</summary>
    public ReleaseRefusedException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ReleaseRefusedException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates the exception with no message.</summary>
    public ReleaseRefusedException() { }

    /// <summary>Each reason on its own (e.g. one per out-of-specification test).</summary>
    public IReadOnlyList<string> Reasons { get; } = [];
}

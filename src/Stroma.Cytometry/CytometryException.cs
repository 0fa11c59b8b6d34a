namespace Stroma.Cytometry;

/// <summary>
/// Base of every error the cytometry engine raises on purpose. Callers that want to report
/// "this input is bad" without a stack trace catch this type.
/// </summary>
public class CytometryException : Exception
{
    /// <summary>Creates an exception with a message.</summary>
    public CytometryException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and the error that caused it.</summary>
    public CytometryException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates an exception with no message (for serializers).</summary>
    public CytometryException() { }
}

namespace Stroma.Identity;

/// <summary>
/// An identity analysis cannot be set up as asked (bad panel file, unknown panel, bad marker override, unreadable
/// tube).
/// </summary>
public sealed class IdentityException : Exception
{
    /// <summary>Creates the exception.</summary>
    public IdentityException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    public IdentityException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates the exception with no message.</summary>
    public IdentityException() { }
}

namespace Stroma.Manufacturing;

/// <summary>
/// A value entering the domain is outside its plausible range (not a number, negative, absurdly large, a date
/// before records began or in the future). Carries the field, the value and what was expected; nothing is saved.
/// </summary>
public sealed class InvalidValueException : ManufacturingException
{
    /// <summary>Creates the exception for a field, the value given and what was expected.</summary>
    public InvalidValueException(string field, string value, string expected)
        : base($"{field} must be {expected}; {value} given.")
    {
        Field = field;
        Value = value;
        Expected = expected;
    }

    /// <summary>Creates the exception with no message.</summary>
    public InvalidValueException() { }

    /// <summary>Creates the exception with a message.</summary>
    public InvalidValueException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public InvalidValueException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>The field (e.g. "Seeded cells").</summary>
    public string Field { get; } = "";

    /// <summary>The value given, as text.</summary>
    public string Value { get; } = "";

    /// <summary>What was expected (e.g. "a positive number of at most 1e13").</summary>
    public string Expected { get; } = "";
}

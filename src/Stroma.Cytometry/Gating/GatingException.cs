namespace Stroma.Cytometry.Gating;

/// <summary>Something wrong in a gating description: names the element id and its line.</summary>
public sealed class GatingException : CytometryException
{
    /// <summary>Creates the exception.</summary>
    public GatingException(string message, string? elementId = null, SourceLocation location = default,
        Exception? inner = null)
        : base(Compose(message, elementId, location), inner)
    {
        ElementId = elementId;
        Location = location;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public GatingException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and inner error.</summary>
    public GatingException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates the exception with no message.</summary>
    public GatingException() { }

    /// <summary>The gate, transformation or matrix id concerned.</summary>
    public string? ElementId { get; }

    /// <summary>Where in the document.</summary>
    public SourceLocation Location { get; }

    private static string Compose(string message, string? id, SourceLocation location)
    {
        var where = location.Line > 0 || location.File is not null ? location.ToString() : null;
        var what = id is null ? null : $"'{id}'";
        var prefix = (where, what) switch
        {
            (null, null) => "",
            (null, _) => $"{what}: ",
            (_, null) => $"{where}: ",
            _ => $"{where}, {what}: ",
        };
        return prefix + message;
    }
}

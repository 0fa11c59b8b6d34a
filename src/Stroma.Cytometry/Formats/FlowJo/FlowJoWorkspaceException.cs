namespace Stroma.Cytometry.Formats.FlowJo;

/// <summary>
/// Something wrong in a FlowJo workspace: names the workspace file, the element and its line, and
/// what was expected.
/// </summary>
public sealed class FlowJoWorkspaceException : CytometryException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and what was expected.</param>
    /// <param name="file">Workspace file name, if known.</param>
    /// <param name="element">Element name (e.g. <c>gating:PolygonGate</c>), if known.</param>
    /// <param name="line">1-based line, 0 when unknown.</param>
    /// <param name="inner">The error that caused this one.</param>
    public FlowJoWorkspaceException(string message, string? file, string? element, int line, Exception? inner = null)
        : base(Compose(message, file, element, line), inner)
    {
        File = file;
        Element = element;
        Line = line;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public FlowJoWorkspaceException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and inner error.</summary>
    public FlowJoWorkspaceException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates the exception with no message.</summary>
    public FlowJoWorkspaceException() { }

    /// <summary>Workspace file name.</summary>
    public string? File { get; }

    /// <summary>The element concerned.</summary>
    public string? Element { get; }

    /// <summary>1-based line, 0 when unknown.</summary>
    public int Line { get; }

    private static string Compose(string message, string? file, string? element, int line)
    {
        var where = file ?? "workspace";
        if (line > 0) where += $" line {line}";
        if (element is not null) where += $", <{element}>";
        return $"{where}: {message}";
    }
}

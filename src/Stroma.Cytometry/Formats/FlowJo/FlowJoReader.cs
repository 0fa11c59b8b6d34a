namespace Stroma.Cytometry.Formats.FlowJo;

/// <summary>
/// Reads FlowJo 10 workspaces (<c>.wsp</c>) into a <see cref="FlowJoWorkspace"/>: groups, samples with their
/// FCS file names and keywords, and per sample its compensation, transforms and population tree as a
/// <see cref="Gating.GatingStrategy"/> on Stroma's engine. Every problem becomes a
/// <see cref="FlowJoWorkspaceException"/> naming the element and line; nothing is half-built.
/// </summary>
/// <remarks>
/// The XML is read with DTDs prohibited and no resolver, within <see cref="Limits"/>, so a hostile document
/// cannot expand entities, fetch anything, or cost memory or recursion out of proportion to real workspaces.
/// </remarks>
public static class FlowJoReader
{
    /// <summary>Bounds of an accepted workspace.</summary>
    public static class Limits
    {
        /// <summary>
        /// Most characters in a workspace (256 Mi: large studies of thousands of samples stay below).
        /// </summary>
        public const long MaxCharacters = 256L << 20;

        /// <summary>
        /// Deepest element nesting (each population level adds three: Subpopulations, Population, Gate).
        /// </summary>
        public const int MaxDepth = 512;

        /// <summary>Most elements in a workspace.</summary>
        public const int MaxElements = 20_000_000;

        /// <summary>Most populations of one sample.</summary>
        public const int MaxPopulationsPerSample = 10_000;

        /// <summary>Deepest population nesting.</summary>
        public const int MaxPopulationDepth = 128;
    }

    internal static readonly XmlLimits XmlBounds = new(Limits.MaxCharacters, Limits.MaxDepth, Limits.MaxElements);

    /// <summary>Reads a workspace file.</summary>
    /// <exception cref="FlowJoWorkspaceException">The file cannot be read or is not a usable FlowJo 10
    /// workspace.</exception>
    public static FlowJoWorkspace Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = Path.GetFileName(path);
        return Parse(SafeXml.ReadFile(path, XmlBounds, Failure(name)), name);
    }

    /// <summary>Parses workspace XML; <paramref name="name"/> is used in messages.</summary>
    /// <exception cref="FlowJoWorkspaceException">The text is not a usable FlowJo 10 workspace.</exception>
    public static FlowJoWorkspace Parse(string xml, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(xml);
        var document = SafeXml.Parse(xml, XmlBounds, Failure(name));
        return new FlowJoReaderCore(name).Read(document);
    }

    private static Func<string, int, Exception?, Exception> Failure(string? name) =>
        (message, line, inner) => new FlowJoWorkspaceException(message, name, null, line, inner);
}

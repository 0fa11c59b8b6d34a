using System.Xml;
using System.Xml.Linq;

namespace Stroma.Cytometry.Formats;

/// <summary>Bounds every XML document Stroma reads: size, element nesting and element count.</summary>
/// <param name="MaxCharacters">Most characters in the document.</param>
/// <param name="MaxDepth">Deepest element nesting (the root is depth 1).</param>
/// <param name="MaxElements">Most elements in the document.</param>
internal readonly record struct XmlLimits(long MaxCharacters, int MaxDepth, int MaxElements);

/// <summary>
/// The one way Stroma loads XML (GatingML, FlowJo workspaces): DTDs prohibited (so no entity expansion),
/// no resolver (so no external entity or schema is fetched), and the limits checked in a streaming pass
/// before the tree is built, so a pathological document is refused before it costs memory or recursion.
/// </summary>
internal static class SafeXml
{
    /// <summary>Reads a file as text after checking its length against the limit.</summary>
    /// <param name="path">File to read.</param>
    /// <param name="limits">Limits (only <see cref="XmlLimits.MaxCharacters"/> is used here).</param>
    /// <param name="fail">Creates the caller's typed exception from a message and a line (0 when unknown).</param>
    public static string ReadFile(string path, XmlLimits limits, Func<string, int, Exception?, Exception> fail)
    {
        try
        {
            var length = new FileInfo(path).Length;
            // UTF-8 never uses fewer bytes than characters, except for a byte-order mark.
            if (length > limits.MaxCharacters + 4)
                throw fail($"the file has {length:N0} bytes; at most {limits.MaxCharacters:N0} are accepted.", 0, null);
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw fail($"cannot read the file ({ex.Message}).", 0, ex);
        }
    }

    /// <summary>
    /// Parses <paramref name="text"/> into a tree with line information, within <paramref name="limits"/>.
    /// </summary>
    public static XDocument Parse(string text, XmlLimits limits, Func<string, int, Exception?, Exception> fail)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > limits.MaxCharacters)
            throw fail($"the document has {text.Length:N0} characters; at most {limits.MaxCharacters:N0} are accepted.",
                0, null);
        try
        {
            using (var scan = XmlReader.Create(new StringReader(text), Settings(limits)))
            {
                var elements = 0;
                while (scan.Read())
                {
                    if (scan.NodeType != XmlNodeType.Element) continue;
                    var line = ((IXmlLineInfo)scan).LineNumber;
                    if (scan.Depth + 1 > limits.MaxDepth)
                        throw fail($"elements nest deeper than {limits.MaxDepth} levels (<{scan.LocalName}>).", line,
                            null);
                    if (++elements > limits.MaxElements)
                        throw fail($"the document has more than {limits.MaxElements:N0} elements.", line, null);
                }
            }
            using var reader = XmlReader.Create(new StringReader(text), Settings(limits));
            return XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException ex)
        {
            throw fail($"not well-formed XML: {ex.Message}", ex.LineNumber, ex);
        }
    }

    private static XmlReaderSettings Settings(XmlLimits limits) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 1 << 16, // DTDs are prohibited; only the predefined entities remain
        MaxCharactersInDocument = limits.MaxCharacters,
        IgnoreWhitespace = true,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };
}

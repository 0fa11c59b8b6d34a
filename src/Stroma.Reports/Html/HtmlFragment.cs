using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;

namespace Stroma.Reports.Html;

/// <summary>
/// A piece of HTML that is safe to insert as markup. Text never becomes markup by accident: a plain string converts
/// to a fragment by being HTML-encoded, and an interpolated string such as <c>$"&lt;td&gt;{name}&lt;/td&gt;"</c>
/// keeps its literal parts (written in Stroma's own source) and encodes every hole that is not itself a fragment.
/// Only Stroma's renderers can build markup this way: the handler members are internal (this assembly and the
/// renderers it names in <c>InternalsVisibleTo</c>); every other assembly can only make encoded text.
/// </summary>
[InterpolatedStringHandler]
public sealed class HtmlFragment
{
    private readonly StringBuilder _html;

    /// <summary>Called by the compiler for an interpolated string converted to a fragment.</summary>
    internal HtmlFragment(int literalLength, int formattedCount) =>
        _html = new StringBuilder(literalLength + formattedCount * 16);

    private HtmlFragment(string html) => _html = new StringBuilder(html);

    /// <summary>The empty fragment.</summary>
    public static HtmlFragment Empty => new("");

    /// <summary>Text shown as text: every character that HTML gives a meaning is encoded.</summary>
    public static HtmlFragment Text(string? text) => new(WebUtility.HtmlEncode(text ?? ""));

    /// <summary>Plain text converts by encoding (so a string can never smuggle markup into a report).</summary>
    public static implicit operator HtmlFragment(string? text) => Text(text);

    /// <summary>Fragments one after another.</summary>
    public static HtmlFragment Concat(IEnumerable<HtmlFragment> fragments)
    {
        ArgumentNullException.ThrowIfNull(fragments);
        var all = new HtmlFragment("");
        foreach (var f in fragments) all._html.Append(f._html);
        return all;
    }

    /// <summary>Markup a Stroma renderer generated itself (an SVG bar code, a stylesheet); never user text.</summary>
    internal static HtmlFragment Trusted(string html) => new(html);

    /// <summary>A literal part of an interpolated string: Stroma's own source text, kept as markup.</summary>
    internal void AppendLiteral(string literal) => _html.Append(literal);

    /// <summary>A hole: a fragment is kept, anything else is formatted (invariant culture) and encoded.</summary>
    internal void AppendFormatted<T>(T value) => AppendFormatted(value, null);

    /// <summary>A hole with a format string.</summary>
    internal void AppendFormatted<T>(T value, string? format)
    {
        if (value is HtmlFragment fragment)
        {
            _html.Append(fragment._html);
            return;
        }
        var text = value is IFormattable f ? f.ToString(format, CultureInfo.InvariantCulture) : value?.ToString();
        _html.Append(WebUtility.HtmlEncode(text ?? ""));
    }

    /// <summary>The markup.</summary>
    public override string ToString() => _html.ToString();
}

using System.Text;

namespace Stroma.Reports.Html;

/// <summary>
/// Builds small self-contained HTML documents (inline CSS, images as data URIs) that print cleanly,
/// so a report is one file a reviewer can archive, e-mail or print to PDF.
/// </summary>
public sealed class HtmlDocument
{
    private readonly StringBuilder _body = new();
    private readonly string _title;

    /// <summary>Starts a document with a title.</summary>
    public HtmlDocument(string title) => _title = title;

    /// <summary>HTML-encodes text (as a fragment, so it is not encoded twice when inserted into markup).</summary>
    public static HtmlFragment Encode(string? text) => HtmlFragment.Text(text);

    /// <summary>
    /// A coloured badge (<c>pass</c>, <c>fail</c>, <c>inconclusive</c>, <c>borderline</c>, <c>reported</c>).
    /// </summary>
    public static HtmlFragment Badge(string cssClass, string text) => $"<span class=\"badge {cssClass}\">{text}</span>";

    /// <summary>Text in the monospace style (digests, hashes).</summary>
    public static HtmlFragment Mono(string? text) => $"<span class=\"mono\">{text}</span>";

    /// <summary>
    /// Appends markup. Only an <see cref="HtmlFragment"/> is accepted: an interpolated string keeps its literal parts
    /// and encodes its holes; a plain string is encoded.
    /// </summary>
    public HtmlDocument Raw(HtmlFragment html)
    {
        ArgumentNullException.ThrowIfNull(html);
        _body.Append(html.ToString()).Append('\n');
        return this;
    }

    /// <summary>Appends a heading.</summary>
    public HtmlDocument Heading(int level, string text, string? id = null) =>
        id is null ? Raw($"<h{level}>{text}</h{level}>") : Raw($"<h{level} id=\"{id}\">{text}</h{level}>");

    /// <summary>Appends a paragraph of plain text.</summary>
    public HtmlDocument Paragraph(string text, string? cssClass = null) =>
        cssClass is null ? Raw($"<p>{text}</p>") : Raw($"<p class=\"{cssClass}\">{text}</p>");

    /// <summary>
    /// Appends a table. Header cells are text; body cells are fragments, so a plain string cell is encoded
    /// whatever it starts with, and markup (a badge) must be built as an <see cref="HtmlFragment"/>.
    /// </summary>
    public HtmlDocument Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<HtmlFragment>> rows,
        string? cssClass = null)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        var sb = new StringBuilder(cssClass is null ? "<table>" : $"<table class=\"{Encode(cssClass)}\">")
            .Append("<thead><tr>");
        foreach (var h in header) sb.Append("<th>").Append(Encode(h)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            sb.Append("<tr>");
            foreach (var cell in row) sb.Append("<td>").Append(cell).Append("</td>");
            sb.Append("</tr>");
        }
        _body.Append(sb.Append("</tbody></table>")).Append('\n');
        return this;
    }

    /// <summary>Appends a PNG image embedded as a data URI.</summary>
    public HtmlDocument Image(byte[] png, string alt, int? width = null) =>
        width is { } w
            ? Raw($"<img alt=\"{alt}\" src=\"data:image/png;base64,{Convert.ToBase64String(png)}\" width=\"{w}\" />")
            : Raw($"<img alt=\"{alt}\" src=\"data:image/png;base64,{Convert.ToBase64String(png)}\" />");

    /// <summary>The whole document.</summary>
    public override string ToString() => $$"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{{Encode(_title)}}</title>
        <style>{{Css}}</style></head>
        <body><main>
        {{_body}}
        </main></body></html>
        """;

    /// <summary>
    /// The CSP source (<c>'sha256-…'</c>) that allows exactly the report's own <c>&lt;style&gt;</c> element, so a
    /// host can serve reports with a Content-Security-Policy that permits no other inline style and no script
    /// (CSP Level 3 §8.4, hash-source of an inline element's text).
    /// </summary>
    public static string StyleHashSource { get; } =
        $"'sha256-{Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(Css)))}'";

    /// <summary>The shared stylesheet (also used by the web app for printed documents).</summary>
    public const string Css =
        "body { font-family: \"Segoe UI\", \"DejaVu Sans\", Arial, sans-serif; color: #1c2430; margin: 0; " +
        "background: #f6f7f9; }\n" +
        "main { max-width: 1100px; margin: 0 auto; padding: 24px 32px; background: #fff; }\n" +
        "h1 { font-size: 1.6rem; margin: 0 0 4px; } h2 { font-size: 1.2rem; margin-top: 28px; " +
        "border-bottom: 1px solid #d9dde3; padding-bottom: 4px; }\n" +
        "h3 { font-size: 1rem; margin: 18px 0 6px; }\n" +
        "table { border-collapse: collapse; width: 100%; font-size: 0.9rem; margin: 8px 0; }\n" +
        "th, td { border: 1px solid #d9dde3; padding: 5px 8px; text-align: left; vertical-align: top; }\n" +
        "th { background: #eef1f5; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }\n" +
        ".badge { display: inline-block; padding: 4px 12px; border-radius: 4px; font-weight: 700; color: #fff; " +
        "letter-spacing: .04em; }\n" +
        ".pass { background: #1d7a3a; } .fail { background: #b3261e; " +
        "} .inconclusive, .borderline { background: #a05a00; } .reported { background: #55606e; }\n" +
        ".muted { color: #5b6472; font-size: 0.85rem; " +
        "} .mono { font-family: \"DejaVu Sans Mono\", Consolas, monospace; font-size: 0.8rem; " +
        "word-break: break-all; }\n" +
        ".plots { display: flex; flex-wrap: wrap; gap: 12px; } .plots img { border: 1px solid #e3e6ea; " +
        "max-width: 100%; }\n" +
        ".signatures td { height: 48px; }\n" +
        ".din-label { width: 95mm; border: 1px solid #1c2430; padding: 4mm; " +
        "font-family: \"DejaVu Sans Mono\", Consolas, monospace; }\n" +
        ".din-label svg { width: 100%; height: 18mm; }\n" +
        ".din-text { font-size: 15pt; letter-spacing: .08em; margin-top: 1mm; }\n" +
        ".din-check { border: 1.5px solid #000; padding: 0 3px; margin-left: 4px; }\n" +
        ".din-flags { display: inline-block; transform: rotate(90deg); font-size: 8pt; margin-left: 4px; }\n" +
        "@media print { body { background: #fff; } main { padding: 0; } h2 { break-after: avoid; " +
        "} .plots img { break-inside: avoid; } }";
}

using System.Globalization;
using System.Net;

namespace Stroma.Trials.Landscape;

/// <summary>Markdown and HTML renderings of a landscape report (counts and the approved-product table).</summary>
public static class LandscapeText
{
    /// <summary>
    /// Writes the report as Markdown; <paramref name="note"/> (e.g. a snapshot's data date) goes under the title.
    /// </summary>
    public static void WriteMarkdown(TextWriter w, LandscapeReport r, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(r);
        w.WriteLine("# MSC trial landscape");
        w.WriteLine();
        if (note is not null)
        {
            w.WriteLine(note);
            w.WriteLine();
        }
        w.WriteLine(FormattableString.Invariant(
            $"{r.Trials:N0} records, {r.MscTrials:N0} with an MSC intervention, {r.Skipped:N0} skipped."));
        foreach (var (_, title, counts) in LandscapeRun.Sections(r))
        {
            w.WriteLine();
            w.WriteLine($"## {title}");
            w.WriteLine();
            w.WriteLine("| label | trials |");
            w.WriteLine("| --- | ---: |");
            foreach (var (label, n) in counts)
                w.WriteLine($"| {Md(label)} | {n.ToString(CultureInfo.InvariantCulture)} |");
        }
        w.WriteLine();
        w.WriteLine("## Approved MSC products (msc-review.txt §1.4.2.2)");
        w.WriteLine();
        w.WriteLine("| product | region | indication | year | trials naming it |");
        w.WriteLine("| --- | --- | --- | --- | --- |");
        foreach (var p in r.ApprovedProducts)
            w.WriteLine($"| {Md(p.Product.Name)} | {Md(p.Product.Region)} | {Md(p.Product.Indication)} | " +
                $"{p.Product.Year?.ToString(CultureInfo.InvariantCulture) ?? "not stated"} | " +
                $"{string.Join(", ", p.Trials)} |");
    }

    /// <summary>Writes the report as a standalone HTML page; <paramref name="note"/> goes under the title.</summary>
    public static void WriteHtml(TextWriter w, LandscapeReport r, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(r);
        w.WriteLine(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>MSC trial landscape</title>");
        w.WriteLine("<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}" +
            "table{border-collapse:collapse;margin-bottom:1.5rem}td,th{border:1px solid #ccc;padding:.25rem .6rem;" +
            "text-align:left}td.n{text-align:right}</style></head><body>");
        w.WriteLine("<h1>MSC trial landscape</h1>");
        if (note is not null) w.WriteLine($"<p id=\"data-date\">{H(note)}</p>");
        w.WriteLine(FormattableString.Invariant(
            $"<p>{r.Trials:N0} records, {r.MscTrials:N0} with an MSC intervention, {r.Skipped:N0} skipped.</p>"));
        foreach (var (key, title, counts) in LandscapeRun.Sections(r))
        {
            w.WriteLine($"<h2 id=\"{key}\">{H(title)}</h2><table><tr><th>label</th><th>trials</th></tr>");
            foreach (var (label, n) in counts)
                w.WriteLine(
                    $"<tr><td>{H(label)}</td><td class=\"n\">{n.ToString(CultureInfo.InvariantCulture)}</td></tr>");
            w.WriteLine("</table>");
        }
        w.WriteLine("<h2 id=\"approved\">Approved MSC products (msc-review.txt §1.4.2.2)</h2>" +
            "<table><tr><th>product</th><th>region</th><th>indication</th><th>year</th><th>trials naming it</th></tr>");
        foreach (var p in r.ApprovedProducts)
            w.WriteLine($"<tr><td>{H(p.Product.Name)}</td><td>{H(p.Product.Region)}</td>" +
                $"<td>{H(p.Product.Indication)}</td>" +
                $"<td>{p.Product.Year?.ToString(CultureInfo.InvariantCulture) ?? "not stated"}</td>" +
                $"<td>{H(string.Join(", ", p.Trials))}</td></tr>");
        w.WriteLine("</table></body></html>");
    }

    private static string Md(string s) => s.Replace("|", "\\|", StringComparison.Ordinal);

    private static string H(string s) => WebUtility.HtmlEncode(s);
}

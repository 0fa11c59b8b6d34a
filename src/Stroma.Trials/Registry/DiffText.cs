using System.Globalization;
using System.Net;

namespace Stroma.Trials.Registry;

/// <summary>Markdown and HTML renderings of a <see cref="TrialDiffReport"/>.</summary>
public static class DiffText
{
    /// <summary>Writes the diff as Markdown.</summary>
    public static void WriteMarkdown(TextWriter w, TrialDiffReport r)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(r);
        w.WriteLine("# What changed in the trial landscape");
        w.WriteLine();
        w.WriteLine("| | old | new |");
        w.WriteLine("| --- | --- | --- |");
        w.WriteLine($"| source | {Md(r.Old.Path)} | {Md(r.New.Path)} |");
        w.WriteLine($"| data of | {Md(r.Old.DataDate ?? "unknown")} | {Md(r.New.DataDate ?? "unknown")} |");
        if (r.Old.Query is not null || r.New.Query is not null) w.WriteLine($"| search | {Md(r.Old.Query ?? "")} | " +
            $"{Md(r.New.Query ?? "")} |");
        w.WriteLine(FormattableString.Invariant($"| records | {r.Old.Records:N0} | {r.New.Records:N0} |"));
        w.WriteLine(FormattableString.Invariant($"| MSC trials | {r.Old.MscTrials:N0} | {r.New.MscTrials:N0} |"));
        w.WriteLine(FormattableString.Invariant($"| skipped | {r.Old.Skipped:N0} | {r.New.Skipped:N0} |"));
        w.WriteLine();
        w.WriteLine(Summary(r));
        Studies(w, "Added", r.Added);
        Studies(w, "Removed", r.Removed);
        w.WriteLine();
        w.WriteLine("## Changed");
        w.WriteLine();
        w.WriteLine("| NCT id | field | kind | old | new |");
        w.WriteLine("| --- | --- | --- | --- | --- |");
        foreach (var c in r.Changed)
            foreach (var f in c.Changes)
                w.WriteLine($"| {c.NctId} | {f.Field} | {f.Kind} | {Md(f.Old ?? "—")} | {Md(f.New ?? "—")} |");
        foreach (var s in r.Counts)
        {
            w.WriteLine();
            w.WriteLine($"## {s.Title}");
            w.WriteLine();
            w.WriteLine("| label | old | new | difference |");
            w.WriteLine("| --- | ---: | ---: | ---: |");
            foreach (var c in s.Rows) w.WriteLine($"| {Md(c.Label)} | {N(c.Old)} | {N(c.New)} | " +
                $"{Signed(c.Difference)} |");
        }
    }

    /// <summary>Writes the diff as a standalone HTML page.</summary>
    public static void WriteHtml(TextWriter w, TrialDiffReport r)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(r);
        w.WriteLine("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>What changed in the " +
            "trial landscape</title>");
        w.WriteLine("<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}" +
                    "table{border-collapse:collapse;margin-bottom:1.5rem}" +
                    "td,th{border:1px solid #ccc;padding:.25rem " +
                        ".6rem;text-align:left}td.n{text-align:right}</style></head><body>");
        w.WriteLine("<h1>What changed in the trial landscape</h1>");
        WriteHtmlBody(w, r);
        w.WriteLine("</body></html>");
    }

    /// <summary>The HTML of a diff without the page around it (the web app embeds it).</summary>
    public static void WriteHtmlBody(TextWriter w, TrialDiffReport r)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(r);
        w.WriteLine("<table id=\"diff-sides\"><tr><th></th><th>old</th><th>new</th></tr>");
        w.WriteLine($"<tr><th>source</th><td>{H(r.Old.Path)}</td><td>{H(r.New.Path)}</td></tr>");
        Row(w, "data of", r.Old.DataDate ?? "unknown", r.New.DataDate ?? "unknown");
        if (r.Old.Query is not null || r.New.Query is not null) Row(w, "search", r.Old.Query ?? "", r.New.Query ?? "");
        w.WriteLine($"<tr><th>records</th><td class=\"n\">{N(r.Old.Records)}</td><td " +
            $"class=\"n\">{N(r.New.Records)}</td></tr>");
        w.WriteLine($"<tr><th>MSC trials</th><td class=\"n\">{N(r.Old.MscTrials)}</td><td " +
            $"class=\"n\">{N(r.New.MscTrials)}</td></tr>");
        w.WriteLine($"<tr><th>skipped</th><td class=\"n\">{N(r.Old.Skipped)}</td><td " +
            $"class=\"n\">{N(r.New.Skipped)}</td></tr></table>");
        w.WriteLine($"<p id=\"diff-summary\">{Summary(r)}</p>");
        foreach (var (id, title, list) in new[] { ("added", "Added", r.Added), ("removed", "Removed", r.Removed) })
        {
            w.WriteLine($"<h2>{title}</h2><table id=\"diff-{id}\"><tr><th>NCT " +
                "id</th><th>title</th><th>status</th><th>phase</th><th>MSC</th></tr>");
            foreach (var s in list)
                Cells(w, s.NctId, s.Title ?? "", s.Status ?? "", s.Phase, s.MscIntervention ? "yes" : "no");
            w.WriteLine("</table>");
        }
        w.WriteLine("<h2>Changed</h2><table id=\"diff-changed\"><tr><th>NCT " +
            "id</th><th>field</th><th>kind</th><th>old</th><th>new</th></tr>");
        foreach (var c in r.Changed)
            foreach (var f in c.Changes)
                Cells(w, c.NctId, f.Field, f.Kind, f.Old ?? "—", f.New ?? "—");
        w.WriteLine("</table>");
        foreach (var s in r.Counts)
        {
            w.WriteLine($"<h2>{H(s.Title)}</h2><table " +
                $"id=\"diff-{s.Key}\"><tr><th>label</th><th>old</th><th>new</th><th>difference</th></tr>");
            foreach (var c in s.Rows)
                w.WriteLine($"<tr><td>{H(c.Label)}</td><td class=\"n\">{N(c.Old)}</td><td " +
                    $"class=\"n\">{N(c.New)}</td><td class=\"n\">{Signed(c.Difference)}</td></tr>");
            w.WriteLine("</table>");
        }
    }

    /// <summary>"1 added, 2 removed, 3 changed, 40 unchanged."</summary>
    public static string Summary(TrialDiffReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        static string C(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
        return $"{C(r.Added.Count)} added, {C(r.Removed.Count)} removed, {C(r.Changed.Count)} changed, " +
               $"{C(r.Unchanged)} unchanged.";
    }

    /// <summary>A difference with its sign ("+3", "-1", "0").</summary>
    public static string Signed(int n) => n > 0 ? "+" + N(n) : N(n);

    private static void Studies(TextWriter w, string title, IReadOnlyList<DiffStudy> list)
    {
        w.WriteLine();
        w.WriteLine($"## {title}");
        w.WriteLine();
        w.WriteLine("| NCT id | title | status | phase | MSC |");
        w.WriteLine("| --- | --- | --- | --- | --- |");
        foreach (var s in list) w.WriteLine($"| {s.NctId} | {Md(s.Title ?? "")} | {Md(s.Status ?? "")} | " +
            $"{Md(s.Phase)} | {(s.MscIntervention ? "yes" : "no")} |");
    }

    private static void Row(TextWriter w, string head, string old, string @new) =>
        w.WriteLine($"<tr><th>{H(head)}</th><td>{H(old)}</td><td>{H(@new)}</td></tr>");

    private static void Cells(TextWriter w, params string[] cells) =>
        w.WriteLine("<tr>" + string.Concat(cells.Select(c => $"<td>{H(c)}</td>")) + "</tr>");

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Md(string s) => s.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    private static string H(string s) => WebUtility.HtmlEncode(s);
}

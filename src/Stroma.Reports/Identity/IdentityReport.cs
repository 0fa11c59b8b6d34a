using System.Globalization;
using Stroma.Identity.Analysis;
using Stroma.Reports.Html;
using Stroma.Reports.Plots;
using Stroma.IO;

namespace Stroma.Reports.Identity;

/// <summary>
/// The identity report a QC reviewer signs: verdict, criteria table with 95% intervals, gating plots,
/// marker histograms against controls, analysis parameters and input digests — one self-contained HTML file.
/// </summary>
public static class IdentityReport
{
    /// <summary>Renders the report; <paramref name="generatedUtc"/> is printed (defaults to now).</summary>
    public static string Render(IdentityResult result, DateTimeOffset? generatedUtc = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var verdict = result.Verdict.ToString().ToLowerInvariant();
        var doc = new HtmlDocument($"MSC identity — {verdict} — {result.Panel}");
        doc.Raw($"<h1>MSC identity report <span class=\"badge {verdict}\">{verdict.ToUpperInvariant()}</span></h1>");
        doc.Paragraph($"Panel {result.Parameters.GetValueOrDefault("panel", result.Panel)}", "muted");
        doc.Paragraph(result.Reason);
        var generated = (generatedUtc ?? DateTimeOffset.UtcNow)
            .ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var software = result.Parameters.GetValueOrDefault("software", "Stroma");
        doc.Paragraph($"Generated {generated} by {software}. " +
                      $"Events: {result.Events.Total:N0} total, {result.Events.Cells:N0} cells, " +
                      $"{result.Events.Singlets:N0} singlets (stained tubes).", "muted");

        doc.Heading(2, "Criteria");
        // Results stored before the positivity rule existed carry only the gross % (as percentPositive).
        var rule = RuleName(result);
        doc.Paragraph($"Criteria judged on {rule} % positive. " +
                      result.Parameters.GetValueOrDefault("positivity", "The control's background was not subtracted."),
                      "muted");
        doc.Table(
            ["Criterion", "Marker", "Channel", "Control", "Gross %", "Control %", "Net %",
             $"95% CI ({rule.Split(' ')[0]})", "Threshold", "Events", "Result"],
            result.Markers.Select(m => (IReadOnlyList<HtmlFragment>)
            [
                m.Criterion ?? "", m.Marker, m.Channel ?? "not mapped",
                m.ControlKind?.ToString().ToLowerInvariant() ?? "—",
                Pct(GrossPercent(result, m)),
                Pct(m.ControlPercent),
                Pct(m.NetPercent),
                m.Ci95 is { } ci ? $"{Pct(ci[0])} – {Pct(ci[1])}" : "—",
                m.Threshold is { } t ? t.ToString("0.#", CultureInfo.InvariantCulture) : "—",
                m.Events is { } n ? n.ToString("N0", CultureInfo.InvariantCulture) : "—",
                Outcome(m),
            ]));

        if (result.Diagnostics is { } diagnostics)
        {
            doc.Heading(2, "Gating");
            doc.Paragraph(result.Parameters.GetValueOrDefault("gating", ""), "muted");
            foreach (var tube in diagnostics.Tubes)
            {
                doc.Heading(3, Path.GetFileName(tube.File));
                doc.Raw($"<div class=\"plots\">");
                var gate = tube.Gate;
                var debrisLine = gate.DebrisThreshold is { } d
                    ? new[] { (d, Min(tube.SideScatter), d, Max(tube.SideScatter), $"debris cut FSC-A = {d:0}") }
                    : [];
                doc.Image(PlotRenderer.GatedScatter($"Cells: {gate.Cells:N0} of {gate.Total:N0}",
                    gate.ForwardScatter ?? "FSC", gate.SideScatter ?? "SSC",
                    tube.ForwardScatter, tube.SideScatter, tube.InCells, debrisLine),
                        "FSC-A vs SSC-A with the cell gate");
                if (tube.SingletMetric is { } metric && gate.SingletChannel is { } singletChannel)
                {
                    var xMax = Max(tube.ForwardScatter);
                    var lines = new List<(double, double, double, double, string)>();
                    if (gate.SingletLow is { } lo) lines.Add((0, 0, xMax, lo * xMax, $"ratio {lo:0.000}"));
                    if (gate.SingletHigh is { } hi && gate.SingletLow is not null)
                        lines.Add((0, 0, xMax, hi * xMax, $"ratio {hi:0.000}"));
                    var cells = Enumerable.Range(0, metric.Length).Where(i => tube.InCells[i]).ToArray();
                    doc.Image(PlotRenderer.GatedScatter($"Singlets: {gate.Singlets:N0} of {gate.Cells:N0} cells",
                        gate.ForwardScatter ?? "FSC-A", singletChannel,
                        cells.Select(i => tube.ForwardScatter[i]).ToArray(), cells.Select(i => metric[i]).ToArray(),
                            cells.Select(i => tube.InSinglets[i]).ToArray(), lines),
                        "FSC-A vs FSC-H singlet gate");
                }
                doc.Raw($"</div>");
            }

            doc.Heading(2, "Markers against controls");
            doc.Raw($"<div class=\"plots\">");
            foreach (var marker in diagnostics.Markers)
            {
                var measured = result.Markers.FirstOrDefault(m => m.Channel == marker.Channel && m.Tube == marker.Tube);
                var percent = measured?.PercentPositive?.ToString("0.0", CultureInfo.InvariantCulture) ?? "?";
                var title = $"{marker.Marker} ({marker.Channel}): {percent}% positive";
                doc.Image(PlotRenderer.HistogramOverlay(title, marker.Channel, marker.Stained, marker.Control,
                    marker.Threshold), $"{marker.Marker} histogram, stained vs control");
            }
            doc.Raw($"</div>");
        }

        doc.Heading(2, "Analysis parameters");
        doc.Table(["Parameter", "Value"],
            result.Parameters.Select(kv => (IReadOnlyList<HtmlFragment>)[kv.Key, kv.Value]));
        doc.Heading(2, "Input files");
        // File names only: a report travels beyond the host that ran it (a web upload's server folder is nobody's
        // business); the SHA-256 identifies the exact file.
        doc.Table(["Role", "File", "Events", "SHA-256"],
            result.Inputs.Select(i => (IReadOnlyList<HtmlFragment>)[i.Role, Path.GetFileName(i.Path),
                i.Events.ToString("N0", CultureInfo.InvariantCulture), HtmlDocument.Mono(i.Sha256)]));
        doc.Heading(2, "Review");
        doc.Table(["Role", "Name", "Signature", "Date"],
            [["Analysed by", "", "", ""], ["Reviewed by (QC)", "", "", ""]], "signatures");
        return doc.ToString();
    }

    /// <summary>Writes the report to <paramref name="path"/> (temporary file moved into place).</summary>
    public static void Write(IdentityResult result, string path, DateTimeOffset? generatedUtc = null)
    {
        AtomicFile.WriteAllText(path, Render(result, generatedUtc));
    }

    private static HtmlFragment Outcome(MarkerResult m) => m switch
    {
        { Pass: null, PercentPositive: null } => HtmlDocument.Badge("inconclusive", "not measured"),
        { Pass: null } => HtmlDocument.Badge("reported", "reported"),
        { Pass: true, Borderline: true } => HtmlDocument.Badge("borderline", "pass (borderline)"),
        { Pass: false, Borderline: true } => HtmlDocument.Badge("fail", "fail (borderline)"),
        { Pass: true } => HtmlDocument.Badge("pass", "pass"),
        _ => HtmlDocument.Badge("fail", "fail"),
    };

    /// <summary>The rule a result was judged by; results stored before the rule existed were judged on gross.</summary>
    internal static string RuleName(IdentityResult result) => result.Positivity switch
    {
        PositivityRule.Net => "net",
        PositivityRule.Gross => "gross",
        _ => "gross (older result)",
    };

    /// <summary>A marker's gross %: older results carry it only as <c>percentPositive</c>.</summary>
    internal static double? GrossPercent(IdentityResult result, MarkerResult m) =>
        m.GrossPercent ?? (result.Positivity is null ? m.PercentPositive : null);

    /// <summary>A percentage with two decimals, or a dash when absent.</summary>
    internal static string Pct(double? value) =>
        value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "—";

    private static double Min(double[] values) => values.Length == 0 ? 0 : values.Min();

    private static double Max(double[] values) => values.Length == 0 ? 1 : values.Max();
}

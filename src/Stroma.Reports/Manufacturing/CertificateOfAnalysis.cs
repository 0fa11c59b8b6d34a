using System.Globalization;
using Stroma.Manufacturing.Certificates;
using Stroma.Manufacturing.Release;
using Stroma.Reports.Html;
using Disposition = Stroma.Manufacturing.Disposition;
using Stroma.Reports.Identity;
using Stroma.Reports.Plots;

namespace Stroma.Reports.Manufacturing;

/// <summary>The certificate of analysis: one self-contained, print-ready HTML file.</summary>
public static class CertificateOfAnalysis
{
    /// <summary>Renders the certificate.</summary>
    public static string Render(CertificateData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var disposition = data.Disposition ?? "pending";
        var badge = data.DispositionValue switch
        {
            Disposition.Released => "pass", Disposition.Rejected => "fail", _ => "inconclusive",
        };
        var doc = new HtmlDocument($"Certificate of analysis — {data.Lot}");
        var shown = HtmlDocument.Encode(disposition.ToUpperInvariant());
        doc.Raw($"<h1>Certificate of analysis <span class=\"badge {badge}\">{shown}</span></h1>");
        doc.Paragraph(data.Label);
        doc.Table(["Lot", "Kind", "DIN", "Donor", "Tissue source", "Isolation", "Cumulative PD", "Passages"],
            [[data.Lot, data.Kind, data.Din ?? "—", data.Donor, data.Source, data.Isolation,
                Num(data.CumulativePd, "0.##"), data.Passages.ToString(CultureInfo.InvariantCulture)]]);

        doc.Heading(2, "Lineage");
        doc.Table(["Lot", "Kind", "Cumulative PD"],
            data.Lineage.Select(l => (IReadOnlyList<HtmlFragment>)[l.Code, l.Kind, Num(l.CumulativePd, "0.##")]));
        if (data.Priming.Count > 0)
        {
            doc.Heading(3, "Priming");
            doc.Raw($"<ul>{HtmlFragment.Concat(data.Priming.Select(p => (HtmlFragment)$"<li>{p}</li>"))}</ul>");
        }

        doc.Heading(2, "Tests, specifications and results");
        doc.Paragraph($"Specification {data.Specification}; route {data.Route}.", "muted");
        doc.Table(["Test", "Specification", "Result", "Outcome", "Note"],
            data.Evaluation.Items.Select(i => (IReadOnlyList<HtmlFragment>)
        [
            i.Name, i.Criterion, i.Result ?? "—", Outcome(i),
                i.Note ?? (i.Required ? "" : "not required for release"),
        ]));
        if (data.Evaluation.Endotoxin is { } e) doc.Paragraph($"Endotoxin limit: {e.Basis}.", "muted");

        if (data.Identity is { } identity)
        {
            doc.Heading(2, "Identity (flow cytometry)");
            doc.Paragraph($"{identity.Panel}: {identity.Verdict.ToString().ToLowerInvariant()} — {identity.Reason}");
            // Net (control background removed) and gross % positive side by side; results stored before the
            // positivity rule existed carry only the gross value, as percentPositive.
            var rule = IdentityReport.RuleName(identity);
            doc.Paragraph($"Criteria judged on {rule} % positive.", "muted");
            doc.Table(["Marker", "Criterion", "Gross %", "Control %", "Net %", "% judged", "95% CI", "Events",
                "Result"],
                identity.Markers.Select(m => (IReadOnlyList<HtmlFragment>)
            [
                m.Marker, m.Criterion ?? "",
                IdentityReport.Pct(IdentityReport.GrossPercent(identity, m)),
                IdentityReport.Pct(m.ControlPercent), IdentityReport.Pct(m.NetPercent),
                    IdentityReport.Pct(m.PercentPositive),
                m.Ci95 is { } ci ? $"{Num(ci[0], "0.00")} – {Num(ci[1], "0.00")}" : "—",
                m.Events is { } n ? n.ToString("N0", CultureInfo.InvariantCulture) : "—",
                m.Pass switch { true => "pass", false => "fail", null => "reported" },
            ]));
            if (data.IdentityReanalysed?.Diagnostics is { } diagnostics)
            {
                doc.Paragraph("Plots re-computed from the original input files (SHA-256 unchanged).", "muted");
                doc.Raw($"<div class=\"plots\">");
                foreach (var marker in diagnostics.Markers)
                {
                    var measured = data.IdentityReanalysed.Markers.FirstOrDefault(m => m.Channel == marker.Channel
                        && m.Tube == marker.Tube);
                    var percent = measured?.PercentPositive?.ToString("0.0", CultureInfo.InvariantCulture) ?? "?";
                    var title = $"{marker.Marker} ({marker.Channel}): {percent}% positive";
                    doc.Image(PlotRenderer.HistogramOverlay(title, marker.Channel, marker.Stained, marker.Control,
                        marker.Threshold, width: 420, height: 260), $"{marker.Marker} stained vs control");
                }
                doc.Raw($"</div>");
            }
            else if (data.IdentityNote is not null)
            {
                doc.Paragraph(data.IdentityNote, "muted");
            }
            doc.Table(["Role", "File", "Events", "SHA-256"],
                data.IdentityInputs.Select(i => (IReadOnlyList<HtmlFragment>)
                [i.Role, Path.GetFileName(i.Path), i.Events.ToString("N0", CultureInfo.InvariantCulture),
                    HtmlDocument.Mono(i.Sha256)]));
        }

        doc.Heading(2, "OOS investigations and deviations");
        doc.Table(["Record", "Subject", "Status", "Conclusion", "Closed by"], data.QualityEvents.Count == 0
            ? [["— none —", "", "", "", ""]]
            : data.QualityEvents.Select(q =>
                (IReadOnlyList<HtmlFragment>)[q.Record, q.Subject, q.Status, q.Conclusion ?? "", q.ClosedBy ?? ""]),
            "quality-events");

        doc.Heading(2, "Signatures");
        // 21 CFR 11.50(a): each signature shows the signer's printed name, the date and time of signing (with its time
        // zone) and its meaning; 11.70: a signature whose content changed since signing is shown as invalid.
        doc.Table(["Printed name", "User", "Role", "Meaning", "Reason", "Disposition", "Signed at", "Signature",
            "Signed content SHA-256"],
            data.Signatures.Count == 0
            ? [["— not signed —", "", "", "", "", "", "", "", ""]]
            : data.Signatures.Select(s => (IReadOnlyList<HtmlFragment>)
            [
                s.PrintedName, s.UserName, s.Role, s.Meaning, s.Reason, s.Disposition, s.SignedAt,
                s.ContentMatches ? HtmlDocument.Badge("pass", "valid") : HtmlDocument.Badge("fail", SignatureInvalid),
                HtmlDocument.Mono(s.ManifestSha256),
            ]), "signatures");

        doc.Heading(2, "Audit trail");
        var chain = data.AuditIntact ? "verified intact" : (HtmlFragment)$"<strong>FAILED verification</strong>";
        doc.Raw($"<p>Audit chain {chain} at row {data.AuditSequence}; head SHA-256 " +
                $"<span class=\"mono\">{HtmlDocument.Encode(data.AuditHash)}</span>.</p>");
        var generated = data.GeneratedUtc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        doc.Paragraph($"Generated {generated} by Stroma.", "muted");
        return doc.ToString();
    }

    private const string SignatureInvalid = "signature invalid: signed content changed";

    private static HtmlFragment Outcome(ItemOutcome i) => i.Status switch
    {
        ItemStatus.Pass => HtmlDocument.Badge("pass", "pass"),
        ItemStatus.OutOfSpecification => HtmlDocument.Badge("fail", "OOS"),
        ItemStatus.Missing => HtmlDocument.Badge("inconclusive", "missing"),
        _ => HtmlDocument.Badge("reported", "reported"),
    };

    private static string Num(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
}

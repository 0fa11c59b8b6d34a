using System.Globalization;
using Stroma.Identity.Analysis;
using Stroma.Manufacturing.Release;
using Stroma.Reports.Html;
using Stroma.Reports.Plots;

namespace Stroma.Manufacturing.Certificates;

/// <summary>A signature as printed.</summary>
/// <param name="UserName">Signer.</param>
/// <param name="FullName">Full name.</param>
/// <param name="Role">Role at signing.</param>
/// <param name="Meaning">Meaning.</param>
/// <param name="Reason">Reason.</param>
/// <param name="Disposition">Disposition token.</param>
/// <param name="SignedUtc">When.</param>
/// <param name="ManifestSha256">Hash of what was signed.</param>
public sealed record SignatureLine(string UserName, string? FullName, string Role, string Meaning, string Reason, string Disposition, DateTime SignedUtc, string ManifestSha256);

/// <summary>A lineage step as printed.</summary>
/// <param name="Code">Lot code.</param>
/// <param name="Kind">Kind label.</param>
/// <param name="CumulativePd">Cumulative PD.</param>
public sealed record LineageLine(string Code, string Kind, double CumulativePd);

/// <summary>Everything a certificate of analysis prints.</summary>
public sealed record CertificateData
{
    /// <summary>Lot code.</summary>
    public required string Lot { get; init; }
    /// <summary>Lot kind label.</summary>
    public required string Kind { get; init; }
    /// <summary>Nomenclature label.</summary>
    public required string Label { get; init; }
    /// <summary>DIN (formatted), when assigned.</summary>
    public string? Din { get; init; }
    /// <summary>Donor code.</summary>
    public required string Donor { get; init; }
    /// <summary>Tissue source label.</summary>
    public required string Source { get; init; }
    /// <summary>Isolation label.</summary>
    public required string Isolation { get; init; }
    /// <summary>Lineage, primary culture first.</summary>
    public required IReadOnlyList<LineageLine> Lineage { get; init; }
    /// <summary>Cumulative PD.</summary>
    public double CumulativePd { get; init; }
    /// <summary>Passages.</summary>
    public int Passages { get; init; }
    /// <summary>Priming steps as text.</summary>
    public IReadOnlyList<string> Priming { get; init; } = [];
    /// <summary>Specification "code vN — title".</summary>
    public required string Specification { get; init; }
    /// <summary>Route label.</summary>
    public required string Route { get; init; }
    /// <summary>Evaluation.</summary>
    public required ReleaseEvaluation Evaluation { get; init; }
    /// <summary>Stored identity result.</summary>
    public IdentityResult? Identity { get; init; }
    /// <summary>The identity result re-computed from the unchanged input files (carries plot data), when possible.</summary>
    public IdentityResult? IdentityReanalysed { get; init; }
    /// <summary>Why no plots are shown, when they are not.</summary>
    public string? IdentityNote { get; init; }
    /// <summary>Input files of the identity analysis with SHA-256.</summary>
    public IReadOnlyList<InputFile> IdentityInputs { get; init; } = [];
    /// <summary>Signatures.</summary>
    public IReadOnlyList<SignatureLine> Signatures { get; init; } = [];
    /// <summary>Disposition token, or null while pending.</summary>
    public string? Disposition { get; init; }
    /// <summary>Audit trail length at rendering.</summary>
    public long AuditSequence { get; init; }
    /// <summary>Audit chain head hash at rendering.</summary>
    public required string AuditHash { get; init; }
    /// <summary>Whether the audit chain verified intact at rendering.</summary>
    public bool AuditIntact { get; init; }
    /// <summary>When rendered.</summary>
    public DateTime GeneratedUtc { get; init; }
}

/// <summary>The certificate of analysis: one self-contained, print-ready HTML file.</summary>
public static class CertificateOfAnalysis
{
    /// <summary>Renders the certificate.</summary>
    public static string Render(CertificateData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var disposition = data.Disposition ?? "pending";
        var badge = disposition switch { "released" => "pass", "rejected" => "fail", _ => "inconclusive" };
        var doc = new HtmlDocument($"Certificate of analysis — {data.Lot}");
        doc.Raw($"<h1>Certificate of analysis <span class=\"badge {badge}\">{HtmlDocument.Encode(disposition.ToUpperInvariant())}</span></h1>");
        doc.Paragraph(data.Label);
        doc.Table(["Lot", "Kind", "DIN", "Donor", "Tissue source", "Isolation", "Cumulative PD", "Passages"],
            [[data.Lot, data.Kind, data.Din ?? "—", data.Donor, data.Source, data.Isolation, Num(data.CumulativePd, "0.##"), data.Passages.ToString(CultureInfo.InvariantCulture)]]);

        doc.Heading(2, "Lineage");
        doc.Table(["Lot", "Kind", "Cumulative PD"], data.Lineage.Select(l => (IReadOnlyList<HtmlFragment>)[l.Code, l.Kind, Num(l.CumulativePd, "0.##")]));
        if (data.Priming.Count > 0)
        {
            doc.Heading(3, "Priming");
            doc.Raw($"<ul>{HtmlFragment.Concat(data.Priming.Select(p => (HtmlFragment)$"<li>{p}</li>"))}</ul>");
        }

        doc.Heading(2, "Tests, specifications and results");
        doc.Paragraph($"Specification {data.Specification}; route {data.Route}.", "muted");
        doc.Table(["Test", "Specification", "Result", "Outcome", "Note"], data.Evaluation.Items.Select(i => (IReadOnlyList<HtmlFragment>)
        [
            i.Name, i.Criterion, i.Result ?? "—", Outcome(i), i.Note ?? (i.Required ? "" : "not required for release"),
        ]));
        if (data.Evaluation.Endotoxin is { } e) doc.Paragraph($"Endotoxin limit: {e.Basis}.", "muted");

        if (data.Identity is { } identity)
        {
            doc.Heading(2, "Identity (flow cytometry)");
            doc.Paragraph($"{identity.Panel}: {identity.Verdict.ToString().ToLowerInvariant()} — {identity.Reason}");
            doc.Table(["Marker", "Criterion", "% positive", "95% CI", "Events", "Result"], identity.Markers.Select(m => (IReadOnlyList<HtmlFragment>)
            [
                m.Marker, m.Criterion ?? "", m.PercentPositive is { } p ? Num(p, "0.00") : "—",
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
                    var measured = data.IdentityReanalysed.Markers.FirstOrDefault(m => m.Channel == marker.Channel && m.Tube == marker.Tube);
                    var title = $"{marker.Marker} ({marker.Channel}): {measured?.PercentPositive?.ToString("0.0", CultureInfo.InvariantCulture) ?? "?"}% positive";
                    doc.Image(PlotRenderer.HistogramOverlay(title, marker.Channel, marker.Stained, marker.Control, marker.Threshold, width: 420, height: 260), $"{marker.Marker} stained vs control");
                }
                doc.Raw($"</div>");
            }
            else if (data.IdentityNote is not null)
            {
                doc.Paragraph(data.IdentityNote, "muted");
            }
            doc.Table(["Role", "File", "Events", "SHA-256"], data.IdentityInputs.Select(i => (IReadOnlyList<HtmlFragment>)
                [i.Role, Path.GetFileName(i.Path), i.Events.ToString("N0", CultureInfo.InvariantCulture), HtmlDocument.Mono(i.Sha256)]));
        }

        doc.Heading(2, "Signatures");
        doc.Table(["Signed by", "Role", "Meaning", "Reason", "Disposition", "Signed (UTC)", "Signed content SHA-256"], data.Signatures.Count == 0
            ? [["— not signed —", "", "", "", "", "", ""]]
            : data.Signatures.Select(s => (IReadOnlyList<HtmlFragment>)
            [
                s.FullName is null ? s.UserName : $"{s.FullName} ({s.UserName})", s.Role, s.Meaning, s.Reason, s.Disposition,
                s.SignedUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), HtmlDocument.Mono(s.ManifestSha256),
            ]), "signatures");

        doc.Heading(2, "Audit trail");
        doc.Raw($"<p>Audit chain {(data.AuditIntact ? "verified intact" : (HtmlFragment)$"<strong>FAILED verification</strong>")} at row {data.AuditSequence}; head SHA-256 " +
                $"<span class=\"mono\">{HtmlDocument.Encode(data.AuditHash)}</span>.</p>");
        doc.Paragraph($"Generated {data.GeneratedUtc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)} by Stroma.", "muted");
        return doc.ToString();
    }

    private static HtmlFragment Outcome(ItemOutcome i) => i.Status switch
    {
        ItemStatus.Pass => HtmlDocument.Badge("pass", "pass"),
        ItemStatus.OutOfSpecification => HtmlDocument.Badge("fail", "OOS"),
        ItemStatus.Missing => HtmlDocument.Badge("inconclusive", "missing"),
        _ => HtmlDocument.Badge("reported", "reported"),
    };

    private static string Num(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
}

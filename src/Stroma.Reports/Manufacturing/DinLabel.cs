using Stroma.Manufacturing.Isbt128;
using Stroma.Reports.Html;

namespace Stroma.Reports.Manufacturing;

/// <summary>A printable DIN label: the Code 128 bar code of the DIN data content and the eye-readable DIN with its boxed check character.</summary>
public static class DinLabel
{
    /// <summary>Renders a self-contained HTML label, optionally with a product description line.</summary>
    public static string Render(DonationIdentificationNumber din, string? product = null, string flags = "00")
    {
        ArgumentNullException.ThrowIfNull(din);
        var data = din.BarcodeData(flags);
        var symbol = Code128.Encode(data);
        var doc = new HtmlDocument($"ISBT 128 DIN {din.Formatted}");
        doc.Raw($$"""
            <style>
            .din-label { width: 95mm; border: 1px solid #1c2430; padding: 4mm; font-family: "DejaVu Sans Mono", Consolas, monospace; }
            .din-label svg { width: 100%; height: 18mm; }
            .din-text { font-size: 15pt; letter-spacing: .08em; margin-top: 1mm; }
            .din-check { border: 1.5px solid #000; padding: 0 3px; margin-left: 4px; }
            .din-flags { display: inline-block; transform: rotate(90deg); font-size: 8pt; margin-left: 4px; }
            @page { size: 105mm 50mm; margin: 4mm; }
            </style>
            """);
        doc.Raw($"<div class=\"din-label\">");
        doc.Raw(HtmlFragment.Trusted(Code128.ToSvg(symbol)));
        doc.Raw($"<div class=\"din-text\">{HtmlDocument.Encode($"{din.Facility} {din.Year:00} {din.Sequence:000000}")}" +
                $"<span class=\"din-flags\">{HtmlDocument.Encode(flags)}</span><span class=\"din-check\">{din.Check}</span></div>");
        if (!string.IsNullOrWhiteSpace(product)) doc.Paragraph(product, "muted");
        doc.Raw($"<p class=\"muted\">Bar code data {HtmlDocument.Encode(data)} · Code 128 check value {symbol.Check}</p>");
        doc.Raw($"</div>");
        return doc.ToString();
    }
}

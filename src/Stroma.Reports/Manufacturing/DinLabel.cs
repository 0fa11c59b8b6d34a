using Stroma.Manufacturing.Isbt128;
using Stroma.Reports.Html;

namespace Stroma.Reports.Manufacturing;

/// <summary>
/// A printable DIN label: the Code 128 bar code of the DIN data content and the eye-readable DIN with its boxed check
/// character.
/// </summary>
public static class DinLabel
{
    /// <summary>Renders a self-contained HTML label, optionally with a product description line.</summary>
    public static string Render(DonationIdentificationNumber din, string? product = null, string flags = "00")
    {
        ArgumentNullException.ThrowIfNull(din);
        var data = din.BarcodeData(flags);
        var symbol = Code128.Encode(data);
        var doc = new HtmlDocument($"ISBT 128 DIN {din.Formatted}");
        // The label's rules are part of the shared report stylesheet, so the label is served under the same
        // hash-pinned Content-Security-Policy as every report (an extra <style> element would be blocked).
        doc.Raw($"<div class=\"din-label\">");
        doc.Raw(HtmlFragment.Trusted(Code128.ToSvg(symbol)));
        var text = HtmlDocument.Encode($"{din.Facility} {din.Year:00} {din.Sequence:000000}");
        doc.Raw($"<div class=\"din-text\">{text}" +
                $"<span class=\"din-flags\">{HtmlDocument.Encode(flags)}</span>" +
                $"<span class=\"din-check\">{din.Check}</span></div>");
        if (!string.IsNullOrWhiteSpace(product)) doc.Paragraph(product, "muted");
        doc.Raw($"<p class=\"muted\">Bar code data {HtmlDocument.Encode(data)} · " +
                $"Code 128 check value {symbol.Check}</p>");
        doc.Raw($"</div>");
        return doc.ToString();
    }
}

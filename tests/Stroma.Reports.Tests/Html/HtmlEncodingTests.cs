using Stroma.Identity.Analysis;
using Stroma.Identity.Panels;
using Stroma.Identity.Synthetic;
using Stroma.Reports.Html;
using Stroma.Reports.Identity;
using Stroma.Testing;
using Xunit;

namespace Stroma.Reports.Tests.Html;

/// <summary>Text never becomes markup: every cell, heading, paragraph and attribute a report writes is encoded.</summary>
public sealed class HtmlEncodingTests : IDisposable
{
    private const string Payload = "<script>alert('x')</script><img src=x onerror=alert(1)>";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_table_cell_that_starts_with_a_tag_is_shown_as_text()
    {
        var html = new HtmlDocument("t").Table(["a", Payload], [[Payload, "plain"]], "c\"><script>").ToString();
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Holes_of_interpolated_markup_are_encoded_and_fragments_are_kept()
    {
        HtmlFragment badge = $"<span class=\"badge\">{Payload}</span>";
        var html = new HtmlDocument(Payload).Raw($"<p>{badge} {Payload}</p>").Paragraph(Payload, "x\" onclick=\"y").Heading(2, Payload, Payload).ToString();
        Assert.Contains("<p><span class=\"badge\">&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("onclick=\"y", html, StringComparison.Ordinal);
        Assert.Equal(0, CountOf(html, "<img src=x"));
    }

    [Fact]
    public void A_plain_string_given_as_markup_is_encoded()
    {
        var html = new HtmlDocument("t").Raw("<b>bold</b>").ToString();
        Assert.Contains("&lt;b&gt;bold&lt;/b&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Identity_report_encodes_channel_names_file_names_and_parameters_from_the_input()
    {
        var manifest = MscPanelSynthesizer.Write(_dir.Path, MscPanelSynthesizer.Find("bm-msc-pass"), seed: 2, events: 3000);
        var result = IdentityAnalyzer.Analyze(new IdentityRequest
        {
            Stained = manifest.Stained, Controls = manifest.Controls, Panel = IdentityPanel.Load("isct-2006"),
        });
        // What an uploaded file controls: channel ($PnN) and stain ($PnS) names, the file name, the panel's free text.
        var hostile = result with
        {
            Reason = Payload,
            Markers = result.Markers.Select(m => m with { Channel = Payload, Marker = Payload + m.Marker }).ToArray(),
            Inputs = result.Inputs.Select(i => i with { Path = Payload + ".fcs" }).ToArray(),
            Parameters = new Dictionary<string, string>(result.Parameters) { ["stain"] = Payload, ["panel"] = Payload },
        };
        var html = IdentityReport.Render(hostile);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        Assert.True(CountOf(html, "&lt;script&gt;") >= hostile.Markers.Count + 3);
        // Stroma's own markup survives.
        Assert.Contains("<span class=\"badge pass\">pass</span>", html, StringComparison.Ordinal);
        Assert.Contains("<div class=\"plots\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_stylesheet_hash_matches_the_style_element_a_report_carries()
    {
        var html = new HtmlDocument("t").ToString();
        Assert.Contains($"<style>{HtmlDocument.Css}</style>", html, StringComparison.Ordinal);
        var expected = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(HtmlDocument.Css)));
        Assert.Equal($"'sha256-{expected}'", HtmlDocument.StyleHashSource);
    }

    private static int CountOf(string text, string part) => text.Split(part).Length - 1;
}

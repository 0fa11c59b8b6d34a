using System.Buffers.Binary;
using System.Globalization;
using Stroma.Identity.Analysis;
using Stroma.Identity.Panels;
using Stroma.Identity.Synthetic;
using Stroma.Reports.Identity;
using Stroma.Testing;
using Xunit;

namespace Stroma.Reports.Tests.Identity;

/// <summary>The identity report: self-contained, complete, and rendering in a real browser.</summary>
public sealed class IdentityReportTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly IdentityResult _result;

    public IdentityReportTests()
    {
        var manifest = MscPanelSynthesizer.Write(_dir.Path, MscPanelSynthesizer.Find("hla-dr-contamination"), seed: 5, events: 8000);
        _result = IdentityAnalyzer.Analyze(new IdentityRequest { Stained = manifest.Stained, Controls = manifest.Controls, Panel = IdentityPanel.Load("isct-2006") });
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Report_is_one_self_contained_file_with_verdict_criteria_plots_parameters_and_hashes()
    {
        var html = IdentityReport.Render(_result, new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));
        Assert.Contains("<span class=\"badge fail\">FAIL</span>", html, StringComparison.Ordinal);
        Assert.Contains("HLA-DR ≤ 2%", html, StringComparison.Ordinal);
        Assert.Contains("2026-11-25 09:00 UTC", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=\"http", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<link", html, StringComparison.Ordinal);
        // Two gating plots + one histogram per distinct channel (the PE cocktail once).
        Assert.Equal(2 + 4, html.Split("data:image/png;base64,").Length - 1);
        Assert.Contains("alt=\"CD45/CD34/CD11b/CD19/HLA-DR histogram", html, StringComparison.Ordinal);
        foreach (var input in _result.Inputs) Assert.Contains(input.Sha256, html, StringComparison.Ordinal);
        // Inputs are named by file, never by the folder they sat in on the host that analysed them.
        Assert.DoesNotContain(_dir.Path, html, StringComparison.Ordinal);
        foreach (var input in _result.Inputs) Assert.Contains(Path.GetFileName(input.Path), html, StringComparison.Ordinal);
        Assert.Contains("Otsu", html, StringComparison.Ordinal);
        // Gross, control and net columns, and the rule the criteria were judged on, with its source.
        const string columns = "<th>Gross %</th><th>Control %</th><th>Net %</th><th>95% CI (net)</th>";
        Assert.Contains(columns, html, StringComparison.Ordinal);
        Assert.Contains("Criteria judged on net % positive", html, StringComparison.Ordinal);
        Assert.Contains("Newcombe", html, StringComparison.Ordinal);
        var hla = _result.Markers.Single(m => m.Marker == "HLA-DR");
        var cells = string.Create(CultureInfo.InvariantCulture,
            $"<td>{hla.GrossPercent:0.00}</td><td>{hla.ControlPercent:0.00}</td><td>{hla.NetPercent:0.00}</td>");
        Assert.Contains(cells, html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_result_stored_before_the_net_rule_shows_its_percentage_as_gross()
    {
        var old = _result with
        {
            Positivity = null,
            Markers = _result.Markers
                .Select(m => m with
                {
                    GrossPercent = null, ControlPercent = null, NetPercent = null, ControlKind = null,
                })
                .ToArray(),
        };
        var html = IdentityReport.Render(old);
        Assert.Contains("Criteria judged on gross (older result) % positive", html, StringComparison.Ordinal);
        var hla = _result.Markers.Single(m => m.Marker == "HLA-DR");
        var cells = string.Create(CultureInfo.InvariantCulture,
            $"<td>{hla.PercentPositive:0.00}</td><td>—</td><td>—</td>");
        Assert.Contains(cells, html, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_renders_in_headless_chromium()
    {
        var html = _dir.File("report.html");
        IdentityReport.Write(_result, html);
        var png = Chromium.Screenshot(html, _dir.File("report.png"), 1200, 2400);
        Assert.True(png.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), "not a PNG");
        Assert.Equal(1200, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        // A blank page compresses to a few kilobytes; plots and tables do not.
        Assert.True(png.Length > 100_000, $"screenshot is only {png.Length} bytes");
        var artifacts = Path.Combine(Corpus.RepositoryRoot, "artifacts", "screenshots");
        Directory.CreateDirectory(artifacts);
        File.WriteAllBytes(Path.Combine(artifacts, "identity-report.png"), png);
    }
}

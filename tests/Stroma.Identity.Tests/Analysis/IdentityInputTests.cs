using Stroma.Cytometry;
using Stroma.Cytometry.Formats.Fcs;
using Stroma.Identity.Analysis;
using Stroma.Identity.Panels;
using Stroma.Identity.Synthetic;
using Stroma.Testing;
using Xunit;

namespace Stroma.Identity.Tests.Analysis;

/// <summary>Bad or incomplete inputs give an inconclusive verdict or an error that says why.</summary>
public sealed class IdentityInputTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly SyntheticManifest _manifest;

    public IdentityInputTests() => _manifest = MscPanelSynthesizer.Write(_dir.Path, MscPanelSynthesizer.Find("bm-msc-pass"), seed: 3, events: 6000);

    public void Dispose() => _dir.Dispose();

    private IdentityResult Analyze(Func<IdentityRequest, IdentityRequest>? change = null)
    {
        var request = new IdentityRequest { Stained = _manifest.Stained, Controls = _manifest.Controls, Panel = IdentityPanel.Load("isct-2006") };
        return IdentityAnalyzer.Analyze(change?.Invoke(request) ?? request);
    }

    [Fact]
    public void Missing_control_is_inconclusive_and_says_so()
    {
        var result = Analyze(r => r with { Controls = [] });
        Assert.Equal(IdentityVerdict.Inconclusive, result.Verdict);
        Assert.Contains("no control tube was given", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unmapped_required_marker_is_inconclusive_with_a_hint()
    {
        var panel = IdentityPanel.Parse("""{"id":"p","title":"t","criteria":[{"markers":["CD146"],"direction":"positive","comparison":">=","limit":50}]}""", "p.json");
        var result = Analyze(r => r with { Panel = panel });
        Assert.Equal(IdentityVerdict.Inconclusive, result.Verdict);
        Assert.Contains("unmapped required marker CD146", result.Reason, StringComparison.Ordinal);
        Assert.Contains("--marker CD146=CHANNEL", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Marker_overrides_map_a_marker_to_a_channel_and_bad_ones_are_refused()
    {
        var panel = IdentityPanel.Parse("""{"id":"p","title":"t","minimumEvents":100,"criteria":[{"markers":["CD146"],"direction":"positive","comparison":">=","limit":50}]}""", "p.json");
        var result = Analyze(r => r with { Panel = panel, MarkerChannels = new Dictionary<string, string> { ["CD146"] = "FITC-A" } });
        Assert.Equal(IdentityVerdict.Pass, result.Verdict); // FITC carries CD90 on ~99% of cells
        Assert.Equal("FITC-A", result.Markers.Single().Channel);
        var ex = Assert.Throws<IdentityException>(() => Analyze(r => r with { MarkerChannels = new Dictionary<string, string> { ["CD73"] = "BV421-A" } }));
        Assert.Contains("no stained tube has a channel 'BV421-A'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_few_events_is_inconclusive()
    {
        var result = Analyze(r => r with { Panel = IdentityPanel.Load("isct-2006") with { MinimumEvents = 100_000 } });
        Assert.Equal(IdentityVerdict.Inconclusive, result.Verdict);
        Assert.Contains("too few events", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_control_file_and_a_broken_file_give_clear_errors()
    {
        var empty = _dir.File("empty.fcs");
        FcsWriter.Write(empty, EventTable.FromColumns(["FSC-A"], 0, new float[][] { [] }));
        var ex = Assert.Throws<IdentityException>(() => Analyze(r => r with { Controls = [empty] }));
        Assert.Contains("holds no events", ex.Message, StringComparison.Ordinal);
        var broken = _dir.File("broken.fcs");
        File.WriteAllText(broken, "hello");
        var ex2 = Assert.Throws<IdentityException>(() => Analyze(r => r with { Stained = [broken] }));
        Assert.Contains("stained tube broken.fcs", ex2.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_supplied_matrix_naming_channels_the_tubes_lack_is_refused()
    {
        var matrix = new Stroma.Cytometry.Compensation.SpilloverMatrix(["FITC-A", "BV421-A"], [1, 0.1, 0, 1], "panel.csv");
        var ex = Assert.Throws<IdentityException>(() => Analyze(r => r with { Spillover = matrix }));
        Assert.Contains("mismatched channels", ex.Message, StringComparison.Ordinal);
        Assert.Contains("BV421-A", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Results_record_input_hashes_and_parameters()
    {
        var result = Analyze();
        Assert.Equal(2, result.Inputs.Count);
        Assert.All(result.Inputs, i => Assert.Matches("^[0-9a-f]{64}$", i.Sha256));
        Assert.Contains("99.5th percentile", result.Parameters["positivityThreshold"], StringComparison.Ordinal);
        Assert.Contains("Otsu", result.Parameters["gating"], StringComparison.Ordinal);
    }
}

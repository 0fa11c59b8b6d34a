using Stroma.Identity.Analysis;
using Stroma.Identity.Panels;
using Stroma.Identity.Synthetic;
using Stroma.Testing;
using Xunit;

namespace Stroma.Identity.Tests.Analysis;

/// <summary>Isotype and FMO controls: which one each marker uses, and what a panel asking for one kind gets.</summary>
public sealed class ControlKindTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly SyntheticManifest _manifest;

    public ControlKindTests() =>
        _manifest = MscPanelSynthesizer.Write(_dir.Path, WithFmo("bm-msc-pass"), seed: 5, events: 6000);

    private static SyntheticScenario WithFmo(string scenario) =>
        MscPanelSynthesizer.Find(scenario) with { FmoControls = true };

    public void Dispose() => _dir.Dispose();

    private string[] Controls(string prefix) =>
        _manifest.Controls.Where(c => Path.GetFileName(c).StartsWith(prefix, StringComparison.Ordinal)).ToArray();

    private static IdentityPanel Requiring(ControlRequirement kind) =>
        IdentityPanel.Load("isct-2006") is var isct
            ? isct with { Criteria = isct.Criteria.Select(c => c with { Control = kind }).ToArray() }
            : throw new InvalidOperationException();

    private IdentityResult Analyze(IReadOnlyList<string> controls, IdentityPanel? panel = null) =>
        IdentityAnalyzer.Analyze(new IdentityRequest
        {
            Stained = _manifest.Stained, Controls = controls, Panel = panel ?? IdentityPanel.Load("isct-2006"),
        });

    [Fact]
    public void Each_marker_takes_the_fmo_tube_of_its_channel_when_one_is_given()
    {
        var result = Analyze(_manifest.Controls);
        Assert.Equal(IdentityVerdict.Pass, result.Verdict);
        Assert.All(result.Markers, m =>
        {
            Assert.Equal(ControlKind.Fmo, m.ControlKind);
            Assert.Equal($"fmo-{m.Channel![..^2]}.fcs", Path.GetFileName(m.Control));
        });
    }

    [Fact]
    public void An_isotype_tube_serves_every_channel()
    {
        var result = Analyze(Controls("isotype"));
        Assert.Equal(IdentityVerdict.Pass, result.Verdict);
        Assert.All(result.Markers, m => Assert.Equal(ControlKind.Isotype, m.ControlKind));
    }

    [Fact]
    public void A_panel_asking_for_fmo_controls_is_inconclusive_with_only_an_isotype_tube()
    {
        var result = Analyze(Controls("isotype"), Requiring(ControlRequirement.Fmo));
        Assert.Equal(IdentityVerdict.Inconclusive, result.Verdict);
        Assert.Contains("missing control: the panel asks for an FMO control", result.Reason, StringComparison.Ordinal);
        Assert.Contains("APC-A (CD73", result.Reason, StringComparison.Ordinal);
        Assert.Equal(IdentityVerdict.Pass, Analyze(_manifest.Controls, Requiring(ControlRequirement.Fmo)).Verdict);
    }

    [Fact]
    public void A_panel_asking_for_an_isotype_control_does_not_take_fmo_tubes()
    {
        var result = Analyze(Controls("fmo"), Requiring(ControlRequirement.Isotype));
        Assert.Equal(IdentityVerdict.Inconclusive, result.Verdict);
        Assert.Contains("asks for an isotype control", result.Reason, StringComparison.Ordinal);
        var both = Analyze(_manifest.Controls, Requiring(ControlRequirement.Isotype));
        Assert.All(both.Markers, m => Assert.Equal(ControlKind.Isotype, m.ControlKind));
    }

    [Fact]
    public void Another_tubes_fmo_control_is_no_reference_for_a_channel_it_stains_differently()
    {
        using var dir = new TempDirectory();
        var manifest = MscPanelSynthesizer.Write(dir.Path, WithFmo("adipose"), seed: 6, events: 6000);
        var result = IdentityAnalyzer.Analyze(new IdentityRequest
        {
            Stained = manifest.Stained, Controls = manifest.Controls, Panel = IdentityPanel.Load("ifats-isct-2013"),
        });
        // FITC carries CD90 in tube 1 and CD31 in tube 2: each is read against its own tube's FMO.
        Assert.Equal("fmo-1-FITC.fcs", Path.GetFileName(result.Markers.Single(m => m.Marker == "CD90").Control));
        Assert.Equal("fmo-2-FITC.fcs", Path.GetFileName(result.Markers.Single(m => m.Marker == "CD31").Control));
        Assert.Equal(IdentityVerdict.Pass, result.Verdict);
    }
}

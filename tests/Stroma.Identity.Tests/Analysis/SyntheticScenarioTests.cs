using Stroma.Identity.Analysis;
using Stroma.Identity.Panels;
using Stroma.Identity.Synthetic;
using Stroma.Testing;
using Xunit;

namespace Stroma.Identity.Tests.Analysis;

/// <summary>Synthetic tubes with known truth: right verdicts and % positive within ±1.5 percentage points.</summary>
public sealed class SyntheticScenarioTests
{
    public static TheoryData<string> ScenarioNames => new(MscPanelSynthesizer.Scenarios.Select(s => s.Name));

    private static (SyntheticManifest Manifest, IdentityResult Result) Run(string scenario, TempDirectory dir, bool compensate = true, int seed = 11)
    {
        var manifest = MscPanelSynthesizer.Write(dir.Path, MscPanelSynthesizer.Find(scenario), seed);
        var result = IdentityAnalyzer.Analyze(new IdentityRequest
        {
            Stained = manifest.Stained,
            Controls = manifest.Controls,
            Panel = IdentityPanel.Load(manifest.Panel),
            Compensate = compensate,
        });
        return (manifest, result);
    }

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public void Scenario_gets_its_expected_verdict_and_true_percentages(string scenario)
    {
        using var dir = new TempDirectory();
        var (manifest, result) = Run(scenario, dir);
        Assert.True(manifest.ExpectedVerdict == result.Verdict.ToString().ToLowerInvariant(), $"{scenario}: expected {manifest.ExpectedVerdict}, got {result.Verdict}: {result.Reason}");
        foreach (var marker in result.Markers.Where(m => m.PercentPositive is not null))
        {
            var truth = manifest.TrueChannelPercent[marker.Tube!][marker.Channel!];
            Assert.True(Math.Abs(marker.PercentPositive!.Value - truth) <= 1.5,
                $"{scenario}: {marker.Marker} on {marker.Channel} measured {marker.PercentPositive:0.00}% vs true {truth:0.00}%");
        }
    }

    [Fact]
    public void Skipping_compensation_changes_the_verdict_in_the_spillover_scenario()
    {
        using var dir = new TempDirectory();
        var (_, compensated) = Run("spillover", dir);
        using var dir2 = new TempDirectory();
        var (_, raw) = Run("spillover", dir2, compensate: false);
        Assert.Equal(IdentityVerdict.Pass, compensated.Verdict);
        Assert.Equal(IdentityVerdict.Fail, raw.Verdict);
        Assert.Contains("CD34", raw.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Gates_remove_debris_and_doublets()
    {
        using var dir = new TempDirectory();
        var (_, result) = Run("bm-msc-pass", dir);
        var fraction = (double)result.Events.Singlets / result.Events.Total;
        // 8% debris and 6% doublets by construction.
        Assert.InRange((double)result.Events.Cells / result.Events.Total, 0.89, 0.94);
        Assert.InRange(fraction, 0.83, 0.88);
    }
}

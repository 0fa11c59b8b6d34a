using Stroma.Identity.Analysis;
using Stroma.Identity.Panels;
using Stroma.Identity.Synthetic;
using Stroma.Testing;
using Xunit;

namespace Stroma.Identity.Tests.Analysis;

/// <summary>
/// Synthetic tubes with known truth just under and just over each ISCT limit: the verdict follows the truth wherever
/// the 95% interval allows, on float and integer data, with heavy declared spillover, with isotype and FMO controls.
/// </summary>
public sealed class NearLimitTests
{
    // About 172,000 singlets per tube: the net interval is ±0.08 percentage points at 2 % and ±0.11 at 95 %, so
    // truths 0.2–0.5 points from a limit are never borderline.
    private const int Events = 200_000;

    private static readonly IdentityPanel Isct = IdentityPanel.Load("isct-2006");

    /// <summary>An ISCT tube whose PE negative cocktail is positive only through HLA-DR.</summary>
    private static SyntheticScenario Scenario(
        double negative, double cd105, bool integer = false, double spill = 1, bool fmo = false) =>
        new("near-limit", "isct-2006", "near the limits", [MscPanelSynthesizer.IsctTube],
            new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["CD90"] = 0.992, ["CD73"] = 0.985, ["CD105"] = cd105,
                ["CD34"] = 0, ["CD11b"] = 0, ["CD19"] = 0, ["CD45"] = 0, ["HLA-DR"] = negative,
            }, "pass", spill) { IntegerData = integer, FmoControls = fmo };

    private static IdentityResult Analyze(
        SyntheticManifest manifest, IdentityPanel? panel = null, bool isotypeOnly = true,
        PositivityRule rule = PositivityRule.Net) =>
        IdentityAnalyzer.Analyze(new IdentityRequest
        {
            Stained = manifest.Stained,
            Controls = isotypeOnly
                ? manifest.Controls.Where(c => Path.GetFileName(c).StartsWith("isotype", StringComparison.Ordinal))
                    .ToArray()
                : manifest.Controls,
            Panel = panel ?? Isct,
            Positivity = rule,
        });

    public static TheoryData<string, double, double, bool, double, bool> Cases => new()
    {
        // case, true HLA-DR share, true CD105 share, integer data, spillover scale, FMO controls
        { "negative 1.5 %, CD105 95.5 %", 0.015, 0.955, false, 1, false },
        { "negative 1.8 %, CD105 94.5 %", 0.018, 0.945, false, 1, false },
        { "negative 2.2 %, CD105 95.5 %", 0.022, 0.955, false, 1, false },
        { "negative 2.5 %, CD105 94.5 %", 0.025, 0.945, false, 1, false },
        { "integer data: negative 1.8 %, CD105 95.5 %", 0.018, 0.955, true, 1, false },
        { "integer data: negative 2.2 %, CD105 94.5 %", 0.022, 0.945, true, 1, false },
        { "3× spillover, FMO controls: negative 1.8 %, CD105 95.5 %", 0.018, 0.955, false, 3, true },
        { "3× spillover: negative 2.2 %, CD105 94.5 %", 0.022, 0.945, false, 3, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_criterion_and_the_verdict_follow_the_truth_near_the_limits(
        string name, double negative, double cd105, bool integer, double spill, bool fmo)
    {
        using var dir = new TempDirectory();
        var scenario = Scenario(negative, cd105, integer, spill, fmo);
        var manifest = MscPanelSynthesizer.Write(dir.Path, scenario, seed: 19, events: Events);
        var result = Analyze(manifest, isotypeOnly: !fmo);

        Assert.Equal(PositivityRule.Net, result.Positivity);
        var expected = IdentityVerdict.Pass;
        foreach (var marker in result.Markers.Where(m => m.Limit is not null))
        {
            var truth = manifest.TrueChannelPercent[marker.Tube!][marker.Channel!];
            var criterion = Isct.Criteria.Single(c => c.Description == marker.Criterion);
            var what = $"{name}: {marker.Marker} true {truth:0.000}%, net {marker.NetPercent:0.000}% " +
                       $"(CI {marker.NetCi95![0]:0.000}–{marker.NetCi95[1]:0.000}), " +
                       $"gross {marker.GrossPercent:0.000}%, control {marker.ControlPercent:0.000}%";
            Assert.False(marker.Borderline, what);
            Assert.True(criterion.IsMet(truth) == marker.Pass, what);
            Assert.True(Math.Abs(marker.NetPercent!.Value - truth) < 0.3, what);
            Assert.Equal(marker.NetPercent, marker.PercentPositive);
            Assert.Equal(fmo ? ControlKind.Fmo : ControlKind.Isotype, marker.ControlKind);
            if (!criterion.IsMet(truth)) expected = IdentityVerdict.Fail;
        }
        Assert.True(expected == result.Verdict, $"{name}: expected {expected}, got {result.Verdict}: {result.Reason}");
    }

    [Fact]
    public void The_gross_rule_keeps_the_old_reading_which_rejects_a_compliant_negative_marker()
    {
        using var dir = new TempDirectory();
        var manifest = MscPanelSynthesizer.Write(dir.Path, Scenario(0.018, 0.975), seed: 23, events: Events);
        var net = Analyze(manifest);
        var gross = Analyze(manifest, rule: PositivityRule.Gross);

        Assert.Equal(IdentityVerdict.Pass, net.Verdict);
        Assert.Equal(IdentityVerdict.Fail, gross.Verdict);
        Assert.Equal(PositivityRule.Gross, gross.Positivity);
        Assert.StartsWith("gross", gross.Parameters["positivity"], StringComparison.Ordinal);
        Assert.Contains("HLA-DR", gross.Reason, StringComparison.Ordinal);
        var hla = gross.Markers.Single(m => m.Marker == "HLA-DR");
        Assert.Equal(hla.GrossPercent, hla.PercentPositive);
        Assert.Equal(hla.GrossCi95, hla.Ci95);
        // The same numbers under both rules; only the one judged differs. Gross ≈ truth + the control's 0.5 %.
        Assert.InRange(hla.GrossPercent!.Value - hla.NetPercent!.Value, 0.45, 0.55);
        Assert.Equal(hla.NetPercent, net.Markers.Single(m => m.Marker == "HLA-DR").NetPercent);
    }

    [Fact]
    public void A_straddling_interval_is_inconclusive_unless_the_panel_follows_the_point_estimate()
    {
        using var dir = new TempDirectory();
        // True HLA-DR share on the limit, and few enough events that the interval (about ±0.25 points) spans it.
        var manifest = MscPanelSynthesizer.Write(dir.Path, Scenario(0.02, 0.975), seed: 29, events: 20_000);
        var strict = Analyze(manifest);
        var hla = strict.Markers.Single(m => m.Marker == "HLA-DR");
        Assert.True(hla.Borderline, $"net {hla.NetPercent} CI {hla.Ci95![0]}–{hla.Ci95[1]} does not straddle 2 %");
        Assert.Equal(IdentityVerdict.Inconclusive, strict.Verdict);
        Assert.Contains("borderline", strict.Reason, StringComparison.Ordinal);
        Assert.Contains("HLA-DR", strict.Reason, StringComparison.Ordinal);

        var lenient = Analyze(manifest, Isct with { Borderline = BorderlinePolicy.PointEstimate });
        Assert.Equal(hla.Pass == true ? IdentityVerdict.Pass : IdentityVerdict.Fail, lenient.Verdict);
        Assert.Contains("borderline", lenient.Reason, StringComparison.Ordinal);
        Assert.Contains("point estimate", lenient.Parameters["borderline"], StringComparison.Ordinal);
    }
}

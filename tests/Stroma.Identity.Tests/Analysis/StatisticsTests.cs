using Stroma.Identity.Analysis;
using Xunit;

namespace Stroma.Identity.Tests.Analysis;

/// <summary>Reference values for the statistics behind verdicts.</summary>
public sealed class StatisticsTests
{
    [Fact]
    public void Wilson_interval_matches_published_values()
    {
        // Newcombe RG, Stat Med 1998;17:857–872, Table I: 81/263 → 0.2553 to 0.3662 (Wilson score interval).
        var (lo, hi) = Statistics.WilsonInterval(81, 263);
        Assert.Equal(25.53, lo, 2);
        Assert.Equal(36.62, hi, 2);
        // 0/10 → 0 to 0.2775.
        var (lo0, hi0) = Statistics.WilsonInterval(0, 10);
        Assert.Equal(0, lo0, 6);
        Assert.Equal(27.75, hi0, 2);
    }

    // Newcombe RG, Stat Med 1998;17:873–890, Table II, method 10 (hybrid score), examples (a)–(h).
    [Theory]
    [InlineData(56, 70, 48, 80, 0.0524, 0.3339)]
    [InlineData(9, 10, 3, 10, 0.1705, 0.8090)]
    [InlineData(6, 7, 2, 7, 0.0582, 0.8062)]
    [InlineData(5, 56, 0, 29, -0.0381, 0.1926)]
    [InlineData(0, 10, 0, 20, -0.1611, 0.2775)]
    [InlineData(0, 10, 0, 10, -0.2775, 0.2775)]
    [InlineData(10, 10, 0, 20, 0.6791, 1.0000)]
    [InlineData(10, 10, 0, 10, 0.6075, 1.0000)]
    public void Newcombe_difference_interval_matches_the_published_table(
        int k1, int n1, int k2, int n2, double low, double high)
    {
        var (lo, hi) = Statistics.NewcombeDifference(k1, n1, k2, n2);
        // The table gives four decimals of a proportion: ±0.00005, i.e. ±0.005 percentage points.
        Assert.InRange(lo, low * 100 - 0.0051, low * 100 + 0.0051);
        Assert.InRange(hi, high * 100 - 0.0051, high * 100 + 0.0051);
    }

    [Fact]
    public void Net_positivity_removes_only_the_negative_cells_background()
    {
        // 1,000 control events, 10 above the threshold (1 %); 10,000 stained events: 5 % truly positive (500, all
        // above) plus 1 % of the 9,500 negatives (95) above it, so 595 above in all.
        var control = Enumerable.Range(0, 1000).Select(i => i < 10 ? 2.0 : 0.0).ToArray();
        var stained = Enumerable.Range(0, 10_000).Select(i => i < 595 ? 2.0 : 0.0).ToArray();
        var m = Positivity.Measure(stained, control, 1);
        Assert.Equal(5.95, m.Gross, 10);
        Assert.Equal(1, m.Control, 10);
        Assert.Equal(5, m.Net, 10);
        Assert.True(m.NetCi.Low < 5 && 5 < m.NetCi.High);
        // A stained tube no brighter than its control is net 0, never negative, interval floored too.
        var none = Positivity.Measure(control, stained, 1);
        Assert.Equal(0, none.Net);
        Assert.Equal(0, none.NetCi.Low);
    }

    [Fact]
    public void Percentile_interpolates_between_order_statistics()
    {
        double[] values = [1, 2, 3, 4];
        Assert.Equal(2.5, Statistics.Percentile(values, 50));
        Assert.Equal(3.85, Statistics.Percentile(values, 95), 10);
        Assert.Equal(4, Statistics.Percentile(values, 100));
    }

    [Fact]
    public void Otsu_separates_two_modes_and_reports_low_effectiveness_for_one()
    {
        var random = new Random(1);
        var two = Enumerable.Range(0, 4000).Select(i => (i % 2 == 0 ? 2.0 : 5.0) + 0.2 * (random.NextDouble() - 0.5)).ToArray();
        var (t, eta) = Statistics.Otsu(two, 1, 6);
        Assert.InRange(t, 2.2, 4.8);
        Assert.True(eta > 0.9);
        var one = Enumerable.Range(0, 4000).Select(_ => random.NextDouble()).ToArray();
        Assert.True(Statistics.Otsu(one, 0, 1).Effectiveness < 0.8);
    }
}

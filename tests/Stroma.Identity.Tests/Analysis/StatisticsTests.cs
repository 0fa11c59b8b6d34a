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

using Stroma.Cytometry.Gating;
using Xunit;

namespace Stroma.Cytometry.Tests.Gating;

/// <summary>Boundary behaviour of the membership kernels.</summary>
public sealed class GateKernelTests
{
    private static bool[] All(int n) => Enumerable.Repeat(true, n).ToArray();

    [Fact]
    public void Range_includes_min_excludes_max_and_rejects_nan()
    {
        double[] v = [0.999, 1, 5, 9.999, 10, double.NaN];
        var inside = All(v.Length);
        GateKernels.Range<double>(v, 1, 10, inside);
        Assert.Equal([false, true, true, true, false, false], inside);
        var open = All(v.Length);
        GateKernels.Range<double>(v, null, 5, open);
        Assert.Equal([true, true, false, false, false, false], open);
    }

    [Fact]
    public void Polygon_uses_the_even_odd_rule_for_self_intersecting_outlines()
    {
        // A pentagram: its centre pentagon is enclosed twice, so even-odd leaves it outside.
        var star = Enumerable.Range(0, 5).Select(k => (Math.Cos(Math.PI / 2 + k * 4 * Math.PI / 5), Math.Sin(Math.PI / 2 + k * 4 * Math.PI / 5))).ToArray();
        double[] xs = [0, 0, 2];
        double[] ys = [0, 0.8, 0];
        var inside = All(3);
        GateKernels.Polygon<double>(xs, ys, star, inside);
        Assert.Equal([false, true, false], inside);
    }

    [Fact]
    public void Float_and_double_columns_give_the_same_polygon_membership()
    {
        var random = new Random(3);
        var xs = Enumerable.Range(0, 5000).Select(_ => random.NextDouble() * 10).ToArray();
        var ys = Enumerable.Range(0, 5000).Select(_ => random.NextDouble() * 10).ToArray();
        (double, double)[] triangle = [(1, 1), (9, 2), (4, 9)];
        var a = All(5000);
        var b = All(5000);
        GateKernels.Polygon<double>(xs.Select(x => (double)(float)x).ToArray(), ys.Select(y => (double)(float)y).ToArray(), triangle, a);
        GateKernels.Polygon<float>(xs.Select(x => (float)x).ToArray(), ys.Select(y => (float)y).ToArray(), triangle, b);
        Assert.Equal(a, b);
        Assert.InRange(a.Count(x => x), 1300, 1700); // triangle area 30.5 of 100
    }

    [Fact]
    public void Intervals_put_values_on_a_cut_into_the_upper_interval()
    {
        double[] cuts = [10, 20];
        var intervals = new int[5];
        GateKernels.Intervals<double>([5, 10, 15, 20, double.NaN], cuts, intervals);
        Assert.Equal([0, 1, 1, 2, -1], intervals);
        Assert.Equal(1, GateKernels.Interval(15, cuts));
    }

    [Fact]
    public void Ellipsoid_membership_follows_the_mahalanobis_distance()
    {
        // Identity covariance scaled by 4: radius 2 circle around (1, 1).
        double[] inverse = [0.25, 0, 0, 0.25];
        ReadOnlyMemory<double>[] axes = [new double[] { 1, 3, 2.5, 1 }, new double[] { 1, 1, 2.5, 3.0001 }];
        var inside = All(4);
        GateKernels.Ellipsoid(axes, [1, 1], inverse, 1, inside);
        Assert.Equal([true, true, false, false], inside);
    }
}

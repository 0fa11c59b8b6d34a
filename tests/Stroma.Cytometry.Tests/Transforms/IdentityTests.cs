using FsCheck;
using FsCheck.Fluent;
using Stroma.Cytometry.Transforms;
using Xunit;

namespace Stroma.Cytometry.Tests.Transforms;

/// <summary>Round trips, monotonicity, symmetry and continuity of every transform.</summary>
public sealed class IdentityTests
{
    private const double Eps = 2.220446049250313e-16;

    /// <summary>
    /// Inverse(Apply(x)) = x to 1e-12 relative, plus what the rounding of y itself allows: an ulp-level
    /// change of y moves B(y) by about ulp(y)·B'(y), which near zero exceeds 1e-12·|x| for tiny x.
    /// </summary>
    private static void AssertRoundTrip(ScaleTransform transform, double x)
    {
        if (transform is LogTransform && !(x > 0)) return;
        var y = transform.Apply(x);
        var back = transform.Inverse(y);
        var tolerance = 1e-12 * Math.Abs(x) + RepresentationLimit(transform, y) + 1e-290;
        Assert.True(Math.Abs(back - x) <= tolerance, $"{transform}: x = {x:R} → y = {y:R} → {back:R} (error {Math.Abs(back - x):E2}, tolerance {tolerance:E2})");
    }

    /// <summary>How far B moves when y moves by 16 ulp (of y, or of the position of zero it cancels against).</summary>
    private static double RepresentationLimit(ScaleTransform transform, double y)
    {
        var h = 1e-6 * Math.Max(Math.Abs(y), 1e-3);
        var slope = Math.Abs(transform.Inverse(y + h) - transform.Inverse(y - h)) / (2 * h);
        var zero = transform is LogTransform ? 1 : Math.Abs(transform.Apply(0));
        return 16 * Eps * (Math.Abs(y) + zero) * slope;
    }

    [Fact]
    public void Inverse_of_apply_returns_the_data_for_generated_transforms_and_data()
    {
        var cases = from transform in TransformCases.Transforms
                    from data in Gen.ArrayOf(TransformCases.Data, 20)
                    select (transform, data);
        var property = Prop.ForAll(cases.ToArbitrary(), c =>
        {
            foreach (var x in c.data) AssertRoundTrip(c.transform, x);
            return true;
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), property);
    }

    [Fact]
    public void Inverse_of_apply_is_exact_to_1e_12_relative_wherever_double_precision_y_can_hold_that()
    {
        // With W = M/2 the scale is linear almost to T: y = x1 + x/B'(x1) with B'(x1) ≈ 1e6 then resolves x only
        // to ulp(x1)·1e6 ≈ 1e-10, so "1e-12 relative" is asked of every x whose y can carry it.
        foreach (var transform in TransformCases.Landmarks())
        {
            var data = TransformCases.DenseData(transform)
                .Where(x => Math.Abs(x) is >= 1e-290 and < 1e12 && RepresentationLimit(transform, transform.Apply(x)) <= 1e-13 * Math.Abs(x)).ToArray();
            Assert.True(data.Length > 5000, $"{transform}: only {data.Length} values");
            var y = new double[data.Length];
            var back = new double[data.Length];
            transform.Apply(data, y);
            transform.Inverse(y, back);
            for (var i = 0; i < data.Length; i++)
            {
                Assert.True(Math.Abs(back[i] - data[i]) <= 1e-12 * Math.Abs(data[i]), $"{transform}: bulk x = {data[i]:R} → {back[i]:R}");
                Assert.True(Math.Abs(transform.Inverse(transform.Apply(data[i])) - data[i]) <= 1e-12 * Math.Abs(data[i]), $"{transform}: scalar x = {data[i]:R}");
            }
        }
    }

    [Fact]
    public void Apply_of_inverse_returns_the_scale_position()
    {
        foreach (var transform in TransformCases.Landmarks().Cast<ScaleTransform>().Append(new AsinhTransform(null, 10000, 4, 1)).Append(new LogTransform(null, 10000, 5)))
        {
            var top = transform is FlowJoBiexTransform biex ? biex.ChannelRange : 1.0;
            for (var y = -0.5 * top; y <= 1.5 * top; y += top / 997)
            {
                if (transform is LogTransform && y < -0.4) continue;
                var again = transform.Apply(transform.Inverse(y));
                Assert.True(Math.Abs(again - y) <= 64 * Eps * top, $"{transform}: y = {y:R} → {again:R}");
            }
        }
    }

    [Fact]
    public void Every_transform_is_increasing_on_both_paths()
    {
        foreach (var transform in TransformCases.Landmarks().Cast<ScaleTransform>().Append(new AsinhTransform(null, 10000, 4, 1)))
        {
            var data = TransformCases.DenseData(transform).Where(double.IsFinite).Order().ToArray();
            var bulk = new double[data.Length];
            transform.Apply(data, bulk);
            for (var i = 1; i < data.Length; i++)
            {
                var slack = 4 * Eps * Math.Max(Math.Abs(bulk[i]), 1);
                Assert.True(bulk[i] >= bulk[i - 1] - slack, $"{transform}: bulk {data[i - 1]:R} → {bulk[i - 1]:R} but {data[i]:R} → {bulk[i]:R}");
                Assert.True(transform.Apply(data[i]) >= transform.Apply(data[i - 1]) - slack, $"{transform}: scalar at {data[i]:R}");
            }
        }
    }

    [Fact]
    public void Biexponential_scales_are_odd_about_the_position_of_zero()
    {
        foreach (var transform in TransformCases.Landmarks())
        {
            var x1 = transform.ZeroPosition;
            foreach (var x in new[] { 1e-9, 0.3, 12, 800, 262144, 1e9 })
            {
                Assert.Equal(x1 - (transform.Apply(x) - x1), transform.Apply(-x), 1e-12 * Math.Max(1, x1));
                Assert.Equal(-transform.Inverse(x1 + 0.01 * x1 + 0.001), transform.Inverse(x1 - 0.01 * x1 - 0.001), 1e-9);
            }
        }
    }

    [Fact]
    public void Biexponential_scales_are_continuous_through_zero()
    {
        foreach (var transform in TransformCases.Landmarks())
        {
            var x1 = transform.ZeroPosition;
            var slope = transform.Scale.SlopeAtZero;
            foreach (var h in new[] { 1e-300, 1e-12, 1e-8 })
            {
                // Near zero the scale is linear with slope 1/B'(x1).
                Assert.Equal(h / slope, transform.Apply(h) - x1, 1e-6 * h / slope + 4 * Eps * Math.Abs(x1));
                Assert.Equal(-h / slope, transform.Apply(-h) - x1, 1e-6 * h / slope + 4 * Eps * Math.Abs(x1));
            }
            Assert.Equal(0.0, transform.Inverse(x1));
        }
    }

    [Fact]
    public void Biexponential_scales_are_continuous_where_the_exponential_series_hands_over()
    {
        foreach (var transform in TransformCases.Landmarks())
        {
            foreach (var side in new[] { 1, -1 })
            {
                // e^(bδ) − 1 switches from its Taylor series to Math.Exp at b·δ = 1/2.
                var y = transform.ZeroPosition + side * transform.Scale.SeriesSwitch;
                var below = transform.Inverse(Math.BitDecrement(y));
                var at = transform.Inverse(y);
                var above = transform.Inverse(Math.BitIncrement(y));
                Assert.True(below <= at && at <= above, $"{transform}: not monotone at the switch: {below:R} {at:R} {above:R}");
                Assert.True(above - below <= 1e-14 * Math.Abs(at), $"{transform}: jump {above - below:E2} at the switch ({at:R})");

                var x = at;
                var ys = new[] { transform.Apply(Math.BitDecrement(x)), transform.Apply(x), transform.Apply(Math.BitIncrement(x)) };
                var ulps = 16 * Eps * Math.Max(1, Math.Abs(y));
                Assert.True(ys[0] <= ys[1] && ys[1] <= ys[2] && ys[2] - ys[0] <= ulps, $"{transform}: apply around x = {x:R}: {string.Join(", ", ys)}");
                Assert.Equal(y, ys[1], ulps);
            }
        }
    }
}

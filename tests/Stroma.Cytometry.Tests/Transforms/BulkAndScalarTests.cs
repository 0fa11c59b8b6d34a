using FsCheck;
using FsCheck.Fluent;
using Stroma.Cytometry.Transforms;
using Xunit;

namespace Stroma.Cytometry.Tests.Transforms;

/// <summary>
/// The vectorised span paths against the scalar reference (one <c>Apply(double)</c> per value): same
/// results to a few ulp for every transform, on doubles and floats, in place, in parallel and at the edges.
/// </summary>
public sealed class BulkAndScalarTests
{
    /// <summary>
    /// |a − b| within a few ulp of the larger magnitude, or of the scale position of zero (outputs below
    /// 1e-290, from subnormal inputs, count as equal: the vector path may flush them to zero).
    /// </summary>
    private static bool Close(double a, double b, double scale = 0, double ulps = 8)
    {
        if (double.IsNaN(a) || double.IsNaN(b)) return double.IsNaN(a) && double.IsNaN(b);
        if (double.IsInfinity(a) || double.IsInfinity(b)) return a == b;
        return Math.Abs(a - b) <= ulps * 2.220446049250313e-16 * Math.Max(Math.Max(Math.Abs(a), Math.Abs(b)), Math.Max(scale, 1e-290 / ulps / 2.220446049250313e-16));
    }

    /// <summary>
    /// Outputs near zero come from cancelling the position of data zero (x1 − δ for logicle, asinh(…) + A·ln 10
    /// for fasinh, ln(x/T)/(M ln 10) + 1 for flog), so their error is a few ulp of that term rather than of
    /// the output itself.
    /// </summary>
    private static double ZeroScale(ScaleTransform t)
    {
        if (t is LogTransform) return 1;
        var zero = Math.Abs(t.Apply(0));
        return double.IsFinite(zero) ? zero : 0;
    }

    /// <summary>
    /// The condition number of the inverse: an ulp of y — or of y − x1, which the scale computes first —
    /// moves B by about (|y| + 2|x1|)·|B'(y)/B(y)| ulps ((M + A)·ln 10·|y − x1| on the log part of a scale),
    /// so two correct evaluations may differ by that much.
    /// </summary>
    private static double InverseCondition(ScaleTransform t, double y)
    {
        var x = t.Inverse(y);
        if (!double.IsFinite(x) || x == 0 || !double.IsFinite(y)) return 1;
        var h = 1e-7 * Math.Max(Math.Abs(y), 1e-3);
        var slope = (t.Inverse(y + h) - t.Inverse(y - h)) / (2 * h);
        var zero = t is LogTransform ? 0 : Math.Abs(t.Apply(0));
        return Math.Max(1, (Math.Abs(y) + 2 * zero) * Math.Abs(slope / x));
    }

    [Fact]
    public void The_vector_kernels_are_active_on_this_machine()
    {
        // Without 128-bit SIMD the span methods fall back to the scalar loops and these tests compare a path with
        // itself.
        Assert.True(Elementwise.IsVectorized || !System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated);
    }

    [Fact]
    public void Every_landmark_transform_gives_the_same_results_in_bulk_and_one_by_one()
    {
        foreach (var transform in TransformCases.Landmarks())
        {
            var data = TransformCases.DenseData(transform);
            var bulk = new double[data.Length];
            var scalar = new double[data.Length];
            transform.Apply(data, bulk);
            transform.ApplyScalar(data, scalar);
            for (var i = 0; i < data.Length; i++)
                Assert.True(Close(scalar[i], bulk[i], ZeroScale(transform), 4), $"{transform}: x = {data[i]:R}: bulk {bulk[i]:R}, scalar {scalar[i]:R}");

            var back = new double[data.Length];
            var backScalar = new double[data.Length];
            transform.Inverse(scalar, back);
            transform.InverseScalar(scalar, backScalar);
            for (var i = 0; i < data.Length; i++)
                Assert.True(Close(backScalar[i], back[i], 0, 4 * InverseCondition(transform, scalar[i])), $"{transform}: y = {scalar[i]:R}: bulk {back[i]:R}, scalar {backScalar[i]:R}");
        }
    }

    [Fact]
    public void Bulk_equals_scalar_for_generated_transforms_and_data()
    {
        var cases = from transform in TransformCases.Transforms
                    from length in Gen.Choose(0, 70)
                    from data in Gen.ArrayOf(TransformCases.Data, length)
                    select (transform, data);
        var property = Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var (transform, data) = c;
            var bulk = new double[data.Length];
            var scalar = new double[data.Length];
            transform.Apply(data, bulk);
            transform.ApplyScalar(data, scalar);
            for (var i = 0; i < data.Length; i++)
                Assert.True(Close(scalar[i], bulk[i], ZeroScale(transform), 8), $"{transform}: x = {data[i]:R}: bulk {bulk[i]:R}, scalar {scalar[i]:R}");
            transform.Inverse(scalar, bulk);
            transform.InverseScalar(scalar, data);
            for (var i = 0; i < data.Length; i++)
                Assert.True(Close(data[i], bulk[i], 0, 4 * InverseCondition(transform, scalar[i])), $"{transform}: y = {scalar[i]:R}: bulk {bulk[i]:R}, scalar {data[i]:R}");
            return true;
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(400), property);
    }

    [Fact]
    public void Float_spans_are_the_double_results_rounded_once()
    {
        foreach (var transform in TransformCases.Landmarks().Cast<ScaleTransform>().Append(new AsinhTransform(null, 10000, 4, 1)).Append(new LinearTransform(null, 10000, 500)))
        {
            var data = TransformCases.DenseData(transform).Select(v => (float)v).ToArray();
            var bulk = new float[data.Length];
            var scalar = new float[data.Length];
            transform.Apply(data, bulk);
            transform.ApplyScalar(data, scalar);
            for (var i = 0; i < data.Length; i++)
            {
                Assert.Equal(scalar[i], (float)transform.Apply((double)data[i]));
                // The double kernels agree to a few ulp, so the float roundings agree or differ by one float ulp.
                var ulp = Math.Max(Math.Abs(MathF.BitIncrement(scalar[i]) - scalar[i]), float.Epsilon);
                Assert.True(float.IsNaN(scalar[i]) ? float.IsNaN(bulk[i]) : Math.Abs(bulk[i] - scalar[i]) <= ulp, $"{transform}: x = {data[i]:R}: bulk {bulk[i]:R}, scalar {scalar[i]:R}");
            }
        }
    }

    [Fact]
    public void Scales_whose_zero_maps_to_zero_keep_full_relative_precision_for_tiny_values_in_bulk()
    {
        // asinh(x·k) ≈ x·k and logicle with A = −W (x1 = 0) ≈ x/B'(0): no cancellation may eat the digits.
        ScaleTransform[] transforms = [new AsinhTransform(null, 262144, 4.5, 0), new LogicleTransform(null, 262144, 1, 4.5, -1), new HyperlogTransform(null, 10000, 1, 4.5, -1)];
        var data = Enumerable.Range(0, 400).Select(i => (i % 2 == 0 ? 1 : -1) * Math.Pow(10, -12 + i * 0.04)).ToArray();
        foreach (var transform in transforms)
        {
            var bulk = new double[data.Length];
            transform.Apply(data, bulk);
            for (var i = 0; i < data.Length; i++)
                Assert.True(Close(transform.Apply(data[i]), bulk[i], 0, 8), $"{transform}: x = {data[i]:R}: bulk {bulk[i]:R}, scalar {transform.Apply(data[i]):R}");
        }
    }

    [Fact]
    public void Special_values_and_values_beyond_the_table_take_the_exact_path()
    {
        var logicle = new LogicleTransform(null, 262144, 0.5, 4.5, 0);
        double[] data = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e308, -1e308, 1e200, 5e6, 262144 * 17.0, 0, -0.0, 3];
        var bulk = new double[data.Length];
        logicle.Apply(data, bulk);
        for (var i = 0; i < data.Length; i++) Assert.True(Close(logicle.Apply(data[i]), bulk[i], 0, 2), $"x = {data[i]}");
        Assert.True(double.IsNaN(bulk[0]));
        Assert.Equal(double.PositiveInfinity, bulk[1]);
        Assert.Equal(double.NegativeInfinity, bulk[2]);
        Assert.True(bulk[3] > 1 && double.IsFinite(bulk[3]));
        Assert.Equal(logicle.ZeroPosition, bulk[8]);
        Assert.Equal(logicle.ZeroPosition, bulk[9]);

        double[] scale = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.1, 1, 1.5, -0.5];
        var back = new double[scale.Length];
        logicle.Inverse(scale, back);
        for (var i = 0; i < scale.Length; i++) Assert.True(Close(logicle.Inverse(scale[i]), back[i], 0, 4 * InverseCondition(logicle, scale[i])), $"y = {scale[i]}");
        Assert.Equal(double.PositiveInfinity, back[1]);
        Assert.Equal(double.NegativeInfinity, back[2]);
    }

    [Fact]
    public void The_vector_table_knots_are_close_enough_for_two_Halley_steps()
    {
        foreach (var transform in TransformCases.Landmarks())
            Assert.True(transform.Scale.TableSpacing <= 0.06, $"{transform}: b·Δδ = {transform.Scale.TableSpacing}");
    }

    [Fact]
    public void Transforming_in_place_and_in_parallel_gives_the_same_values()
    {
        var logicle = new LogicleTransform(null, 262144, 0.5, 4.5, 0);
        var random = new Random(7);
        var data = Enumerable.Range(0, 200_003).Select(_ => (float)(Math.Exp(random.NextDouble() * 12) - 200)).ToArray();
        var expected = new float[data.Length];
        logicle.Apply(data, expected);

        var inPlace = data.ToArray();
        logicle.Apply(inPlace, inPlace);
        Assert.Equal(expected, inPlace);

        var parallel = new float[data.Length];
        logicle.ApplyParallel(data, parallel, maxDegreeOfParallelism: 4);
        Assert.Equal(expected, parallel);

        var doubles = data.Select(v => (double)v).ToArray();
        var parallelDoubles = new double[data.Length];
        logicle.ApplyParallel(doubles, parallelDoubles);
        logicle.Apply(doubles, doubles);
        Assert.Equal(doubles, parallelDoubles);
    }

    [Fact]
    public void A_fresh_transform_used_from_many_threads_at_once_builds_one_consistent_table()
    {
        var data = Enumerable.Range(0, 4096).Select(i => (i - 1000) * 37.5).ToArray();
        var reference = new double[data.Length];
        new LogicleTransform(null, 262144, 0.5, 4.5, 0).Apply(data, reference);
        for (var round = 0; round < 20; round++)
        {
            var shared = new LogicleTransform(null, 262144, 0.5, 4.5, 0);
            Parallel.For(0, 8, _ =>
            {
                var result = new double[data.Length];
                shared.Apply(data, result);
                Assert.Equal(reference, result);
            });
        }
    }

    [Fact]
    public void Bad_destinations_are_refused()
    {
        var linear = new LinearTransform(null, 100, 0);
        var data = new double[10];
        Assert.Throws<ArgumentException>(() => linear.Apply(data, new double[9]));
        Assert.Throws<ArgumentException>(() => linear.Apply(data.AsSpan(0, 8), data.AsSpan(1, 8)));
        var ratio = new RatioTransform(null, 1, 0, 0);
        Assert.Throws<ArgumentException>(() => ratio.Apply(new double[3], new double[4], new double[4]));
    }

    [Fact]
    public void Ratio_bulk_equals_scalar_bit_for_bit()
    {
        var ratio = new RatioTransform(null, 2.7, -100, -300);
        var random = new Random(3);
        var x = Enumerable.Range(0, 1001).Select(_ => random.NextDouble() * 2000 - 1000).ToArray();
        var y = Enumerable.Range(0, 1001).Select(_ => random.NextDouble() * 2000 - 1000).ToArray();
        y[5] = -300;
        var bulk = new double[x.Length];
        ratio.Apply(x, y, bulk);
        for (var i = 0; i < x.Length; i++) Assert.Equal(ratio.Apply(x[i], y[i]), bulk[i]);

        var xf = x.Select(v => (float)v).ToArray();
        var yf = y.Select(v => (float)v).ToArray();
        var bulkFloat = new float[x.Length];
        ratio.Apply(xf, yf, bulkFloat);
        for (var i = 0; i < x.Length; i++) Assert.Equal((float)ratio.Apply(xf[i], yf[i]), bulkFloat[i]);
    }
}

using FsCheck;
using FsCheck.Fluent;
using Stroma.Cytometry.Transforms;

namespace Stroma.Cytometry.Tests.Transforms;

/// <summary>Generators of valid transforms and of data spanning every regime (zero, linear, log, huge, negative).</summary>
internal static class TransformCases
{
    /// <summary>A uniform double in [low, high].</summary>
    public static Gen<double> Uniform(double low, double high) =>
        Gen.Choose(0, int.MaxValue).Select(i => low + (high - low) * (i / (double)int.MaxValue));

    /// <summary>Data values: ±10^u for u in [−8, 8], plus zero and the special landmarks.</summary>
    public static readonly Gen<double> Data =
        Gen.Frequency(
            (12, from u in Uniform(-8, 8) from negative in Gen.Elements(false, true) select (negative ? -1 : 1) * Math.Pow(10, u)),
            (3, Uniform(-300, 300)),
            (1, Gen.Elements(0.0, -0.0, 1e-300, -1e-300, 262144, 1e30, -1e30)));

    /// <summary>Logicle/hyperlog parameters inside the Gating-ML constraints (W &gt; 0 when <paramref name="positiveWidth"/>).</summary>
    public static Gen<(double T, double W, double M, double A)> BiexponentialParameters(bool positiveWidth) =>
        from logT in Uniform(0, 9)
        from m in Uniform(1, 9)
        from wShare in Uniform(positiveWidth ? 0.01 : 0, 1)
        from aShare in Uniform(0, 1)
        let w = wShare * m / 2
        let a = -w + aShare * (m - w)
        select (Math.Pow(10, logT), w, m, a);

    /// <summary>Every one-dimension transform with generated parameters.</summary>
    public static readonly Gen<ScaleTransform> Transforms =
        Gen.OneOf(
            BiexponentialParameters(false).Select(p => (ScaleTransform)new LogicleTransform("logicle", p.T, p.W, p.M, Math.Min(p.A, p.M - 2 * p.W))),
            BiexponentialParameters(true).Select(p => (ScaleTransform)new HyperlogTransform("hyperlog", p.T, p.W, p.M, Math.Min(p.A, p.M - 2 * p.W))),
            from negative in Uniform(0, 2)
            from width in Uniform(1, 3)
            from positive in Uniform(2.5, 6)
            from top in Uniform(3, 7)
            from range in Gen.Elements(256, 1024, 4096)
            select (ScaleTransform)new FlowJoBiexTransform("biex", negative, -Math.Pow(10, width), positive, Math.Pow(10, top), range),
            from logT in Uniform(0, 9)
            from m in Uniform(0.5, 9)
            from aShare in Uniform(0, 1)
            select (ScaleTransform)new AsinhTransform("asinh", Math.Pow(10, logT), m, aShare * m),
            from logT in Uniform(0, 9)
            from aShare in Uniform(0, 1)
            select (ScaleTransform)new LinearTransform("lin", Math.Pow(10, logT), aShare * Math.Pow(10, logT)),
            from logT in Uniform(0, 9)
            from m in Uniform(0.5, 9)
            select (ScaleTransform)new LogTransform("log", Math.Pow(10, logT), m));

    /// <summary>The Gating-ML compliance suite's and the pipeline's logicle, hyperlog and biex settings.</summary>
    public static IEnumerable<BiexponentialTransform> Landmarks()
    {
        yield return new LogicleTransform(null, 262144, 0.5, 4.5, 0);
        yield return new LogicleTransform(null, 10000, 0.5, 4.5, 0);
        yield return new LogicleTransform(null, 10000, 1, 4, 0.5);
        yield return new LogicleTransform(null, 1000, 1, 4, 0);
        yield return new LogicleTransform(null, 262144, 0, 4.5, 0);
        yield return new LogicleTransform(null, 262144, 2.25, 4.5, 0);
        yield return new LogicleTransform(null, 262144, 1, 4.5, -1);
        yield return new HyperlogTransform(null, 10000, 1, 4.5, 0);
        yield return new HyperlogTransform(null, 1000, 1, 4, 0);
        yield return new HyperlogTransform(null, 262144, 2, 4.5, 0.5);
        yield return new FlowJoBiexTransform(null, 1, -7.943282, 4.418540, 262144.000029);
        yield return new FlowJoBiexTransform(null, 0, -10, 4.418540, 262144.000029);
        yield return new FlowJoBiexTransform(null, 0, -1, 4.418540, 262144.000029);
    }

    /// <summary>Deterministic data covering every regime, with landmarks of the given transform.</summary>
    public static double[] DenseData(ScaleTransform transform, int count = 20_000)
    {
        var random = new Random(1234);
        var values = new List<double>(count + 64) { 0, -0.0, 1e-300, -1e-300, double.Epsilon, 1, -1 };
        if (transform is BiexponentialTransform biex)
        {
            // Both sides of the series switch and of the zero, and the scale's own data values there.
            var s = biex.Scale.SeriesSwitch;
            foreach (var y in new[] { biex.ZeroPosition + s, biex.ZeroPosition - s, biex.ZeroPosition + 1e-9, 1, 1.2 })
            {
                var x = transform.Inverse(y);
                values.AddRange([x, -x, Math.BitIncrement(x), Math.BitDecrement(x)]);
            }
        }
        while (values.Count < count)
        {
            var magnitude = Math.Pow(10, random.NextDouble() * 16 - 8);
            values.Add(random.Next(2) == 0 ? magnitude : -magnitude);
        }
        return values.ToArray();
    }
}

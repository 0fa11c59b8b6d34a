using System.Runtime.Intrinsics;
using Stroma.Cytometry.Compensation;
using Stroma.Cytometry.Formats.Fcs;
using Stroma.Cytometry.Formats.GatingMl;
using Stroma.Cytometry.Gating;
using Stroma.Cytometry.Transforms;
using Xunit;

namespace Stroma.Cytometry.Tests.Transforms;

/// <summary>
/// The 128-bit and 256-bit kernels against each other and the scalar form on one machine (widths not
/// accelerated here run in software, still exact), and the probe a child process with intrinsics limited
/// writes for <c>GatingEngineBlockTests</c> to compare with this process's vectorised result.
/// </summary>
public sealed class SimdWidthTests
{
    /// <summary>Environment variable naming the file the probe writes its results to (set by the parent run).</summary>
    public const string ProbeOutput = "STROMA_SIMD_PROBE_OUTPUT";

    private static readonly SimdWidth[] Widths = [SimdWidth.Scalar, SimdWidth.Vector128, SimdWidth.Vector256];

    /// <summary>Edge values: zeros of both signs, negatives, subnormals, huge, beyond the table, NaN, ±∞.</summary>
    private static double[] EdgeValues(ScaleTransform transform)
    {
        List<double> values =
        [
            0, -0.0, double.Epsilon, -double.Epsilon, 1e-300, -1e-300, 1e-12, -1e-12, 1, -1, 3, -3, 100, -100,
            262144, -262144, 262144 * 17.0, -262144 * 17.0, 5e6, -5e6, 1e200, -1e200, 1e308, -1e308,
            double.MaxValue, -double.MaxValue, double.NaN, double.PositiveInfinity, double.NegativeInfinity,
        ];
        if (transform is LogTransform) values.RemoveAll(v => !(v > 0) && !double.IsNaN(v));
        // Every position within a vector: each edge value once at each lane, among ordinary values.
        var data = new List<double>();
        foreach (var v in values)
            for (var lane = 0; lane < 5; lane++)
            {
                for (var k = 0; k < lane; k++) data.Add(50 + k);
                data.Add(v);
            }
        return [.. data];
    }

    private static bool Same(double a, double b, double scale)
    {
        if (double.IsNaN(a) || double.IsNaN(b)) return double.IsNaN(a) && double.IsNaN(b);
        if (double.IsInfinity(a) || double.IsInfinity(b)) return a == b;
        var magnitude = Math.Max(Math.Max(Math.Abs(a), Math.Abs(b)), Math.Max(scale, 1e-290));
        return Math.Abs(a - b) <= 16 * 2.220446049250313e-16 * magnitude;
    }

    private static IEnumerable<ScaleTransform> Transforms() =>
        TransformCases.Landmarks().Cast<ScaleTransform>()
            .Append(new AsinhTransform(null, 262144, 4.5, 0))
            .Append(new AsinhTransform(null, 10000, 4, 1))
            .Append(new LinearTransform(null, 10000, 500))
            .Append(new LogTransform(null, 10000, 5));

    [Fact]
    public void The_width_in_use_is_the_widest_accelerated_one()
    {
        var expected = Vector256.IsHardwareAccelerated ? SimdWidth.Vector256
            : Vector128.IsHardwareAccelerated ? SimdWidth.Vector128
            : SimdWidth.Scalar;
        Assert.Equal(expected, Elementwise.Width);
        // A run with DOTNET_EnableAVX2=0 on x64 takes the 128-bit loops, not the scalar ones.
        if (Environment.GetEnvironmentVariable("DOTNET_EnableAVX2") == "0" &&
            Environment.GetEnvironmentVariable("DOTNET_EnableHWIntrinsic") != "0" &&
            System.Runtime.Intrinsics.X86.Sse2.IsSupported)
            Assert.Equal(SimdWidth.Vector128, Elementwise.Width);
    }

    [Fact]
    public void Vector128_Vector256_and_scalar_kernels_agree_on_edge_values_forward_and_back()
    {
        foreach (var transform in Transforms())
        {
            var data = EdgeValues(transform);
            var zero = transform is LogTransform ? 1 : Math.Abs(transform.Apply(0));
            var results = new Dictionary<SimdWidth, double[]>();
            foreach (var width in Widths)
            {
                var output = new double[data.Length];
                transform.Apply(data, output, width);
                results[width] = output;
            }
            for (var i = 0; i < data.Length; i++)
            {
                var scalar = transform.Apply(data[i]);
                Assert.Equal(scalar, results[SimdWidth.Scalar][i]);
                foreach (var width in Widths)
                    Assert.True(Same(scalar, results[width][i], zero),
                        $"{transform} {width}: x = {data[i]:R}: {results[width][i]:R}, scalar {scalar:R}");
            }
            Assert.True(double.IsNaN(results[SimdWidth.Vector128][Array.FindIndex(data, double.IsNaN)]));
            Assert.True(double.IsNaN(results[SimdWidth.Vector256][Array.FindIndex(data, double.IsNaN)]));

            // Back from the scale values of ordinary data (|x| ≤ 1e6) at each width.
            var scaled = results[SimdWidth.Scalar].Where((_, i) => Math.Abs(data[i]) <= 1e6).ToArray();
            var back128 = new double[scaled.Length];
            var back256 = new double[scaled.Length];
            transform.Inverse(scaled, back128, SimdWidth.Vector128);
            transform.Inverse(scaled, back256, SimdWidth.Vector256);
            for (var i = 0; i < scaled.Length; i++)
            {
                var scalar = transform.Inverse(scaled[i]);
                var tolerance = Math.Max(1e-9 * Math.Abs(scalar), 1e-9);
                Assert.True(Math.Abs(back128[i] - scalar) <= tolerance, $"{transform}: y = {scaled[i]:R}");
                Assert.True(Math.Abs(back256[i] - scalar) <= tolerance, $"{transform}: y = {scaled[i]:R}");
            }
        }
    }

    [Fact]
    public void Float_spans_agree_across_widths_to_one_float_ulp()
    {
        var logicle = new LogicleTransform(null, 262144, 0.5, 4.5, 0);
        var random = new Random(9);
        var data = Enumerable.Range(0, 10_007).Select(_ => (float)(Math.Exp(random.NextDouble() * 12) - 300))
            .Concat([0f, -0f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, 3e38f, -3e38f]).ToArray();
        var scalar = new float[data.Length];
        logicle.Apply(data, scalar, SimdWidth.Scalar);
        foreach (var width in new[] { SimdWidth.Vector128, SimdWidth.Vector256 })
        {
            var output = new float[data.Length];
            logicle.Apply(data, output, width);
            for (var i = 0; i < data.Length; i++)
            {
                var ulp = Math.Max(Math.Abs(MathF.BitIncrement(scalar[i]) - scalar[i]), float.Epsilon);
                Assert.True(float.IsNaN(scalar[i]) ? float.IsNaN(output[i])
                    : output[i] == scalar[i] || Math.Abs(output[i] - scalar[i]) <= ulp,
                    $"{width}: x = {data[i]:R}: {output[i]:R}, scalar {scalar[i]:R}");
            }
        }
    }

    [Fact]
    public void The_probe_gates_and_transforms_its_sample_and_writes_it_when_asked()
    {
        var (counts, values) = Probe();
        Assert.InRange(counts[0], Probes / 20, Probes / 5);
        Assert.InRange(counts[1], 1, counts[0] - 1);
        Assert.All(values, v => Assert.InRange(v, -2, 2));
        var path = Environment.GetEnvironmentVariable(ProbeOutput);
        if (string.IsNullOrEmpty(path)) return;
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(counts.Length);
        foreach (var c in counts) writer.Write(c);
        writer.Write(values.Length);
        foreach (var v in values) writer.Write(v);
    }

    /// <summary>
    /// Reads what <see cref="The_probe_gates_and_transforms_its_sample_and_writes_it_when_asked"/> wrote.
    /// </summary>
    public static (int[] Counts, double[] Values) ReadProbe(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        var counts = new int[reader.ReadInt32()];
        for (var i = 0; i < counts.Length; i++) counts[i] = reader.ReadInt32();
        var values = new double[reader.ReadInt32()];
        for (var i = 0; i < values.Length; i++) values[i] = reader.ReadDouble();
        return (counts, values);
    }

    private const int Probes = 60_001;

    /// <summary>
    /// A rectangle, then a polygon on compensated, logicle-scaled channels of a generated sample (through the
    /// engine: fused blocks, float kernels), and logicle of one compensated channel in double and float spans.
    /// </summary>
    public static (int[] Counts, double[] Values) Probe()
    {
        var random = new Random(17);
        float[][] columns = [new float[Probes], new float[Probes], new float[Probes]];
        for (var i = 0; i < Probes; i++)
        {
            columns[0][i] = (float)(random.NextDouble() * 1000);
            columns[1][i] = (float)(Math.Exp(random.NextDouble() * 9) - 300);
            columns[2][i] = (float)(Math.Exp(random.NextDouble() * 9) - 300);
        }
        var spill = new SpilloverMatrix(["B", "C"], [1, 0.25, 0.1, 1], "test");
        var bytes = FcsWriter.WriteToArray(EventTable.FromColumns(["S", "B", "C"], Probes, columns),
            new FcsWriteSettings { Spillover = spill });
        var sample = FcsReader.Read(bytes, "probe.fcs").First;
        var strategy = GatingMlReader.Parse("""
            <?xml version="1.0" encoding="UTF-8"?>
            <gating:Gating-ML xmlns:gating="http://www.isac-net.org/std/Gating-ML/v2.0/gating"
                              xmlns:transforms="http://www.isac-net.org/std/Gating-ML/v2.0/transformations"
                              xmlns:data-type="http://www.isac-net.org/std/Gating-ML/v2.0/datatypes">
              <transforms:transformation transforms:id="L">
                <transforms:logicle transforms:T="10000" transforms:W="0.5" transforms:M="4.5" transforms:A="0" />
              </transforms:transformation>
              <gating:RectangleGate gating:id="Few">
                <gating:dimension gating:compensation-ref="uncompensated" gating:max="100">
                  <data-type:fcs-dimension data-type:name="S" />
                </gating:dimension>
              </gating:RectangleGate>
              <gating:PolygonGate gating:id="Poly" gating:parent_id="Few">
                <gating:dimension gating:compensation-ref="FCS" gating:transformation-ref="L">
                  <data-type:fcs-dimension data-type:name="B" />
                </gating:dimension>
                <gating:dimension gating:compensation-ref="FCS" gating:transformation-ref="L">
                  <data-type:fcs-dimension data-type:name="C" />
                </gating:dimension>
                <gating:vertex><gating:coordinate data-type:value="0.2" /><gating:coordinate data-type:value="0.1" />
                </gating:vertex>
                <gating:vertex><gating:coordinate data-type:value="0.95" /><gating:coordinate data-type:value="0.4" />
                </gating:vertex>
                <gating:vertex><gating:coordinate data-type:value="0.5" /><gating:coordinate data-type:value="0.98" />
                </gating:vertex>
              </gating:PolygonGate>
            </gating:Gating-ML>
            """, "probe.xml");
        var results = GatingEngine.Apply(strategy, sample);

        double[] cb = new double[Probes], cc = new double[Probes];
        new Compensator(spill).Apply<double>([sample.ScaledColumn(1), sample.ScaledColumn(2)], [cb, cc]);
        var logicle = new LogicleTransform(null, 10000, 0.5, 4.5, 0);
        logicle.Apply(cb, cb);
        var floats = cc.Select(v => (float)v).ToArray();
        logicle.Apply(floats, floats);
        return ([results["Few"].Count, results["Poly"].Count], [.. cb, .. floats.Select(v => (double)v)]);
    }
}

using Stroma.Cytometry.Compensation;
using Stroma.Cytometry.Formats.Fcs;
using Stroma.Cytometry.Formats.GatingMl;
using System.Diagnostics;
using Stroma.Cytometry.Gating;
using Stroma.Cytometry.Tests.Transforms;
using Stroma.Cytometry.Transforms;
using Xunit;

namespace Stroma.Cytometry.Tests.Gating;

/// <summary>The block-fused engine against a whole-column evaluation of the same gates.</summary>
public sealed class GatingEngineBlockTests
{
    [Fact]
    public void Fused_blocks_give_the_membership_of_whole_column_compensation_and_gating()
    {
        const int n = 100_003; // many blocks (parallel path) and a ragged last block
        var random = new Random(5);
        float[][] columns = [new float[n], new float[n]];
        for (var i = 0; i < n; i++)
        {
            columns[0][i] = (float)(random.NextDouble() * 1000);
            columns[1][i] = (float)(random.NextDouble() * 1000);
        }
        var spill = new SpilloverMatrix(["A", "B"], [1, 0.3, 0.2, 1], "test");
        var bytes = FcsWriter.WriteToArray(EventTable.FromColumns(["A", "B"], n, columns), new FcsWriteSettings { Spillover = spill });
        var sample = FcsReader.Read(bytes, "t.fcs").First;
        var strategy = GatingMlReader.Parse("""
            <?xml version="1.0" encoding="UTF-8"?>
            <gating:Gating-ML xmlns:gating="http://www.isac-net.org/std/Gating-ML/v2.0/gating"
                              xmlns:data-type="http://www.isac-net.org/std/Gating-ML/v2.0/datatypes">
              <gating:RectangleGate gating:id="Low">
                <gating:dimension gating:compensation-ref="uncompensated" gating:max="600">
                  <data-type:fcs-dimension data-type:name="A" />
                </gating:dimension>
              </gating:RectangleGate>
              <gating:RectangleGate gating:id="Mid" gating:parent_id="Low">
                <gating:dimension gating:compensation-ref="FCS" gating:min="100" gating:max="500">
                  <data-type:fcs-dimension data-type:name="B" />
                </gating:dimension>
              </gating:RectangleGate>
            </gating:Gating-ML>
            """, "t.xml");

        var results = GatingEngine.Apply(strategy, sample);

        var a = sample.ScaledColumn(0);
        var b = sample.ScaledColumn(1);
        double[] ca = new double[n], cb = new double[n];
        new Compensator(spill).Apply<double>([a, b], [ca, cb]);
        var low = new bool[n];
        Array.Fill(low, true);
        GateKernels.Range<double>(a, null, 600, low);
        var mid = (bool[])low.Clone();
        GateKernels.Range<double>(cb, 100, 500, mid);
        Assert.Equal(low, results["Low"].Membership.ToArray());
        Assert.Equal(mid, results["Mid"].Membership.ToArray());
        Assert.InRange(results["Mid"].Count, 1, results["Low"].Count - 1);
    }

    [Fact]
    public void A_child_of_a_small_parent_is_decided_on_the_gathered_members_as_on_whole_columns()
    {
        // The parent holds about 10% of events, so the child polygon (compensated, logicle) is evaluated only on
        // the gathered parent members; the result must equal whole-column compensation, transform and gating.
        const int n = 70_001;
        var random = new Random(11);
        float[][] columns = [new float[n], new float[n], new float[n]];
        for (var i = 0; i < n; i++)
        {
            columns[0][i] = (float)(random.NextDouble() * 1000);
            columns[1][i] = (float)(random.NextDouble() * 5000 - 200);
            columns[2][i] = (float)(random.NextDouble() * 5000 - 200);
        }
        string[] names = ["S", "B", "C"];
        var spill = new SpilloverMatrix(["B", "C"], [1, 0.25, 0.1, 1], "test");
        var bytes = FcsWriter.WriteToArray(EventTable.FromColumns(names, n, columns),
            new FcsWriteSettings { Spillover = spill });
        var sample = FcsReader.Read(bytes, "t.fcs").First;
        var strategy = GatingMlReader.Parse("""
            <?xml version="1.0" encoding="UTF-8"?>
            <gating:Gating-ML xmlns:gating="http://www.isac-net.org/std/Gating-ML/v2.0/gating"
                              xmlns:transforms="http://www.isac-net.org/std/Gating-ML/v2.0/transformations"
                              xmlns:data-type="http://www.isac-net.org/std/Gating-ML/v2.0/datatypes">
              <transforms:transformation transforms:id="L">
                <transforms:logicle transforms:T="5000" transforms:W="0.5" transforms:M="4.5" transforms:A="0" />
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
                <gating:vertex><gating:coordinate data-type:value="0.3" /><gating:coordinate data-type:value="0.2" />
                </gating:vertex>
                <gating:vertex><gating:coordinate data-type:value="0.95" /><gating:coordinate data-type:value="0.4" />
                </gating:vertex>
                <gating:vertex><gating:coordinate data-type:value="0.6" /><gating:coordinate data-type:value="0.98" />
                </gating:vertex>
              </gating:PolygonGate>
            </gating:Gating-ML>
            """, "t.xml");

        var results = GatingEngine.Apply(strategy, sample);

        double[] cb = new double[n], cc = new double[n];
        new Compensator(spill).Apply<double>([sample.ScaledColumn(1), sample.ScaledColumn(2)], [cb, cc]);
        var logicle = new LogicleTransform(null, 5000, 0.5, 4.5, 0);
        logicle.Apply(cb, cb);
        logicle.Apply(cc, cc);
        var few = new bool[n];
        Array.Fill(few, true);
        GateKernels.Range<double>(sample.ScaledColumn(0), null, 100, few);
        var poly = (bool[])few.Clone();
        GateKernels.Polygon<double>(cb, cc, [(0.3, 0.2), (0.95, 0.4), (0.6, 0.98)], poly);
        Assert.Equal(few, results["Few"].Membership.ToArray());
        Assert.Equal(poly, results["Poly"].Membership.ToArray());
        Assert.InRange(results["Few"].Count, n / 20, n / 5);
        Assert.InRange(results["Poly"].Count, 1, results["Few"].Count - 1);
    }

    /// <summary>Whether this process is itself a child run with intrinsics limited.</summary>
    private static bool IsChildRun =>
        Environment.GetEnvironmentVariable("DOTNET_EnableHWIntrinsic") == "0" ||
        Environment.GetEnvironmentVariable("DOTNET_EnableAVX2") == "0";

    [Theory]
    [InlineData("DOTNET_EnableHWIntrinsic")]
    [InlineData("DOTNET_EnableAVX2")]
    public async Task With_intrinsics_limited_the_compliance_and_bulk_tests_pass_and_gates_match_this_process(
        string setting)
    {
        // DOTNET_EnableHWIntrinsic=0 turns every Vector128/256 path off (IsHardwareAccelerated false), so the scalar
        // loops decide the GatingML compliance counts; DOTNET_EnableAVX2=0 leaves 128-bit SIMD (without FMA) on x64,
        // so the Vector128 loops do. Either way the child's gate counts equal this process's and its logicle values
        // agree to within a few ulp.
        if (IsChildRun) return;
        var probe = Path.Combine(Path.GetTempPath(), $"stroma-simd-probe-{Guid.NewGuid():N}.bin");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments = [typeof(GatingEngineBlockTests).Assembly.Location, "-class", "*GatingMlComplianceTests",
            "-class", "*BulkAndScalarTests", "-class", "*GatingEngineBlockTests", "-class", "*SimdWidthTests"];
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment[setting] = "0";
        start.Environment[SimdWidthTests.ProbeOutput] = probe;
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            var (stdout, stderr) = (await output, await error);
            Assert.True(process.ExitCode == 0, $"{setting}=0 run failed:\n{stdout}\n{stderr}");
            Assert.Contains("Failed: 0", stdout, StringComparison.Ordinal);

            var (childCounts, childValues) = SimdWidthTests.ReadProbe(probe);
            var (counts, values) = SimdWidthTests.Probe();
            Assert.Equal(counts, childCounts);
            Assert.Equal(values.Length, childValues.Length);
            var half = values.Length / 2; // doubles, then float results widened
            for (var i = 0; i < values.Length; i++)
            {
                var tolerance = i < half ? 1e-14 : 1.2e-7 * Math.Abs(values[i]) + 1e-30;
                Assert.True(Math.Abs(values[i] - childValues[i]) <= tolerance,
                    $"{setting}=0, value {i}: child {childValues[i]:R}, this process {values[i]:R}");
            }
        }
        finally
        {
            File.Delete(probe);
        }
    }
}

using Stroma.Cytometry.Compensation;
using Stroma.Cytometry.Formats.Fcs;
using Stroma.Cytometry.Formats.GatingMl;
using Stroma.Cytometry.Gating;
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
}

using System.Text;
using Stroma.Cytometry.Compensation;
using Stroma.Cytometry.Formats.Fcs;
using Stroma.Cytometry.Formats.GatingMl;
using Stroma.Cytometry.Gating;
using Xunit;

namespace Stroma.Cytometry.Tests.Formats.Fcs;

/// <summary>
/// Column-selected reads (<see cref="FcsReadOptions.Parameters"/>) against full reads of the same file.
/// </summary>
public sealed class FcsColumnSelectionTests
{
    private static readonly string[] Names = ["FSC-A", "SSC-A", "B1-A", "B2-A", "Time"];

    public static TheoryData<string, int> Layouts => new()
    {
        { "F", 3_001 },
        { "F", 450_001 }, // above the parallel-decode threshold (8 MiB of DATA)
        { "F-big-endian", 3_001 },
        { "D", 3_001 },
        { "I8", 3_001 },
        { "I16", 3_001 },
        { "I16-big-endian", 3_001 },
        { "I32", 3_001 },
        { "I64", 3_001 },
        { "I-mixed-widths", 3_001 }, // 8/16/24/32/64-bit parameters: the general per-value decoder
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Selected_columns_equal_the_full_read_and_the_others_hold_no_values(string layout, int n)
    {
        var bytes = Build(layout, n);
        var full = FcsReader.Read(bytes, "full.fcs").First;
        // By $PnN, by $PnS and ignoring case, as FcsDataset.IndexOf resolves names.
        var part = FcsReader.Read(bytes, "part.fcs", new FcsReadOptions { Parameters = ["ssc-a", "CD4", "Time"] })
            .First;
        Assert.Equal(TypeOf(layout), part.DataType);
        var events = part.RequireEvents();
        Assert.Equal(full.EventCount, events.EventCount);
        Assert.Equal(full.Parameters.Select(p => p.Name), part.Parameters.Select(p => p.Name));
        Assert.Equal(full.RequireEvents().IsDoublePrecision, events.IsDoublePrecision);
        int[] selected = [1, 3, 4];
        for (var p = 0; p < Names.Length; p++)
        {
            Assert.Equal(selected.Contains(p), events.IsLoaded(p));
            if (!selected.Contains(p))
            {
                Assert.Throws<InvalidOperationException>(() => events.ToDoubleArray(p));
                continue;
            }
            Assert.Equal(Bits(full.RequireEvents(), p), Bits(events, p));
        }
        Assert.Equal(3, events.LoadedParameterCount);
        Assert.Equal(full.RequireEvents().DataBytes * 3 / 5, events.DataBytes);
    }

    [Fact]
    public void Scaled_selected_columns_equal_the_scaled_full_read()
    {
        var bytes = Build("I16", 2_000, log: true);
        var full = FcsReader.Read(bytes, "full.fcs", new FcsReadOptions { Scale = true }).First.RequireEvents();
        var part = FcsReader.Read(bytes, "part.fcs", new FcsReadOptions { Scale = true, Parameters = ["B2-A"] })
            .First.RequireEvents();
        Assert.Equal(full.ToDoubleArray(3), part.ToDoubleArray(3));
        Assert.NotEqual(FcsReader.Read(bytes, "raw.fcs").First.RequireEvents().ToDoubleArray(3), part.ToDoubleArray(3));
    }

    [Fact]
    public void A_selection_naming_an_unknown_parameter_is_refused_with_a_typed_error()
    {
        var bytes = Build("F", 100);
        var error = Assert.Throws<FcsParameterSelectionException>(() =>
            FcsReader.Read(bytes, "sample.fcs", new FcsReadOptions { Parameters = ["FSC-A", "PE-Cy7-A"] }));
        Assert.Equal("PE-Cy7-A", error.Parameter);
        Assert.Equal(Names, error.Available);
        Assert.Contains("'PE-Cy7-A'", error.Message, StringComparison.Ordinal);
        Assert.Contains("sample.fcs", error.Message, StringComparison.Ordinal);
        Assert.Contains("SSC-A", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<CytometryException>(error);
        // Metadata-only reads decode nothing, so there is nothing to select.
        Assert.Null(FcsReader.Read(bytes, "m.fcs", new FcsReadOptions { ReadEvents = false, Parameters = ["x"] })
            .First.Events);
    }

    [Fact]
    public void Gating_a_read_of_only_the_parameters_the_gates_use_gives_the_full_read_counts()
    {
        const int n = 60_001;
        var bytes = Build("F", n, spillover: true);
        var strategy = GatingMlReader.Parse("""
            <?xml version="1.0" encoding="UTF-8"?>
            <gating:Gating-ML xmlns:gating="http://www.isac-net.org/std/Gating-ML/v2.0/gating"
                              xmlns:data-type="http://www.isac-net.org/std/Gating-ML/v2.0/datatypes">
              <gating:RectangleGate gating:id="Cells">
                <gating:dimension gating:compensation-ref="uncompensated" gating:max="600">
                  <data-type:fcs-dimension data-type:name="FSC-A" />
                </gating:dimension>
              </gating:RectangleGate>
              <gating:RectangleGate gating:id="Pos" gating:parent_id="Cells">
                <gating:dimension gating:compensation-ref="FCS" gating:min="100" gating:max="500">
                  <data-type:fcs-dimension data-type:name="B1-A" />
                </gating:dimension>
              </gating:RectangleGate>
            </gating:Gating-ML>
            """, "t.xml");
        var metadata = FcsReader.Read(bytes, "m.fcs", new FcsReadOptions { ReadEvents = false }).First;
        // The compensated dimension needs every detector of the file's spillover matrix (B1-A, B2-A).
        Assert.Equal(["FSC-A", "B1-A", "B2-A"], strategy.ParametersUsed(metadata));

        var expected = strategy.Apply(FcsReader.Read(bytes, "full.fcs").First);
        IReadOnlyCollection<string>? asked = null;
        var part = FcsReader.Read(bytes, "part.fcs", new FcsReadOptions
        {
            SelectParameters = ds => asked = strategy.ParametersUsed(ds),
        }).First;
        Assert.Equal(3, part.RequireEvents().LoadedParameterCount);
        Assert.Equal(["FSC-A", "B1-A", "B2-A"], asked);
        var actual = strategy.Apply(part);
        Assert.Equal(expected.Populations.Select(p => (p.Id, p.Count)),
            actual.Populations.Select(p => (p.Id, p.Count)));
        Assert.Equal(expected["Pos"].Membership.ToArray(), actual["Pos"].Membership.ToArray());
        Assert.InRange(actual["Pos"].Count, 1, actual["Cells"].Count - 1);

        // A gate on a parameter the sample lacks: no selection (null), and Apply reports the missing dimension.
        var missing = GatingMlReader.Parse("""
            <?xml version="1.0" encoding="UTF-8"?>
            <gating:Gating-ML xmlns:gating="http://www.isac-net.org/std/Gating-ML/v2.0/gating"
                              xmlns:data-type="http://www.isac-net.org/std/Gating-ML/v2.0/datatypes">
              <gating:RectangleGate gating:id="G">
                <gating:dimension gating:compensation-ref="uncompensated" gating:max="600">
                  <data-type:fcs-dimension data-type:name="Nope" />
                </gating:dimension>
              </gating:RectangleGate>
            </gating:Gating-ML>
            """, "m.xml");
        Assert.Null(missing.ParametersUsed(metadata));
        Assert.Throws<GatingException>(() => missing.Apply(part));
    }

    private static FcsDataType TypeOf(string layout) =>
        layout[0] switch { 'F' => FcsDataType.Single, 'D' => FcsDataType.Double, _ => FcsDataType.Integer };

    private static long[] Bits(EventTable table, int p) =>
        table.IsDoublePrecision ? table.DoubleColumn(p).ToArray().Select(BitConverter.DoubleToInt64Bits).ToArray()
            : table.SingleColumn(p).ToArray().Select(v => (long)BitConverter.SingleToInt32Bits(v)).ToArray();

    /// <summary>A file of <see cref="Names"/> written by <see cref="FcsWriter"/> in the given layout.</summary>
    private static byte[] Build(string layout, int n, bool log = false, bool spillover = false)
    {
        var random = new Random(layout.GetHashCode(StringComparison.Ordinal) ^ n);
        var integer = layout[0] == 'I';
        int[] bits = layout switch
        {
            "I8" => [8, 8, 8, 8, 8],
            "I16" or "I16-big-endian" => [16, 16, 16, 16, 16],
            "I32" => [32, 32, 32, 32, 32],
            "I64" => [64, 64, 64, 64, 64],
            "I-mixed-widths" => [8, 16, 24, 32, 64],
            _ => [32, 32, 32, 32, 32],
        };
        var columns = new double[Names.Length][];
        for (var p = 0; p < Names.Length; p++)
        {
            columns[p] = new double[n];
            var top = Math.Min(1L << Math.Min(bits[p], 40), 1L << 24);
            for (var e = 0; e < n; e++)
                columns[p][e] = integer ? random.NextInt64(top) : (random.NextDouble() - 0.1) * 1e5;
        }
        var channels = Names.Select((name, p) => new FcsChannel(name, p == 3 ? "CD4" : null,
            Range: integer ? Math.Pow(2, Math.Min(bits[p], 24)) : 262144, Bits: bits[p],
            Amplification: log && p == 3 ? new FcsAmplification(4, 1) : null)).ToArray();
        var settings = new FcsWriteSettings
        {
            DataType = TypeOf(layout),
            Channels = channels,
            Spillover = spillover ? new SpilloverMatrix(["B1-A", "B2-A"], [1, 0.3, 0.2, 1], "test") : null,
        };
        var table = layout[0] == 'F'
            ? EventTable.FromColumns(Names, n, columns.Select(c => c.Select(v => (float)v).ToArray()).ToArray())
            : EventTable.FromColumns(Names, n, columns);
        var bytes = FcsWriter.WriteToArray(table, settings);
        if (layout.EndsWith("big-endian", StringComparison.Ordinal)) ToBigEndian(bytes, bits[0] / 8);
        return bytes;
    }

    /// <summary>Rewrites a little-endian file of uniform <paramref name="width"/>-byte values as big-endian.</summary>
    private static void ToBigEndian(byte[] bytes, int width)
    {
        var dataset = FcsReader.Read(bytes, "le.fcs", new FcsReadOptions { ReadEvents = false }).First;
        // The writer declares 1,2,3,4; 4,3,2,1 is big-endian for any value width, as instruments write it.
        const string little = "1,2,3,4", big = "4,3,2,1";
        var text = Encoding.ASCII.GetString(bytes, 0, (int)dataset.DataBegin);
        var at = text.IndexOf("$BYTEORD", StringComparison.Ordinal) + "$BYTEORD".Length + 1;
        Assert.Equal(little, text.Substring(at, little.Length));
        Encoding.ASCII.GetBytes(big).CopyTo(bytes, at);
        for (var i = dataset.DataBegin; i + width <= dataset.DataEnd + 1; i += width)
            Array.Reverse(bytes, (int)i, width);
        Assert.Equal(FcsByteOrder.BigEndian, FcsReader.Read(bytes, "be.fcs", new FcsReadOptions { ReadEvents = false })
            .First.ByteOrder);
    }
}

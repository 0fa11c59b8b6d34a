using System.Text.Json;
using Stroma.Cytometry;
using Stroma.Cytometry.Formats.Fcs;
using Stroma.Testing;
using Xunit;

namespace Stroma.Cli.Tests.Commands;

/// <summary>The <c>stroma gate</c> contract.</summary>
public sealed class GateCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private const string Strategy = """
        <?xml version="1.0" encoding="UTF-8"?>
        <gating:Gating-ML xmlns:gating="http://www.isac-net.org/std/Gating-ML/v2.0/gating"
                          xmlns:data-type="http://www.isac-net.org/std/Gating-ML/v2.0/datatypes">
          <gating:RectangleGate gating:id="Cells">
            <gating:dimension gating:compensation-ref="uncompensated" gating:min="10">
              <data-type:fcs-dimension data-type:name="FSC-A" />
            </gating:dimension>
          </gating:RectangleGate>
          <gating:QuadrantGate gating:id="Q" gating:parent_id="Cells">
            <gating:divider gating:id="D1" gating:compensation-ref="uncompensated">
              <data-type:fcs-dimension data-type:name="PE-A" />
              <gating:value>100</gating:value>
            </gating:divider>
            <gating:Quadrant gating:id="PEpos"><gating:position gating:divider_ref="D1" gating:location="200" /></gating:Quadrant>
            <gating:Quadrant gating:id="PEneg"><gating:position gating:divider_ref="D1" gating:location="0" /></gating:Quadrant>
          </gating:QuadrantGate>
        </gating:Gating-ML>
        """;

    private (string Fcs, string Xml) Files(string xml = Strategy)
    {
        var fcs = _dir.File("s.fcs");
        FcsWriter.Write(fcs, EventTable.FromColumns(["FSC-A", "PE-A"], 4, new float[][] { [5, 50, 60, 70], [500, 500, 50, 150] }));
        var path = _dir.File("g.xml");
        File.WriteAllText(path, xml);
        return (fcs, path);
    }

    [Fact]
    public void Json_reports_every_gate_and_one_entry_per_quadrant()
    {
        var (fcs, xml) = Files();
        var r = StromaProcess.Run("gate", fcs, "--gatingml", xml, "--json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.StdOut);
        Assert.Equal(fcs, doc.RootElement.GetProperty("file").GetString());
        var gates = doc.RootElement.GetProperty("gates").EnumerateArray().ToDictionary(g => g.GetProperty("id").GetString()!);
        Assert.Equal(["Cells", "PEpos", "PEneg"], gates.Keys);
        Assert.Equal(JsonValueKind.Null, gates["Cells"].GetProperty("parent").ValueKind);
        Assert.Equal(3, gates["Cells"].GetProperty("count").GetInt32());
        Assert.Equal(75.0, gates["Cells"].GetProperty("percentOfParent").GetDouble());
        Assert.Equal("Cells", gates["PEpos"].GetProperty("parent").GetString());
        Assert.Equal(2, gates["PEpos"].GetProperty("count").GetInt32());
        Assert.Equal(100.0 / 3, gates["PEneg"].GetProperty("percentOfParent").GetDouble(), 9);
    }

    [Fact]
    public void Membership_csv_has_a_column_per_population_and_a_row_per_event()
    {
        var (fcs, xml) = Files();
        var csv = _dir.File("m.csv");
        Assert.Equal(0, StromaProcess.Run("gate", fcs, "--gatingml", xml, "--membership", csv).ExitCode);
        Assert.Equal(["Cells,PEpos,PEneg", "0,0,0", "1,1,0", "1,0,1", "1,1,0"], File.ReadAllLines(csv));
    }

    [Fact]
    public void Errors_in_the_xml_are_reported_with_the_id_and_line_and_nothing_is_written()
    {
        var (fcs, xml) = Files(Strategy.Replace("gating:parent_id=\"Cells\"", "gating:parent_id=\"Nope\"", StringComparison.Ordinal));
        var csv = _dir.File("m.csv");
        var r = StromaProcess.Run("gate", fcs, "--gatingml", xml, "--membership", csv);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("g.xml line 9, 'Q': parent gate 'Nope' does not exist", r.StdErr.ReplaceLineEndings(" ").Replace("  ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.False(File.Exists(csv));
    }

    [Fact]
    public void The_compliance_suite_file_gates_through_the_command()
    {
        var data = Corpus.Require("corpus/gatingml", "data1.fcs");
        var xml = Corpus.Require("corpus/gatingml", "gml", "gml_quadrant1_gate.xml");
        var r = StromaProcess.Run("gate", data, "--gatingml", xml, "--json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.StdOut);
        var truth = File.ReadLines(Corpus.Require("corpus/gatingml", "truth", "Results_FL2N-FL4N.txt")).Count(l => l.Trim() == "1");
        var ours = doc.RootElement.GetProperty("gates").EnumerateArray().Single(g => g.GetProperty("id").GetString() == "FL2N-FL4N").GetProperty("count").GetInt32();
        Assert.Equal(truth, ours);
    }
}

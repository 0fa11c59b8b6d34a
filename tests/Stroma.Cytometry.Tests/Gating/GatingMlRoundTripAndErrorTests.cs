using Stroma.Cytometry.Formats.Fcs;
using Stroma.Cytometry.Formats.GatingMl;
using Stroma.Cytometry.Gating;
using Stroma.Testing;
using Xunit;

namespace Stroma.Cytometry.Tests.Gating;

/// <summary>GatingML export → import round trips, and clear errors for broken documents.</summary>
public sealed class GatingMlRoundTripAndErrorTests
{
    public static TheoryData<string> SuiteFiles => Corpus.FileNames("corpus/gatingml/gml", ".xml");

    [Theory]
    [MemberData(nameof(SuiteFiles))]
    public void Export_then_import_gives_identical_results_for_every_suite_file(string file)
    {
        var path = Corpus.RequireFile("corpus/gatingml/gml", file);
        var data = FcsReader.ReadDataset(Corpus.Require("corpus/gatingml", "data1.fcs"));
        var original = GatingMlReader.Read(path);
        var xml = GatingMlWriter.Write(original);
        var again = GatingMlReader.Parse(xml, "exported.xml");
        Assert.Equal(original.Populations, again.Populations);
        Assert.Equal(xml, GatingMlWriter.Write(again));
        var a = original.Apply(data);
        var b = again.Apply(data);
        foreach (var p in a.Populations) Assert.True(p.Membership.SequenceEqual(b[p.Id].Membership), $"{file}: {p.Id} differs after round trip");
    }

    private const string Head = """
        <?xml version="1.0" encoding="UTF-8"?>
        <gating:Gating-ML xmlns:gating="http://www.isac-net.org/std/Gating-ML/v2.0/gating"
                          xmlns:transforms="http://www.isac-net.org/std/Gating-ML/v2.0/transformations"
                          xmlns:data-type="http://www.isac-net.org/std/Gating-ML/v2.0/datatypes">
        """;

    private static string Range(string id, string parameter = "FSC-H", string extra = "") => $"""
          <gating:RectangleGate gating:id="{id}" {extra}>
            <gating:dimension gating:compensation-ref="uncompensated" gating:min="1" gating:max="10">
              <data-type:fcs-dimension data-type:name="{parameter}" />
            </gating:dimension>
          </gating:RectangleGate>
        """;

    private static GatingException Fails(string body) =>
        Assert.Throws<GatingException>(() => GatingMlReader.Parse(Head + "\n" + body + "\n</gating:Gating-ML>", "bad.xml"));

    [Fact]
    public void Unknown_gate_reference_names_the_gate_and_line()
    {
        var ex = Fails(Range("A") + "\n" + """
              <gating:BooleanGate gating:id="B">
                <gating:and><gating:gateReference gating:ref="A" /><gating:gateReference gating:ref="Nope" /></gating:and>
              </gating:BooleanGate>
            """);
        Assert.Equal("B", ex.ElementId);
        Assert.Equal(10, ex.Location.Line);
        Assert.Contains("'Nope'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("bad.xml line 10", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parent_cycles_are_refused_with_the_cycle_spelled_out()
    {
        var ex = Fails(Range("A", extra: "gating:parent_id=\"B\"") + Range("B", extra: "gating:parent_id=\"A\""));
        Assert.Contains("cycle: A → B → A", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_parent_transformation_and_matrix_references_are_refused()
    {
        Assert.Contains("parent gate 'Z'", Fails(Range("A", extra: "gating:parent_id=\"Z\"")).Message, StringComparison.Ordinal);
        var noTransform = Fails("""
              <gating:RectangleGate gating:id="T">
                <gating:dimension gating:compensation-ref="uncompensated" gating:transformation-ref="Missing" gating:min="0">
                  <data-type:fcs-dimension data-type:name="FSC-H" />
                </gating:dimension>
              </gating:RectangleGate>
            """);
        Assert.Contains("transformation-ref 'Missing'", noTransform.Message, StringComparison.Ordinal);
        var noMatrix = Fails("""
              <gating:RectangleGate gating:id="M">
                <gating:dimension gating:compensation-ref="Spill9" gating:min="0">
                  <data-type:fcs-dimension data-type:name="FSC-H" />
                </gating:dimension>
              </gating:RectangleGate>
            """);
        Assert.Contains("compensation-ref 'Spill9'", noMatrix.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_numbers_duplicate_ids_and_malformed_xml_are_located()
    {
        var bad = Fails("""
              <gating:RectangleGate gating:id="N">
                <gating:dimension gating:compensation-ref="uncompensated" gating:min="ten">
                  <data-type:fcs-dimension data-type:name="FSC-H" />
                </gating:dimension>
              </gating:RectangleGate>
            """);
        Assert.Contains("min 'ten' is not a number", bad.Message, StringComparison.Ordinal);
        Assert.Equal(6, bad.Location.Line);
        Assert.Contains("used twice", Fails(Range("A") + Range("A")).Message, StringComparison.Ordinal);
        var xml = Assert.Throws<GatingException>(() => GatingMlReader.Parse(Head + "<gating:RectangleGate>", "broken.xml"));
        Assert.Contains("not well-formed", xml.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dimension_missing_from_the_sample_fails_before_any_result()
    {
        var strategy = GatingMlReader.Parse(Head + Range("Ok") + Range("Lost", "CD999-A") + "</gating:Gating-ML>", "s.xml");
        var sample = FcsReader.Read(FcsWriter.WriteToArray(EventTable.FromColumns(["FSC-H"], 3, new float[][] { [1, 5, 20] })), "t.fcs").First;
        var ex = Assert.Throws<GatingException>(() => strategy.Apply(sample));
        Assert.Equal("Lost", ex.ElementId);
        Assert.Contains("'CD999-A' is not a parameter of the sample", ex.Message, StringComparison.Ordinal);
    }
}

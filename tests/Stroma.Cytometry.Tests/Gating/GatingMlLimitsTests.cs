using System.Diagnostics;
using System.Text;
using Stroma.Cytometry.Formats.Fcs;
using Stroma.Cytometry.Formats.GatingMl;
using Stroma.Cytometry.Gating;
using Stroma.Cytometry.Tests.Support;
using Xunit;

namespace Stroma.Cytometry.Tests.Gating;

/// <summary>Hostile GatingML: bounded size, depth, gate count and parent chains; DTDs off; a seeded fuzz test.</summary>
public sealed class GatingMlLimitsTests
{
    private const string Head = """
        <?xml version="1.0" encoding="UTF-8"?>
        <gating:Gating-ML xmlns:gating="http://www.isac-net.org/std/Gating-ML/v2.0/gating"
                          xmlns:transforms="http://www.isac-net.org/std/Gating-ML/v2.0/transformations"
                          xmlns:data-type="http://www.isac-net.org/std/Gating-ML/v2.0/datatypes">
        """;

    private static string Chain(int gates)
    {
        var text = new StringBuilder(Head);
        for (var i = 0; i < gates; i++)
        {
            var parent = i == 0 ? "" : $" gating:parent_id=\"g{i - 1}\"";
            text.Append($"""
                <gating:RectangleGate gating:id="g{i}"{parent}><gating:dimension gating:compensation-ref="uncompensated" gating:min="1"><data-type:fcs-dimension data-type:name="FSC-H" /></gating:dimension></gating:RectangleGate>

                """);
        }
        return text.Append("</gating:Gating-ML>").ToString();
    }

    [Fact]
    public void A_46_MB_document_of_200000_nested_gates_is_refused_before_it_costs_memory()
    {
        var xml = Chain(200_000);
        Assert.True(xml.Length > 40_000_000);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<GatingException>(() => GatingMlReader.Parse(xml, "big.xml"));
        Assert.Contains("at most", error.Message, StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "the refusal allocated out of proportion");
    }

    [Fact]
    public void A_parent_chain_longer_than_the_limit_is_refused_without_recursion()
    {
        var error = Assert.Throws<GatingException>(() => GatingMlReader.Parse(Chain(GatingStrategyBuilder.MaxDependencyDepth + 1)));
        Assert.Contains("longer than", error.Message, StringComparison.Ordinal);
        Assert.Single(GatingMlReader.Parse(Chain(GatingStrategyBuilder.MaxDependencyDepth)).Gates, g => g.ParentId is null);
    }

    [Fact]
    public void A_parent_chain_built_in_code_is_refused_by_the_builder_too()
    {
        var builder = new GatingStrategyBuilder();
        var dimension = new GateDimension(new FcsDimension("FSC-H"), CompensationRef.Uncompensated, Min: 1);
        for (var i = 0; i < 100_000; i++) builder.Add(new RectangleGate($"g{i}", i == 0 ? null : $"g{i - 1}", [dimension]));
        Assert.Contains("longer than", Assert.Throws<GatingException>(builder.Build).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void More_gates_than_the_limit_are_refused()
    {
        var text = new StringBuilder(Head);
        for (var i = 0; i <= GatingMlReader.Limits.MaxGates; i++)
            text.Append($"""<gating:RectangleGate gating:id="g{i}"><gating:dimension gating:min="1"><data-type:fcs-dimension data-type:name="A" /></gating:dimension></gating:RectangleGate>""");
        var error = Assert.Throws<GatingException>(() => GatingMlReader.Parse(text.Append("</gating:Gating-ML>").ToString()));
        Assert.Contains("more than 10,000 gates", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Elements_nested_past_the_depth_limit_are_refused()
    {
        var depth = GatingMlReader.Limits.MaxDepth + 1;
        var xml = Head + string.Concat(Enumerable.Repeat("<x>", depth)) + string.Concat(Enumerable.Repeat("</x>", depth)) + "</gating:Gating-ML>";
        Assert.Contains("deeper than", Assert.Throws<GatingException>(() => GatingMlReader.Parse(xml)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Document_type_declarations_and_external_entities_are_refused()
    {
        var xml = "<?xml version=\"1.0\"?><!DOCTYPE g [<!ENTITY e SYSTEM \"file:///etc/hostname\"><!ENTITY a \"aaaaaaaaaa\">]>"
            + Head[Head.IndexOf("<gating:Gating-ML", StringComparison.Ordinal)..] + "&e;&a;</gating:Gating-ML>";
        var error = Assert.Throws<GatingException>(() => GatingMlReader.Parse(xml, "dtd.xml"));
        Assert.Contains("DTD", error.Message, StringComparison.Ordinal);
    }

    private static readonly string Valid = Head + """
          <transforms:transformation transforms:id="L"><transforms:logicle transforms:T="1000" transforms:W="0.5" transforms:M="3" transforms:A="0" /></transforms:transformation>
          <transforms:spectrumMatrix transforms:id="M">
            <transforms:fluorochromes><data-type:fcs-dimension data-type:name="A" /><data-type:fcs-dimension data-type:name="B" /></transforms:fluorochromes>
            <transforms:detectors><data-type:fcs-dimension data-type:name="A" /><data-type:fcs-dimension data-type:name="B" /></transforms:detectors>
            <transforms:spectrum><transforms:coefficient transforms:value="1" /><transforms:coefficient transforms:value="0.1" /></transforms:spectrum>
            <transforms:spectrum><transforms:coefficient transforms:value="0" /><transforms:coefficient transforms:value="1" /></transforms:spectrum>
          </transforms:spectrumMatrix>
          <gating:RectangleGate gating:id="R"><gating:dimension gating:compensation-ref="M" gating:min="1" gating:max="80"><data-type:fcs-dimension data-type:name="A" /></gating:dimension></gating:RectangleGate>
          <gating:PolygonGate gating:id="P" gating:parent_id="R">
            <gating:dimension gating:transformation-ref="L"><data-type:fcs-dimension data-type:name="A" /></gating:dimension>
            <gating:dimension><data-type:fcs-dimension data-type:name="B" /></gating:dimension>
            <gating:vertex><gating:coordinate data-type:value="0" /><gating:coordinate data-type:value="0" /></gating:vertex>
            <gating:vertex><gating:coordinate data-type:value="1" /><gating:coordinate data-type:value="0" /></gating:vertex>
            <gating:vertex><gating:coordinate data-type:value="1" /><gating:coordinate data-type:value="90" /></gating:vertex>
          </gating:PolygonGate>
          <gating:EllipsoidGate gating:id="E">
            <gating:dimension><data-type:fcs-dimension data-type:name="A" /></gating:dimension>
            <gating:dimension><data-type:fcs-dimension data-type:name="B" /></gating:dimension>
            <gating:mean><gating:coordinate data-type:value="50" /><gating:coordinate data-type:value="50" /></gating:mean>
            <gating:covarianceMatrix><gating:row><gating:entry data-type:value="100" /><gating:entry data-type:value="0" /></gating:row>
              <gating:row><gating:entry data-type:value="0" /><gating:entry data-type:value="100" /></gating:row></gating:covarianceMatrix>
            <gating:distanceSquare data-type:value="1" />
          </gating:EllipsoidGate>
          <gating:QuadrantGate gating:id="Q">
            <gating:divider gating:id="D"><data-type:fcs-dimension data-type:name="B" /><gating:value>40</gating:value></gating:divider>
            <gating:Quadrant gating:id="Qhi"><gating:position gating:divider_ref="D" gating:location="90" /></gating:Quadrant>
            <gating:Quadrant gating:id="Qlo"><gating:position gating:divider_ref="D" gating:location="0" /></gating:Quadrant>
          </gating:QuadrantGate>
          <gating:BooleanGate gating:id="B"><gating:and><gating:gateReference gating:ref="P" /><gating:gateReference gating:ref="Qhi" gating:use-as-complement="true" /></gating:and></gating:BooleanGate>
        </gating:Gating-ML>
        """;

    [Fact]
    public void Mutated_documents_raise_only_GatingException_within_bounded_time()
    {
        var data = FcsReader.Read(FcsWriter.WriteToArray(EventTable.FromColumns(["A", "B"], 4,
            new float[][] { [5, 50, 95, -3], [-5, 40, 99, 7] }))).First;
        Assert.Equal(6, GatingMlReader.Parse(Valid).Apply(data).Populations.Count);
        var parsed = 0;
        foreach (var (index, text) in XmlMutator.Mutants(Valid, seed: 11, count: 2000))
        {
            var clock = Stopwatch.StartNew();
            try
            {
                GatingMlReader.Parse(text, "fuzz.xml").Apply(data);
                parsed++;
            }
            catch (GatingException)
            {
            }
            catch (Exception ex)
            {
                Assert.Fail($"mutant {index}: {ex.GetType().Name}: {ex.Message}\n{text}");
            }
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"mutant {index} took {clock.Elapsed}");
        }
        Assert.InRange(parsed, 1, 1999);
    }
}

using System.Diagnostics;
using System.Text;
using Stroma.Cytometry.Formats.FlowJo;
using Stroma.Cytometry.Formats.Fcs;
using Stroma.Cytometry.Gating;
using Stroma.Cytometry.Tests.Support;
using Xunit;
using static Stroma.Cytometry.Tests.Formats.FlowJo.WspText;

namespace Stroma.Cytometry.Tests.Formats.FlowJo;

/// <summary>Broken and hostile workspaces: typed errors naming element and line, and a seeded fuzz test.</summary>
public sealed class FlowJoErrorAndFuzzTests
{
    private static readonly string Valid = Workspace(Sample("t.fcs",
        Population("Cells", Rectangle("FSC-A", 10, null), string.Concat(
            Population("Tri", Polygon("FSC-A", "FL1-A", (1, 1), (90, 1), (90, 90))),
            Population("Ell", Ellipse("FSC-A", "FL1-A", [(100, 128), (150, 128)], [(170, 128), (80, 128), (125, 150), (125, 106)])),
            Boolean("AndNode", "both", ["Cells/Tri", "Cells/Ell"]))),
        Linear("FSC-A", 0, 100) + Transform("logicle", "FL1-A", """transforms:T="100" transforms:W="0.5" transforms:M="3" transforms:A="0" """),
        Matrix("Acquisition-defined", ["FSC-A", "FL1-A"], [[1, 0], [0.1, 1]])));

    private static FlowJoWorkspaceException Fails(string xml) => Assert.Throws<FlowJoWorkspaceException>(() => FlowJoReader.Parse(xml, "lab.wsp"));

    private static int LineOf(string xml, string needle) => xml[..xml.IndexOf(needle, StringComparison.Ordinal)].Count(c => c == '\n') + 1;

    [Fact]
    public void The_valid_base_document_reads()
    {
        var sample = FlowJoReader.Parse(Valid).Samples.Single();
        Assert.Equal(["/Cells", "/Cells/Tri", "/Cells/Ell", "/Cells/both"], sample.Populations.Select(p => p.Path));
    }

    [Fact]
    public void A_coordinate_that_is_not_a_number_is_reported_with_its_element_and_line()
    {
        var xml = Valid.Replace("data-type:value=\"90\"", "data-type:value=\"ninety\"", StringComparison.Ordinal);
        var error = Fails(xml);
        Assert.Equal("gating:coordinate", error.Element);
        Assert.Equal(LineOf(xml, "ninety"), error.Line);
        Assert.Contains("'ninety'", error.Message, StringComparison.Ordinal);
        Assert.Contains("lab.wsp line", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_transform_is_refused_naming_the_kinds_expected()
    {
        var error = Fails(Valid.Replace("transforms:logicle", "transforms:miltenyi", StringComparison.Ordinal));
        Assert.Equal("transforms:miltenyi", error.Element);
        Assert.Contains("expected linear, log, biex, fasinh, logicle or hyperlog", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_boolean_gate_naming_no_population_is_refused()
    {
        var error = Fails(Valid.Replace("Cells/Ell", "Cells/Nothing", StringComparison.Ordinal));
        Assert.Contains("'Cells/Nothing'", error.Message, StringComparison.Ordinal);
        Assert.True(error.Line > 0);
    }

    [Fact]
    public void Invalid_transform_parameters_are_refused_with_the_transform_named()
    {
        var error = Fails(Valid.Replace("transforms:W=\"0.5\"", "transforms:W=\"-3\"", StringComparison.Ordinal));
        Assert.Contains("logicle transform of 'FL1-A'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_type_declaration_is_refused_so_entities_never_expand()
    {
        var xml = Valid.Replace("<Workspace ", "<!DOCTYPE Workspace [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<Workspace ", StringComparison.Ordinal);
        Assert.Contains("DTD", Fails(xml).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Elements_nested_past_the_depth_limit_are_refused_before_the_tree_is_built()
    {
        var depth = FlowJoReader.Limits.MaxDepth + 10;
        var xml = "<Workspace>" + string.Concat(Enumerable.Repeat("<a>", depth)) + string.Concat(Enumerable.Repeat("</a>", depth)) + "</Workspace>";
        Assert.Contains("deeper than", Fails(xml).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Populations_nested_past_the_population_limit_are_refused()
    {
        var body = "";
        for (var i = 0; i < FlowJoReader.Limits.MaxPopulationDepth + 5; i++) body = Population($"p{i}", Rectangle("FSC-A", 1, null), body);
        Assert.Contains("populations nest deeper", Fails(Workspace(Sample("t.fcs", body))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_FlowJo_9_workspace_with_GatingML_1_5_gates_is_refused_with_what_to_do()
    {
        var xml = Valid.Replace("Gating-ML/v2.0/gating", "Gating-ML/v1.5/gating", StringComparison.Ordinal);
        Assert.Contains("FlowJo 10", Fails(xml).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mutated_workspaces_raise_only_the_documented_exception_within_bounded_time()
    {
        // Reproducible: the seed is fixed and the mutant index is in every failure message.
        var data = FcsReader.Read(FcsWriter.WriteToArray(EventTable.FromColumns(["FSC-A", "FL1-A"], 3,
            new float[][] { [5, 50, 95], [-5, 40, 99] }))).First;
        var parsed = 0;
        foreach (var (index, text) in XmlMutator.Mutants(Valid, seed: 15, count: 1500))
        {
            var clock = Stopwatch.StartNew();
            try
            {
                var ws = FlowJoReader.Parse(text, "fuzz.wsp");
                foreach (var sample in ws.Samples) sample.Strategy.Apply(data);
                parsed++;
            }
            catch (FlowJoWorkspaceException)
            {
            }
            catch (GatingException)
            {
                // documented: applying a strategy to data that lacks a parameter
            }
            catch (Exception ex)
            {
                Assert.Fail($"mutant {index}: {ex.GetType().Name}: {ex.Message}\n{text}");
            }
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"mutant {index} took {clock.Elapsed}");
        }
        Assert.InRange(parsed, 1, 1499);
    }

    [Fact]
    public void Info_of_a_large_valid_workspace_allocates_in_proportion_to_its_text()
    {
        var body = new StringBuilder();
        for (var i = 0; i < 2000; i++) body.Append(Population($"p{i}", Rectangle("FSC-A", i, null)));
        var xml = Workspace(Sample("t.fcs", body.ToString()));
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(2000, FlowJoReader.Parse(xml).Samples[0].Populations.Count);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 200L * xml.Length, "allocation out of proportion to the document");
    }
}

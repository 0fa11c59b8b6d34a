using System.Text.Json;
using Stroma.Cytometry;
using Stroma.Cytometry.Formats.Fcs;
using Stroma.Testing;
using Xunit;
using static Stroma.Cytometry.Tests.Formats.FlowJo.WspText;

namespace Stroma.Cli.Tests.Commands;

/// <summary>The <c>stroma wsp info|gate|export</c> contract.</summary>
public sealed class WspCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly string Body = Population("Cells", Rectangle("FSC-A", 10, null),
        Population("CD73+/CD90+", Polygon("FSC-A", "PE-A", (20, 100), (90, 100), (90, 900), (20, 900)), count: 2), count: 3);

    private string Files(bool withMissing = false)
    {
        FcsWriter.Write(_dir.File("tube.fcs"), EventTable.FromColumns(["FSC-A", "PE-A"], 4, new float[][] { [5, 50, 60, 70], [500, 500, 50, 150] }));
        var samples = withMissing ? new[] { Sample("tube.fcs", Body, Linear("FSC-A"), count: 4), Sample("lost.fcs", Body) } : [Sample("tube.fcs", Body, Linear("FSC-A"), count: 4)];
        var wsp = _dir.File("lab.wsp");
        File.WriteAllText(wsp, Workspace(samples));
        return wsp;
    }

    [Fact]
    public void Gate_json_pairs_each_population_path_with_FlowJos_count_and_lists_missing_samples()
    {
        var wsp = Files(withMissing: true);
        var r = StromaProcess.Run("wsp", "gate", wsp, "--json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.StdOut);
        Assert.Equal(wsp, doc.RootElement.GetProperty("workspace").GetString());
        var sample = Assert.Single(doc.RootElement.GetProperty("samples").EnumerateArray());
        Assert.Equal("tube.fcs", sample.GetProperty("sample").GetString());
        Assert.Equal(_dir.File("tube.fcs"), sample.GetProperty("file").GetString());
        Assert.Equal(4, sample.GetProperty("events").GetInt32());
        var populations = sample.GetProperty("populations").EnumerateArray().ToArray();
        Assert.Equal(["/Cells", "/Cells/CD73+\\/CD90+"], populations.Select(p => p.GetProperty("path").GetString()));
        Assert.Equal(["RectangleGate", "PolygonGate"], populations.Select(p => p.GetProperty("gate").GetString()));
        Assert.Equal([3, 2], populations.Select(p => p.GetProperty("count").GetInt32()));
        Assert.Equal([3, 2], populations.Select(p => p.GetProperty("flowjoCount").GetInt32()));
        Assert.Equal(75.0, populations[0].GetProperty("percentOfParent").GetDouble());
        var missing = Assert.Single(doc.RootElement.GetProperty("missing").EnumerateArray());
        Assert.Equal("lost.fcs", missing.GetProperty("sample").GetString());
        Assert.Equal("lost.fcs", missing.GetProperty("file").GetString());
    }

    [Fact]
    public void Info_json_lists_groups_samples_files_compensation_transforms_and_the_population_tree()
    {
        var r = StromaProcess.Run("wsp", "info", Files(), "--json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.StdOut);
        var group = Assert.Single(doc.RootElement.GetProperty("groups").EnumerateArray());
        Assert.Equal(["tube.fcs"], group.GetProperty("samples").EnumerateArray().Select(s => s.GetString()));
        var sample = Assert.Single(doc.RootElement.GetProperty("samples").EnumerateArray());
        Assert.Equal("tube.fcs", sample.GetProperty("file").GetString());
        Assert.Equal("none", sample.GetProperty("compensation").GetProperty("kind").GetString());
        Assert.Equal("linear", Assert.Single(sample.GetProperty("transforms").EnumerateArray()).GetProperty("kind").GetString());
        var poly = sample.GetProperty("populations")[1];
        Assert.Equal("PolygonGate", poly.GetProperty("gate").GetString());
        Assert.Equal(["FSC-A", "PE-A"], poly.GetProperty("dimensions").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal("/Cells", poly.GetProperty("parent").GetString());
    }

    [Fact]
    public void Export_writes_GatingML_that_stroma_gate_reproduces()
    {
        var wsp = Files();
        var xml = _dir.File("gates.xml");
        Assert.Equal(0, StromaProcess.Run("wsp", "export", wsp, "--sample", "tube.fcs", "--out", xml).ExitCode);
        var r = StromaProcess.Run("gate", _dir.File("tube.fcs"), "--gatingml", xml, "--json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.StdOut);
        Assert.Equal([3, 2], doc.RootElement.GetProperty("gates").EnumerateArray().Select(g => g.GetProperty("count").GetInt32()));
    }

    [Fact]
    public void A_broken_workspace_is_reported_with_file_and_line_and_no_stack_trace()
    {
        var wsp = Files();
        File.WriteAllText(wsp, File.ReadAllText(wsp).Replace("data-type:value=\"90\"", "data-type:value=\"x\"", StringComparison.Ordinal));
        var r = StromaProcess.Run("wsp", "gate", wsp);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("lab.wsp line", r.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", r.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_sample_name_is_refused_with_the_names_there_are()
    {
        var r = StromaProcess.Run("wsp", "gate", Files(), "--sample", "nope");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("'tube.fcs'", r.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shared_workspace_gates_with_its_fcs_folder_given()
    {
        var wsp = Corpus.Require("corpus/wsp", "FlowKit_simple_diamond", "simple_diamond_example_quad_gate.wsp");
        var r = StromaProcess.Run("wsp", "gate", wsp, "--fcs", Path.GetDirectoryName(wsp)!, "--json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.StdOut);
        foreach (var p in doc.RootElement.GetProperty("samples")[0].GetProperty("populations").EnumerateArray())
            Assert.Equal(p.GetProperty("flowjoCount").GetInt32(), p.GetProperty("count").GetInt32());
    }
}

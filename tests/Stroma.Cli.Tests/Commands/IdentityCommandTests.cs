using System.Text.Json;
using Stroma.Cytometry.Tests.Formats.FlowJo;
using Stroma.Testing;
using Xunit;

namespace Stroma.Cli.Tests.Commands;

/// <summary>The <c>stroma identity</c> and <c>stroma synth msc-panel</c> contracts.</summary>
public sealed class IdentityCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Synth(string scenario, string folder)
    {
        var r = StromaProcess.Run("synth", "msc-panel", "--out", Path.Combine(_dir.Path, folder), "--scenario", scenario, "--events", "6000", "--seed", "4");
        Assert.Equal(0, r.ExitCode);
        return Path.Combine(_dir.Path, folder);
    }

    [Fact]
    public void Json_output_has_the_contract_shape_and_a_verdict()
    {
        var folder = Synth("low-cd105", "low");
        var r = StromaProcess.Run("identity", "--stained", Path.Combine(folder, "stained.fcs"), "--control", Path.Combine(folder, "isotype.fcs"), "--json");
        Assert.Equal(3, r.ExitCode); // a failing verdict
        Assert.Equal("net", Root(r.StdOut).GetProperty("positivity").GetString());
        using var doc = JsonDocument.Parse(r.StdOut);
        var root = doc.RootElement;
        Assert.Equal("isct-2006", root.GetProperty("panel").GetString());
        Assert.Equal("fail", root.GetProperty("verdict").GetString());
        Assert.Contains("CD105", root.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var events = root.GetProperty("events");
        Assert.True(events.GetProperty("total").GetInt32() >= events.GetProperty("cells").GetInt32());
        Assert.True(events.GetProperty("cells").GetInt32() >= events.GetProperty("singlets").GetInt32());
        var cd105 = root.GetProperty("markers").EnumerateArray().Single(m => m.GetProperty("marker").GetString() == "CD105");
        Assert.Equal("PerCP-Cy5-5-A", cd105.GetProperty("channel").GetString());
        Assert.Equal("positive", cd105.GetProperty("direction").GetString());
        Assert.InRange(cd105.GetProperty("percentPositive").GetDouble(), 80, 90);
        Assert.Equal(2, cd105.GetProperty("ci95").GetArrayLength());
        Assert.True(cd105.GetProperty("threshold").GetDouble() > 0);
        Assert.Equal(95, cd105.GetProperty("limit").GetDouble());
        Assert.False(cd105.GetProperty("pass").GetBoolean());
        Assert.False(cd105.GetProperty("borderline").GetBoolean());
        // Gross, control and net with their intervals; the judged percentPositive is the net one.
        var gross = cd105.GetProperty("grossPercent").GetDouble();
        var background = cd105.GetProperty("controlPercent").GetDouble();
        var net = cd105.GetProperty("netPercent").GetDouble();
        Assert.Equal(net, cd105.GetProperty("percentPositive").GetDouble());
        Assert.InRange(background, 0.1, 1.5);
        Assert.True(net < gross && net > gross - background - 0.1, $"gross {gross}, control {background}, net {net}");
        Assert.Equal("isotype", cd105.GetProperty("controlKind").GetString());
        foreach (var key in new[] { "grossCi95", "controlCi95", "netCi95" })
            Assert.Equal(2, cd105.GetProperty(key).GetArrayLength());
        var parameters = root.GetProperty("parameters");
        Assert.Contains("Newcombe", parameters.GetProperty("confidenceInterval").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("net", parameters.GetProperty("positivity").GetString(), StringComparison.Ordinal);
    }

    private static JsonElement Root(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }

    [Fact]
    public void Exit_codes_tell_pass_fail_inconclusive_and_bad_input_apart()
    {
        var folder = Synth("bm-msc-pass", "codes");
        var (stainedTube, isotype) = (Path.Combine(folder, "stained.fcs"), Path.Combine(folder, "isotype.fcs"));
        string[] tubes = ["--stained", stainedTube, "--control", isotype];
        Assert.Equal(0, StromaProcess.Run(["identity", .. tubes]).ExitCode);
        var gross = StromaProcess.Run(["identity", .. tubes, "--positivity", "gross", "--json"]);
        Assert.Equal("gross", Root(gross.StdOut).GetProperty("positivity").GetString());
        var inconclusive = StromaProcess.Run("identity", "--stained", stainedTube);
        Assert.Equal(4, inconclusive.ExitCode);
        Assert.Contains("no control tube", inconclusive.StdOut, StringComparison.Ordinal);
        Assert.Equal(1, StromaProcess.Run(["identity", .. tubes, "--positivity", "both"]).ExitCode);
        var missing = Path.Combine(folder, "missing.fcs");
        Assert.Equal(1, StromaProcess.Run("identity", "--stained", missing, "--control", isotype).ExitCode);
    }

    [Fact]
    public void Marker_override_and_report_options_work_and_bad_overrides_are_explained()
    {
        var folder = Synth("bm-msc-pass", "pass");
        var report = Path.Combine(_dir.Path, "r.html");
        var ok = StromaProcess.Run("identity", "--stained", Path.Combine(folder, "stained.fcs"), "--control", Path.Combine(folder, "isotype.fcs"),
            "--marker", "CD73=APC-A", "--report", report);
        Assert.Equal(0, ok.ExitCode);
        Assert.Contains("pass", ok.StdOut, StringComparison.Ordinal);
        Assert.True(new FileInfo(report).Length > 50_000);
        var bad = StromaProcess.Run("identity", "--stained", Path.Combine(folder, "stained.fcs"), "--control", Path.Combine(folder, "isotype.fcs"), "--marker", "CD73");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("MARKER=CHANNEL", bad.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void Batch_runs_every_manifest_row_and_writes_a_summary()
    {
        var a = Synth("bm-msc-pass", "a");
        var b = Synth("hla-dr-contamination", "b");
        var manifest = Path.Combine(_dir.Path, "manifest.csv");
        File.WriteAllLines(manifest,
        [
            "sample,stained,control",
            "lot-A,a/stained.fcs,a/isotype.fcs",
            "lot-B,b/stained.fcs,b/isotype.fcs",
            "lot-C,missing.fcs,a/isotype.fcs",
        ]);
        var output = Path.Combine(_dir.Path, "out");
        var r = StromaProcess.Run("identity", "--batch", manifest, "--out", output);
        Assert.Equal(1, r.ExitCode); // lot-C cannot be read
        var summary = File.ReadAllLines(Path.Combine(output, "summary.csv"));
        Assert.StartsWith("sample,panel,verdict,reason,markers", summary[0], StringComparison.Ordinal);
        Assert.StartsWith("lot-A,isct-2006,pass,", summary[1], StringComparison.Ordinal);
        Assert.StartsWith("lot-B,isct-2006,fail,", summary[2], StringComparison.Ordinal);
        Assert.StartsWith("lot-C,,error,", summary[3], StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "lot-A.html")));
        Assert.True(File.Exists(Path.Combine(output, "lot-B.json")));
    }

    [Fact]
    public void Synth_writes_fmo_controls_and_integer_tubes_that_identity_reads_against_them()
    {
        var folder = Path.Combine(_dir.Path, "fmo");
        var synth = StromaProcess.Run("synth", "msc-panel", "--out", folder, "--events", "6000", "--fmo", "--integer");
        Assert.Equal(0, synth.ExitCode);
        var controls = Directory.GetFiles(folder, "fmo-*.fcs").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(4, controls.Length);
        string[] args =
            ["identity", "--stained", Path.Combine(folder, "stained.fcs"), "--json", .. controls.SelectMany(c => new[] { "--control", c })];
        var r = StromaProcess.Run(args);
        Assert.Equal(0, r.ExitCode);
        Assert.All(Root(r.StdOut).GetProperty("markers").EnumerateArray(),
            m => Assert.Equal("fmo", m.GetProperty("controlKind").GetString()));
    }

    [Fact]
    public void Synth_writes_tubes_and_a_manifest_with_truth()
    {
        var folder = Synth("adipose", "adipose");
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "manifest.json")));
        Assert.Equal("ifats-isct-2013", doc.RootElement.GetProperty("panel").GetString());
        Assert.Equal(2, doc.RootElement.GetProperty("stained").GetArrayLength());
        Assert.InRange(doc.RootElement.GetProperty("truePercentPositive").GetProperty("CD34").GetDouble(), 15, 25);
        var unknown = StromaProcess.Run("synth", "msc-panel", "--out", _dir.File("x"), "--scenario", "nope");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("known: bm-msc-pass", unknown.StdErr, StringComparison.Ordinal);
    }

    /// <summary>A workspace whose samples gate <c>Cells</c> on scatter and <c>Singlets</c> on FSC-A/FSC-H.</summary>
    private static string Workspace(params string[] files)
    {
        // Singlets: FSC-H at least 0.7 × FSC-A (a doublet's areas add, its height does not).
        var singlets = WspText.Polygon("FSC-A", "FSC-H", (0, 0), (262144, 183500), (262144, 262144), (0, 262144));
        var cells = WspText.Population("Cells", WspText.Rectangle("FSC-A", 30000, 262144, "SSC-A", 10000, 262144),
            WspText.Population("Singlets", singlets));
        return WspText.Workspace(files.Select(f => WspText.Sample(f, cells)).ToArray());
    }

    [Fact]
    public void Flowjo_workspace_population_gates_each_tube_and_the_report_names_it()
    {
        var folder = Synth("bm-msc-pass", "wsp");
        var wsp = Path.Combine(folder, "panel.wsp");
        File.WriteAllText(wsp, Workspace("stained.fcs", "isotype.fcs"));
        string[] tubes =
            ["--stained", Path.Combine(folder, "stained.fcs"), "--control", Path.Combine(folder, "isotype.fcs")];
        var html = Path.Combine(folder, "report.html");
        var r = StromaProcess.Run(["identity", .. tubes, "--wsp", wsp, "--population", "/Cells/Singlets", "--json",
            "--report", html]);
        Assert.Equal(0, r.ExitCode);
        var root = Root(r.StdOut);
        Assert.Equal("pass", root.GetProperty("verdict").GetString());
        var events = root.GetProperty("events");
        // The workspace gates drop the debris and the doublets: fewer singlets than events.
        Assert.InRange(events.GetProperty("singlets").GetInt32(), 1, events.GetProperty("total").GetInt32() * 0.95);
        var parameters = root.GetProperty("parameters");
        Assert.Equal("/Cells/Singlets", parameters.GetProperty("population").GetString());
        Assert.Equal("FlowJo workspace panel.wsp", parameters.GetProperty("gatesSource").GetString());
        Assert.Contains("/Cells/Singlets", parameters.GetProperty("gating").GetString(), StringComparison.Ordinal);
        var report = File.ReadAllText(html);
        Assert.Contains("/Cells/Singlets", report, StringComparison.Ordinal);
        Assert.Contains("FlowJo workspace panel.wsp", report, StringComparison.Ordinal);

        // The automatic gates count differently from the workspace's, so the workspace gates were the ones used.
        var auto = Root(StromaProcess.Run(["identity", .. tubes, "--json"]).StdOut).GetProperty("events");
        Assert.NotEqual(auto.GetProperty("singlets").GetInt32(), events.GetProperty("singlets").GetInt32());
    }

    [Fact]
    public void Flowjo_workspace_without_the_population_or_the_tube_is_a_clear_error()
    {
        var folder = Synth("bm-msc-pass", "wsp-bad");
        var wsp = Path.Combine(folder, "panel.wsp");
        File.WriteAllText(wsp, Workspace("stained.fcs", "isotype.fcs"));
        string[] tubes =
            ["--stained", Path.Combine(folder, "stained.fcs"), "--control", Path.Combine(folder, "isotype.fcs")];
        var missing = StromaProcess.Run(["identity", .. tubes, "--wsp", wsp, "--population", "/Cells/Lymphocytes"]);
        Assert.Equal(1, missing.ExitCode);
        // The console wraps long messages at word boundaries: compare with the line breaks folded back to spaces.
        var message = System.Text.RegularExpressions.Regex.Replace(missing.StdErr, @"\s+", " ");
        Assert.Contains("no population '/Cells/Lymphocytes'", message, StringComparison.Ordinal);
        Assert.Contains("/Cells/Singlets", message, StringComparison.Ordinal);

        File.WriteAllText(wsp, Workspace("stained.fcs"));
        var noSample = StromaProcess.Run(["identity", .. tubes, "--wsp", wsp, "--population", "/Cells/Singlets"]);
        Assert.Equal(1, noSample.ExitCode);
        var noSampleMessage = System.Text.RegularExpressions.Regex.Replace(noSample.StdErr, @"\s+", " ");
        Assert.Contains("no sample for tube", noSampleMessage, StringComparison.Ordinal);
        Assert.Contains("'isotype.fcs'", noSampleMessage, StringComparison.Ordinal);
    }
}

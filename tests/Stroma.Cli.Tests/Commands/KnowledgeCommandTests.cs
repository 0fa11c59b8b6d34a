using System.Text.Json;
using Stroma.Testing;
using Xunit;

namespace Stroma.Cli.Tests.Commands;

/// <summary>The <c>stroma knowledge</c> and <c>stroma readiness</c> contracts, exercised through the real command.</summary>
public sealed class KnowledgeCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private static string Sample(string name) => Path.Combine(Corpus.RepositoryRoot, "samples", "readiness", name);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void List_json_names_every_topic_with_its_version_and_entry_count()
    {
        var r = StromaProcess.Run("knowledge", "list", "--json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.StdOut);
        var topics = doc.RootElement.GetProperty("topics").EnumerateArray().ToList();
        Assert.Equal(
            ["tissue-sources", "markers", "culture-factors", "mediators", "products", "routes", "qc-tests", "readiness-rules"],
            topics.Select(t => t.GetProperty("id").GetString()));
        var products = topics.Single(t => t.GetProperty("id").GetString() == "products");
        Assert.Equal(10, products.GetProperty("entries").GetInt32());
        Assert.Equal("1.0.0", products.GetProperty("version").GetString());
    }

    [Fact]
    public void List_prints_a_table_of_topics()
    {
        var r = StromaProcess.Run("knowledge", "list");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("tissue-sources", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("Readiness rules", r.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Show_entry_json_carries_facts_with_their_review_citations()
    {
        var r = StromaProcess.Run("knowledge", "show", "sources", "BM", "--json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.StdOut);
        Assert.Equal("tissue-sources", doc.RootElement.GetProperty("topic").GetProperty("id").GetString());
        var entry = doc.RootElement.GetProperty("entry");
        Assert.Equal("bone-marrow", entry.GetProperty("id").GetString());
        Assert.Equal("lower", entry.GetProperty("tissueFactor").GetString());
        Assert.Equal("adult", entry.GetProperty("group").GetString());
        var yield = entry.GetProperty("facts").EnumerateArray().First(f => f.GetProperty("aspect").GetString() == "yield");
        Assert.Equal("2.1.1 Bone Marrow", yield.GetProperty("source").GetProperty("section").GetString());
        Assert.Equal("Yang et al., 2018", yield.GetProperty("source").GetProperty("reference").GetString());
    }

    [Fact]
    public void Show_topic_json_lists_entries_and_for_rules_their_parameters()
    {
        var r = StromaProcess.Run("knowledge", "show", "readiness-rules", "--json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.StdOut);
        var ibmir = doc.RootElement.GetProperty("entries").EnumerateArray().Single(e => e.GetProperty("id").GetString() == "ibmir-risk");
        Assert.Equal("caution", ibmir.GetProperty("severity").GetString());
        Assert.StartsWith("plan.routeIntravascular = true", ibmir.GetProperty("condition").GetString(), StringComparison.Ordinal);
        var stop = doc.RootElement.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "senescencePdStop");
        Assert.Equal(30, stop.GetProperty("value").GetDouble());
        var markers = JsonDocument.Parse(StromaProcess.Run("knowledge", "show", "markers", "--json").StdOut);
        Assert.Equal(JsonValueKind.Null, markers.RootElement.GetProperty("parameters").ValueKind);
        Assert.Equal("isct-positive", markers.RootElement.GetProperty("entries")[0].GetProperty("category").GetString());
    }

    [Fact]
    public void Show_renders_an_entry_with_its_sources()
    {
        var r = StromaProcess.Run("knowledge", "show", "markers", "tissue factor");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("CD142 (tissue factor)", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("§3.3 Hemocompatibility", r.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Show_refuses_an_unknown_topic_or_entry_naming_the_known_ones()
    {
        var topic = StromaProcess.Run("knowledge", "show", "recipes");
        Assert.Equal(1, topic.ExitCode);
        Assert.Contains("tissue-sources, markers", topic.StdErr, StringComparison.Ordinal);
        var entry = StromaProcess.Run("knowledge", "show", "markers", "CD999");
        Assert.Equal(1, entry.ExitCode);
        Assert.Contains("no markers entry 'CD999'", entry.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void Label_follows_the_nomenclature_and_reports_missing_terms()
    {
        var full = StromaProcess.Run("knowledge", "label", "--donor-type", "allogeneic", "--species", "human", "--source", "adipose", "--cell-type", "stromal");
        Assert.Equal(0, full.ExitCode);
        Assert.Equal("allogeneic human adipose-derived mesenchymal stromal cells", full.StdOut.Trim());
        var partial = StromaProcess.Run("knowledge", "label", "--source", "BM", "--json");
        using var doc = JsonDocument.Parse(partial.StdOut);
        Assert.Equal("bone marrow-derived mesenchymal stem/stromal cells", doc.RootElement.GetProperty("text").GetString());
        Assert.Equal("BM-MSCs", doc.RootElement.GetProperty("abbreviation").GetString());
        Assert.False(doc.RootElement.GetProperty("isComplete").GetBoolean());
        Assert.Equal(1, StromaProcess.Run("knowledge", "label", "--source", "spleen").ExitCode);
    }

    [Fact]
    public void Readiness_json_reports_flags_with_severity_reason_and_sources()
    {
        var r = StromaProcess.Run("readiness", Sample("lot-adipose-allogeneic-iv.json"), "--json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.StdOut);
        var root = doc.RootElement;
        Assert.Equal("AT-2025-031", root.GetProperty("lotId").GetString());
        Assert.Equal("caution", root.GetProperty("verdict").GetString());
        Assert.Equal("allogeneic human adipose-derived mesenchymal stromal cells", root.GetProperty("label").GetProperty("text").GetString());
        var ibmir = root.GetProperty("flags").EnumerateArray().Single(f => f.GetProperty("ruleId").GetString() == "ibmir-risk");
        Assert.Equal("caution", ibmir.GetProperty("severity").GetString());
        Assert.Contains("measured CD142: 58%", ibmir.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains(ibmir.GetProperty("sources").EnumerateArray(), s => s.GetProperty("section").GetString() == "3.3 Hemocompatibility");
        Assert.Equal(30, root.GetProperty("parameters").GetProperty("senescencePdStop").GetDouble());
    }

    [Fact]
    public void Readiness_exits_2_when_a_rule_says_stop()
    {
        var r = StromaProcess.Run("readiness", Sample("lot-uc-late-passage.json"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("senescence-pd-stop", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("verdict: stop", r.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Readiness_lists_rules_it_cannot_assess()
    {
        var r = StromaProcess.Run("readiness", Sample("lot-bm-autologous-local.json"));
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("verdict: info", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("not assessable: senescence-pd-stop", r.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plan_file_replaces_the_inputs_plan()
    {
        var r = StromaProcess.Run("readiness", Sample("lot-uc-late-passage.json"), "--plan", Sample("plan-iv-repeated.json"), "--json");
        using var doc = JsonDocument.Parse(r.StdOut);
        var ids = doc.RootElement.GetProperty("flags").EnumerateArray().Select(f => f.GetProperty("ruleId").GetString()).ToList();
        Assert.Contains("ibmir-risk", ids);
        Assert.Contains("allogeneic-repeated-doses", ids);
    }

    [Fact]
    public void Set_overrides_a_threshold_and_disable_leaves_a_rule_out()
    {
        var r = StromaProcess.Run("readiness", Sample("lot-adipose-allogeneic-iv.json"), "--set", "senescencePdStop=22", "--disable", "ibmir-risk", "--json");
        Assert.Equal(2, r.ExitCode);
        using var doc = JsonDocument.Parse(r.StdOut);
        var ids = doc.RootElement.GetProperty("flags").EnumerateArray().Select(f => f.GetProperty("ruleId").GetString()).ToList();
        Assert.Contains("senescence-pd-stop", ids);
        Assert.DoesNotContain("ibmir-risk", ids);
        Assert.Equal(1, StromaProcess.Run("readiness", Sample("lot-adipose-allogeneic-iv.json"), "--set", "noSuchParameter=1").ExitCode);
        Assert.Equal(1, StromaProcess.Run("readiness", Sample("lot-adipose-allogeneic-iv.json"), "--set", "senescencePdStop").ExitCode);
    }

    [Fact]
    public void Readiness_reports_every_problem_of_a_bad_input_and_exits_1()
    {
        var path = _dir.File("bad.json");
        File.WriteAllText(path, """{ "lot": { "tissueSource": "spleen", "markers": { "CD999": 3 } }, "plan": { "route": "telepathy" } }""");
        var r = StromaProcess.Run("readiness", path);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("lot.tissueSource: 'spleen' is not a known tissue-sources entry", r.StdErr, StringComparison.Ordinal);
        Assert.Contains("lot.markers.CD999", r.StdErr, StringComparison.Ordinal);
        Assert.Contains("plan.route", r.StdErr, StringComparison.Ordinal);
        Assert.Equal("", r.StdOut);

        File.WriteAllText(path, """{ "lot": { "passage": "five" } }""");
        var typed = StromaProcess.Run("readiness", path, "--json");
        Assert.Equal(1, typed.ExitCode);
        Assert.Contains("$.lot.passage", typed.StdErr, StringComparison.Ordinal);
    }
}

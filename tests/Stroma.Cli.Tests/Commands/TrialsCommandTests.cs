using System.IO.Compression;
using System.Text.Json;
using Stroma.Testing;
using Stroma.Trials.Extraction;
using Xunit;

namespace Stroma.Cli.Tests.Commands;

/// <summary>The <c>stroma trials</c> contract, exercised through the real command.</summary>
public sealed class TrialsCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Data", "formats", name);

    [Fact]
    public void Extract_json_has_the_contract_shape_and_lists_skipped_records()
    {
        var r = StromaProcess.Run("trials", "extract", Fixture("v2-page.json"), "--json");
        Assert.Equal(2, r.ExitCode);
        using var doc = JsonDocument.Parse(r.StdOut);
        var trials = doc.RootElement.GetProperty("trials");
        Assert.Equal(2, trials.GetArrayLength());
        var t = trials[0];
        Assert.Equal("NCT90000001", t.GetProperty("nctId").GetString());
        Assert.True(t.GetProperty("mscIntervention").GetBoolean());
        Assert.Equal(["cells"], t.GetProperty("product").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal(["umbilical_cord"], t.GetProperty("tissueSource").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal("allogeneic", t.GetProperty("match").GetString());
        Assert.Equal(["intra_articular"], t.GetProperty("route").EnumerateArray().Select(x => x.GetString()));
        var dose = t.GetProperty("dose");
        Assert.Equal(5e7, dose.GetProperty("low").GetDouble());
        Assert.Equal(5e7, dose.GetProperty("high").GetDouble());
        Assert.Equal("cells", dose.GetProperty("unit").GetString());
        Assert.Equal(1, t.GetProperty("doseCount").GetInt32());
        Assert.Equal("unspecified", t.GetProperty("passage").GetString());
        Assert.Equal(["none_stated"], t.GetProperty("priming").EnumerateArray().Select(x => x.GetString()));
        Assert.False(t.GetProperty("engineered").GetBoolean());
        var evidence = t.GetProperty("evidence")[0];
        foreach (var key in new[] { "field", "start", "end", "text" }) Assert.True(evidence.TryGetProperty(key, out _), key);
        var skipped = doc.RootElement.GetProperty("skipped");
        Assert.Equal(2, skipped.GetArrayLength());
        Assert.EndsWith("v2-page.json", skipped[0].GetProperty("file").GetString(), StringComparison.Ordinal);
        Assert.Contains("\"many\"", skipped[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("NCT90000004", trials[1].GetProperty("nctId").GetString());
    }

    [Fact]
    public void Extract_exit_code_says_whether_every_some_or_no_record_was_read()
    {
        var r = StromaProcess.Run("trials", "extract", _dir.File("missing.json"), "--json");
        Assert.Equal(1, r.ExitCode);
        using var doc = JsonDocument.Parse(r.StdOut);
        Assert.Equal("no such file or folder", doc.RootElement.GetProperty("skipped")[0].GetProperty("error").GetString());
        Assert.Equal(2, StromaProcess.Run("trials", "extract", _dir.File("missing.json"), Fixture("v2-study.json"), "--json").ExitCode);
        Assert.Equal(0, StromaProcess.Run("trials", "extract", Fixture("v2-study.json"), "--json").ExitCode);
    }

    [Fact]
    public void A_damaged_zip_is_reported_without_a_stack_trace_and_the_landscape_says_records_were_skipped()
    {
        var zip = _dir.File("bulk.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            archive.CreateEntryFromFile(Fixture("v2-study.json"), "a/NCT90000001.json");
            archive.CreateEntryFromFile(Fixture("classic-study.json"), "a/NCT90000002.json");
        }
        var bytes = File.ReadAllBytes(zip);
        // Break the second central-directory record's signature (PK\x01\x02).
        var second = bytes.AsSpan().LastIndexOf("PK\u0001\u0002"u8);
        bytes[second + 3] = 0x7F;
        File.WriteAllBytes(zip, bytes);

        var r = StromaProcess.Run("trials", "landscape", zip, "--format", "json");

        Assert.Equal(2, r.ExitCode);
        using var doc = JsonDocument.Parse(r.StdOut);
        Assert.Equal(1, doc.RootElement.GetProperty("trials").GetInt32());
        Assert.Contains("bad signature", r.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", r.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_reads_files_folders_and_zips_alike()
    {
        var zip = _dir.File("bulk.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            archive.CreateEntryFromFile(Fixture("legacy-study.xml"), "NCT0000xxxx/NCT90000001.xml");
            archive.CreateEntryFromFile(Fixture("classic-study.json"), "NCT0000xxxx/NCT90000001.json");
        }
        var r = StromaProcess.Run("trials", "extract", zip, Fixture("download-classic.csv"), "--json");
        using var doc = JsonDocument.Parse(r.StdOut);
        Assert.Equal(3, doc.RootElement.GetProperty("trials").GetArrayLength());
        Assert.All(doc.RootElement.GetProperty("trials").EnumerateArray(), t => Assert.Equal("NCT90000001", t.GetProperty("nctId").GetString()));
        Assert.Empty(r.StdErr.Trim());
    }

    [Fact]
    public void Extract_without_json_prints_a_table_and_reports_skips_on_standard_error()
    {
        var r = StromaProcess.Run("trials", "extract", Fixture("download-current.csv"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("NCT90000005", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("skipped", r.StdErr, StringComparison.Ordinal);
        Assert.Contains("Enrollment", r.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void Landscape_json_has_every_count_map_with_registry_labels()
    {
        var r = StromaProcess.Run("trials", "landscape", Fixture("v2-page.json"), Fixture("download-current.csv"), "--format", "json");
        Assert.Equal(2, r.ExitCode);
        using var doc = JsonDocument.Parse(r.StdOut);
        var root = doc.RootElement;
        foreach (var key in new[] { "byStatus", "byPhase", "byConditionCategory", "byProduct", "bySourceAndMatch", "byRoute", "byStartYear", "byCountry" })
            Assert.Equal(JsonValueKind.Object, root.GetProperty(key).ValueKind);
        // NCT90000001 is in both the page and the CSV; NCT90000004 (page) is completed and not applicable; NCT90000005 (CSV) is phase 3.
        Assert.Equal(2, root.GetProperty("byPhase").GetProperty("Phase 1|Phase 2").GetInt32());
        Assert.Equal(1, root.GetProperty("byPhase").GetProperty("Not Applicable").GetInt32());
        Assert.Equal(2, root.GetProperty("byStatus").GetProperty("Active, not recruiting").GetInt32());
        Assert.Equal(4, root.GetProperty("byCountry").GetProperty("Spain").GetInt32());
        Assert.Equal(4, root.GetProperty("trials").GetInt32());
        Assert.Equal(3, root.GetProperty("skipped").GetInt32());
        var alofisel = root.GetProperty("approvedProducts").EnumerateArray().Single(p => p.GetProperty("product").GetProperty("name").GetString() == "Alofisel");
        Assert.Equal(["NCT90000005"], alofisel.GetProperty("trials").EnumerateArray().Select(x => x.GetString()));
    }

    [Fact]
    public void Landscape_writes_markdown_html_and_an_xlsx_workbook()
    {
        var md = StromaProcess.Run("trials", "landscape", Fixture("v2-study.json"));
        Assert.Contains("# MSC trial landscape", md.StdOut, StringComparison.Ordinal);
        var html = _dir.File("l.html");
        Assert.Equal(0, StromaProcess.Run("trials", "landscape", Fixture("v2-study.json"), "--out", html).ExitCode);
        Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(html), StringComparison.Ordinal);
        var xlsx = _dir.File("l.xlsx");
        var r = StromaProcess.Run("trials", "landscape", Fixture("v2-study.json"), "--format", "xlsx", "--out", xlsx);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("wrote", r.StdErr, StringComparison.Ordinal);
        using var zip = ZipFile.OpenRead(xlsx);
        Assert.NotNull(zip.GetEntry("xl/worksheets/sheet4.xml"));
        var csv = _dir.File("tables");
        Assert.Equal(0, StromaProcess.Run("trials", "landscape", Fixture("v2-study.json"), "--format", "csv", "--out", csv).ExitCode);
        Assert.True(File.Exists(Path.Combine(csv, "table1-cells.csv")));
    }

    [Fact]
    public void Landscape_as_xlsx_without_an_output_path_fails_with_a_message()
    {
        var r = StromaProcess.Run("trials", "landscape", Fixture("v2-study.json"), "--format", "xlsx");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("needs --out", r.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_prints_a_per_field_table_and_json()
    {
        var gold = _dir.File("gold.csv");
        File.WriteAllText(gold, "nct_id,msc_intervention,product,tissue_source,match,route,dose_low,dose_high,dose_unit,dose_count,passage,priming,engineered,evidence\n"
            + "NCT90000001,yes,cells,umbilical_cord,allogeneic,intra_articular,5e7,5e7,cells,1,unspecified,none_stated,no,A single intra-articular injection\n"
            + "NCT90000004,yes,cells,umbilical_cord,allogeneic,intravenous,,,,,unspecified,none_stated,no,\n");
        var table = StromaProcess.Run("trials", "score", "--gold", gold, Fixture("v2-page.json"));
        // The page holds two malformed studies: they are named, and the exit code says records were skipped.
        Assert.Equal(2, table.ExitCode);
        Assert.Contains("2 skipped", table.StdErr, StringComparison.Ordinal);
        Assert.Contains("msc_intervention", table.StdOut, StringComparison.Ordinal);
        Assert.Contains("accuracy", table.StdOut, StringComparison.Ordinal);
        var json = StromaProcess.Run("trials", "score", "--gold", gold, Fixture("v2-page.json"), "--json", "--mismatches");
        using var doc = JsonDocument.Parse(json.StdOut);
        Assert.Equal(2, doc.RootElement.GetProperty("scored").GetInt32());
        var fields = doc.RootElement.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("field").GetString()!, f => f.GetProperty("accuracy").GetDouble());
        Assert.Equal(1.0, fields["msc_intervention"]);
        Assert.Equal(0.5, fields["route"]);
        Assert.Contains(doc.RootElement.GetProperty("mismatches").EnumerateArray(), m => m.GetProperty("nctId").GetString() == "NCT90000004" && m.GetProperty("field").GetString() == "route");
    }

    [Fact]
    public void Score_on_the_dev_set_prints_every_field()
    {
        var gold = Corpus.Require("corpus", "trials", "gold-dev.csv");
        var r = StromaProcess.Run("trials", "score", "--gold", gold, Corpus.Require("corpus", "trials", "ctgov-classic"), "--json");
        using var doc = JsonDocument.Parse(r.StdOut);
        // Every annotated trial is in the corpus, however many the dev set holds.
        Assert.Equal(GoldStandard.Read(gold).Count, doc.RootElement.GetProperty("scored").GetInt32());
        Assert.Empty(doc.RootElement.GetProperty("missing").EnumerateArray());
        Assert.Equal(13, doc.RootElement.GetProperty("fields").GetArrayLength());
    }

    [Fact]
    public void Score_with_a_fold_scores_that_fold_and_its_complement_the_rest_of_the_dev_set()
    {
        var gold = Corpus.Require("corpus", "trials", "gold-dev.csv");
        var corpus = Corpus.Require("corpus", "trials", "ctgov-classic");
        int Scored(string fold)
        {
            var r = StromaProcess.Run("trials", "score", "--gold", gold, corpus, "--json", "--fold", fold);
            Assert.Equal(0, r.ExitCode);
            using var doc = JsonDocument.Parse(r.StdOut);
            return doc.RootElement.GetProperty("scored").GetInt32();
        }
        var rows = GoldStandard.Read(gold);
        var inFold = Scored("2/5");
        Assert.Equal(rows.Count(g => GoldFold.FoldOf(g.NctId, 5) == 2), inFold);
        Assert.Equal(rows.Count - inFold, Scored("!2/5"));
    }

    [Fact]
    public void Score_refuses_a_fold_that_is_not_k_of_n()
    {
        var gold = _dir.File("gold.csv");
        File.WriteAllText(gold, "nct_id,msc_intervention,product,tissue_source,match,route,dose_low,dose_high,dose_unit,dose_count,passage,priming,engineered,evidence\n"
            + "NCT90000004,yes,cells,umbilical_cord,allogeneic,intravenous,,,,,unspecified,none_stated,no,\n");
        var r = StromaProcess.Run("trials", "score", "--gold", gold, Fixture("v2-page.json"), "--fold", "6/5");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("k/n", r.StdErr, StringComparison.Ordinal);
    }
}

using System.IO.Compression;
using System.Text.Json;
using Stroma.Testing;
using Stroma.Trials.Tests.Registry;
using Xunit;

namespace Stroma.Cli.Tests.Commands;

/// <summary>
/// The <c>stroma trials fetch|diff</c> contract and the landscape's <c>--snapshot</c>, through the real command and a
/// fake API on loopback.
/// </summary>
public sealed class TrialsRegistryCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static StromaProcess.Result Fetch(FakeRegistry api, string output, params string[] more) =>
        StromaProcess.Run(["trials", "fetch", "--query", "mesenchymal stromal cells", "--out", output, "--base-url",
            api.BaseUrl.ToString(), "--page-size", "2", .. more]);

    [Fact]
    public void Fetch_json_prints_the_manifest_and_reports_pages_on_standard_error()
    {
        using var api = new FakeRegistry(V2Studies.Many(5), "2026-11-28T09:00:06");
        var output = _dir.File("snap.zip");

        var r = Fetch(api, output, "--status", "recruiting", "--json");

        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.StdOut);
        var m = doc.RootElement;
        Assert.Equal("stroma-trials-snapshot/1", m.GetProperty("format").GetString());
        Assert.Equal("mesenchymal stromal cells", m.GetProperty("query").GetProperty("term").GetString());
        Assert.Equal("RECRUITING", m.GetProperty("parameters").GetProperty("filter.overallStatus").GetString());
        Assert.Equal("2026-11-28T09:00:06", m.GetProperty("dataTimestamp").GetString());
        Assert.Equal(5, m.GetProperty("count").GetInt32());
        Assert.Equal(5, m.GetProperty("totalCount").GetInt32());
        Assert.Equal(3, m.GetProperty("pages").GetInt32());
        Assert.Equal(0, m.GetProperty("skipped").GetArrayLength());
        foreach (var key in new[] { "baseUrl", "apiVersion", "startedAtUtc", "fetchedAtUtc", "toolVersion",
            "duplicates", "resumed" })
            Assert.True(m.TryGetProperty(key, out _), key);
        Assert.Contains("page 3", r.StdErr, StringComparison.Ordinal);
        using var zip = ZipFile.OpenRead(output);
        Assert.Equal(6, zip.Entries.Count);
    }

    [Fact]
    public void An_interrupted_fetch_exits_1_and_the_same_command_resumes_it()
    {
        using var api = new FakeRegistry(V2Studies.Many(6));
        api.FailFrom(2);
        var output = _dir.File("snap.zip");

        var failed = Fetch(api, output, "--retries", "0");
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("page 2: HTTP 500", failed.StdErr, StringComparison.Ordinal);
        Assert.Contains("run the same command again to resume", failed.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(output));

        api.Heal();
        var resumed = Fetch(api, output, "--json");
        Assert.Equal(0, resumed.ExitCode);
        using var doc = JsonDocument.Parse(resumed.StdOut);
        Assert.Equal(1, doc.RootElement.GetProperty("resumed").GetInt32());
        Assert.Equal(6, doc.RootElement.GetProperty("count").GetInt32());
        Assert.Contains("resuming after page 1", resumed.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void Fetch_refuses_to_resume_into_a_partial_snapshot_of_another_search()
    {
        using var api = new FakeRegistry(V2Studies.Many(4));
        api.FailFrom(2);
        var output = _dir.File("snap.zip");
        Assert.Equal(1, Fetch(api, output, "--retries", "0").ExitCode);
        api.Heal();

        var r = StromaProcess.Run("trials", "fetch", "--condition", "knee osteoarthritis", "--out", output,
            "--base-url", api.BaseUrl.ToString());

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("another search", r.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void Fetch_exits_2_when_a_study_is_left_out()
    {
        var studies = V2Studies.Many(3);
        studies[1] = "[1, 2]";
        using var api = new FakeRegistry(studies);

        var r = Fetch(api, _dir.File("snap.zip"), "--json");

        Assert.Equal(2, r.ExitCode);
        using var doc = JsonDocument.Parse(r.StdOut);
        var skip = doc.RootElement.GetProperty("skipped")[0];
        Assert.Equal(1, skip.GetProperty("page").GetInt32());
        Assert.Equal(1, skip.GetProperty("index").GetInt32());
        Assert.Contains("expected a JSON object", skip.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_json_has_the_contract_shape_and_xlsx_is_written_to_out()
    {
        var old = _dir.File("old.zip");
        var @new = _dir.File("new.zip");
        using (var api = new FakeRegistry(V2Studies.Many(3), "2026-06-01T09:00:00")) Assert.Equal(0, Fetch(api,
            old).ExitCode);
        var later = new List<string> { V2Studies.Study(1, status: "COMPLETED", resultsPosted: "2026-09-01"),
            V2Studies.Study(2), V2Studies.Study(4) };
        using (var api = new FakeRegistry(later, "2026-12-01T09:00:00")) Assert.Equal(0, Fetch(api, @new).ExitCode);

        var r = StromaProcess.Run("trials", "diff", old, @new, "--format", "json");

        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.StdOut);
        var d = doc.RootElement;
        Assert.Equal("2026-06-01T09:00:00", d.GetProperty("old").GetProperty("dataDate").GetString());
        Assert.Equal(3, d.GetProperty("new").GetProperty("records").GetInt32());
        Assert.Equal(V2Studies.Id(4), d.GetProperty("added")[0].GetProperty("nctId").GetString());
        Assert.Equal(V2Studies.Id(3), d.GetProperty("removed")[0].GetProperty("nctId").GetString());
        var change = d.GetProperty("changed")[0];
        Assert.Equal(V2Studies.Id(1), change.GetProperty("nctId").GetString());
        var fields = change.GetProperty("changes").EnumerateArray().Select(c =>
            c.GetProperty("field").GetString()).ToList();
        Assert.Equal(["overallStatus", "resultsFirstPosted"], fields);
        Assert.Equal(1, d.GetProperty("unchanged").GetInt32());
        var status = d.GetProperty("counts")[0];
        Assert.Equal("byStatus", status.GetProperty("key").GetString());
        foreach (var key in new[] { "label", "old", "new",
            "difference" }) Assert.True(status.GetProperty("rows")[0].TryGetProperty(key, out _), key);
        Assert.Equal(0, d.GetProperty("skipped").GetArrayLength());

        var xlsx = _dir.File("diff.xlsx");
        var x = StromaProcess.Run("trials", "diff", old, @new, "--out", xlsx);
        Assert.Equal(0, x.ExitCode);
        using var zip = ZipFile.OpenRead(xlsx);
        Assert.Contains(zip.Entries, e => e.FullName == "xl/workbook.xml");
    }

    [Fact]
    public void Landscape_on_a_snapshot_shows_its_data_date()
    {
        var snap = _dir.File("snap.zip");
        using (var api = new FakeRegistry(V2Studies.Many(2), "2026-11-28T09:00:06")) Assert.Equal(0, Fetch(api,
            snap).ExitCode);

        var r = StromaProcess.Run("trials", "landscape", "--snapshot", snap, "--format", "md");

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("registry data of 2026-11-28T09:00:06", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("2 records", r.StdOut, StringComparison.Ordinal);
        var html = StromaProcess.Run("trials", "landscape", "--snapshot", snap, "--format", "html");
        Assert.Equal(0, html.ExitCode);
        Assert.Contains("2026-11-28T09:00:06", html.StdOut, StringComparison.Ordinal);
        var json = StromaProcess.Run("trials", "landscape", "--snapshot", snap, "--format", "json");
        Assert.Equal(0, json.ExitCode);
        using (var doc = JsonDocument.Parse(json.StdOut))
        {
            var s = doc.RootElement.GetProperty("snapshot");
            Assert.Equal("snap.zip", s.GetProperty("file").GetString());
            Assert.Equal("2026-11-28T09:00:06", s.GetProperty("dataDate").GetString());
            Assert.Equal("query.term=mesenchymal stromal cells", s.GetProperty("query").GetString());
            Assert.Equal(2, s.GetProperty("studies").GetInt32());
            Assert.True(s.TryGetProperty("fetchedAtUtc", out _));
            Assert.Equal(2, doc.RootElement.GetProperty("trials").GetInt32());
        }
        var plain = StromaProcess.Run("trials", "landscape", snap, "--format", "json");
        using (var doc = JsonDocument.Parse(plain.StdOut))
            Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("snapshot").ValueKind);
        var notSnapshot = StromaProcess.Run("trials", "landscape", "--snapshot", _dir.File("missing.zip"));
        Assert.Equal(1, notSnapshot.ExitCode);
    }
}

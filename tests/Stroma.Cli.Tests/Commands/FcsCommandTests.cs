using System.Globalization;
using System.Text.Json;
using Parquet;
using Stroma.Cytometry;
using Stroma.Cytometry.Compensation;
using Stroma.Cytometry.Formats.Fcs;
using Stroma.Testing;
using Xunit;

namespace Stroma.Cli.Tests.Commands;

/// <summary>The <c>stroma fcs</c> contract, exercised through the real command.</summary>
public sealed class FcsCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _sample;

    public FcsCommandTests()
    {
        _sample = _dir.File("sample.fcs");
        var events = EventTable.FromColumns(["FSC-A", "FITC-A", "PE-A"], 4, new float[][] { [1, 2, 3, 4], [10.5f, -1.25f, 0.1f, 7], [100, 200, 300, 400] });
        FcsWriter.Write(_sample, events, new FcsWriteSettings
        {
            Channels = [new FcsChannel("FSC-A"), new FcsChannel("FITC-A", "CD90"), new FcsChannel("PE-A", "CD73", 1024, new FcsAmplification(4, 1))],
            Spillover = new SpilloverMatrix(["FITC-A", "PE-A"], [1, 0.1, 0.02, 1]),
            Keywords = [new("$CYT", "test")],
        });
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Info_says_where_the_spillover_matrix_came_from()
    {
        var json = StromaProcess.Run("fcs", "info", _sample, "--json");
        Assert.Equal(0, json.ExitCode);
        using var doc = JsonDocument.Parse(json.StdOut);
        var spill = doc.RootElement.GetProperty("files")[0].GetProperty("datasets")[0].GetProperty("spillover");
        Assert.Equal("$SPILLOVER", spill.GetProperty("source").GetString());
        var text = StromaProcess.Run("fcs", "info", _sample);
        Assert.Contains("from $SPILLOVER", text.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Info_json_has_the_contract_shape()
    {
        var r = StromaProcess.Run("fcs", "info", _sample, "--json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.StdOut);
        var file = doc.RootElement.GetProperty("files")[0];
        Assert.Equal(_sample, file.GetProperty("file").GetString());
        var ds = file.GetProperty("datasets")[0];
        Assert.Equal("FCS3.1", ds.GetProperty("version").GetString());
        Assert.Equal(4, ds.GetProperty("events").GetInt32());
        Assert.Equal("F", ds.GetProperty("datatype").GetString());
        Assert.Equal("little", ds.GetProperty("byteOrder").GetString());
        var p = ds.GetProperty("parameters");
        Assert.Equal(3, p.GetArrayLength());
        Assert.Equal("PE-A", p[2].GetProperty("name").GetString());
        Assert.Equal("CD73", p[2].GetProperty("stain").GetString());
        Assert.Equal(32, p[2].GetProperty("bits").GetInt32());
        Assert.Equal(1024, p[2].GetProperty("range").GetDouble());
        Assert.Equal("4,1", p[2].GetProperty("amplification").GetString());
        Assert.Equal(JsonValueKind.Null, p[0].GetProperty("stain").ValueKind);
        Assert.False(p[0].TryGetProperty("mean", out _));
        var spill = ds.GetProperty("spillover");
        Assert.Equal(["FITC-A", "PE-A"], spill.GetProperty("channels").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(0.1, spill.GetProperty("matrix")[0][1].GetDouble());
        Assert.Equal("test", ds.GetProperty("keywords").GetProperty("$CYT").GetString());
    }

    [Fact]
    public void Info_stats_adds_min_max_mean_of_raw_values()
    {
        var r = StromaProcess.Run("fcs", "info", _sample, "--json", "--stats");
        using var doc = JsonDocument.Parse(r.StdOut);
        var p = doc.RootElement.GetProperty("files")[0].GetProperty("datasets")[0].GetProperty("parameters")[1];
        Assert.Equal(-1.25, p.GetProperty("min").GetDouble());
        Assert.Equal(10.5, p.GetProperty("max").GetDouble());
        Assert.Equal((10.5 - 1.25 + 0.1f + 7) / 4, p.GetProperty("mean").GetDouble(), 12);
    }

    [Fact]
    public void Info_reports_unreadable_files_and_still_reports_the_others_with_a_failing_exit_code()
    {
        var broken = _dir.File("broken.fcs");
        File.WriteAllText(broken, "not an fcs file at all, sorry, not even close to 58 bytes of header");
        var r = StromaProcess.Run("fcs", "info", broken, _sample, "--json");
        Assert.NotEqual(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.StdOut);
        var files = doc.RootElement.GetProperty("files");
        Assert.Contains("not an FCS file", files[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.False(files[0].TryGetProperty("datasets", out _));
        Assert.Equal(4, files[1].GetProperty("datasets")[0].GetProperty("events").GetInt32());
    }

    [Fact]
    public void Info_without_json_prints_a_readable_table()
    {
        var r = StromaProcess.Run("fcs", "info", _sample);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("FCS3.1", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("FITC-A", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("CD73", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("spillover: 2 channels", r.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_csv_has_unique_names_and_numbers_that_round_trip_exactly()
    {
        var csv = _dir.File("out.csv");
        var r = StromaProcess.Run("fcs", "export", _sample, "--out", csv);
        Assert.Equal(0, r.ExitCode);
        var lines = File.ReadAllLines(csv);
        Assert.Equal("FSC-A,FITC-A,PE-A", lines[0]);
        var values = FcsReader.ReadDataset(_sample).RequireEvents();
        for (var e = 0; e < 4; e++)
        {
            var cells = lines[e + 1].Split(',');
            for (var p = 0; p < 3; p++)
                Assert.Equal(values.SingleColumn(p)[e], float.Parse(cells[p], CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void Export_scale_applies_log_amplification()
    {
        var csv = _dir.File("scaled.csv");
        Assert.Equal(0, StromaProcess.Run("fcs", "export", _sample, "--out", csv, "--scale").ExitCode);
        var first = File.ReadAllLines(csv)[1].Split(',');
        // PE-A: $PnE = 4,1 and $PnR = 1024 would apply to integer data only; float data stays linear.
        Assert.Equal(100f, float.Parse(first[2], CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Export_parquet_holds_one_column_per_parameter_with_identical_values()
    {
        var target = _dir.File("out.parquet");
        Assert.Equal(0, StromaProcess.Run("fcs", "export", _sample, "--out", target, "--format", "parquet").ExitCode);
        await using var stream = File.OpenRead(target);
        await using var reader = await ParquetReader.CreateAsync(stream, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(["FSC-A", "FITC-A", "PE-A"], reader.Schema.DataFields.Select(f => f.Name));
        using var group = reader.OpenRowGroupReader(0);
        var values = new float[4];
        await group.ReadAsync(reader.Schema.DataFields[1], values.AsMemory(), null, TestContext.Current.CancellationToken);
        Assert.Equal(new float[] { 10.5f, -1.25f, 0.1f, 7 }, values);
    }

    [Fact]
    public void Export_of_a_missing_data_set_fails_with_a_clear_message()
    {
        var r = StromaProcess.Run("fcs", "export", _sample, "--out", _dir.File("x.csv"), "--dataset", "3");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("data set 3 was requested", r.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.File("x.csv")));
    }

    [Fact]
    public void Export_chooses_the_data_set_of_a_multi_data_set_file()
    {
        var path = Corpus.Require("corpus/fcs", "FlowIO__coulter.lmd");
        var csv = _dir.File("second.csv");
        Assert.Equal(0, StromaProcess.Run("fcs", "export", path, "--out", csv, "--dataset", "1").ExitCode);
        Assert.Equal("FS,SS,FL1,FL2,FL3,FL4,FL5,TIME", File.ReadLines(csv).First());
    }

    [Fact]
    public void Demo_builds_a_facility_with_a_sample_file_and_readiness_reads_its_lots()
    {
        var r = StromaProcess.RunIn(_dir.Path, "demo", "--out", "demo-out", "--events", "2000");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("2,000 events", r.StdOut, StringComparison.Ordinal);
        Assert.Contains("DP-BM-101", r.StdOut, StringComparison.Ordinal);
        var folder = Path.Combine(_dir.Path, "demo-out");
        var ds = FcsReader.ReadDataset(Path.Combine(folder, "sample.fcs"));
        Assert.Equal(2000, ds.EventCount);
        Assert.NotNull(ds.Spillover);
        Assert.True(File.Exists(Path.Combine(folder, "certificates", "CoA-DP-BM-101.html")));

        var db = Path.Combine(folder, "stroma-demo.db");
        var stop = StromaProcess.Run("readiness", "DP-UC-301", "--db", db, "--json");
        Assert.Equal(2, stop.ExitCode); // a stop flag: cumulative PD past the senescence limit
        using var doc = JsonDocument.Parse(stop.StdOut);
        Assert.Contains(doc.RootElement.GetProperty("flags").EnumerateArray(), f => f.GetProperty("ruleId").GetString() == "senescence-pd-stop");
        Assert.Equal(0, StromaProcess.Run("audit", "verify", "--db", db).ExitCode);

        // Rebuilding replaces the demo folder; a folder that is not the demo's is refused.
        var rebuilt = StromaProcess.RunIn(_dir.Path, "demo", "--out", "demo-out", "--events", "100");
        Assert.Equal(0, rebuilt.ExitCode);
        // The demo prints each user's generated password once; writes authenticate with it (--password-stdin).
        var olga = System.Text.RegularExpressions.Regex.Match(rebuilt.StdOut, @"\bolga\b\W+Operator\W+([A-Za-z0-9]{8,})");
        Assert.True(olga.Success, rebuilt.StdOut);
        Directory.CreateDirectory(Path.Combine(_dir.Path, "mine"));
        File.WriteAllText(Path.Combine(_dir.Path, "mine", "keep.txt"), "mine");
        var refused = StromaProcess.RunIn(_dir.Path, "demo", "--out", "mine");
        Assert.Equal(1, refused.ExitCode);
        Assert.True(File.Exists(Path.Combine(_dir.Path, "mine", "keep.txt")));

        // The demo's failed identity opened an OOS investigation; once someone enters data, the demo is not rebuilt over it.
        var oos = StromaProcess.Run("oos", "list", "--open", "--lot", "DP-UC-301", "--db", db, "--json");
        Assert.Equal(0, oos.ExitCode);
        Assert.Contains("\"identity\"", oos.StdOut, StringComparison.Ordinal);
        var entered = StromaProcess.RunWithInput(null, olga.Groups[1].Value + "\n", "deviation", "open", "--lot", "DP-BM-401",
            "--description", "freezer alarm", "--impact", "none expected", "--user", "olga", "--password-stdin", "--db", db);
        Assert.True(entered.ExitCode == 0, entered.StdErr);
        var kept = StromaProcess.RunIn(_dir.Path, "demo", "--out", "demo-out", "--events", "100");
        Assert.Equal(1, kept.ExitCode);
        Assert.Contains("holds data entered after the demo was built", kept.StdErr + kept.StdOut, StringComparison.Ordinal);
        Assert.Contains("freezer alarm", StromaProcess.Run("deviation", "list", "--db", db).StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_refuses_to_start_without_users_and_says_how_to_create_the_first_admin()
    {
        var r = StromaProcess.Run("serve", "--db", _dir.File("empty.db"), "--urls", "http://127.0.0.1:0");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("--create-admin NAME --password-stdin", r.StdErr, StringComparison.Ordinal);
    }
}

using System.Text.Json;
using Stroma.Testing;
using Stroma.Trials.Extraction;
using Xunit;

namespace Stroma.Cli.Tests.Commands;

/// <summary><c>stroma trials review</c> and <c>export-curation</c> through the real command, on an SQLite file.</summary>
public sealed class TrialsCurationCommandTests : IDisposable
{
    private const string Trial = "NCT90000001";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Data", "formats", name);

    private string Db => _dir.File("stroma.db");

    private const string AdminPassword = "admin-of-the-lab-5";
    private const string OperatorPassword = "bench-operator-7";
    private bool _users;

    private Dictionary<string, string> Env => new() { ["STROMA_TOKEN_FILE"] = _dir.File("token") };

    // Decisions are writes: "--user olga" gets her password on standard input (--password-stdin), and the database
    // gets its first Admin and olga (an Operator) before the first write.
    private StromaProcess.Result Run(params string[] args)
    {
        if (!args.Contains("--user")) return StromaProcess.RunWithEnvironment(_dir.Path, null, Env, [.. args, "--db", Db]);
        if (!_users)
        {
            Assert.Equal(0, StromaProcess.RunWithEnvironment(_dir.Path, AdminPassword + "\n", Env,
                "user", "add", "ada", "--role", "Admin", "--password-stdin", "--db", Db).ExitCode);
            var olga = StromaProcess.RunWithEnvironment(_dir.Path, $"{AdminPassword}\n{OperatorPassword}\n", Env,
                "user", "add", "olga", "--role", "Operator", "--password-stdin", "--user", "ada", "--db", Db);
            Assert.True(olga.ExitCode == 0, olga.StdErr);
            _users = true;
        }
        return StromaProcess.RunWithEnvironment(_dir.Path, OperatorPassword + "\n", Env, [.. args, "--password-stdin", "--db", Db]);
    }

    private JsonElement Show(string snapshot)
    {
        var r = Run("trials", "review", "show", Trial, snapshot, "--json");
        Assert.True(r.ExitCode == 0, r.StdErr);
        return JsonDocument.Parse(r.StdOut).RootElement;
    }

    private static JsonElement Field(JsonElement trial, string field) =>
        trial.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("field").GetString() == field);

    [Fact]
    public void The_queue_lists_open_trials_least_certain_first_with_a_confidence_each()
    {
        var r = Run("trials", "review", "list", Fixture("v2-page.json"), "--json");
        Assert.Equal(0, r.ExitCode);
        var queue = JsonDocument.Parse(r.StdOut).RootElement.GetProperty("queue").EnumerateArray().ToList();
        Assert.NotEmpty(queue);
        var scores = queue.Select(q => q.GetProperty("leastCertain").GetDouble()).ToList();
        Assert.Equal(scores.Order(), scores);
        Assert.All(queue, q => Assert.Equal(10, q.GetProperty("open").GetInt32()));
    }

    [Fact]
    public void Accepting_and_correcting_store_decisions_that_show_and_the_landscape_tables_use()
    {
        var snapshot = Fixture("v2-study.json");
        var accept = Run("trials", "review", "accept", Trial, snapshot, "--field", "tissue_source", "match", "--user", "olga");
        Assert.True(accept.ExitCode == 0, accept.StdErr);
        var correct = Run("trials", "review", "correct", Trial, snapshot, "--field", "route", "--value", "intralesional",
            "--reason", "the cells go into the lesion", "--user", "olga", "--json");
        Assert.True(correct.ExitCode == 0, correct.StdErr);
        Assert.Contains("\"decidedBy\": \"olga\"", correct.StdOut, StringComparison.Ordinal);

        var shown = Show(snapshot);
        Assert.Equal("reviewed", Field(shown, "route").GetProperty("state").GetString());
        Assert.Equal("intralesional", Field(shown, "route").GetProperty("current").GetString());
        Assert.Equal("pending", Field(shown, "dose").GetProperty("state").GetString());
        Assert.Equal(7, shown.GetProperty("open").GetInt32());

        var tables = _dir.File("tables");
        Assert.Equal(0, Run("trials", "landscape", snapshot, "--curated", "--format", "csv", "--out", tables).ExitCode);
        var row = File.ReadAllLines(Path.Combine(tables, "table1-cells.csv"))[1];
        Assert.Contains(",intralesional,", row, StringComparison.Ordinal);
        Assert.EndsWith("Cell Source; Match; Route", row, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("route", "intravenously", "a reason", "route 'intravenously': expected one of intravenous")]
    [InlineData("dose", "5e7 cells/kg", "a reason", "unit one of cells_per_kg")]
    [InlineData("evidence", "x", "a reason", "evidence: expected one of msc_intervention")]
    [InlineData("route", "intralesional", " ", "a reason for the correction")]
    public void A_value_outside_the_vocabulary_or_a_blank_reason_is_refused_with_exit_code_1(string field, string value, string reason, string message)
    {
        var r = Run("trials", "review", "correct", Trial, Fixture("v2-study.json"), "--field", field, "--value", value, "--reason", reason, "--user", "olga");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains(message, r.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_correction_needs_a_reason_on_the_command_line()
    {
        var r = Run("trials", "review", "correct", Trial, Fixture("v2-study.json"), "--field", "route", "--value", "intralesional");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("--reason", r.StdErr + r.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_trial_is_named_in_the_error()
    {
        var r = Run("trials", "review", "show", "NCT99999999", Fixture("v2-study.json"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("NCT99999999", r.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_snapshot_reuses_decisions_for_an_unchanged_record_and_queues_a_changed_one_again()
    {
        var snapshot = Fixture("v2-study.json");
        Assert.Equal(0, Run("trials", "review", "accept", Trial, snapshot, "--field", "route", "--user", "olga").ExitCode);
        var same = _dir.File("same.json");
        // Another download of the same record: its status changed, its text did not.
        File.WriteAllText(same, File.ReadAllText(snapshot).Replace("ACTIVE_NOT_RECRUITING", "COMPLETED", StringComparison.Ordinal));
        Assert.Equal("reviewed", Field(Show(same), "route").GetProperty("state").GetString());
        var changed = _dir.File("changed.json");
        File.WriteAllText(changed, File.ReadAllText(snapshot).Replace("in 3 mL.", "in 3 mL, repeated after 6 months.", StringComparison.Ordinal));
        var shown = Show(changed);
        Assert.Equal("changed", Field(shown, "route").GetProperty("state").GetString());
        Assert.Equal(10, shown.GetProperty("open").GetInt32());
    }

    [Fact]
    public void The_curation_export_is_a_gold_file_that_trials_score_reads()
    {
        var snapshot = Fixture("v2-study.json");
        Assert.Equal(0, Run("trials", "review", "accept", Trial, snapshot, "--user", "olga", "--field",
            "msc_intervention", "product", "tissue_source", "match", "dose", "dose_count", "passage", "priming", "engineered").ExitCode);
        Assert.Equal(0, Run("trials", "review", "correct", Trial, snapshot, "--field", "route", "--value", "intralesional",
            "--reason", "checked against the protocol", "--user", "olga").ExitCode);
        var gold = _dir.File("curated.csv");
        var export = Run("trials", "export-curation", "--out", gold);
        Assert.True(export.ExitCode == 0, export.StdErr);
        Assert.Contains("1 reviewed trials", export.StdErr, StringComparison.Ordinal);
        Assert.Equal(string.Join(',', GoldStandard.Columns), File.ReadLines(gold).First().TrimStart('\uFEFF'));

        var score = StromaProcess.Run("trials", "score", snapshot, "--gold", gold, "--json");
        Assert.Equal(0, score.ExitCode);
        var fields = JsonDocument.Parse(score.StdOut).RootElement.GetProperty("fields").EnumerateArray()
            .ToDictionary(f => f.GetProperty("field").GetString()!, f => f.GetProperty("accuracy").GetDouble());
        Assert.Equal(0, fields["route"]);
        Assert.Equal(1, fields["dose"]);
        Assert.Equal(1, fields["tissue_source"]);
    }

    [Fact]
    public void An_incomplete_review_is_left_out_of_the_export_with_a_warning()
    {
        Assert.Equal(0, Run("trials", "review", "accept", Trial, Fixture("v2-study.json"), "--field", "route", "--user", "olga").ExitCode);
        var gold = _dir.File("curated.csv");
        var export = Run("trials", "export-curation", "--out", gold);
        Assert.Equal(0, export.ExitCode);
        Assert.Contains("1 trials left out", export.StdErr, StringComparison.Ordinal);
        Assert.Single(File.ReadAllLines(gold));
    }
}

using System.Text.Json;
using Stroma.Storage;
using Stroma.Storage.Tests;
using Stroma.Testing;
using Xunit;

namespace Stroma.Cli.Tests.Commands;

/// <summary>The scenario on SQLite: always.</summary>
public sealed class SqliteManufacturingCommandTests : ManufacturingCommandTests<SqliteProvider>;

/// <summary>The scenario on PostgreSQL: when STROMA_PG is set.</summary>
public sealed class PostgresManufacturingCommandTests : ManufacturingCommandTests<PostgresProvider>;

/// <summary>
/// The manufacturing and release contract, run through the real <c>stroma</c> process: donor → lot → passages with PD →
/// priming → identity → results → signed release → certificate → audit verify; refusals leave the database unchanged.
/// </summary>
public abstract class ManufacturingCommandTests<TProvider> : IDisposable where TProvider : ITestDatabaseProvider
{
    private const string OperatorPassword = "bench-operator-7";
    private const string QaPassword = "quality-assured-3";
    private readonly TempDirectory _dir = new();
    private readonly Lazy<TestDatabase> _database = new(TProvider.Create);

    public void Dispose()
    {
        if (_database.IsValueCreated) _database.Value.Dispose();
        _dir.Dispose();
        GC.SuppressFinalize(this);
    }

    private const string AdminPassword = "admin-of-the-lab-5";
    private static readonly Dictionary<string, string> Passwords = new(StringComparer.Ordinal)
    {
        ["ada"] = AdminPassword, ["olga"] = OperatorPassword, ["quentin"] = QaPassword, ["rita"] = "second-qa-pass-1", ["mallory"] = "not-a-user-pass",
    };

    // Writes prove who runs them: "--user NAME" gets NAME's password on standard input (--password-stdin).
    private StromaProcess.Result Stroma(params string[] args)
    {
        var at = Array.IndexOf(args, "--user");
        if (at >= 0 && args[0] != "user" && !(args[0] == "release" && args[1] == "sign") && !args.Contains("--password-stdin"))
            return StromaProcess.RunWithInput(_dir.Path, Passwords[args[at + 1]] + "\n", [.. args, "--password-stdin", "--db", _database.Value.Connection]);
        return StromaProcess.RunIn(_dir.Path, [.. args, "--db", _database.Value.Connection]);
    }

    private StromaProcess.Result StromaWithInput(string input, params string[] args) => StromaProcess.RunWithInput(_dir.Path, input, [.. args, "--db", _database.Value.Connection]);

    private StromaProcess.Result Ok(params string[] args)
    {
        var r = Stroma(args);
        Assert.True(r.ExitCode == 0, $"stroma {string.Join(' ', args)} exited {r.ExitCode}: {r.StdErr}{r.StdOut}");
        return r;
    }

    private static JsonElement Json(StromaProcess.Result r) => JsonDocument.Parse(r.StdOut).RootElement;

    private long AuditRows() => Json(Ok("audit", "verify", "--json")).GetProperty("rows").GetInt64();

    private void Setup()
    {
        // First run: the first user is an Admin (bootstrap); the Admin adds everyone else.
        Assert.Equal(0, StromaWithInput(AdminPassword + "\n", "user", "add", "ada", "--role", "Admin", "--password-stdin").ExitCode);
        AddUser("olga", "Operator");
        AddUser("quentin", "QA", "--full-name", "Quentin Q.");
        Ok("donor", "add", "D-001", "--type", "allogeneic", "--age", "34", "--sex", "female", "--consent", "--consent-date", "2026-01-05",
            "--screen", "HIV-1/2=negative", "--screen", "HBsAg=negative", "--screen", "anti-HBc=negative", "--screen", "anti-HCV=negative",
            "--screen", "syphilis=negative", "--user", "olga");
        Ok("lot", "create", "PC-001", "--kind", "primary_culture", "--donor", "D-001", "--source", "adipose", "--isolation", "enzymatic_digestion", "--user", "olga");
        var p1 = Json(Ok("lot", "passage", "PC-001", "--supplement", "hpl", "--system", "2d", "--seeded", "1e6", "--harvested", "8e6", "--days", "7", "--viability", "95", "--date", "2026-01-12", "--user", "olga", "--json"));
        Assert.Equal(3, p1.GetProperty("passage").GetProperty("doublings").GetDouble(), 9);
        Assert.Equal(56, p1.GetProperty("passage").GetProperty("doublingTimeHours").GetDouble(), 9);
        Ok("lot", "create", "MCB-001", "--kind", "mcb", "--parent", "PC-001", "--user", "olga");
        Ok("lot", "passage", "MCB-001", "--system", "2d", "--seeded", "2e6", "--harvested", "3.2e7", "--days", "6", "--supplement", "hpl", "--o2", "5", "--user", "olga");
        Ok("lot", "freeze", "MCB-001", "--vials", "10", "--cells-per-vial", "3e6", "--viability-before", "94", "--user", "olga");
        Ok("lot", "create", "DP-001", "--kind", "drug_product", "--parent", "MCB-001", "--din", "G123498654321H", "--user", "olga");
        Ok("lot", "thaw", "MCB-001", "--vials", "1", "--viability-after", "88", "--user", "olga");
        Ok("lot", "passage", "DP-001", "--supplement", "hpl", "--seeded", "3e6", "--harvested", "1.2e8", "--days", "8", "--system", "bioreactor", "--user", "olga");
        Ok("lot", "prime", "DP-001", "--agent", "IFN-γ", "--dose", "25", "--dose-unit", "ng/mL", "--hours", "48", "--user", "olga");
        Ok("release", "spec", "DP-001", "--route", "intravenous", "--weight", "70", "--dose", "1e6", "--unit", "cells_per_kg", "--volume-ml", "50", "--user", "olga");
    }

    private void AddUser(string name, string role, params string[] more)
    {
        var r = StromaWithInput($"{AdminPassword}\n{Passwords[name]}\n", ["user", "add", name, "--role", role, "--password-stdin", "--user", "ada", .. more]);
        Assert.True(r.ExitCode == 0, r.StdErr);
    }

    private void EnterResults(string viability)
    {
        var fcs = Path.Combine(_dir.Path, "fcs");
        Assert.Equal(0, StromaProcess.Run("synth", "msc-panel", "--out", fcs, "--events", "4000", "--seed", "5").ExitCode);
        var identity = Json(Ok("release", "result", "DP-001", "identity", "--stained", Path.Combine(fcs, "stained.fcs"), "--control", Path.Combine(fcs, "isotype.fcs"), "--user", "olga", "--json"));
        Assert.Contains(identity.GetProperty("results").EnumerateArray(), r => r.GetProperty("test").GetString() == "identity" && r.GetProperty("text").GetString() == "pass");
        Ok("release", "result", "DP-001", "viability", viability, "--unit", "%", "--user", "olga");
        Ok("release", "result", "DP-001", "sterility", "no", "growth", "--user", "olga");
        Ok("release", "result", "DP-001", "mycoplasma", "not detected", "--user", "olga");
        Ok("release", "result", "DP-001", "endotoxin", "0.5", "--unit", "EU/mL", "--user", "olga");
        Ok("release", "result", "DP-001", "karyotype", "normal", "--user", "olga");
    }

    [Fact]
    public void The_full_scenario_runs_from_donor_to_a_signed_release_certificate_and_a_verified_audit_trail()
    {
        Setup();
        var lot = Json(Ok("lot", "show", "DP-001", "--json"));
        Assert.Equal(3 + 4 + Math.Log2(40), lot.GetProperty("cumulativePd").GetDouble(), 9);
        Assert.Equal("allogeneic human adipose-derived mesenchymal stromal cells", lot.GetProperty("label").GetString());
        Assert.Equal(["PC-001", "MCB-001", "DP-001"], lot.GetProperty("lineage").EnumerateArray().Select(l => l.GetProperty("code").GetString()));
        Assert.Equal("ifn-gamma", lot.GetProperty("priming")[0].GetProperty("agent").GetString());
        Assert.Equal(9, Json(Ok("lot", "show", "MCB-001", "--json")).GetProperty("vialsInStock").GetInt32());

        EnterResults("92");
        var show = Json(Ok("release", "show", "DP-001", "--json"));
        Assert.True(show.GetProperty("releasable").GetBoolean());

        var notQa = StromaWithInput(OperatorPassword + "\n", "release", "sign", "DP-001", "--user", "olga", "--password-stdin", "--reason", "ok");
        Assert.Equal(1, notQa.ExitCode);
        Assert.Contains("QA role", notQa.StdErr, StringComparison.Ordinal);
        var wrongPassword = StromaWithInput("guess-guess-guess\n", "release", "sign", "DP-001", "--user", "quentin", "--password-stdin", "--reason", "ok");
        Assert.Equal(1, wrongPassword.ExitCode);
        Assert.Contains("password not accepted", wrongPassword.StdErr, StringComparison.Ordinal);
        var signed = StromaWithInput(QaPassword + "\n", "release", "sign", "DP-001", "--user", "quentin", "--password-stdin",
            "--meaning", "approved for release", "--reason", "all release tests within specification", "--json");
        Assert.True(signed.ExitCode == 0, signed.StdErr);
        Assert.Equal("released", Json(signed).GetProperty("disposition").GetString());

        var coa = Json(Ok("release", "coa", "DP-001", "--out", "DP-001-coa.html", "--pdf", "DP-001-coa.pdf", "--json"));
        var html = File.ReadAllText(coa.GetProperty("html").GetString()!);
        Assert.Contains("RELEASED", html, StringComparison.Ordinal);
        Assert.Contains("allogeneic human adipose-derived mesenchymal stromal cells", html, StringComparison.Ordinal);
        Assert.Contains("G1234 98 654321 H", html, StringComparison.Ordinal);
        Assert.Contains("<td>Quentin Q.</td><td>quentin</td>", html, StringComparison.Ordinal); // 21 CFR 11.50: printed name beside the user
        Assert.Contains(" UTC</td>", html, StringComparison.Ordinal); // signing time with its time zone
        Assert.Contains("data:image/png;base64,", html, StringComparison.Ordinal); // identity plots re-computed from unchanged inputs
        if (Pdf.Available) Assert.True(new FileInfo(coa.GetProperty("pdf").GetString()!).Length > 10_000);

        var audit = Json(Ok("audit", "verify", "--json"));
        Assert.True(audit.GetProperty("intact").GetBoolean());
        Assert.Equal(coa.GetProperty("auditHash").GetString(), audit.GetProperty("lastHash").GetString());
        Assert.Contains(audit.GetProperty("lastHash").GetString()!, html, StringComparison.Ordinal);
        Assert.Equal("released", Json(Ok("lot", "show", "DP-001", "--json")).GetProperty("status").GetString());

        var plan = Json(Ok("dose", "plan", "--weight", "70", "--dose", "1e6", "--unit", "cells_per_kg", "--doses", "2", "--route", "intravenous", "--lot", "DP-001", "--json"));
        Assert.Equal(1.4e8, plan.GetProperty("totalCells").GetDouble(), 3);
        Assert.Equal("DP-001", plan.GetProperty("options")[0].GetProperty("lot").GetString());
        Assert.Equal("MCB-001", plan.GetProperty("options")[1].GetProperty("lot").GetString());
    }

    [Fact]
    public void A_failed_specification_blocks_release_and_the_person_who_entered_results_cannot_sign()
    {
        Setup();
        AddUser("rita", "QA");
        EnterResults("61");
        var before = AuditRows();
        var blocked = StromaWithInput(QaPassword + "\n", "release", "sign", "DP-001", "--user", "quentin", "--password-stdin", "--reason", "ok");
        Assert.Equal(1, blocked.ExitCode);
        Assert.Contains("viability 61 % is out of specification (≥ 70 %)", blocked.StdErr, StringComparison.Ordinal);
        // A retest is a new revision and needs a reason; the OOS result stays on record under its investigation.
        Ok("release", "result", "DP-001", "viability", "75", "--unit", "%", "--reason", "retest on a fresh vial", "--user", "rita");
        var afterRetest = AuditRows();
        var ownResults = StromaWithInput("second-qa-pass-1\n", "release", "sign", "DP-001", "--user", "rita", "--password-stdin", "--reason", "ok");
        Assert.Equal(1, ownResults.ExitCode);
        Assert.Contains("Four-eyes", ownResults.StdErr, StringComparison.Ordinal);
        // 21 CFR 211.192: the OOS investigation is completed before the lot can be released.
        var open = StromaWithInput(QaPassword + "\n", "release", "sign", "DP-001", "--user", "quentin", "--password-stdin", "--reason", "re-tested viability within specification");
        Assert.Equal(1, open.ExitCode);
        Assert.Contains("OOS investigation #", open.StdErr, StringComparison.Ordinal);
        Assert.Equal(afterRetest, AuditRows()); // refused signatures record nothing
    }

    [Fact]
    public void Bad_input_gives_a_clear_error_and_leaves_the_database_unchanged()
    {
        Setup();
        var before = AuditRows();
        (string[] Args, string Message)[] cases =
        [
            (["lot", "passage", "DP-001", "--supplement", "hpl", "--system", "2d", "--seeded", "0", "--harvested", "1e6"], "Seeded cells must be a positive number"),
            (["lot", "passage", "NOPE-1", "--supplement", "hpl", "--system", "2d", "--seeded", "1e6", "--harvested", "2e6"], "lot 'NOPE-1' does not exist"),
            (["lot", "passage", "DP-001", "--system", "2d", "--seeded", "1e6", "--harvested", "2e6", "--supplement", "milk"], "Medium supplement 'milk' is not recognised"),
            (["lot", "create", "WCB-9", "--kind", "wcb", "--parent", "DP-001"], "cannot be derived from DP-001"),
            (["lot", "create", "DP-002", "--kind", "dp", "--parent", "MCB-001", "--din", "G123498654321X"], "check character 'X' is wrong"),
            (["lot", "thaw", "MCB-001", "--vials", "50"], "9 vials in stock"),
            (["lot", "passage", "DP-001", "--supplement", "hpl", "--system", "2d", "--seeded", "1e6", "--harvested", "2e6", "--date", "12/01/2026"], "YYYY-MM-DD"),
            (["release", "result", "DP-001", "viability", "92", "--unit", "cells", "--user", "olga"], "does not match the specification unit '%'"),
            (["release", "result", "DP-001", "viability", "92", "--unit", "%", "--user", "mallory"], "user name or password not accepted"),
            (["release", "spec", "DP-001", "--route", "topical", "--weight", "70", "--dose", "1e6"], "sets no threshold pyrogenic dose K"),
            (["donor", "add", "D-001", "--type", "allogeneic", "--consent"], "Donor 'D-001' already exists"),
            (["user", "add", "eve", "--role", "QA"], "--password-stdin"),
            (["lot", "correct", "MCB-001", "--passage", "1", "--field", "harvested_cells", "--value", "1e5", "--reason", "typo"], "at least the 2000000 cells seeded"),
            (["lot", "correct", "MCB-001", "--passage", "1", "--field", "harvested_cells", "--value", "4e7", "--reason", " "], "a correction needs a reason"),
            (["donor", "correct", "D-001", "--field", "eye_colour", "--value", "x", "--reason", "why"], "cannot be corrected; use one of"),
        ];
        foreach (var (args, message) in cases)
        {
            var r = Stroma(args[0] is "lot" or "release" or "donor" && !args.Contains("--user") ? [.. args, "--user", "olga"] : args);
            Assert.True(r.ExitCode == 1, $"stroma {string.Join(' ', args)} should fail: {r.StdOut}");
            Assert.Contains(message, r.StdErr, StringComparison.Ordinal);
        }
        var weak = StromaWithInput($"{AdminPassword}\nshort\n", "user", "add", "eve", "--role", "QA", "--password-stdin", "--user", "ada");
        Assert.Equal(1, weak.ExitCode);
        Assert.Contains("at least 10 characters", weak.StdErr, StringComparison.Ordinal);
        Assert.Equal(before, AuditRows());
        Assert.Single(Json(Ok("lot", "show", "DP-001", "--json")).GetProperty("passages").EnumerateArray());
    }

    [Fact]
    public void Corrections_keep_the_old_value_in_the_history_and_a_donor_without_a_complete_determination_gives_no_lot()
    {
        Setup();
        var corrected = Ok("lot", "correct", "MCB-001", "--passage", "1", "--field", "harvested_cells", "--value", "6.4e7",
            "--reason", "hemocytometer squares miscounted", "--user", "olga");
        Assert.Contains("32000000 → 64000000", corrected.StdOut, StringComparison.Ordinal);
        var lot = Json(Ok("lot", "show", "MCB-001", "--json"));
        var correction = Assert.Single(lot.GetProperty("corrections").EnumerateArray());
        Assert.Equal(("32000000", "64000000", "olga"), (correction.GetProperty("oldValue").GetString(), correction.GetProperty("newValue").GetString(),
            correction.GetProperty("correctedBy").GetString()));
        Assert.Equal(6.4e7, lot.GetProperty("passages")[0].GetProperty("harvestedCells").GetDouble());
        Assert.Equal(5, lot.GetProperty("passages")[0].GetProperty("doublings").GetDouble(), 9);
        Assert.Contains("hemocytometer squares miscounted", Ok("lot", "show", "MCB-001").StdOut, StringComparison.Ordinal);

        Ok("donor", "correct", "D-001", "--field", "age_years", "--value", "35", "--reason", "date of birth misread", "--user", "olga");
        var donor = Ok("donor", "show", "D-001").StdOut;
        Assert.Contains("34 → 35", donor, StringComparison.Ordinal);
        Assert.Contains("eligibility: eligible", donor, StringComparison.Ordinal);
        Assert.Equal(0, Stroma("audit", "verify").ExitCode);

        Ok("donor", "add", "D-002", "--type", "allogeneic", "--consent", "--screen", "HIV-1/2=negative", "--user", "olga");
        var refused = Stroma("lot", "create", "PC-002", "--kind", "primary_culture", "--donor", "D-002", "--source", "adipose",
            "--isolation", "explant", "--user", "olga");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("eligibility determination is incomplete", refused.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", refused.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_verify_names_rows_edited_or_deleted_with_raw_sql()
    {
        Setup();
        await using (var db = StromaDatabase.Create(_database.Value.Connection))
            await TestDatabase.TamperAsync(db, "UPDATE \"AuditEntries\" SET \"Actor\" = 'mallory' WHERE \"Sequence\" = 6", "DELETE FROM \"AuditEntries\" WHERE \"Sequence\" = 9");
        var r = Stroma("audit", "verify");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("audit row 6 (", r.StdErr, StringComparison.Ordinal);
        Assert.Contains("was edited", r.StdErr, StringComparison.Ordinal);
        Assert.Contains("audit row 9 is missing (deleted)", r.StdErr, StringComparison.Ordinal);
        var json = Json(Stroma("audit", "verify", "--json"));
        Assert.False(json.GetProperty("intact").GetBoolean());
        var chain = json.GetProperty("problems").EnumerateArray().Where(p => p.GetProperty("kind").GetString() is "edited" or "deleted");
        Assert.Equal([6L, 9L], chain.Select(p => p.GetProperty("sequence").GetInt64()));
    }

    [Fact]
    public async Task Two_processes_writing_at_once_lose_no_update()
    {
        Setup();
        var writers = Enumerable.Range(0, 2).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < 3; i++)
            {
                var r = Stroma("lot", "passage", "MCB-001", "--supplement", "hpl", "--system", "2d", "--seeded", "1e6", "--harvested", "2e6", "--user", w == 0 ? "olga" : "quentin");
                Assert.True(r.ExitCode == 0, r.StdErr);
            }
        }, TestContext.Current.CancellationToken)).ToArray();
        await Task.WhenAll(writers);
        var passages = Json(Ok("lot", "show", "MCB-001", "--json")).GetProperty("passages").EnumerateArray().Select(p => p.GetProperty("number").GetInt32()).ToArray();
        Assert.Equal(Enumerable.Range(1, 7), passages.Order());
        Assert.True(Json(Ok("audit", "verify", "--json")).GetProperty("intact").GetBoolean());
    }
}

/// <summary>The database-free commands: ISBT 128 and dose planning.</summary>
public sealed class IsbtAndDoseCommandTests
{
    [Fact]
    public void Isbt_din_prints_the_din_with_its_check_character_and_check_validates_it()
    {
        var din = StromaProcess.Run("isbt", "din", "--facility", "G1234", "--year", "98", "--serial", "654321");
        Assert.Equal(0, din.ExitCode);
        Assert.Equal("G123498654321H", din.StdOut.Trim());
        Assert.Equal(0, StromaProcess.Run("isbt", "check", "G123498654321H").ExitCode);
        Assert.Equal(0, StromaProcess.Run("isbt", "check", "G1234 98 654321 H").ExitCode);
        var bad = StromaProcess.Run("isbt", "check", "G123498654321Y");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("ISO 7064 MOD 37-2 gives 'H'", bad.StdErr, StringComparison.Ordinal);
        var badFacility = StromaProcess.Run("isbt", "din", "--facility", "O1234", "--year", "26", "--serial", "1");
        Assert.Equal(1, badFacility.ExitCode);
        Assert.Contains("Facility identification number", badFacility.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void Isbt_label_writes_html_with_a_code_128_barcode()
    {
        using var dir = new TempDirectory();
        var r = StromaProcess.Run("isbt", "label", "G123498654321H", "--out", dir.File("label.html"), "--product", "allogeneic human adipose-derived MSC");
        Assert.Equal(0, r.ExitCode);
        var html = File.ReadAllText(dir.File("label.html"));
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("=G12349865432100", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Dose_plan_json_gives_cells_needed_and_the_endotoxin_limit()
    {
        var r = StromaProcess.Run("dose", "plan", "--weight", "20", "--dose", "2e6", "--unit", "cells_per_kg", "--doses", "3", "--route", "intrathecal", "--volume-ml", "5", "--json");
        Assert.Equal(0, r.ExitCode);
        var json = JsonDocument.Parse(r.StdOut).RootElement;
        Assert.Equal(4e7, json.GetProperty("cellsPerDose").GetDouble());
        Assert.Equal(1.2e8, json.GetProperty("totalCells").GetDouble());
        var endotoxin = json.GetProperty("endotoxin");
        Assert.Equal(0.2, endotoxin.GetProperty("k").GetDouble());
        Assert.Equal(4, endotoxin.GetProperty("perDoseEu").GetDouble(), 9);
        Assert.Equal(0.8, endotoxin.GetProperty("perMl").GetDouble(), 9);
        var bad = StromaProcess.Run("dose", "plan", "--weight", "20", "--dose", "2e6", "--unit", "per-gram", "--doses", "1", "--route", "iv");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("Dose unit 'per-gram' is not recognised", bad.StdErr, StringComparison.Ordinal);
    }
}

internal static class Pdf
{
    public static bool Available => File.Exists(Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } p ? p : "/usr/bin/chromium");
}

using System.Text.Json;
using Stroma.Testing;
using Xunit;

namespace Stroma.Cli.Tests.Commands;

/// <summary>
/// Authenticated writers on the command line (21 CFR 11.10(d), 11.300; EU GMP Annex 11 §12): writes need the user's
/// password on standard input or a `stroma login` sign-in; user management needs an Admin; failed entries lock out.
/// </summary>
public sealed class CliAuthCommandTests : IDisposable
{
    private const string Admin = "admin-of-the-lab-5";
    private const string Operator = "bench-operator-7";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private Dictionary<string, string> Env => new() { ["STROMA_TOKEN_FILE"] = _dir.File("token") };

    private StromaProcess.Result Run(string? input, params string[] args) =>
        StromaProcess.RunWithEnvironment(_dir.Path, input, Env, [.. args, "--db", _dir.File("stroma.db")]);

    private void Setup()
    {
        Assert.Equal(0, Run(Admin + "\n", "user", "add", "ada", "--role", "Admin", "--password-stdin").ExitCode);
        var olga = Run($"{Admin}\n{Operator}\n", "user", "add", "olga", "--role", "Operator", "--password-stdin", "--user", "ada");
        Assert.True(olga.ExitCode == 0, olga.StdErr);
        Assert.Equal(0, Run($"{Admin}\nviewer-pass-99\n", "user", "add", "vera", "--role", "Viewer", "--password-stdin", "--user", "ada").ExitCode);
    }

    private static readonly string[] Donor = ["donor", "add", "D-9", "--type", "allogeneic", "--consent"];

    [Fact]
    public void A_write_without_credentials_or_with_a_wrong_password_or_unknown_user_is_refused_and_nothing_is_saved()
    {
        Setup();
        var none = Run(null, Donor);
        Assert.Equal(1, none.ExitCode);
        Assert.Contains("needs your credentials", none.StdErr, StringComparison.Ordinal);
        var nameOnly = Run(null, [.. Donor, "--user", "olga"]);
        Assert.Equal(1, nameOnly.ExitCode);
        var wrong = Run("not-her-password\n", [.. Donor, "--user", "olga", "--password-stdin"]);
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("user name or password not accepted", wrong.StdErr, StringComparison.Ordinal);
        var unknown = Run("whatever-pass-1\n", [.. Donor, "--user", "nobody", "--password-stdin"]);
        Assert.Equal(wrong.StdErr.Replace("olga", "nobody", StringComparison.Ordinal), unknown.StdErr); // reveals nothing about which names exist
        var viewer = Run("viewer-pass-99\n", [.. Donor, "--user", "vera", "--password-stdin"]);
        Assert.Equal(1, viewer.ExitCode);
        Assert.Contains("may not write records", viewer.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("D-9", Run(null, "donor", "list").StdOut, StringComparison.Ordinal);
        var ok = Run(Operator + "\n", [.. Donor, "--user", "olga", "--password-stdin"]);
        Assert.True(ok.ExitCode == 0, ok.StdErr);
    }

    [Fact]
    public void Login_gives_a_short_lived_sign_in_in_an_owner_only_file_that_logout_ends()
    {
        Setup();
        var login = Run(Operator + "\n", "login", "olga", "--password-stdin", "--hours", "1", "--json");
        Assert.True(login.ExitCode == 0, login.StdErr);
        Assert.Equal("olga", JsonDocument.Parse(login.StdOut).RootElement.GetProperty("user").GetString());
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_dir.File("token")));
        var write = Run(null, Donor);
        Assert.True(write.ExitCode == 0, write.StdErr);
        var audit = JsonDocument.Parse(Run(null, "audit", "list", "--entity", "Donor", "--json").StdOut).RootElement;
        Assert.Equal("olga", audit.GetProperty("rows")[0].GetProperty("actor").GetString());
        var other = Run(null, [.. Donor, "--user", "ada"]);
        Assert.Contains("signed in as olga", other.StdErr, StringComparison.Ordinal);
        File.WriteAllText(_dir.File("token"), File.ReadAllText(_dir.File("token")).Replace(" olga ", " ada ", StringComparison.Ordinal));
        Assert.Contains("no longer valid", Run(null, "donor", "add", "D-10", "--type", "allogeneic", "--consent").StdErr, StringComparison.Ordinal);
        Assert.Equal(0, Run(null, "logout").ExitCode);
        Assert.False(File.Exists(_dir.File("token")));
    }

    [Fact]
    public void User_management_needs_an_admin_and_disable_unlock_and_role_work()
    {
        Setup();
        var byOperator = Run($"{Operator}\nnew-user-pass-1\n", "user", "add", "eve", "--role", "QA", "--password-stdin", "--user", "olga");
        Assert.Equal(1, byOperator.ExitCode);
        Assert.Contains("needs an active Admin", byOperator.StdErr, StringComparison.Ordinal);
        Assert.Equal(1, Run(Operator + "\n", "user", "role", "olga", "--role", "Admin", "--user", "olga", "--password-stdin").ExitCode);

        Assert.Equal(0, Run(Admin + "\n", "user", "disable", "olga", "--user", "ada", "--password-stdin").ExitCode);
        Assert.Equal(1, Run(Operator + "\n", [.. Donor, "--user", "olga", "--password-stdin"]).ExitCode);
        Assert.Equal(0, Run(Admin + "\n", "user", "enable", "olga", "--user", "ada", "--password-stdin").ExitCode);
        Assert.Equal(0, Run(Admin + "\n", "user", "role", "olga", "--role", "Viewer", "--user", "ada", "--password-stdin").ExitCode);
        var users = JsonDocument.Parse(Run(null, "user", "list", "--json").StdOut).RootElement.GetProperty("users");
        Assert.Equal(["Viewer"], users.EnumerateArray().Single(u => u.GetProperty("userName").GetString() == "olga").GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public void Five_failed_password_entries_lock_the_account_are_audited_and_an_admin_unlocks_it()
    {
        Setup();
        for (var i = 0; i < 5; i++) Assert.Equal(1, Run("wrong-password-x\n", "login", "olga", "--password-stdin").ExitCode);
        var locked = Run(Operator + "\n", "login", "olga", "--password-stdin");
        Assert.Equal(1, locked.ExitCode); // the right password no longer opens a locked account
        var rows = JsonDocument.Parse(Run(null, "audit", "list", "--entity", "User", "--json").StdOut).RootElement.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal(5, rows.Count(r => r.GetProperty("reason").GetString() is { } reason && reason.StartsWith("failed password entry", StringComparison.Ordinal)
                                        || r.GetProperty("reason").GetString()?.StartsWith("account locked", StringComparison.Ordinal) == true));
        Assert.Equal(0, Run(Admin + "\n", "user", "unlock", "olga", "--user", "ada", "--password-stdin").ExitCode);
        Assert.Equal(0, Run(Operator + "\n", "login", "olga", "--password-stdin").ExitCode);
    }

    [Fact]
    public void Audit_checkpoint_writes_a_signed_checkpoint_that_verify_checks()
    {
        Setup();
        var file = _dir.File("trail.checkpoints");
        var written = Run(null, "audit", "checkpoint", "--checkpoints", file, "--json");
        Assert.True(written.ExitCode == 0, written.StdErr);
        var verify = JsonDocument.Parse(Run(null, "audit", "verify", "--checkpoints", file, "--json").StdOut).RootElement;
        Assert.True(verify.GetProperty("intact").GetBoolean());
        Assert.Equal(1, verify.GetProperty("checkpoints").GetInt32());
        File.WriteAllText(file, File.ReadAllText(file).Replace(" v1 ", " v1 ", StringComparison.Ordinal)[..^3] + "00\n");
        Assert.Equal(1, Run(null, "audit", "verify", "--checkpoints", file).ExitCode);
    }
}

using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Stroma.Manufacturing;
using Stroma.Manufacturing.Release;
using Xunit;

namespace Stroma.Web.Tests;

/// <summary>User text in reports stays text; uploads are checked and kept only when recorded; panels are ids; sign-in timing.</summary>
public sealed partial class InjectionAndUploadTests(WebAppFixture app)
{
    private const string Payload = "<script>alert(document.cookie)</script>";
    private const string Lot = "DP-BM-401";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_script_in_a_free_text_result_or_a_signature_reason_is_shown_as_text_on_the_certificate()
    {
        using var op = await app.SessionAsync("olga");
        // A qualitative result is an outcome of the vocabulary; the text after it is free, and carries the payload.
        using (var posted = await op.PostAsync($"/release/{Lot}?handler=Result",
                   [new("Test", Forms.Token(ReleaseTest.Karyotype)), new("Text", "abnormal " + Payload), new("Method", Payload)], await op.TokenAsync()))
            Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        using var qa = await app.SessionAsync("quentin");
        using (var signed = await qa.PostAsync($"/release/{Lot}?handler=Sign",
                   [new("Disposition", Forms.Token(Disposition.Rejected)), new("Reason", Payload), new("Password", app.Password("quentin"))], await qa.TokenAsync()))
        {
            Assert.Equal(HttpStatusCode.Redirect, signed.StatusCode);
            using var shown = await qa.GetAsync(signed.Headers.Location!.OriginalString);
            var page = await shown.Content.ReadAsStringAsync(Ct);
            Assert.Contains("Signed: lot", page, StringComparison.Ordinal);
            Assert.DoesNotContain(Payload, page, StringComparison.Ordinal);
        }
        using var viewer = await app.SessionAsync("vera");
        using var coa = await viewer.GetAsync($"/release/{Lot}/coa");
        var html = await coa.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.True(CountOf(html, WebUtility.HtmlEncode(Payload)) >= 2, "the payload is shown, encoded, as the result and as the reason");
        Assert.StartsWith("sandbox;", coa.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_channel_name_with_markup_in_an_uploaded_file_stays_text_in_the_sandboxed_report()
    {
        // Same length as "APC-A", so every offset in the file stays valid; changed in both tubes (and $SPILLOVER).
        var stained = Rename(File.ReadAllBytes(app.Tubes.Stained[0]), "APC-A", "<svg>");
        var control = Rename(File.ReadAllBytes(app.Tubes.Controls[0]), "APC-A", "<svg>");
        using var session = await app.SessionAsync("vera");
        using var response = await session.PostMultipartAsync("/identity", [new("Panel", "isct-2006"), new("Lot", "")],
            [("Stained", "<img src=x>.fcs", stained), ("Controls", "isotype.fcs", control)], await session.TokenAsync());
        var page = await response.Content.ReadAsStringAsync(Ct);
        var frame = ReportFrame().Match(page);
        Assert.True(frame.Success, "no report frame: " + Flash(page));
        Assert.Equal("", frame.Groups["sandbox"].Value);
        var report = WebUtility.HtmlDecode(frame.Groups["doc"].Value);
        Assert.Contains("&lt;svg&gt;", report, StringComparison.Ordinal);
        Assert.DoesNotContain("<svg>", report, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", report, StringComparison.Ordinal);
        Assert.DoesNotContain("<svg>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_panel_field_names_a_built_in_panel_and_is_never_opened_as_a_path()
    {
        var panelFile = Path.Combine(Path.GetTempPath(), $"stroma-panel-{Guid.NewGuid():N}.json");
        using (var resource = typeof(Stroma.Identity.Panels.IdentityPanel).Assembly.GetManifestResourceStream("Stroma.Identity.Data.isct-2006.json")!)
        using (var file = File.Create(panelFile)) resource.CopyTo(file);
        try
        {
            using var session = await app.SessionAsync("vera");
            using var response = await PostTubesAsync(session, panelFile);
            var page = await response.Content.ReadAsStringAsync(Ct);
            Assert.Contains("Unknown panel", Flash(page), StringComparison.Ordinal);
            Assert.DoesNotMatch(ReportFrame(), page);
        }
        finally
        {
            File.Delete(panelFile);
        }
    }

    [Fact]
    public async Task Uploads_of_an_analysis_that_is_not_recorded_are_deleted_and_files_that_are_not_fcs_are_refused()
    {
        using var session = await app.SessionAsync("vera");
        // Content of its own (other tests record the shared tubes on lots, and recorded files stay).
        var stained = Rename(File.ReadAllBytes(app.Tubes.Stained[0]), "synthetic", "Synthetic");
        var control = Rename(File.ReadAllBytes(app.Tubes.Controls[0]), "synthetic", "Synthetic");
        using (var analysed = await session.PostMultipartAsync("/identity", [new("Panel", "isct-2006"), new("Lot", "")],
                   [("Stained", "stained.fcs", stained), ("Controls", "isotype.fcs", control)], await session.TokenAsync()))
            Assert.Matches(ReportFrame(), await analysed.Content.ReadAsStringAsync(Ct));
        Assert.Empty(Kept(stained, control));

        var bytes = Encoding.ASCII.GetBytes("not a cytometry file at all, just words " + new string('x', 100));
        using (var wrongName = await session.PostMultipartAsync("/identity", [new("Panel", "isct-2006")],
                   [("Stained", "notes.txt", bytes), ("Controls", "isotype.fcs", control)], await session.TokenAsync()))
            Assert.Contains("is not an FCS file", Flash(await wrongName.Content.ReadAsStringAsync(Ct)), StringComparison.Ordinal);
        using (var wrongBytes = await session.PostMultipartAsync("/identity", [new("Panel", "isct-2006")],
                   [("Stained", "stained.fcs", bytes), ("Controls", "isotype.fcs", control)], await session.TokenAsync()))
            Assert.Contains("does not start with an FCS header", Flash(await wrongBytes.Content.ReadAsStringAsync(Ct)), StringComparison.Ordinal);
        Assert.Empty(Kept(stained, control, bytes));
        Assert.Empty(Directory.Exists(app.UploadFolder) ? Directory.GetFiles(app.UploadFolder, "*.tmp") : []);
    }

    [Fact]
    public async Task Sign_in_answers_an_unknown_user_as_slowly_as_a_wrong_password()
    {
        using var session = new Session(app.BaseUri);
        var token = await session.TokenAsync("/login");
        var known = new List<double>();
        var unknown = new List<double>();
        // Four wrong passwords stay below the lockout (five); interleaved so machine load hits both alike.
        for (var i = 0; i < 4; i++)
        {
            known.Add(await TimeAsync(session, WebAppFixture.TimingUser, token));
            unknown.Add(await TimeAsync(session, $"no-such-user-{i}", token));
        }
        var ratio = Median(unknown) / Median(known);
        // Without a dummy hash the unknown user answered in ~5% of the time (6 ms vs 117 ms).
        Assert.True(ratio > 0.5, $"unknown user {Median(unknown):0} ms vs wrong password {Median(known):0} ms");
    }

    [Fact]
    public async Task A_locked_account_and_an_unknown_user_name_get_the_same_answer()
    {
        using var session = new Session(app.BaseUri);
        var token = await session.TokenAsync("/login");
        var known = new List<string>();
        var unknown = new List<string>();
        // Five failures lock the account; the sixth attempt, even with the right password, meets the lock.
        for (var i = 0; i < 6; i++)
        {
            var password = i < 5 ? "wrong-password-123" : app.Password(WebAppFixture.LockoutUser);
            known.Add(await LoginErrorAsync(session, WebAppFixture.LockoutUser, password, token));
            unknown.Add(await LoginErrorAsync(session, "nobody-by-that-name", password, token));
        }
        Assert.Equal(known, unknown);
        Assert.All(known, m => Assert.Equal(System.Net.WebUtility.HtmlEncode(Stroma.Web.Pages.LoginModel.FailedSignIn), m));
    }

    private static async Task<string> LoginErrorAsync(Session session, string user, string password, string token)
    {
        using var response = await session.PostAsync("/login", [new("UserName", user), new("Password", password)], token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // still on the form: not signed in
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var match = LoginError().Match(html);
        Assert.True(match.Success, "no #login-error on the answer");
        return match.Groups[1].Value.Trim();
    }

    [System.Text.RegularExpressions.GeneratedRegex("id=\"login-error\"[^>]*>([^<]*)<")]
    private static partial System.Text.RegularExpressions.Regex LoginError();

    private Task<HttpResponseMessage> PostTubesAsync(Session session, string panel) => PostTubesCoreAsync(session, panel);

    private async Task<HttpResponseMessage> PostTubesCoreAsync(Session session, string panel) =>
        await session.PostMultipartAsync("/identity", [new("Panel", panel), new("Lot", "")],
            [("Stained", "stained.fcs", File.ReadAllBytes(app.Tubes.Stained[0])), ("Controls", "isotype.fcs", File.ReadAllBytes(app.Tubes.Controls[0]))],
            await session.TokenAsync());

    // Uploads are kept under the first 16 hex digits of their SHA-256.
    private string[] Kept(params byte[][] contents) => Directory.Exists(app.UploadFolder)
        ? contents.SelectMany(c => Directory.GetFiles(app.UploadFolder, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(c))[..16] + "-*")).ToArray()
        : [];

    private static async Task<double> TimeAsync(Session session, string user, string token)
    {
        var watch = Stopwatch.StartNew();
        using var response = await session.PostAsync("/login", [new("UserName", user), new("Password", "wrong-password-123")], token);
        watch.Stop();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static byte[] Rename(byte[] fcs, string from, string to)
    {
        // FCS 3.1 §3.1: TEXT begins and ends at the ASCII offsets in header bytes 10-17 and 18-25.
        var begin = int.Parse(Encoding.ASCII.GetString(fcs, 10, 8).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var end = int.Parse(Encoding.ASCII.GetString(fcs, 18, 8).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var text = Encoding.ASCII.GetString(fcs, begin, end - begin + 1).Replace(from, to, StringComparison.Ordinal);
        var copy = (byte[])fcs.Clone();
        Encoding.ASCII.GetBytes(text).CopyTo(copy, begin);
        return copy;
    }

    private static string Flash(string page) => FlashPattern().Match(page) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : "(no message)";

    private static int CountOf(string text, string part) => text.Split(part).Length - 1;

    [GeneratedRegex("<iframe[^>]*?sandbox=\"(?<sandbox>[^\"]*)\"[^>]*?srcdoc=\"(?<doc>[^\"]*)\"")]
    private static partial Regex ReportFrame();

    [GeneratedRegex("id=\"flash\">([^<]*)<")]
    private static partial Regex FlashPattern();
}

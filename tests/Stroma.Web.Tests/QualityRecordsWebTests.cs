using System.Net;
using System.Text.Json;
using Xunit;

namespace Stroma.Web.Tests;

/// <summary>Corrections, OOS investigations, deviations and quarantine through the web app, as each role does them.</summary>
public sealed class QualityRecordsWebTests(WebAppFixture app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<string> HtmlAsync(Session session, string path)
    {
        using var response = await session.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(Ct);
    }

    private static async Task<JsonElement[]> HistoryAsync(Session session, string lot, string name)
    {
        using var doc = JsonDocument.Parse(await HtmlAsync(session, $"/api/results/{lot}/history"));
        return doc.RootElement.EnumerateArray().Where(r => r.GetProperty("name").GetString() == name).Select(r => r.Clone()).ToArray();
    }

    [Fact]
    public async Task A_quarantined_lot_still_offers_result_entry_to_the_operator_and_the_sign_form_to_qa()
    {
        using var qa = await app.SessionAsync("quentin");
        using (var signed = await qa.PostAsync("/release/DP-UC-301?handler=Sign",
                   [new("Disposition", "quarantined"), new("Reason", "held while the identity investigation is open"), new("Password", app.Password("quentin"))],
                   await qa.TokenAsync("/release/DP-UC-301")))
        {
            // Post/Redirect/Get: the decision's message is shown once on the page the answer redirects to.
            Assert.True(signed.StatusCode == HttpStatusCode.Redirect, await signed.Content.ReadAsStringAsync(Ct));
            var shown = await HtmlAsync(qa, signed.Headers.Location!.OriginalString);
            Assert.Contains("Signed: lot DP-UC-301 quarantined", shown, StringComparison.Ordinal);
        }
        var qaPage = await HtmlAsync(qa, "/release/DP-UC-301");
        Assert.Contains("id=\"sign-form\"", qaPage, StringComparison.Ordinal);
        Assert.Contains("OOS investigation #", qaPage, StringComparison.Ordinal);
        using var op = await app.SessionAsync("olga");
        Assert.Contains("id=\"enter-result\"", await HtmlAsync(op, "/release/DP-UC-301"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Re_entering_a_result_without_a_reason_is_refused_and_a_correction_keeps_the_first_value_struck_through()
    {
        using var op = await app.SessionAsync("olga");
        var before = await HistoryAsync(op, "DP-UC-301", "viability");
        using (var refused = await op.PostAsync("/release/DP-UC-301?handler=Result",
                   [new("Test", "viability"), new("Value", "95"), new("Unit", "%")], await op.TokenAsync("/release/DP-UC-301")))
            Assert.Contains("needs a reason", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(before.Length, (await HistoryAsync(op, "DP-UC-301", "viability")).Length);

        using (var corrected = await op.PostAsync("/release/DP-UC-301?handler=Result",
                   [new("Test", "viability"), new("Value", "94"), new("Unit", "%"), new("Reason", "count repeated on a second chamber")],
                   await op.TokenAsync("/release/DP-UC-301")))
            Assert.Equal(HttpStatusCode.Redirect, corrected.StatusCode);
        var after = await HistoryAsync(op, "DP-UC-301", "viability");
        Assert.Equal(before.Length + 1, after.Length);
        Assert.False(after[0].GetProperty("inForce").GetBoolean());
        Assert.Equal("count repeated on a second chamber", after[^1].GetProperty("correctionReason").GetString());
        Assert.Equal(after.Length, after[^1].GetProperty("revision").GetInt32());
        var page = await HtmlAsync(op, "/release/DP-UC-301");
        Assert.Contains($"<del>{before[^1].GetProperty("value").GetDouble()}</del>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oos_result_under_investigation_stays_on_the_dashboard_and_blocks_the_sign_form()
    {
        using var qa = await app.SessionAsync("quentin");
        using var doc = JsonDocument.Parse(await HtmlAsync(qa, "/api/investigations?open=true&lot=DP-UC-301"));
        var open = Assert.Single(doc.RootElement.EnumerateArray());
        Assert.Equal("identity", open.GetProperty("name").GetString());
        var dashboard = await HtmlAsync(qa, "/");
        var oosTable = dashboard[dashboard.IndexOf("id=\"oos\"", StringComparison.Ordinal)..];
        oosTable = oosTable[..oosTable.IndexOf("</table>", StringComparison.Ordinal)];
        Assert.Contains("DP-UC-301", oosTable, StringComparison.Ordinal);
        var release = await HtmlAsync(qa, "/release/DP-UC-301");
        Assert.Contains($"OOS investigation #{open.GetProperty("id").GetInt32()}", release, StringComparison.Ordinal);
        Assert.Contains("id=\"release-blocked\"", release, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Closing_an_investigation_needs_the_qa_password_and_an_operator_gets_no_form()
    {
        using var qa = await app.SessionAsync("quentin");
        using var doc = JsonDocument.Parse(await HtmlAsync(qa, "/api/investigations?open=true&lot=DP-UC-301"));
        var id = doc.RootElement.EnumerateArray().First().GetProperty("id").GetInt32();
        using (var wrong = await qa.PostAsync($"/investigations/{id}?handler=Close",
                   [new("Finding", "no-assignable-cause"), new("Conclusion", "no error found"), new("Password", "not-the-password")],
                   await qa.TokenAsync($"/investigations/{id}")))
            Assert.Contains("Re-authentication failed", WebUtility.HtmlDecode(await wrong.Content.ReadAsStringAsync(Ct)), StringComparison.Ordinal);
        Assert.Contains(">open<", await HtmlAsync(qa, $"/investigations/{id}"), StringComparison.Ordinal);
        using var op = await app.SessionAsync("olga");
        var page = await HtmlAsync(op, $"/investigations/{id}");
        Assert.DoesNotContain("id=\"close-investigation\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"close-needs-qa\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_specifications_page_shows_each_version_with_its_approval_and_the_release_shows_the_version_in_force()
    {
        using var viewer = await app.SessionAsync("vera");
        var page = await HtmlAsync(viewer, "/specifications");
        Assert.Contains("stroma-adipose v1", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"draft-spec\"", page, StringComparison.Ordinal);
        var release = WebUtility.HtmlDecode(await HtmlAsync(viewer, "/release/DP-AD-201"));
        Assert.Contains("id=\"spec-version\">stroma-adipose v1</strong>", release, StringComparison.Ordinal);
        Assert.Contains("id=\"spec-in-force\">(approved by quentin)</span>", release, StringComparison.Ordinal);
        Assert.DoesNotContain("v@r", release, StringComparison.Ordinal);
    }
}

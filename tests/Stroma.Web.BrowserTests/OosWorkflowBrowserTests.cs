using Xunit;

namespace Stroma.Web.BrowserTests;

/// <summary>The OOS investigation workflow in a real browser: QA closes phase I with an e-signature; an Operator cannot.</summary>
public sealed class OosWorkflowBrowserTests(WebFixture web) : IClassFixture<WebFixture>
{
    [Fact]
    public async Task Qa_confirms_an_open_oos_investigation_with_a_password_and_an_operator_is_offered_no_closing_form()
    {
        // The demo's HLA-DR-contaminated lot failed identity, which opened an investigation when the result was recorded.
        var olga = await web.SignInAsync("olga");
        await olga.GotoAsync("/investigations?open=true");
        var link = olga.Locator("#investigations tbody tr", new() { HasTextString = "DP-UC-301" }).Locator("a").First;
        var href = await link.GetAttributeAsync("href") ?? throw new InvalidOperationException("no open investigation of DP-UC-301 is listed");
        await olga.GotoAsync(href);
        Assert.Equal("open", (await olga.TextContentAsync("#investigation-status"))?.Trim());
        Assert.Equal(0, await olga.Locator("#close-investigation").CountAsync());
        Assert.Equal(1, await olga.Locator("#close-needs-qa").CountAsync());

        var quentin = await web.SignInAsync("quentin");
        await quentin.GotoAsync(href);
        await quentin.SelectOptionAsync("#close-finding", "no-assignable-cause");
        await quentin.FillAsync("#close-conclusion", "Controls and instrument checked; no laboratory error. OOS confirmed.");
        await quentin.FillAsync("#close-password", "not-the-password");
        await quentin.ClickAsync("#close-submit");
        Assert.Contains("Re-authentication failed", await quentin.TextContentAsync("#flash") ?? "", StringComparison.Ordinal);
        Assert.Equal("open", (await quentin.TextContentAsync("#investigation-status"))?.Trim());

        await quentin.SelectOptionAsync("#close-finding", "no-assignable-cause");
        await quentin.FillAsync("#close-conclusion", "Controls and instrument checked; no laboratory error. OOS confirmed.");
        await quentin.FillAsync("#close-password", web.Password("quentin"));
        await quentin.ClickAsync("#close-submit");
        Assert.Equal("confirmed", (await quentin.TextContentAsync("#investigation-status"))?.Trim());
        await web.ShotAsync(quentin, "11-oos-confirmed");

        // The confirmed OOS stays on the lot's release record and keeps release blocked.
        await quentin.GotoAsync("/release/DP-UC-301");
        Assert.Contains("confirmed", await quentin.TextContentAsync("#quality-events") ?? "", StringComparison.Ordinal);
        Assert.Equal(1, await quentin.Locator("#release-blocked").CountAsync());
    }
}

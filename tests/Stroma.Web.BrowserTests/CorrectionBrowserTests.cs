using Microsoft.Playwright;
using Xunit;

namespace Stroma.Web.BrowserTests;

/// <summary>Correcting a recorded donor fact in a real browser, as an Operator (reason required); a Viewer may not.</summary>
[Collection(LabDayCollection.Name)]
public sealed class CorrectionBrowserTests(WebFixture web)
{
    [Fact]
    public async Task An_operator_corrects_a_donors_age_with_a_reason_and_the_old_value_stays_in_the_history_a_viewer_is_refused()
    {
        var olga = await web.SignInAsync("olga");
        await olga.GotoAsync("/donors");
        await olga.FillAsync("#donor-code", "D-COR-1");
        await olga.SelectOptionAsync("#donor-type", "autologous");
        await olga.FillAsync("#donor-age", "40");
        await olga.ClickAsync("#create-donor-submit");
        await olga.WaitForURLAsync("**/donors/D-COR-1");
        Assert.Equal(1, await olga.Locator("#history-empty").CountAsync());

        await olga.SelectOptionAsync("#correct-field", "age_years");
        await olga.FillAsync("#correct-value", "41");
        await olga.ClickAsync("#correct-submit");
        // No reason: refused beside the field, with what was typed kept.
        Assert.Contains("needs a reason", await olga.TextContentAsync("[data-valmsg-for=CorrectReason]") ?? "", StringComparison.Ordinal);
        Assert.Equal("41", await olga.InputValueAsync("#correct-value"));
        await olga.FillAsync("#correct-reason", "age taken from the wrong form");
        await olga.ClickAsync("#correct-submit");
        Assert.Contains("corrected from 40 to 41", await olga.TextContentAsync("#flash") ?? "", StringComparison.Ordinal);
        Assert.Equal("40", (await olga.TextContentAsync("#history tbody tr td del"))?.Trim());
        Assert.Contains("age taken from the wrong form", await olga.TextContentAsync("#history") ?? "", StringComparison.Ordinal);
        Assert.Contains("41 years", await olga.TextContentAsync("main") ?? await olga.TextContentAsync("body") ?? "", StringComparison.Ordinal);
        await web.ShotAsync(olga, "40-donor-corrected");
        await olga.Context.CloseAsync();

        var vera = await web.SignInAsync("vera");
        await vera.GotoAsync("/donors/D-COR-1");
        Assert.Equal(0, await vera.Locator("#correct-form").CountAsync());
        Assert.Equal(1, await vera.Locator("#history tbody tr").CountAsync());
        var token = await vera.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value");
        var response = await vera.APIRequest.PostAsync("/donors/D-COR-1?handler=Correct", new APIRequestContextOptions
        {
            Form = vera.APIRequest.CreateFormData().Set("CorrectField", "age_years").Set("CorrectValue", "90").Set("CorrectReason", "no")
                .Set("__RequestVerificationToken", token!),
            MaxRedirects = 0,
        });
        Assert.Contains("/denied", response.Headers["location"], StringComparison.Ordinal);
        await vera.GotoAsync("/donors/D-COR-1");
        Assert.Equal(1, await vera.Locator("#history tbody tr").CountAsync());
        await vera.Context.CloseAsync();
    }
}

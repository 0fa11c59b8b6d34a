using Microsoft.Playwright;
using Xunit;

namespace Stroma.Web.BrowserTests;

/// <summary>Donor registration, consent, screening and eligibility in a real browser, as an Operator; a Viewer may not.</summary>
[Collection(LabDayCollection.Name)]
public sealed class DonorBrowserTests(WebFixture web)
{
    [Fact]
    public async Task An_operator_registers_a_donor_records_consent_and_screening_and_the_donor_becomes_eligible()
    {
        var olga = await web.SignInAsync("olga");
        await olga.GotoAsync("/donors");
        await olga.FillAsync("#donor-code", "D-WEB-7");
        await olga.SelectOptionAsync("#donor-type", "allogeneic");
        await olga.FillAsync("#donor-age", "130");
        await olga.ClickAsync("#create-donor-submit");
        // Refused beside the field, with what was typed still there.
        Assert.Contains("0–120 years", await olga.TextContentAsync("[data-valmsg-for=Age]") ?? "", StringComparison.Ordinal);
        Assert.Equal("D-WEB-7", await olga.InputValueAsync("#donor-code"));
        Assert.Equal("allogeneic", await olga.InputValueAsync("#donor-type"));
        await olga.FillAsync("#donor-age", "34");
        await olga.ClickAsync("#create-donor-submit");
        await olga.WaitForURLAsync("**/donors/D-WEB-7");
        Assert.Equal("ineligible", (await olga.TextContentAsync("#eligibility"))?.Trim());

        await olga.FillAsync("#consent-date", "2026-05-02");
        await olga.ClickAsync("#consent-submit");
        Assert.Contains("consent recorded", await olga.TextContentAsync("#flash") ?? "", StringComparison.Ordinal);
        Assert.Equal("incomplete", (await olga.TextContentAsync("#eligibility"))?.Trim());
        while (await olga.Locator("#screening-test option:not([value=''])").CountAsync() > 0)
        {
            var test = await olga.Locator("#screening-test option:not([value=''])").First.GetAttributeAsync("value");
            await olga.SelectOptionAsync("#screening-test", test!);
            await olga.SelectOptionAsync("#screening-outcome", "negative");
            await olga.ClickAsync("#screening-submit");
            Assert.Contains(test!, await olga.TextContentAsync("#flash") ?? "", StringComparison.Ordinal);
        }
        Assert.Equal("eligible", (await olga.TextContentAsync("#eligibility"))?.Trim());
        Assert.Equal(5, await olga.Locator("#screening tbody tr").CountAsync());
        await web.ShotAsync(olga, "20-donor-eligible");
        await olga.Context.CloseAsync();
    }

    [Fact]
    public async Task A_viewer_sees_donors_but_no_form_and_a_posted_registration_is_refused()
    {
        var vera = await web.SignInAsync("vera");
        await vera.GotoAsync("/donors");
        Assert.True(await vera.Locator("#donors tbody tr").CountAsync() >= 4);
        Assert.Equal(0, await vera.Locator("#create-donor").CountAsync());
        await vera.GotoAsync("/donors/D-101");
        Assert.Equal(0, await vera.Locator("#screening-form").CountAsync());
        var token = await vera.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value");
        var response = await vera.APIRequest.PostAsync("/donors", new APIRequestContextOptions
        {
            Form = vera.APIRequest.CreateFormData().Set("Code", "D-NOPE").Set("Type", "autologous").Set("Sex", "female")
                .Set("__RequestVerificationToken", token!),
            MaxRedirects = 0,
        });
        Assert.Contains("/denied", response.Headers["location"], StringComparison.Ordinal);
        await vera.GotoAsync("/donors");
        Assert.DoesNotContain("D-NOPE", await vera.TextContentAsync("#donors") ?? "", StringComparison.Ordinal);
        await vera.Context.CloseAsync();
    }
}

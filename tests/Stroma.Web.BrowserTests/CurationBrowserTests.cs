using Microsoft.Playwright;
using Xunit;

namespace Stroma.Web.BrowserTests;

/// <summary>The trial review workflow in a real browser: an Operator corrects one field and accepts another; a Viewer cannot.</summary>
public sealed class CurationBrowserTests(WebFixture web) : IClassFixture<WebFixture>
{
    [Fact]
    public async Task An_operator_corrects_a_field_with_a_reason_and_accepts_another_and_a_viewer_cannot_decide()
    {
        var olga = await web.SignInAsync("olga");
        // The first visit reads, extracts and assesses the served snapshot (the shared corpus when present).
        await olga.GotoAsync("/trials/review", new PageGotoOptions { Timeout = 300_000 });
        Assert.True(await olga.Locator("#review-queue tbody tr").CountAsync() > 0);
        await web.ShotAsync(olga, "20-review-queue", fullPage: false);
        // The least certain trial comes first; whichever it is, its page offers every field.
        var first = olga.Locator("#review-queue tbody tr a.review-link").First;
        var nct = (await first.TextContentAsync())!.Trim();
        await first.ClickAsync();
        await olga.WaitForURLAsync($"**/trials/review/{nct}");
        Assert.Equal(10, await olga.Locator("#review-fields tbody tr").CountAsync());

        // A correction without a reason is not sent (the field is required in the form).
        await olga.SelectOptionAsync("#correct-route", new[] { "intramuscular", "intravenous" });
        await olga.ClickAsync("#correct-route-submit");
        Assert.Equal("pending", await olga.GetAttributeAsync("#field-route", "data-state"));

        await olga.FillAsync("#reason-route", "the arm description gives both routes");
        await olga.ClickAsync("#correct-route-submit");
        await olga.WaitForSelectorAsync("#review-message");
        Assert.Contains("Corrected route: intravenous;intramuscular.", await olga.TextContentAsync("#review-message"), StringComparison.Ordinal);
        Assert.Equal("reviewed", await olga.GetAttributeAsync("#field-route", "data-state"));
        Assert.Contains("the arm description gives both routes", await olga.TextContentAsync("#field-route .decision"), StringComparison.Ordinal);

        await olga.ClickAsync("#accept-match");
        await olga.WaitForFunctionAsync("document.querySelector('#field-match').dataset.state === 'reviewed'");
        Assert.Contains("accepted by olga", await olga.TextContentAsync("#field-match .decision"), StringComparison.Ordinal);
        await web.ShotAsync(olga, "21-review-trial");

        // A reload after the redirect sends nothing again: the message is gone, the decisions stay.
        await olga.ReloadAsync();
        Assert.Equal(0, await olga.Locator("#review-message").CountAsync());
        Assert.Equal("reviewed", await olga.GetAttributeAsync("#field-route", "data-state"));

        var vera = await web.SignInAsync("vera");
        await vera.GotoAsync($"/trials/review/{nct}");
        Assert.Equal(0, await vera.Locator("form.accept, form.correct").CountAsync());
        Assert.Contains("corrected to intravenous;intramuscular by olga", await vera.TextContentAsync("#field-route .decision"), StringComparison.Ordinal);
        var token = await vera.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value");
        var response = await vera.APIRequest.PostAsync($"/trials/review/{nct}?handler=Correct", new APIRequestContextOptions
        {
            Form = vera.APIRequest.CreateFormData().Set("Field", "match").Set("Value", "both").Set("Reason", "viewer try").Set("__RequestVerificationToken", token!),
            MaxRedirects = 0,
        });
        Assert.True(response.Status is 302 or 403, $"status {response.Status}");
        if (response.Status == 302) Assert.Contains("/denied", response.Headers["location"], StringComparison.Ordinal);
        await vera.GotoAsync($"/trials/review/{nct}");
        Assert.Contains("accepted by olga", await vera.TextContentAsync("#field-match .decision"), StringComparison.Ordinal);

        // The curated tables mark the reviewed cells.
        await vera.GotoAsync("/trials/review/tables");
        var reviewed = vera.Locator($"tr[data-nct={nct}] td.reviewed");
        if (await vera.Locator($"tr[data-nct={nct}]").CountAsync() > 0)
            Assert.Contains("Route", await reviewed.EvaluateAllAsync<string[]>("cells => cells.map(c => c.dataset.column)"));
    }
}

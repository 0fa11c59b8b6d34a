using Stroma.Manufacturing.Isbt128;
using Xunit;

namespace Stroma.Web.BrowserTests;

/// <summary>Assigning an ISBT 128 DIN to a lot and printing its label in a real browser, as an Operator; a Viewer may not assign.</summary>
[Collection(LabDayCollection.Name)]
public sealed class DinLabelBrowserTests(WebFixture web)
{
    private const string Lot = "MCB-AD-201";

    [Fact]
    public async Task An_operator_assigns_a_checked_din_and_prints_its_bar_code_label()
    {
        var din = DonationIdentificationNumber.Create("G1234", 26, 201);
        var olga = await web.SignInAsync("olga");
        await olga.GotoAsync($"/lots/{Lot}");
        await olga.ClickAsync("#link-din");
        await olga.FillAsync("#din-input", din.Data + (din.Check == 'Z' ? 'Y' : 'Z'));
        await olga.ClickAsync("#din-submit");
        Assert.Contains("check character", await olga.TextContentAsync("#flash") ?? "", StringComparison.Ordinal);
        await olga.FillAsync("#din-input", din.Formatted);
        await olga.ClickAsync("#din-submit");
        Assert.Equal(din.Formatted, (await olga.TextContentAsync("#din"))?.Trim());
        Assert.Equal(0, await olga.Locator("#din-form").CountAsync());
        await olga.GotoAsync($"/lots/{Lot}/din/label");
        Assert.True(await olga.Locator("svg").First.IsVisibleAsync());
        Assert.Contains(din.Facility, await olga.ContentAsync(), StringComparison.Ordinal);
        await web.ShotAsync(olga, "22-din-label");
        await olga.Context.CloseAsync();
    }

    [Fact]
    public async Task A_viewer_cannot_assign_a_din()
    {
        var vera = await web.SignInAsync("vera");
        await vera.GotoAsync("/lots/PC-UC-301/din");
        Assert.Equal(0, await vera.Locator("#din-form").CountAsync());
        await vera.Context.CloseAsync();
    }
}

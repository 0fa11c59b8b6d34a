using Xunit;

namespace Stroma.Web.BrowserTests;

/// <summary>Priming, freezing and thawing vials in a real browser, as an Operator; a Viewer sees no form.</summary>
[Collection(LabDayCollection.Name)]
public sealed class VialInventoryBrowserTests(WebFixture web)
{
    private const string Lot = "PC-AD-201";

    private static int Stock(string? text) => int.Parse((text ?? "").Trim(), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task An_operator_freezes_and_thaws_vials_and_a_viability_fraction_is_refused_with_the_form_kept()
    {
        var olga = await web.SignInAsync("olga");
        await olga.GotoAsync($"/lots/{Lot}");
        await olga.ClickAsync("#link-vials");
        await olga.WaitForURLAsync($"**/lots/{Lot}/vials");
        var before = Stock(await olga.TextContentAsync("#vials-in-stock"));
        await olga.FillAsync("#freeze-vials", "6");
        await olga.FillAsync("#freeze-cells", "5e6");
        await olga.FillAsync("#freeze-viability", "0.9");
        await olga.ClickAsync("#freeze-submit");
        Assert.Contains("looks like a fraction", await olga.TextContentAsync("#freeze-form [data-valmsg-for=FreezeViability]") ?? "", StringComparison.Ordinal);
        Assert.Equal("5e6", await olga.InputValueAsync("#freeze-cells"));
        await olga.FillAsync("#freeze-viability", "90");
        await olga.ClickAsync("#freeze-submit");
        Assert.Contains("6 vial(s) frozen", await olga.TextContentAsync("#flash") ?? "", StringComparison.Ordinal);
        Assert.Equal(before + 6, Stock(await olga.TextContentAsync("#vials-in-stock")));
        await olga.FillAsync("#thaw-vials", "2");
        await olga.FillAsync("#thaw-viability", "85");
        await olga.ClickAsync("#thaw-submit");
        Assert.Equal(before + 4, Stock(await olga.TextContentAsync("#vials-in-stock")));
        // A reload after the save is a GET: nothing is recorded twice.
        await olga.ReloadAsync();
        Assert.Equal(before + 4, Stock(await olga.TextContentAsync("#vials-in-stock")));
        await web.ShotAsync(olga, "21-vials");

        await olga.GotoAsync($"/lots/{Lot}/priming");
        await olga.SelectOptionAsync("#priming-agent", "hypoxia");
        await olga.FillAsync("#priming-dose", "2");
        await olga.SelectOptionAsync("#priming-unit", "% O2");
        await olga.FillAsync("#priming-hours", "48");
        await olga.ClickAsync("#priming-submit");
        Assert.Contains("hypoxia recorded", await olga.TextContentAsync("#flash") ?? "", StringComparison.Ordinal);
        Assert.Contains("hypoxia", await olga.TextContentAsync("#priming") ?? "", StringComparison.Ordinal);
        await olga.Context.CloseAsync();
    }

    [Fact]
    public async Task A_viewer_sees_the_inventory_but_no_freeze_thaw_or_priming_form()
    {
        var vera = await web.SignInAsync("vera");
        await vera.GotoAsync($"/lots/{Lot}/vials");
        Assert.Equal(1, await vera.Locator("#vials-in-stock").CountAsync());
        Assert.Equal(0, await vera.Locator("#freeze-form, #thaw-form").CountAsync());
        await vera.GotoAsync($"/lots/{Lot}/priming");
        Assert.Equal(0, await vera.Locator("#priming-form").CountAsync());
        await vera.Context.CloseAsync();
    }
}

using Xunit;

namespace Stroma.Web.BrowserTests;

/// <summary>Lists in a real browser: sort by a header, filter, page, export CSV (lots, results, audit), as a Viewer.</summary>
[Collection(LabDayCollection.Name)]
public sealed class ListsBrowserTests(WebFixture web)
{
    [Fact]
    public async Task A_viewer_sorts_filters_pages_and_exports_the_lists()
    {
        var vera = await web.SignInAsync("vera");
        await vera.GotoAsync("/lots");
        await vera.ClickAsync("#lots thead a:has-text('Cumulative PD')");
        await vera.WaitForURLAsync("**/lots?sort=pd&dir=asc");
        // Click the header of the sorted page (its link now reverses the order): under load a plain selector could
        // still find the previous page's link, which sorts ascending again, and the wait below would never end.
        await vera.Locator("#lots thead a:has-text('Cumulative PD')[href*='dir=desc']").ClickAsync();
        await vera.WaitForURLAsync("**/lots?sort=pd&dir=desc");
        var pds = (await vera.Locator("#lots tbody tr td:nth-child(8)").AllTextContentsAsync())
            .Select(t => double.Parse(t, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(pds.OrderByDescending(p => p), pds);
        await vera.SelectOptionAsync("#filter-kind", "master_cell_bank");
        await vera.ClickAsync("#filter-submit");
        await vera.WaitForURLAsync("**kind=master_cell_bank**");
        Assert.All(await vera.Locator("#lots tbody tr td:nth-child(2)").AllTextContentsAsync(),
            k => Assert.Equal("master cell bank", k.Trim()));
        var lots = await vera.RunAndWaitForDownloadAsync(() => vera.ClickAsync("#lots-csv"));
        Assert.Equal("lots.csv", lots.SuggestedFilename);

        await vera.GotoAsync("/audit");
        await vera.ClickAsync("#audit-pager a.next");
        await vera.WaitForURLAsync("**/audit?p=2");
        Assert.Contains("page 2 of", await vera.TextContentAsync("#audit-pager") ?? "", StringComparison.Ordinal);
        Assert.True(await vera.Locator("#audit ins").CountAsync() > 0, "field values are shown as old → new");
        var audit = await vera.RunAndWaitForDownloadAsync(() => vera.ClickAsync("#audit-csv"));
        Assert.Equal("audit-trail.csv", audit.SuggestedFilename);
        await web.ShotAsync(vera, "23-audit-page-2");

        await vera.GotoAsync("/results");
        await vera.SelectOptionAsync("#filter-test", "viability");
        await vera.ClickAsync("#filter-submit");
        await vera.WaitForURLAsync("**test=viability**");
        Assert.All(await vera.Locator("#results tbody tr td:nth-child(2)").AllTextContentsAsync(), t => Assert.Equal("viability", t.Trim()));
        var results = await vera.RunAndWaitForDownloadAsync(() => vera.ClickAsync("#results-csv"));
        Assert.Equal("results.csv", results.SuggestedFilename);

        await vera.Context.CloseAsync();
    }
}

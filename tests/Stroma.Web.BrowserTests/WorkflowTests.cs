using System.Net;
using Microsoft.Playwright;
using Stroma.Identity.Synthetic;
using Xunit;

namespace Stroma.Web.BrowserTests;

/// <summary>Every workflow of the web app in a real browser (Debian Chromium through Playwright).</summary>
public sealed class WorkflowTests(WebFixture web) : IClassFixture<WebFixture>
{
    public static TheoryData<string> Pages => new("/", "/lots", "/identity", "/release", "/audit", "/trials", "/knowledge");

    public static TheoryData<string> Api => new("/api/lots", "/api/results", "/api/trials");

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Anonymous_page_requests_are_sent_to_the_sign_in_page(string path)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(web.BaseUrl) };
        var response = await http.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Api))]
    public async Task Anonymous_api_requests_are_refused_with_401(string path)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(web.BaseUrl) };
        var response = await http.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_and_repeated_failures_lock_the_account()
    {
        var context = await web.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = web.BaseUrl });
        var page = await context.NewPageAsync();
        for (var i = 0; i < 5; i++)
        {
            await page.GotoAsync("/login");
            await page.FillAsync("#username", "lena");
            await page.FillAsync("#password", "not-the-password");
            await page.ClickAsync("#sign-in");
            Assert.Contains("not accepted", await page.TextContentAsync("#login-error") ?? "", StringComparison.Ordinal);
        }
        // Even the right password is refused while locked (with the same words, so a guesser learns nothing).
        await page.FillAsync("#username", "lena");
        await page.FillAsync("#password", WebFixture.SecondQaPassword);
        await page.ClickAsync("#sign-in");
        Assert.Contains("not accepted", await page.TextContentAsync("#login-error") ?? "", StringComparison.Ordinal);
        Assert.Contains("/login", page.Url, StringComparison.Ordinal);
        await context.CloseAsync();
    }

    [Fact]
    public async Task Operator_creates_a_lot_records_a_passage_and_results_then_QA_signs_and_downloads_the_certificate()
    {
        var ct = TestContext.Current.CancellationToken;
        var olga = await web.SignInAsync("olga");
        await web.ShotAsync(olga, "01-dashboard");

        // Create a drug product lot from the working bank and record a passage.
        await olga.GotoAsync("/lots");
        await olga.FillAsync("#lot-code", "DP-WEB-1");
        await olga.SelectOptionAsync("#lot-kind", "drug_product");
        await olga.SelectOptionAsync("#lot-parent", "WCB-BM-101");
        await olga.ClickAsync("#create-lot-submit");
        await olga.WaitForURLAsync("**/lots/DP-WEB-1");
        await olga.FillAsync("#passage-seeded", "2e7");
        await olga.FillAsync("#passage-harvested", "1.6e8");
        await olga.FillAsync("#passage-viability", "95");
        await olga.SelectOptionAsync("#passage-supplement", "human-platelet-lysate");
        await olga.SelectOptionAsync("#passage-system", "2d");
        await olga.ClickAsync("#add-passage-submit");
        Assert.Contains("PD 3.00", await olga.TextContentAsync("#flash") ?? "", StringComparison.Ordinal);
        Assert.Equal(1, await olga.Locator("#passages tbody tr").CountAsync());
        await web.ShotAsync(olga, "02-lot-detail");

        // Assign the specification, then upload an identity tube pair recorded on the lot.
        await olga.GotoAsync("/release/DP-WEB-1");
        await olga.SelectOptionAsync("#assign-route", "intravenous");
        await olga.ClickAsync("#assign-submit");
        Assert.Contains("specification assigned", await olga.TextContentAsync("#flash") ?? "", StringComparison.Ordinal);
        var tubes = MscPanelSynthesizer.Write(web.TubeFolder, MscPanelSynthesizer.Find("bm-msc-pass"), seed: 21, events: 6000);
        await olga.GotoAsync("/identity");
        await olga.SetInputFilesAsync("#stained", tubes.Stained.ToArray());
        await olga.SetInputFilesAsync("#controls", tubes.Controls.ToArray());
        await olga.SelectOptionAsync("#identity-lot", "DP-WEB-1");
        await olga.ClickAsync("#analyse");
        // Recording redirects (Post/Redirect/Get) to the report just recorded, which names the verdict and links
        // the lot's release record.
        await olga.WaitForURLAsync("**/identity?recorded=DP-WEB-1");
        Assert.Contains("recorded on lot DP-WEB-1: PASS", await olga.TextContentAsync("#flash") ?? "", StringComparison.Ordinal);
        Assert.Equal("/release/DP-WEB-1", await olga.GetAttributeAsync("#recorded-release", "href"));
        await web.ShotAsync(olga, "03-identity");

        await olga.GotoAsync("/release/DP-WEB-1");
        foreach (var (test, value, text, unit) in new[] { ("viability", "94", "", "%"), ("sterility", "", "no growth", ""), ("mycoplasma", "", "not detected", ""), ("endotoxin", "0.2", "", "EU/mL") })
        {
            await olga.SelectOptionAsync("#result-test", test);
            await olga.FillAsync("#result-value", value);
            await olga.SelectOptionAsync("#result-text", text);
            await olga.FillAsync("#result-unit", unit);
            await olga.ClickAsync("#result-submit");
            Assert.Contains("recorded", await olga.TextContentAsync("#flash") ?? "", StringComparison.Ordinal);
        }
        Assert.Equal(0, await olga.Locator("#sign-form").CountAsync()); // operators cannot sign

        // A QA user who entered a result is refused (four-eyes).
        var quentin = await web.SignInAsync("quentin");
        await quentin.GotoAsync("/release/DP-WEB-1");
        await quentin.SelectOptionAsync("#result-test", "karyotype");
        await quentin.SelectOptionAsync("#result-text", "normal");
        await quentin.ClickAsync("#result-submit");
        await quentin.FillAsync("#sign-reason", "within specification");
        await quentin.FillAsync("#sign-password", web.Password("quentin"));
        await quentin.ClickAsync("#sign-submit");
        Assert.Contains("quentin", await quentin.TextContentAsync("#flash") ?? "", StringComparison.Ordinal);
        Assert.Equal("pending", (await quentin.TextContentAsync("#disposition"))?.Trim());
        await web.ShotAsync(quentin, "04-release-refused");

        // Another QA user signs with re-authentication; a wrong password is refused first.
        var rita = await web.SignInAsync("rita", WebFixture.SecondQaPassword);
        await rita.GotoAsync("/release/DP-WEB-1");
        await rita.FillAsync("#sign-reason", "All release tests within specification.");
        await rita.FillAsync("#sign-password", "wrong-password-here");
        await rita.ClickAsync("#sign-submit");
        Assert.Contains("Re-authentication failed", await rita.TextContentAsync("#flash") ?? "", StringComparison.Ordinal);
        await rita.FillAsync("#sign-reason", "All release tests within specification.");
        await rita.FillAsync("#sign-password", WebFixture.SecondQaPassword);
        await rita.ClickAsync("#sign-submit");
        Assert.Equal("released", (await rita.TextContentAsync("#disposition"))?.Trim());
        await web.ShotAsync(rita, "05-release-signed");

        var download = await rita.RunAndWaitForDownloadAsync(() => rita.ClickAsync("#coa-download"));
        Assert.Equal("CoA-DP-WEB-1.html", download.SuggestedFilename);
        var saved = Path.Combine(web.Screenshots, "..", "CoA-DP-WEB-1.html");
        await download.SaveAsAsync(saved);
        var coa = await File.ReadAllTextAsync(saved, ct);
        Assert.Contains("DP-WEB-1", coa, StringComparison.Ordinal);
        Assert.Contains("rita", coa, StringComparison.Ordinal);
        await rita.GotoAsync("/release/DP-WEB-1/coa");
        await web.ShotAsync(rita, "06-certificate");

        // The audit trail records it all and verifies.
        await rita.GotoAsync("/audit");
        Assert.Contains("Verified", await rita.TextContentAsync("#audit-status") ?? "", StringComparison.Ordinal);
        Assert.Contains("DP-WEB-1", await rita.TextContentAsync("#audit") ?? "", StringComparison.Ordinal);
        await web.ShotAsync(rita, "07-audit");
    }

    [Fact]
    public async Task A_viewer_reads_pages_but_cannot_reach_write_actions()
    {
        var viewer = await web.SignInAsync("vera");
        await viewer.GotoAsync("/lots");
        Assert.Equal(0, await viewer.Locator("#create-lot").CountAsync());
        await viewer.GotoAsync("/release/DP-UC-301");
        Assert.Equal(0, await viewer.Locator("#sign-form").CountAsync());
        Assert.Equal(0, await viewer.Locator("#enter-result").CountAsync());
        // Posting the form anyway is forbidden.
        var token = await viewer.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value");
        var response = await viewer.APIRequest.PostAsync("/lots", new APIRequestContextOptions
        {
            Form = viewer.APIRequest.CreateFormData().Set("Code", "DP-NOPE").Set("Kind", "drug_product").Set("Parent", "WCB-BM-101").Set("__RequestVerificationToken", token!),
            MaxRedirects = 0,
        });
        Assert.True(response.Status is 302 or 403, $"status {response.Status}");
        if (response.Status == 302) Assert.Contains("/denied", response.Headers["location"], StringComparison.Ordinal);
        await viewer.GotoAsync("/lots");
        Assert.DoesNotContain("DP-NOPE", await viewer.TextContentAsync("#lots") ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_trial_landscape_shows_charts_and_filters_its_table()
    {
        var page = await web.SignInAsync("vera");
        // The first view may wait for the corpus extraction the app started in the background.
        await page.GotoAsync("/trials", new PageGotoOptions { Timeout = 300_000 });
        Assert.True(await page.Locator("#charts img").CountAsync() >= 6);
        static int Count(string? text) => int.Parse(new string((text ?? "").TakeWhile(c => char.IsDigit(c) || c == ',').Where(char.IsDigit).ToArray()), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(await page.Locator("#trial-table tbody tr").CountAsync() > 0);
        var all = Count(await page.TextContentAsync("#trial-count"));
        await web.ShotAsync(page, "08-trials", fullPage: false);
        await page.Locator("#trial-table").ScrollIntoViewIfNeededAsync();
        await web.ShotAsync(page, "08b-trials-table", fullPage: false);
        await page.SelectOptionAsync("#filter-source", "bone_marrow");
        await page.ClickAsync("#filter-submit");
        var filtered = Count(await page.TextContentAsync("#trial-count"));
        Assert.InRange(filtered, 1, all - 1);
        foreach (var cell in await page.Locator("#trial-table tbody tr td:nth-child(6)").AllTextContentsAsync())
            Assert.Contains("bone_marrow", cell, StringComparison.Ordinal);
        Assert.True(await page.Locator("#trial-table mark").CountAsync() > 0, "evidence is highlighted");
    }

    [Fact]
    public async Task Lot_detail_shows_lineage_pd_chart_and_readiness_flags_of_every_severity_in_the_demo()
    {
        var page = await web.SignInAsync("vera");
        await page.GotoAsync("/lots/DP-UC-301");
        Assert.Equal(3, await page.Locator("#lineage tbody tr").CountAsync());
        Assert.True(await page.Locator("#pd-chart").IsVisibleAsync());
        var severities = new HashSet<string>(StringComparer.Ordinal);
        foreach (var lot in new[] { "DP-UC-301", "DP-AD-201", "DP-BM-401" })
        {
            await page.GotoAsync($"/lots/{lot}");
            foreach (var s in await page.Locator("#readiness .badge").AllTextContentsAsync()) severities.Add(s.Trim());
        }
        Assert.Superset(new HashSet<string>(["stop", "caution", "info"], StringComparer.Ordinal), severities);
        await page.GotoAsync("/knowledge/tissue-sources");
        Assert.Contains("Bone marrow", await page.ContentAsync(), StringComparison.OrdinalIgnoreCase);
        await web.ShotAsync(page, "09-knowledge");
        await page.GotoAsync("/lots/DP-UC-301");
        await web.ShotAsync(page, "10-lot-readiness");
    }
}

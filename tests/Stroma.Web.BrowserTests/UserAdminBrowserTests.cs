using Microsoft.Playwright;
using Xunit;

namespace Stroma.Web.BrowserTests;

/// <summary>User administration in a real browser: the Admin adds, disables, re-enables, unlocks and re-roles users; others are refused.</summary>
public sealed class UserAdminBrowserTests(WebFixture web) : IClassFixture<WebFixture>
{
    private const string NinaPassword = "first-pass-of-n-3";

    private async Task<bool> CanSignInAsync(string user, string password)
    {
        var context = await web.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = web.BaseUrl });
        context.SetDefaultNavigationTimeout(180_000);
        context.SetDefaultTimeout(180_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", password);
        // The sign-in's own answer decides: a redirect away from the login page. Waiting for the landing page instead
        // timed out in CI (its first view can wait for the app's one-time trial extraction on a loaded machine).
        var answer = await page.RunAndWaitForResponseAsync(() => page.Locator("#sign-in").DispatchEventAsync("click"),
            r => r.Request.Method == "POST" && r.Request.Url.Contains("/login", StringComparison.Ordinal));
        var location = answer.Status is >= 300 and < 400 ? answer.Headers.GetValueOrDefault("location") : null;
        var signedIn = location is not null && !location.Contains("/login", StringComparison.Ordinal);
        await context.CloseAsync();
        return signedIn;
    }

    private static ILocator Row(IPage page, string user) => page.Locator($"#users tr[data-user='{user}']");

    [Fact]
    public async Task The_admin_adds_disables_enables_unlocks_and_re_roles_a_user()
    {
        var admin = await web.SignInAsync("admin");
        await admin.GotoAsync("/users");
        await admin.FillAsync("#new-user", "nina");
        await admin.FillAsync("#new-full-name", "Nina New-Operator");
        await admin.SelectOptionAsync("#new-role", "Operator");
        await admin.FillAsync("#new-password", NinaPassword);
        await admin.ClickAsync("#add-user-submit");
        Assert.Contains("Added nina", await admin.InnerTextAsync("#users-message"), StringComparison.Ordinal);
        Assert.Equal("active", await Row(admin, "nina").Locator(".state").InnerTextAsync());
        await admin.ReloadAsync(); // Post/Redirect/Get: reloading adds nobody twice
        Assert.Equal(1, await Row(admin, "nina").CountAsync());
        Assert.True(await CanSignInAsync("nina", NinaPassword));

        await Row(admin, "nina").Locator("button.disable").ClickAsync();
        Assert.Equal("disabled", await Row(admin, "nina").Locator(".state").InnerTextAsync());
        Assert.False(await CanSignInAsync("nina", NinaPassword));
        await Row(admin, "nina").Locator("button.enable").ClickAsync();
        Assert.True(await CanSignInAsync("nina", NinaPassword));

        for (var i = 0; i < 5; i++) Assert.False(await CanSignInAsync("nina", "wrong-password-" + i));
        Assert.False(await CanSignInAsync("nina", NinaPassword)); // locked out
        await admin.ReloadAsync();
        StringAssert(await Row(admin, "nina").Locator(".state").InnerTextAsync(), "locked until");
        await Row(admin, "nina").Locator("button.unlock").ClickAsync();
        Assert.Equal("active", await Row(admin, "nina").Locator(".state").InnerTextAsync());
        Assert.True(await CanSignInAsync("nina", NinaPassword));

        await Row(admin, "nina").Locator("select").SelectOptionAsync("Viewer");
        await Row(admin, "nina").Locator("button.set-role").ClickAsync();
        Assert.Contains("nina is now Viewer", await admin.InnerTextAsync("#users-message"), StringComparison.Ordinal);
        await web.ShotAsync(admin, "users-admin");

        await admin.GotoAsync("/audit?entity=User&key=nina");
        Assert.Contains("admin", await admin.InnerTextAsync("#audit"), StringComparison.Ordinal);
    }

    private static void StringAssert(string text, string expected) => Assert.Contains(expected, text, StringComparison.Ordinal);

    [Fact]
    public async Task An_operator_is_refused_the_user_administration_and_cannot_add_users()
    {
        var olga = await web.SignInAsync("olga");
        Assert.DoesNotContain("/users", await olga.Locator("header nav").InnerHTMLAsync(), StringComparison.Ordinal);
        await olga.GotoAsync("/users");
        Assert.Contains("/denied", olga.Url, StringComparison.Ordinal);
        Assert.Equal(0, await olga.Locator("#add-user").CountAsync());
    }

    [Fact]
    public async Task Any_user_changes_their_own_password_and_signs_in_with_the_new_one()
    {
        var vera = await web.SignInAsync("vera");
        await vera.GotoAsync("/account/password");
        await vera.FillAsync("#current-password", web.Password("vera"));
        await vera.FillAsync("#new-password", "changed-pass-of-v8");
        await vera.ClickAsync("#change-password");
        await vera.WaitForURLAsync(url => url.Contains("/login", StringComparison.Ordinal));
        Assert.False(await CanSignInAsync("vera", web.Password("vera")));
        Assert.True(await CanSignInAsync("vera", "changed-pass-of-v8"));
    }
}

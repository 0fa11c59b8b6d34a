using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using Stroma.Storage;
using Stroma.Storage.Demo;
using Stroma.Storage.Services;
using Stroma.Testing;
using Stroma.Web;
using Xunit;

namespace Stroma.Web.BrowserTests;

/// <summary>
/// One demo facility served on a free loopback port, and Debian's Chromium driven by Playwright. Shared by the
/// browser tests of one class; screenshots go to artifacts/screenshots.
/// </summary>
public sealed class WebFixture : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private WebApplication? _app;
    private IPlaywright? _playwright;

    public DemoSummary Demo { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = null!;
    public string Screenshots { get; } = Path.Combine(Corpus.RepositoryRoot, "artifacts", "screenshots");
    public string TubeFolder => Path.Combine(_dir.Path, "web-tubes");
    public const string SecondQaPassword = "second-qa-password-7";

    public string Password(string user) => Demo.Users.Single(u => u.UserName == user).Password;

    public async ValueTask InitializeAsync()
    {
        var chromium = Chromium.Require();
        Demo = await DemoFacility.BuildAsync(Path.Combine(_dir.Path, "demo"), Corpus.Root,
            Stroma.Reports.Manufacturing.CertificateOfAnalysis.Render, null, TestContext.Current.CancellationToken);
        await using (var db = await StromaDatabase.OpenAsync(Demo.Database))
        {
            await new UserService(db).AddAsync("rita", StromaRoles.QA, SecondQaPassword, "test fixture", "Rita Second-QA");
            await new UserService(db).AddAsync("lena", StromaRoles.Viewer, SecondQaPassword, "test fixture", "Lena Lockout");
        }
        _app = StromaWebApp.Build(new WebAppOptions
        {
            Database = Demo.Database,
            Urls = "http://127.0.0.1:0",
            TrialSources = Demo.TrialSources,
            UploadFolder = Path.Combine(_dir.Path, "uploads"),
            KeyFolder = Path.Combine(_dir.Path, "keys"),
        });
        await _app.StartAsync();
        BaseUrl = _app.Urls.First().TrimEnd('/');
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = Chromium.Flags.Where(f => f != "--headless").ToArray(),
        });
        Directory.CreateDirectory(Screenshots);
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        _dir.Dispose();
    }

    /// <summary>A fresh browser context signed in as <paramref name="user"/>.</summary>
    public async Task<IPage> SignInAsync(string user, string? password = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, ViewportSize = new ViewportSize { Width = 1366, Height = 900 } });
        // Pages whose first view waits for the app's one-time trial extraction can take long on a loaded CI machine.
        context.SetDefaultNavigationTimeout(180_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", password ?? Password(user));
        await page.ClickAsync("#sign-in");
        // Signed in once the browser has left the login page and has the landing page's document; its images need
        // not have loaded (each test navigates on; under CI load waiting for them made sign-in time out).
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal),
            new PageWaitForURLOptions { WaitUntil = WaitUntilState.DOMContentLoaded });
        return page;
    }

    public Task ShotAsync(IPage page, string name, bool fullPage = true) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = fullPage });
}

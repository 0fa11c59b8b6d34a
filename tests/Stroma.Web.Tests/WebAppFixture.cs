using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Stroma.Identity.Synthetic;
using Stroma.Storage;
using Stroma.Storage.Demo;
using Stroma.Storage.Services;
using Stroma.Testing;
using Stroma.Web;
using Stroma.Web.Tests;
using Xunit;

[assembly: AssemblyFixture(typeof(WebAppFixture))]

namespace Stroma.Web.Tests;

/// <summary>
/// The demo facility served on a free loopback port and talked to over plain HTTP (no browser), shared by every
/// test of the assembly. Two extra routes throw, to see what an unhandled error shows.
/// </summary>
public sealed partial class WebAppFixture : IAsyncLifetime
{
    public const string ThrowingPage = "/test-only/throw";
    public const string ThrowingApi = "/api/test-only/throw";
    public const string SecretInError = "secret-detail-of-a-failure";
    public const string TimingUser = "tim";
    public const string TimingPassword = "clock-watcher-password-1";
    public const string LockoutUser = "lou";
    public const string LockoutPassword = "locked-out-password-1";
    public const string ConcurrentUser = "connie";
    public const string ConcurrentPassword = "two-tabs-at-once-password-1";

    private readonly TempDirectory _dir = new();

    public WebApplication App { get; private set; } = null!;
    public DemoSummary Demo { get; private set; } = null!;
    public Uri BaseUri { get; private set; } = null!;
    public string UploadFolder => Path.Combine(_dir.Path, "uploads");
    public SyntheticManifest Tubes { get; private set; } = null!;

    public string Password(string user) => user switch
    {
        TimingUser => TimingPassword,
        LockoutUser => LockoutPassword,
        ConcurrentUser => ConcurrentPassword,
        _ => Demo.Users.Single(u => u.UserName == user).Password,
    };

    public async ValueTask InitializeAsync()
    {
        Demo = await DemoFacility.BuildAsync(Path.Combine(_dir.Path, "demo"), corpusRoot: null,
            Stroma.Reports.Manufacturing.CertificateOfAnalysis.Render, null, TestContext.Current.CancellationToken);
        await using (var db = await StromaDatabase.OpenAsync(Demo.Database))
        {
            await new UserService(db).AddAsync(TimingUser, StromaRoles.Viewer, TimingPassword, "test fixture", "Tim Timing");
            await new UserService(db).AddAsync(LockoutUser, StromaRoles.Viewer, LockoutPassword, "test fixture", "Lou Lockout");
            await new UserService(db).AddAsync(ConcurrentUser, StromaRoles.Viewer, ConcurrentPassword, "test fixture",
                "Connie Concurrent");
        }
        Tubes = MscPanelSynthesizer.Write(Path.Combine(_dir.Path, "tubes"), MscPanelSynthesizer.Find("bm-msc-pass"), seed: 4, events: 3000);
        App = StromaWebApp.Build(new WebAppOptions
        {
            Database = Demo.Database,
            Urls = "http://127.0.0.1:0",
            TrialSources = Demo.TrialSources,
            UploadFolder = UploadFolder,
            KeyFolder = Path.Combine(_dir.Path, "keys"),
        });
        App.MapGet(ThrowingPage, (HttpContext _) => throw new InvalidOperationException(SecretInError));
        App.MapGet(ThrowingApi, (HttpContext _) => throw new InvalidOperationException(SecretInError));
        await App.StartAsync();
        BaseUri = new Uri(App.Urls.First().TrimEnd('/') + "/");
    }

    public async ValueTask DisposeAsync()
    {
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
        _dir.Dispose();
    }

    /// <summary>A client with its own cookie jar, not following redirects; signed in unless <paramref name="user"/> is null.</summary>
    public async Task<Session> SessionAsync(string? user)
    {
        var session = new Session(BaseUri);
        if (user is not null) await session.SignInAsync(user, Password(user));
        return session;
    }
}

/// <summary>One browser-less user agent: a cookie jar, the anti-forgery token of its session, form posts.</summary>
public sealed partial class Session : IDisposable
{
    private readonly HttpClient _client;

    public Session(Uri baseUri)
    {
        Cookies = new CookieContainer();
        _client = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false, UseCookies = true })
        {
            BaseAddress = baseUri,
            Timeout = TimeSpan.FromMinutes(2),
        };
    }

    public CookieContainer Cookies { get; }

    public Uri BaseUri => _client.BaseAddress!;

    public void Dispose() => _client.Dispose();

    public Task<HttpResponseMessage> GetAsync(string path) => _client.GetAsync(path.TrimStart('/'), TestContext.Current.CancellationToken);

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => _client.SendAsync(request, TestContext.Current.CancellationToken);

    /// <summary>The anti-forgery token a page of this session carries in its forms.</summary>
    public async Task<string> TokenAsync(string page = "/")
    {
        using var response = await GetAsync(page);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, $"{page} answered {(int)response.StatusCode} without an anti-forgery token");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>Posts a form; the token is added unless <paramref name="token"/> is null.</summary>
    public Task<HttpResponseMessage> PostAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, string? token)
    {
        var all = fields.ToList();
        if (token is not null) all.Add(new("__RequestVerificationToken", token));
        return _client.PostAsync(path.TrimStart('/'), new FormUrlEncodedContent(all), TestContext.Current.CancellationToken);
    }

    /// <summary>Posts a multipart form (files as name → (file name, bytes)).</summary>
    public Task<HttpResponseMessage> PostMultipartAsync(string path, IEnumerable<KeyValuePair<string, string>> fields,
        IEnumerable<(string Field, string FileName, byte[] Bytes)> files, string? token)
    {
        var content = new MultipartFormDataContent();
        foreach (var (k, v) in fields) content.Add(new StringContent(v), k);
        if (token is not null) content.Add(new StringContent(token), "__RequestVerificationToken");
        foreach (var (field, name, bytes) in files) content.Add(new ByteArrayContent(bytes), field, name);
        return _client.PostAsync(path.TrimStart('/'), content, TestContext.Current.CancellationToken);
    }

    public async Task SignInAsync(string user, string password)
    {
        using var response = await PostAsync("/login", [new("UserName", user), new("Password", password)], await TokenAsync("/login"));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"sign-in of {user} answered {(int)response.StatusCode}");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}

using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Stroma.Web.Infrastructure;
using Xunit;

namespace Stroma.Web.Tests;

/// <summary>Headers, cookies, error pages and markup of every page the matrix lists.</summary>
public sealed partial class HeaderTests(WebAppFixture app)
{
    [Fact]
    public async Task Every_answer_carries_a_policy_without_inline_script_and_refuses_framing_and_sniffing()
    {
        using var session = await app.SessionAsync("olga");
        var problems = new List<string>();
        foreach (var route in AccessMatrix.Routes.Where(r => r.Method == "GET"))
        {
            using var response = await AccessMatrixTests.Send(app, session, route, "headers", null);
            var csp = string.Join(";", response.Headers.TryGetValues("Content-Security-Policy", out var v) ? v : []);
            var report = route.Pattern is "release/{code}/coa" or "lots/{code}/din/label";
            var noScript = csp.Contains("script-src 'none'", StringComparison.Ordinal)
                           || (csp.StartsWith("default-src 'none'", StringComparison.Ordinal) && !csp.Contains("script-src", StringComparison.Ordinal));
            if (report ? !csp.StartsWith("sandbox;", StringComparison.Ordinal) : !noScript)
                problems.Add($"{route.Path}: Content-Security-Policy '{csp}'");
            if (csp.Contains("unsafe-inline", StringComparison.Ordinal) || csp.Contains("unsafe-eval", StringComparison.Ordinal))
                problems.Add($"{route.Path}: policy allows inline code: {csp}");
            if (!csp.Contains("frame-ancestors", StringComparison.Ordinal)) problems.Add($"{route.Path}: no frame-ancestors");
            if (Header(response, "X-Content-Type-Options") != "nosniff") problems.Add($"{route.Path}: no nosniff");
            if (Header(response, "Referrer-Policy") != "no-referrer") problems.Add($"{route.Path}: no Referrer-Policy");
            if (report || response.Content.Headers.ContentType?.MediaType != "text/html") continue;
            var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            foreach (Match m in InlineCode().Matches(html)) problems.Add($"{route.Path}: inline code '{m.Value}'");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task Sign_in_and_anti_forgery_cookies_are_http_only_and_same_site_strict_and_secure_over_https()
    {
        using var session = new Session(app.BaseUri);
        using var form = await session.GetAsync("/login");
        using var login = await session.PostAsync("/login", [new("UserName", "vera"), new("Password", app.Password("vera"))], await session.TokenAsync("/login"));
        var cookies = form.Headers.GetValues("Set-Cookie").Concat(login.Headers.GetValues("Set-Cookie")).ToArray();
        foreach (var name in new[] { "stroma.auth=", "stroma.xsrf=" })
        {
            var cookie = Assert.Single(cookies, c => c.StartsWith(name, StringComparison.Ordinal));
            Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        }
        // Over HTTPS the same cookies are marked Secure (the policy follows the request's scheme).
        var auth = app.App.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        Assert.Equal(CookieSecurePolicy.SameAsRequest, auth.Cookie.SecurePolicy);
        Assert.Equal(CookieSecurePolicy.SameAsRequest, app.App.Services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.SecurePolicy);
    }

    [Theory]
    [InlineData(WebAppFixture.ThrowingPage)]
    [InlineData(WebAppFixture.ThrowingApi)]
    public async Task An_unhandled_error_answers_500_without_type_name_message_or_stack_trace(string path)
    {
        using var session = await app.SessionAsync("olga");
        using var response = await session.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.DoesNotContain(WebAppFixture.SecretInError, body, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", body, StringComparison.Ordinal);
        Assert.DoesNotContain(" at Stroma.", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_report_policy_sandboxes_the_certificate_and_allows_only_its_own_stylesheet()
    {
        using var session = await app.SessionAsync("vera");
        using var response = await session.GetAsync("/release/DP-BM-101/coa");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SecurityHeaders.ReportPolicy, Header(response, "Content-Security-Policy"));
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains($"<style>{Stroma.Reports.Html.HtmlDocument.Css}</style>", html, StringComparison.Ordinal);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    [GeneratedRegex(@"<script|<style|\sstyle\s*=|\son[a-z]+\s*=|javascript:", RegexOptions.IgnoreCase)]
    private static partial Regex InlineCode();
}

using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Stroma.Reports.Html;

namespace Stroma.Web.Infrastructure;

/// <summary>
/// Marks a page that answers with a whole Stroma report document (certificate of analysis) rather than an app page:
/// it is served under <see cref="SecurityHeaders.ReportPolicy"/>, which sandboxes it like an iframe without
/// <c>allow-scripts</c> or <c>allow-same-origin</c>, so text inside a report can never act as the signed-in user.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ReportDocumentAttribute : Attribute;

/// <summary>
/// The response headers every answer carries: a Content-Security-Policy with no inline script (and inline style only
/// for the report stylesheet, by hash), no framing by other sites, no MIME sniffing and no referrer leaving the app.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// Policy of app pages. Scripts: none at all (the app is server-rendered). Styles: the app stylesheet, plus the
    /// report stylesheet by hash because an identity report is shown in a <c>srcdoc</c> frame, which inherits this
    /// policy (CSP Level 3 §7.8, policy inheritance for local-scheme documents). Images: the app and data: URIs
    /// (plots are embedded PNGs).
    /// </summary>
    public static readonly string PagePolicy =
        "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self'; " +
        $"frame-ancestors 'none'; frame-src 'self'; img-src 'self' data:; style-src 'self' " +
            $"{HtmlDocument.StyleHashSource}";

    /// <summary>
    /// Policy of a served report document: nothing may load but its own stylesheet and embedded images, and the
    /// <c>sandbox</c> directive (CSP Level 3 §6.3.2) gives it an opaque origin with scripts, forms and pop-ups off.
    /// </summary>
    public static readonly string ReportPolicy =
        $"sandbox; default-src 'none'; img-src data:; style-src {HtmlDocument.StyleHashSource}; base-uri 'none'; " +
        "form-action 'none'; frame-ancestors 'self'";

    /// <summary>Policy of JSON and other non-document answers.</summary>
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'; sandbox";

    /// <summary>Adds the headers to every response of the app.</summary>
    public static IApplicationBuilder UseStromaSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            var report = context.GetEndpoint()?.Metadata.GetMetadata<ReportDocumentAttribute>() is not null;
            var api = context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);
            headers.ContentSecurityPolicy = report ? ReportPolicy : api ? ApiPolicy : PagePolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = report ? "SAMEORIGIN" : "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            // Manufacturing records and signed-in pages are not for shared caches or the back button of a shared PC.
            if (!context.Request.Path.StartsWithSegments(StylesheetPath)) headers.CacheControl = "no-store";
            return Task.CompletedTask;
        });
        return next(context);
    });

    /// <summary>Where the app stylesheet is served.</summary>
    public const string StylesheetPath = "/assets/site.css";

    private static readonly Lazy<string> Stylesheet = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Stroma.Web.Assets.site.css")
            ?? throw new InvalidOperationException("The embedded stylesheet Stroma.Web.Assets.site.css is missing.");
        using var reader = new StreamReader(stream);
        return HtmlDocument.Css + "\n" + reader.ReadToEnd();
    });

    /// <summary>Serves the app stylesheet (the shared report stylesheet followed by the app's own), to
    /// anyone.</summary>
    public static IEndpointRouteBuilder MapStromaStylesheet(this IEndpointRouteBuilder app)
    {
        app.MapGet(StylesheetPath, (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Text(Stylesheet.Value, "text/css; charset=utf-8");
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}

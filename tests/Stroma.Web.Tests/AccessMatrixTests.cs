using System.Reflection;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Stroma.Knowledge;
using Xunit;

namespace Stroma.Web.Tests;

/// <summary>Every route, every role, one declared matrix (<see cref="AccessMatrix"/>).</summary>
public sealed class AccessMatrixTests(WebAppFixture app)
{
    [Fact]
    public void The_matrix_names_every_route_the_app_maps_and_no_other()
    {
        var mapped = app.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText?.Trim('/') ?? "")
            .Where(p => !p.Contains("test-only", StringComparison.Ordinal))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var declared = AccessMatrix.Routes.Select(r => r.Pattern).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.Empty(mapped.Except(declared));
        Assert.Empty(declared.Except(mapped));
    }

    [Fact]
    public void The_matrix_names_every_post_handler_of_every_page()
    {
        // Page model type -> its route pattern, through the page endpoints' descriptors ("/Users/Index" -> "users").
        var patterns = app.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Page: e.Metadata.GetMetadata<PageActionDescriptor>(), e.RoutePattern.RawText))
            .Where(p => p.Page is not null)
            .GroupBy(p => p.Page!.ViewEnginePath, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().RawText?.Trim('/') ?? "", StringComparer.Ordinal);
        var missing = new List<string>();
        var handlers = 0;
        foreach (var type in typeof(StromaWebApp).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(PageModel)) && !t.IsAbstract &&
                (t.Namespace ?? "").StartsWith("Stroma.Web.Pages", StringComparison.Ordinal)))
        {
            var folder = (type.Namespace ?? "")["Stroma.Web.Pages".Length..].Replace('.', '/');
            var page = $"{folder}/{type.Name[..^"Model".Length]}";
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
                .Where(m => m.Name.StartsWith("OnPost", StringComparison.Ordinal)))
            {
                handlers++;
                var handler = method.Name["OnPost".Length..];
                if (handler.EndsWith("Async", StringComparison.Ordinal)) handler = handler[..^"Async".Length];
                Assert.True(patterns.TryGetValue(page, out var pattern), $"{type.FullName}: no endpoint for {page}");
                if (!AccessMatrix.Routes.Any(r =>
                        r.Method == "POST" && string.Equals(r.Pattern, pattern, StringComparison.OrdinalIgnoreCase) &&
                        HandlerOf(r.Path) == handler))
                    missing.Add($"POST {pattern} handler '{handler}' ({type.FullName}.{method.Name})");
            }
        }
        Assert.True(handlers > 20, $"only {handlers} post handlers found");
        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    private static string HandlerOf(string path)
    {
        var query = path.IndexOf('?', StringComparison.Ordinal) is var at and >= 0 ? path[(at + 1)..] : "";
        return query.Split('&').Where(p => p.StartsWith("handler=", StringComparison.OrdinalIgnoreCase))
            .Select(p => p["handler=".Length..]).FirstOrDefault() ?? "";
    }

    [Fact]
    public async Task Every_route_answers_each_role_as_the_matrix_declares()
    {
        var mismatches = new List<string>();
        foreach (var (role, user) in AccessMatrix.Roles)
        {
            using var session = await app.SessionAsync(user);
            var token = await session.TokenAsync(user is null ? "/login" : "/");
            // Signing out ends the session, so it goes last.
            foreach (var route in AccessMatrix.Routes.OrderBy(r => r.Pattern == "logout" && r.Method == "POST"))
            {
                using var response = await SendAsync(session, route, user ?? "anonymous", token);
                var got = AccessMatrix.Classify(response, app.BaseUri);
                if (got != route.For(role))
                    mismatches.Add($"{route.Method} {route.Path} as {role ?? "anonymous"}: expected {route.For(role)}, got {got} ({(int)response.StatusCode} {response.Headers.Location})");
            }
        }
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    private Task<HttpResponseMessage> SendAsync(Session session, RouteAccess route, string who, string? token) => Send(app, session, route, who, token);

    internal static Task<HttpResponseMessage> Send(WebAppFixture fixture, Session session, RouteAccess route, string who, string? token)
    {
        var path = route.Path.Replace("{topic}", KnowledgeBase.Default.Topics[0].Id, StringComparison.Ordinal);
        if (route.Method == "GET") return session.GetAsync(path);
        if (route.Pattern == "identity")
        {
            var tubes = fixture.Tubes;
            List<KeyValuePair<string, string>> fields = [new("Panel", "isct-2006"), new("Lot", path.Contains("record", StringComparison.Ordinal) ? AccessMatrix.Lot : "")];
            return session.PostMultipartAsync("/identity", fields,
                [("Stained", "stained.fcs", File.ReadAllBytes(tubes.Stained[0])), ("Controls", "isotype.fcs", File.ReadAllBytes(tubes.Controls[0]))], token);
        }
        return session.PostAsync(path, Forms.For(path, who), token);
    }

}

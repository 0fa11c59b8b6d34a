using System.Net;

namespace Stroma.Web.Tests;

/// <summary>What a role gets from a route: the page or data, a demand to sign in, or a refusal.</summary>
public enum Access
{
    /// <summary>Answered (2xx, or a redirect that is not to sign-in or the denied page).</summary>
    Ok,

    /// <summary>401 (API) or a redirect to <c>/login?ReturnUrl=</c> (pages).</summary>
    SignIn,

    /// <summary>403 (API) or a redirect to <c>/denied</c> (pages).</summary>
    Denied,

    /// <summary>Anything else (4xx/5xx): never expected.</summary>
    Error,
}

/// <summary>One route as the access matrix declares it.</summary>
/// <param name="Method">GET or POST.</param>
/// <param name="Pattern">The route pattern the app maps (as its endpoint data source spells it).</param>
/// <param name="Path">A concrete path (and handler) to request.</param>
/// <param name="Anonymous">What a visitor who has not signed in gets.</param>
/// <param name="Viewer">What a Viewer gets.</param>
/// <param name="Operator">What an Operator gets.</param>
/// <param name="Qa">What QA gets.</param>
/// <param name="Admin">What an Admin gets.</param>
public sealed record RouteAccess(string Method, string Pattern, string Path, Access Anonymous, Access Viewer, Access Operator, Access Qa, Access Admin)
{
    public Access For(string? role) => role switch
    {
        null => Anonymous,
        "Viewer" => Viewer,
        "Operator" => Operator,
        "QA" => Qa,
        "Admin" => Admin,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "unknown role"),
    };
}

/// <summary>
/// THE access matrix of the web app: every page and API route, and what each role gets. The README's threat model
/// states the same table in words; <see cref="AccessMatrixTests"/> walks it against the running app, and fails when
/// the app maps a route this table does not name.
/// </summary>
public static class AccessMatrix
{
    private const Access O = Access.Ok, S = Access.SignIn, D = Access.Denied;

    /// <summary>Lot the matrix writes to (passages, results, identity, a signing attempt).</summary>
    public const string Lot = "DP-UC-301";

    /// <summary>Trial the matrix reviews (one of the demo's fictional records).</summary>
    public const string Trial = "NCT91000001";

    public static readonly IReadOnlyList<RouteAccess> Routes =
    [
        //  method  pattern                  path                                  anon viewer oper  qa  admin
        new("GET",  "login",                 "/login",                              O,   O,    O,   O,   O),
        new("POST", "login",                 "/login",                              O,   O,    O,   O,   O),
        new("GET",  "assets/site.css",       "/assets/site.css",                    O,   O,    O,   O,   O),
        new("GET",  "error",                 "/error",                              O,   O,    O,   O,   O),
        new("GET",  "denied",                "/denied",                             S,   O,    O,   O,   O),
        new("GET",  "",                      "/",                                   S,   O,    O,   O,   O),
        new("GET",  "lots",                  "/lots",                               S,   O,    O,   O,   O),
        new("POST", "lots",                  "/lots",                               S,   D,    O,   O,   O),
        new("GET",  "lots/{code}",           $"/lots/{Lot}",                        S,   O,    O,   O,   O),
        new("POST", "lots/{code}",           $"/lots/{Lot}?handler=Passage",        S,   D,    O,   O,   O),
        new("POST", "lots/{code}",           $"/lots/{Lot}?handler=Correct",        S,   D,    O,   O,   O),
        new("GET",  "lots",                  "/lots?handler=Csv&q=BM",              S,   O,    O,   O,   O),
        new("GET",  "lots/{code}/priming",   $"/lots/{Lot}/priming",                S,   O,    O,   O,   O),
        new("POST", "lots/{code}/priming",   $"/lots/{Lot}/priming",                S,   D,    O,   O,   O),
        new("GET",  "lots/{code}/vials",     $"/lots/{Lot}/vials",                  S,   O,    O,   O,   O),
        new("POST", "lots/{code}/vials",     $"/lots/{Lot}/vials?handler=Freeze",   S,   D,    O,   O,   O),
        new("POST", "lots/{code}/vials",     $"/lots/{Lot}/vials?handler=Thaw",     S,   D,    O,   O,   O),
        new("GET",  "lots/{code}/din",       $"/lots/{Lot}/din",                    S,   O,    O,   O,   O),
        new("POST", "lots/{code}/din",       $"/lots/{Lot}/din",                    S,   D,    O,   O,   O),
        new("GET",  "lots/{code}/din/label", "/lots/DP-BM-101/din/label",           S,   O,    O,   O,   O),
        new("GET",  "donors",                "/donors",                             S,   O,    O,   O,   O),
        new("POST", "donors",                "/donors",                             S,   D,    O,   O,   O),
        new("GET",  "donors/{code}",         "/donors/D-103",                       S,   O,    O,   O,   O),
        new("POST", "donors/{code}",         "/donors/D-103?handler=Consent",       S,   D,    O,   O,   O),
        new("POST", "donors/{code}",         "/donors/D-103?handler=Screening",     S,   D,    O,   O,   O),
        new("POST", "donors/{code}",         "/donors/D-103?handler=Correct",       S,   D,    O,   O,   O),
        new("GET",  "results",               "/results",                            S,   O,    O,   O,   O),
        new("GET",  "results",               "/results?handler=Csv&test=viability", S,   O,    O,   O,   O),
        new("GET",  "audit",                 "/audit?handler=Csv&entity=Lot",       S,   O,    O,   O,   O),
        new("GET",  "trials",                "/trials?handler=Csv",                 S,   O,    O,   O,   O),
        new("GET",  "identity",              "/identity",                           S,   O,    O,   O,   O),
        new("POST", "identity",              "/identity",                           S,   O,    O,   O,   O),
        new("POST", "identity",              "/identity?record",                    S,   D,    O,   O,   O),
        new("GET",  "release",               "/release",                            S,   O,    O,   O,   O),
        new("GET",  "release/{code}",        $"/release/{Lot}",                     S,   O,    O,   O,   O),
        new("POST", "release/{code}",        $"/release/{Lot}?handler=Assign",      S,   D,    O,   O,   O),
        new("POST", "release/{code}",        $"/release/{Lot}?handler=Result",      S,   D,    O,   O,   O),
        new("POST", "release/{code}",        $"/release/{Lot}?handler=Sign",        S,   D,    D,   O,   D),
        new("GET",  "release/{code}/coa",    "/release/DP-BM-101/coa",              S,   O,    O,   O,   O),
        new("GET",  "investigations",        "/investigations",                     S,   O,    O,   O,   O),
        new("GET",  "investigations/{id:int}", "/investigations/1",                 S,   O,    O,   O,   O),
        new("POST", "investigations/{id:int}", "/investigations/1?handler=Close",   S,   D,    D,   O,   D),
        new("GET",  "deviations",            "/deviations",                         S,   O,    O,   O,   O),
        new("POST", "deviations",            "/deviations?handler=Open",            S,   D,    O,   O,   O),
        new("POST", "deviations",            "/deviations?handler=Close",           S,   D,    D,   O,   D),
        new("GET",  "specifications",        "/specifications",                     S,   O,    O,   O,   O),
        new("POST", "specifications",        "/specifications?handler=Draft",       S,   D,    O,   O,   O),
        new("POST", "specifications",        "/specifications?handler=DraftPanel",  S,   D,    O,   O,   O),
        new("POST", "specifications",        "/specifications?handler=Approve",     S,   D,    D,   O,   D),
        new("POST", "specifications",        "/specifications?handler=ApprovePanel", S,  D,    D,   O,   D),
        new("GET",  "audit",                 "/audit",                              S,   O,    O,   O,   O),
        new("GET",  "trials",                "/trials",                             S,   O,    O,   O,   O),
        new("GET",  "trials/snapshots",      "/trials/snapshots",                   S,   O,    O,   O,   O),
        new("GET",  "trials/diff",           "/trials/diff",                        S,   O,    O,   O,   O),
        new("GET",  "trials/review",         "/trials/review",                      S,   O,    O,   O,   O),
        new("GET",  "trials/review/tables",  "/trials/review/tables",               S,   O,    O,   O,   O),
        new("GET",  "trials/review/{nct}",   $"/trials/review/{Trial}",             S,   O,    O,   O,   O),
        new("POST", "trials/review/{nct}",   $"/trials/review/{Trial}?handler=Accept",  S, D,  O,   O,   O),
        new("POST", "trials/review/{nct}",   $"/trials/review/{Trial}?handler=Correct", S, D,  O,   O,   O),
        new("GET",  "knowledge",             "/knowledge",                          S,   O,    O,   O,   O),
        new("GET",  "knowledge/{id}",        "/knowledge/{topic}",                  S,   O,    O,   O,   O),
        new("GET",  "logout",                "/logout",                             S,   O,    O,   O,   O),
        new("POST", "logout",                "/logout",                             S,   O,    O,   O,   O),
        new("GET",  "users",                 "/users",                              S,   D,    D,   D,   O),
        new("POST", "users",                 "/users?handler=Unlock",               S,   D,    D,   D,   O),
        new("POST", "users",                 "/users?handler=Add",                  S,   D,    D,   D,   O),
        new("POST", "users",                 "/users?handler=Disable",              S,   D,    D,   D,   O),
        new("POST", "users",                 "/users?handler=Enable",               S,   D,    D,   D,   O),
        new("POST", "users",                 "/users?handler=Role",                 S,   D,    D,   D,   O),
        new("GET",  "account/password",      "/account/password",                   S,   O,    O,   O,   O),
        new("POST", "account/password",      "/account/password",                   S,   O,    O,   O,   O),
        new("GET",  "api/lots",              "/api/lots",                           S,   O,    O,   O,   O),
        new("GET",  "api/lots/{code}",       $"/api/lots/{Lot}",                    S,   O,    O,   O,   O),
        new("GET",  "api/donors",            "/api/donors",                         S,   O,    O,   O,   O),
        new("GET",  "api/donors/{code}",     "/api/donors/D-103",                   S,   O,    O,   O,   O),
        new("GET",  "api/results",           "/api/results",                        S,   O,    O,   O,   O),
        new("GET",  "api/results/{lot}",     "/api/results/DP-BM-101",              S,   O,    O,   O,   O),
        new("GET",  "api/results/{lot}/history", "/api/results/DP-UC-301/history",  S,   O,    O,   O,   O),
        new("GET",  "api/investigations",    "/api/investigations",                 S,   O,    O,   O,   O),
        new("GET",  "api/investigations/{id:int}", "/api/investigations/1",         S,   O,    O,   O,   O),
        new("GET",  "api/deviations",        "/api/deviations",                     S,   O,    O,   O,   O),
        new("GET",  "api/specifications",    "/api/specifications",                 S,   O,    O,   O,   O),
        new("GET",  "api/panels",            "/api/panels",                         S,   O,    O,   O,   O),
        new("GET",  "api/trials",            "/api/trials",                         S,   O,    O,   O,   O),
        new("GET",  "api/trials/landscape",  "/api/trials/landscape",               S,   O,    O,   O,   O),
        new("GET",  "api/openapi.json",      "/api/openapi.json",                   S,   O,    O,   O,   O),
    ];

    /// <summary>The demo users, one per role (null: not signed in).</summary>
    public static readonly IReadOnlyList<(string? Role, string? User)> Roles =
        [(null, null), ("Viewer", "vera"), ("Operator", "olga"), ("QA", "quentin"), ("Admin", "admin")];

    /// <summary>How a response reads in the matrix's terms.</summary>
    public static Access Classify(HttpResponseMessage response, Uri baseUri)
    {
        var status = (int)response.StatusCode;
        if (response.StatusCode == HttpStatusCode.Unauthorized) return Access.SignIn;
        if (response.StatusCode == HttpStatusCode.Forbidden) return Access.Denied;
        if (status is >= 300 and < 400 && response.Headers.Location is { } location)
        {
            var target = new Uri(baseUri, location).PathAndQuery;
            if (target.StartsWith("/login?", StringComparison.OrdinalIgnoreCase)) return Access.SignIn;
            if (target.StartsWith("/denied", StringComparison.OrdinalIgnoreCase)) return Access.Denied;
            return Access.Ok;
        }
        return status is >= 200 and < 300 ? Access.Ok : Access.Error;
    }
}

using System.Net;
using Xunit;

namespace Stroma.Web.Tests;

/// <summary>Every state-changing request of the matrix needs the anti-forgery token of its own session.</summary>
public sealed class AntiforgeryTests(WebAppFixture app)
{
    public static TheoryData<string, string> Posts()
    {
        var data = new TheoryData<string, string>();
        foreach (var route in AccessMatrix.Routes.Where(r => r.Method == "POST")) data.Add(route.Method, route.Path);
        return data;
    }

    [Theory]
    [MemberData(nameof(Posts))]
    public async Task A_post_without_a_token_or_with_another_sessions_token_is_refused_and_with_its_own_is_served(string method, string path)
    {
        var route = AccessMatrix.Routes.Single(r => r.Method == method && r.Path == path);
        // Someone the matrix lets in: anonymous for sign-in, else the first role that is allowed.
        var (_, user) = AccessMatrix.Roles.First(r => route.For(r.Role) == Access.Ok);
        using var session = await app.SessionAsync(user);
        using var foreign = await app.SessionAsync(user is null ? null : "vera");
        var foreignToken = await foreign.TokenAsync(user is null ? "/login" : "/");

        using (var missing = await AccessMatrixTests.Send(app, session, route, "csrf", token: null))
            Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        using (var stolen = await AccessMatrixTests.Send(app, session, route, "csrf", foreignToken))
            Assert.Equal(HttpStatusCode.BadRequest, stolen.StatusCode);
        using var own = await AccessMatrixTests.Send(app, session, route, "csrf", await session.TokenAsync(user is null ? "/login" : "/"));
        Assert.Equal(Access.Ok, AccessMatrix.Classify(own, app.BaseUri));
    }
}

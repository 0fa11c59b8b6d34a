using System.Net;
using Microsoft.EntityFrameworkCore;
using Stroma.Storage;
using Xunit;

namespace Stroma.Web.Tests;

/// <summary>
/// Sign-ins of one user at the same moment (two tabs, two workstations) all get their answer: each writes the user
/// row's failed-attempt count, and a conflict on that row is retried on a fresh read rather than shown as an error.
/// </summary>
public sealed class ConcurrentSignInTests(WebAppFixture app)
{
    private const int Clients = 12;
    private const int Rounds = 4;

    [Fact]
    public async Task Simultaneous_sign_ins_after_a_failed_attempt_all_succeed_and_the_failure_count_is_reset()
    {
        for (var round = 0; round < Rounds; round++) await RoundAsync();
    }

    private async Task RoundAsync()
    {
        using (var first = await app.SessionAsync(null))
        {
            using var failed = await first.PostAsync("/login",
                [new("UserName", WebAppFixture.ConcurrentUser), new("Password", "not-the-password-1")],
                await first.TokenAsync("/login"));
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        }
        Assert.Equal(1, await FailedCountAsync());

        var sessions = new List<Session>();
        try
        {
            for (var i = 0; i < Clients; i++) sessions.Add(await app.SessionAsync(null));
            var tokens = await Task.WhenAll(sessions.Select(s => s.TokenAsync("/login")));
            var answers = await Task.WhenAll(sessions.Select((s, i) => s.PostAsync("/login",
                [new("UserName", WebAppFixture.ConcurrentUser),
                 new("Password", app.Password(WebAppFixture.ConcurrentUser))], tokens[i])));
            Assert.All(answers, a => Assert.Equal(HttpStatusCode.Redirect, a.StatusCode));
            foreach (var a in answers) a.Dispose();
        }
        finally
        {
            foreach (var s in sessions) s.Dispose();
        }
        Assert.Equal(0, await FailedCountAsync());
    }

    private async Task<int> FailedCountAsync()
    {
        await using var db = await StromaDatabase.OpenAsync(app.Demo.Database);
        return await db.Users.Where(u => u.UserName == WebAppFixture.ConcurrentUser)
            .Select(u => u.AccessFailedCount).SingleAsync(TestContext.Current.CancellationToken);
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Stroma.Benchmarks;

/// <summary>
/// Page latency of a running <c>stroma serve</c> (bench/run.sh web): signs in N clients (each its own cookie jar,
/// through the login form and its anti-forgery token), then all clients at once request each page until a fixed
/// number of requests per page is done, and prints p50/p95/max per page. The first request of each page (cold
/// caches, e.g. the trial landscape) is timed apart and not counted.
/// </summary>
public static partial class WebLatency
{
    private static readonly string[] Pages = ["/", "/lots", "/trials"];

    /// <summary>
    /// <paramref name="usersFile"/>: one "user password" per line (the demo's generated accounts); clients take
    /// them in turn.
    /// </summary>
    public static async Task<int> Run(string baseUrl, string usersFile, int clients, int requestsPerPage)
    {
        var users = File.ReadAllLines(usersFile).Select(l => l.Split(' ', 2)).Where(p => p.Length == 2).ToArray();
        if (users.Length == 0) throw new InvalidDataException($"{usersFile} names no user.");
        var sessions = new HttpClient[clients];
        for (var c = 0; c < clients; c++)
        {
            var handler = new SocketsHttpHandler
            {
                CookieContainer = new CookieContainer(),
                AllowAutoRedirect = false,
                MaxConnectionsPerServer = 1,
            };
            sessions[c] = new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(5) };
        }
        var signIn = Stopwatch.StartNew();
        await Task.WhenAll(sessions.Select((client, c) => SignInAsync(client, users[c % users.Length])));
        Console.WriteLine($"  {clients} clients signed in ({users.Length} demo users in turn) in " +
            $"{signIn.Elapsed.TotalMilliseconds:F0} ms");

        foreach (var page in Pages)
        {
            var cold = Stopwatch.StartNew();
            await GetAsync(sessions[0], page);
            var first = cold.Elapsed.TotalMilliseconds;
            var latencies = new List<double>(requestsPerPage);
            var remaining = requestsPerPage;
            var wall = Stopwatch.StartNew();
            await Task.WhenAll(sessions.Select(async client =>
            {
                while (Interlocked.Decrement(ref remaining) >= 0)
                {
                    var watch = Stopwatch.StartNew();
                    await GetAsync(client, page);
                    var ms = watch.Elapsed.TotalMilliseconds;
                    lock (latencies) latencies.Add(ms);
                }
            }));
            var seconds = wall.Elapsed.TotalSeconds;
            latencies.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {page,-8} p50 {Percentile(latencies, 0.50),7:F1} ms  p95 {Percentile(latencies, 0.95),7:F1} ms  " +
                $"max {latencies[^1],7:F1} ms  ({latencies.Count} requests, {latencies.Count / seconds,6:F0}/s; " +
                $"first request {first:F0} ms)"));
        }
        foreach (var s in sessions) s.Dispose();
        return 0;
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static async Task SignInAsync(HttpClient client, string[] user)
    {
        var html = await client.GetStringAsync("/login");
        var match = TokenPattern().Match(html);
        if (!match.Success) throw new InvalidOperationException("/login has no anti-forgery token.");
        using var form = new FormUrlEncodedContent(
        [
            new("UserName", user[0]), new("Password", user[1]),
            new("__RequestVerificationToken", WebUtility.HtmlDecode(match.Groups[1].Value)),
        ]);
        using var response = await client.PostAsync("/login", form);
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Sign-in of {user[0]} answered {(int)response.StatusCode}.");
    }

    private static async Task GetAsync(HttpClient client, string page)
    {
        using var response = await client.GetAsync(page, HttpCompletionOption.ResponseContentRead);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"{page} answered {(int)response.StatusCode} " +
                $"({response.Headers.Location}); is the client still signed in?");
        _ = await response.Content.ReadAsByteArrayAsync();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}

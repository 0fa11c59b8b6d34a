using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Stroma.Testing;

/// <summary>A fault the fake registry answers one request with, instead of the page.</summary>
public abstract record RegistryFault
{
    /// <summary>An error status (with <c>Retry-After</c> seconds when given).</summary>
    public sealed record Status(int Code, int? RetryAfterSeconds = null) : RegistryFault;

    /// <summary>Announces the whole page in Content-Length, sends half of it, and drops the connection.</summary>
    public sealed record Truncated : RegistryFault;

    /// <summary>
    /// Sends the first half of the page with a matching Content-Length: JSON cut short, connection intact.
    /// </summary>
    public sealed record CutJson : RegistryFault;

    /// <summary>Waits this long before answering with the page.</summary>
    public sealed record Delay(TimeSpan Wait) : RegistryFault;
}

/// <summary>
/// A stand-in for the ClinicalTrials.gov API v2 on a loopback port (HttpListener): <c>/api/v2/version</c> and
/// <c>/api/v2/studies</c> paging the given studies with a <c>pageToken</c> chain, honouring <c>pageSize</c> and
/// <c>countTotal</c>. Studies are JSON text the test writes. Faults can be scripted per page (1-based; 0 is the
/// version request), each used by one request, in order. Nothing leaves the machine.
/// </summary>
public sealed class FakeRegistry : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<int, ConcurrentQueue<RegistryFault>> _faults = new();
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly Task _loop;
    private volatile int _failFrom = int.MaxValue;

    /// <summary>Starts serving <paramref name="studies"/> (each one study's JSON).</summary>
    public FakeRegistry(IReadOnlyList<string> studies, string dataTimestamp = "2026-11-30T09:00:00")
    {
        Studies = studies;
        DataTimestamp = dataTimestamp;
        for (var attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            try
            {
                _listener.Prefixes.Clear();
                _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
                _listener.Start();
                BaseUrl = new Uri($"http://127.0.0.1:{port}/");
                break;
            }
            catch (HttpListenerException) when (attempt < 10) { }
        }
        _loop = Task.Run(Loop);
    }

    /// <summary>Where the fake API is (ends with a slash).</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The studies served, in order.</summary>
    public IReadOnlyList<string> Studies { get; set; }

    /// <summary>The data timestamp <c>/api/v2/version</c> reports.</summary>
    public string DataTimestamp { get; set; }

    /// <summary>Every request's path and query, in arrival order.</summary>
    public IReadOnlyList<string> Requests => _requests.ToArray();

    /// <summary>Queues faults for a page (1-based; 0 = the version request).</summary>
    public void Fault(int page, params RegistryFault[] faults)
    {
        var q = _faults.GetOrAdd(page, _ => new ConcurrentQueue<RegistryFault>());
        foreach (var f in faults) q.Enqueue(f);
    }

    /// <summary>
    /// Answers every request for this page and later ones with 500 until <see cref="Heal"/> (an outage).
    /// </summary>
    public void FailFrom(int page) => _failFrom = page;

    /// <summary>Ends the outage.</summary>
    public void Heal() => _failFrom = int.MaxValue;

    /// <summary>Builds a page body as the API does.</summary>
    public static string Page(IEnumerable<string> studies, int? totalCount, string? nextPageToken)
    {
        var sb = new StringBuilder("{");
        if (totalCount is { } t)
            sb.Append("\"totalCount\":").Append(t.ToString(CultureInfo.InvariantCulture)).Append(',');
        sb.Append("\"studies\":[").Append(string.Join(",", studies)).Append(']');
        if (nextPageToken is not null) sb.Append(",\"nextPageToken\":").Append(JsonSerializer.Serialize(nextPageToken));
        return sb.Append('}').ToString();
    }

    public void Dispose()
    {
        try { _listener.Stop(); } catch (ObjectDisposedException) { }
        _listener.Close();
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }

    private async Task Loop()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try { ctx = await _listener.GetContextAsync().ConfigureAwait(false); }
            catch (Exception ex)
                when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => Answer(ctx));
        }
    }

    private async Task Answer(HttpListenerContext ctx)
    {
        try
        {
            var url = ctx.Request.Url!;
            _requests.Enqueue(url.PathAndQuery);
            var query = System.Web.HttpUtility.ParseQueryString(url.Query);
            int page;
            string body;
            if (url.AbsolutePath == "/api/v2/version")
            {
                page = 0;
                body = $"{{\"apiVersion\":\"2.0.5\",\"dataTimestamp\":\"{DataTimestamp}\"}}";
            }
            else if (url.AbsolutePath == "/api/v2/studies")
            {
                var size = int.Parse(query["pageSize"] ?? "10", CultureInfo.InvariantCulture);
                var offset = query["pageToken"] is { } token ? int.Parse(token["tok-".Length..],
                    CultureInfo.InvariantCulture) : 0;
                page = offset / size + 1;
                var slice = Studies.Skip(offset).Take(size);
                var next = offset + size < Studies.Count ? $"tok-{offset + size}" : null;
                body = Page(slice, query["countTotal"] == "true" ? Studies.Count : null, next);
            }
            else
            {
                await Send(ctx, 404, "{\"error\":\"not found\"}").ConfigureAwait(false);
                return;
            }
            if (page >= _failFrom)
            {
                await Send(ctx, 500, "outage").ConfigureAwait(false);
                return;
            }
            RegistryFault? fault = _faults.TryGetValue(page, out var q) && q.TryDequeue(out var f) ? f : null;
            var bytes = Encoding.UTF8.GetBytes(body);
            switch (fault)
            {
                case RegistryFault.Status s:
                    if (s.RetryAfterSeconds is { } after)
                        ctx.Response.Headers["Retry-After"] = after.ToString(CultureInfo.InvariantCulture);
                    await Send(ctx, s.Code, "try later").ConfigureAwait(false);
                    return;
                case RegistryFault.Truncated:
                    ctx.Response.StatusCode = 200;
                    ctx.Response.ContentType = "application/json";
                    ctx.Response.ContentLength64 = bytes.Length;
                    await ctx.Response.OutputStream.WriteAsync(bytes.AsMemory(0,
                        bytes.Length / 2)).ConfigureAwait(false);
                    await ctx.Response.OutputStream.FlushAsync().ConfigureAwait(false);
                    ctx.Response.Abort();
                    return;
                case RegistryFault.CutJson:
                    await Send(ctx, 200, body[..(body.Length / 2)]).ConfigureAwait(false);
                    return;
                case RegistryFault.Delay d:
                    await Task.Delay(d.Wait).ConfigureAwait(false);
                    break;
            }
            await Send(ctx, 200, body).ConfigureAwait(false);
        }
        catch (Exception ex)
            when (ex is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The client gave up (a timeout test) or the server is stopping.
        }
    }

    private static async Task Send(HttpListenerContext ctx, int status, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = status == 200 ? "application/json" : "text/plain";
        ctx.Response.ContentLength64 = bytes.Length;
        await ctx.Response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
        ctx.Response.Close();
    }
}

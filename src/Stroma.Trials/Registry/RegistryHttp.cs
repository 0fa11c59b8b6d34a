using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Stroma.Trials.Registry;

/// <summary>
/// The HTTP side of a fetch: one <see cref="HttpClient"/> whose handler chain is Microsoft.Extensions.Http.Resilience's
/// <see cref="ResilienceHandler"/> (retry outermost, a timeout per attempt inside it) over
/// <see cref="BoundedBodyHandler"/>, which reads each body whole, bounded, so a truncated or stalled body is one more
/// transient failure the retry sees rather than an error after the retry has given up.
/// </summary>
internal sealed class RegistryHttp : IDisposable
{
    private readonly HttpClient _client;
    private readonly RegistryFetchOptions _options;
    private int _page;

    /// <param name="options">Bounds and base URL.</param>
    /// <param name="report">Told of each retry.</param>
    /// <param name="transport">The innermost handler (a <see cref="SocketsHttpHandler"/> when null).</param>
    public RegistryHttp(RegistryFetchOptions options, Action<FetchEvent>? report, HttpMessageHandler? transport = null)
    {
        _options = options;
        var retry = new HttpRetryStrategyOptions
        {
            // Set first: turning it off clears DelayGenerator, which is ours below (Retry-After, but bounded).
            ShouldRetryAfterHeader = false,
            MaxRetryAttempts = Math.Max(1, options.MaxRetries),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryDelay,
            MaxDelay = options.MaxRetryDelay,
            DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, options.MaxRetryDelay)),
            OnRetry = args =>
            {
                var why = args.Outcome.Exception is { } ex
                    ? Describe(ex) : $"HTTP {(int)args.Outcome.Result!.StatusCode} {args.Outcome.Result.ReasonPhrase}";
                report?.Invoke(new FetchEvent(FetchEventKind.Retry, _page, 0, null,
                    $"{why}; retry {args.AttemptNumber + 1} of {options.MaxRetries} in " +
                        $"{args.RetryDelay.TotalSeconds:0.##} s", args.RetryDelay));
                return default;
            },
        };
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (options.MaxRetries > 0) builder.AddRetry(retry);
        builder.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = options.AttemptTimeout });
        var body = new BoundedBodyHandler(options.MaxPageBytes)
        {
            InnerHandler = transport ?? new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.All },
        };
        _client = new HttpClient(new ResilienceHandler(builder.Build()) { InnerHandler = body })
        {
            BaseAddress = options.BaseUrl,
            // The pipeline's attempt timeout governs; HttpClient's own would cut across retries.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Stroma",
            RegistryFetcher.ToolVersion.Split('+')[0]));
    }

    /// <summary>GETs a JSON document; <paramref name="page"/> names it in errors (0 for the version request).</summary>
    public async Task<byte[]> GetAsync(string relativeUrl, int page, CancellationToken ct)
    {
        _page = page;
        var url = new Uri(_client.BaseAddress!, relativeUrl).ToString();
        int? where = page == 0 ? null : page;
        HttpResponseMessage response;
        try
        {
            response = await _client.GetAsync(relativeUrl, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or Polly.Timeout.TimeoutRejectedException)
        {
            throw new RegistryFetchException($"{Describe(ex)}, after {_options.MaxRetries} retries; {url}", where, url,
                ex);
        }
        catch (RegistryFetchException ex) when (ex.Page is null && where is not null)
        {
            throw new RegistryFetchException(ex.Message, where, url, ex.InnerException);
        }
        using (response)
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
            if (response.IsSuccessStatusCode) return bytes;
            var text = System.Text.Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length,
                300)).ReplaceLineEndings(" ");
            var tried = HttpClientResiliencePredicates.IsTransient(Outcome.FromResult(response))
                ? $", after {_options.MaxRetries} retries" : "";
            throw new RegistryFetchException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}{tried}: " +
                $"{text}; {url}", where, url);
        }
    }

    public void Dispose() => _client.Dispose();

    private static string Describe(Exception ex) => ex switch
    {
        Polly.Timeout.TimeoutRejectedException => "no complete answer within the timeout",
        HttpRequestException { InnerException: { } inner } h when h.Message.StartsWith("the response",
            StringComparison.Ordinal) => $"{h.Message} ({inner.Message})",
        _ => ex.Message,
    };

    /// <summary>
    /// The wait a 429 or 503 asks for (RFC 9110 §10.2.3 Retry-After: seconds or an HTTP date), at most
    /// <paramref name="longest"/>; null (the exponential backoff) when the response gives none.
    /// </summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan longest)
    {
        if (response?.Headers.RetryAfter is not { } after) return null;
        var wait = after.Delta ?? (after.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        if (wait is not { } w) return null;
        return w < TimeSpan.Zero ? TimeSpan.Zero : w > longest ? longest : w;
    }
}

/// <summary>
/// Reads a successful response body whole into memory, at most a bound, and checks it is one complete JSON value.
/// A body that ends early (a broken connection, fewer bytes than Content-Length, JSON cut short) becomes an
/// <see cref="HttpRequestException"/>, which the retry treats as transient; a body over the bound becomes a
/// <see cref="RegistryFetchException"/>, which it does not. The buffer grows with the bytes that arrive, never with
/// what a header announces.
/// </summary>
internal sealed class BoundedBodyHandler(int maxBytes) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var response = await base.SendAsync(request, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) return response;
        try
        {
            if (response.Content.Headers.ContentLength is > 0 and var announced && announced > maxBytes)
                throw new RegistryFetchException($"the response is {announced} bytes, more than the " +
                    $"{maxBytes}-byte limit for one page; use a smaller --page-size");
            var body = new MemoryStream();
            var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var buffer = new byte[1 << 16];
                int n;
                try
                {
                    while ((n = await stream.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
                    {
                        if (body.Length + n > maxBytes)
                            throw new RegistryFetchException($"the response is more than the {maxBytes}-byte limit " +
                                "for one page; use a smaller --page-size");
                        body.Write(buffer, 0, n);
                    }
                }
                catch (IOException ex)
                {
                    throw new HttpRequestException($"the response body broke off after {body.Length} bytes", ex);
                }
            }
            if (response.Content.Headers.ContentLength is { } expected && expected != body.Length)
                throw new HttpRequestException($"the response body ended after {body.Length} of {expected} bytes",
                    new IOException("short body"));
            var bytes = body.ToArray();
            if (Incomplete(bytes) is { } problem)
                throw new HttpRequestException($"the response body is not complete JSON after {bytes.Length} bytes",
                    new JsonException(problem));
            var content = new ByteArrayContent(bytes);
            foreach (var h in response.Content.Headers) content.Headers.TryAddWithoutValidation(h.Key, h.Value);
            content.Headers.ContentLength = bytes.Length;
            content.Headers.ContentEncoding.Clear();
            response.Content.Dispose();
            response.Content = content;
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>Null when the bytes are one complete JSON value; else the reader's complaint.</summary>
    private static string? Incomplete(byte[] bytes)
    {
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowTrailingCommas = true,
            CommentHandling = JsonCommentHandling.Skip });
        try
        {
            if (!reader.Read()) return "empty body";
            reader.Skip();
            return null;
        }
        catch (JsonException ex)
        {
            return ex.Message;
        }
    }
}

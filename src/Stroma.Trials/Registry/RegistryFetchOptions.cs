namespace Stroma.Trials.Registry;

/// <summary>
/// How <see cref="RegistryFetcher"/> talks to the API. Every bound is checked by <see cref="Validate"/>.
/// </summary>
public sealed record RegistryFetchOptions
{
    /// <summary>The public API's host.</summary>
    public static readonly Uri PublicApi = new("https://clinicaltrials.gov/");

    /// <summary>Where <c>api/v2/…</c> is resolved (the public API unless a mirror or test server is given).</summary>
    public Uri BaseUrl { get; init; } = PublicApi;

    /// <summary>Studies per page; the API allows 1 to 1,000 (Data API v2, <c>pageSize</c>).</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>Time allowed for one request, headers and body.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Retries of one request after a 429, a 5xx, a timeout, a broken connection or a truncated body.
    /// </summary>
    public int MaxRetries { get; init; } = 6;

    /// <summary>
    /// First retry delay when the server gives no <c>Retry-After</c>; it doubles per retry, with jitter.
    /// </summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest wait before a retry, also when <c>Retry-After</c> asks for more.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Largest response body read. A page of 1,000 full studies with posted results runs to tens of megabytes; the
    /// default page of 100 to a few.
    /// </summary>
    public int MaxPageBytes { get; init; } = 256 << 20;

    /// <summary>
    /// Most pages one fetch follows: the largest search (the whole registry, about 600,000 studies) is 600 pages
    /// of 1,000, so a longer token chain is an API fault, not data.
    /// </summary>
    public int MaxPages { get; init; } = 100_000;

    /// <summary>Throw away an interrupted fetch's partial file and state instead of resuming it.</summary>
    public bool Restart { get; init; }

    /// <summary>Raises <see cref="RegistryFetchException"/> naming the first option out of range.</summary>
    public void Validate()
    {
        if (!BaseUrl.IsAbsoluteUri || BaseUrl.Scheme is not ("http" or "https"))
            throw new RegistryFetchException($"--base-url {BaseUrl}: expected an absolute http or https URL");
        if (PageSize is < 1 or > 1000) throw new RegistryFetchException($"--page-size {PageSize}: the API allows 1 " +
            "to 1000");
        if (AttemptTimeout <= TimeSpan.Zero) throw new RegistryFetchException("--timeout: expected a positive " +
            "number of seconds");
        if (MaxRetries is < 0 or > 100) throw new RegistryFetchException($"--retries {MaxRetries}: expected 0 to 100");
        if (RetryDelay < TimeSpan.Zero || MaxRetryDelay < RetryDelay) throw new RegistryFetchException("retry " +
            "delays: expected 0 ≤ first delay ≤ longest delay");
        if (MaxPageBytes < 1024) throw new RegistryFetchException($"page size limit {MaxPageBytes} bytes is too small");
        if (MaxPages < 1) throw new RegistryFetchException("page limit: expected at least 1");
    }
}

/// <summary>What a fetch reports as it goes (for a progress display).</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Page">The page concerned (1-based), 0 before the first.</param>
/// <param name="Studies">Studies kept so far.</param>
/// <param name="Total">Matches the API counted, when known.</param>
/// <param name="Message">Details in plain words.</param>
/// <param name="Delay">For a retry, how long the fetch waits before it.</param>
public sealed record FetchEvent(FetchEventKind Kind, int Page, int Studies, int? Total, string Message,
    TimeSpan? Delay = null);

/// <summary>Kinds of <see cref="FetchEvent"/>.</summary>
public enum FetchEventKind
{
    /// <summary>A new fetch started.</summary>
    Started,

    /// <summary>An interrupted fetch goes on from its last complete page.</summary>
    Resumed,

    /// <summary>A page was fetched and written to the partial file.</summary>
    Page,

    /// <summary>A request failed and is tried again after a delay.</summary>
    Retry,

    /// <summary>A study could not be read and is left out (listed in the manifest).</summary>
    Skipped,

    /// <summary>The snapshot zip was written.</summary>
    Finished,
}

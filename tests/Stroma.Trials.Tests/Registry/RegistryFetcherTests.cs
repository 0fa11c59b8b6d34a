using System.IO.Compression;
using System.Security.Cryptography;
using Stroma.Testing;
using Stroma.Trials.Formats;
using Stroma.Trials.Registry;
using Xunit;

namespace Stroma.Trials.Tests.Registry;

/// <summary>Fetching a search from a fake API v2 on loopback: paging, retries, skips, resuming, refusing.</summary>
public sealed class RegistryFetcherTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static RegistryQuery Query => RegistryQuery.Create("mesenchymal stromal cells", statuses: ["recruiting",
        "completed"]);

    private static RegistryFetchOptions Options(FakeRegistry api, int retries = 3) => new()
    {
        BaseUrl = api.BaseUrl,
        PageSize = 3,
        MaxRetries = retries,
        RetryDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryDelay = TimeSpan.FromSeconds(3),
        AttemptTimeout = TimeSpan.FromSeconds(10),
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Fetch_follows_the_page_token_chain_and_writes_every_study_with_a_manifest()
    {
        using var api = new FakeRegistry(V2Studies.Many(7), dataTimestamp: "2026-11-28T09:00:06");
        var output = _dir.File("snap.zip");
        var events = new List<FetchEvent>();

        var manifest = await new RegistryFetcher(Options(api)).FetchAsync(Query, output, events.Add, Ct);

        Assert.Equal(7, manifest.Count);
        Assert.Equal(7, manifest.TotalCount);
        Assert.Equal(3, manifest.Pages);
        Assert.Equal("2026-11-28T09:00:06", manifest.DataTimestamp);
        Assert.Equal("2.0.5", manifest.ApiVersion);
        Assert.Equal("mesenchymal stromal cells", manifest.Parameters["query.term"]);
        Assert.Equal("COMPLETED,RECRUITING", manifest.Parameters["filter.overallStatus"]);
        Assert.Equal(RegistryFetcher.ToolVersion, manifest.ToolVersion);
        Assert.Empty(manifest.Skipped);
        var pages = api.Requests.Where(r => r.StartsWith("/api/v2/studies", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, pages.Count);
        Assert.Contains("countTotal=true", pages[0], StringComparison.Ordinal);
        Assert.Contains("pageToken=tok-3", pages[1], StringComparison.Ordinal);
        Assert.Contains("pageToken=tok-6", pages[2], StringComparison.Ordinal);
        Assert.DoesNotContain("countTotal", pages[1], StringComparison.Ordinal);
        Assert.Equal([1, 2, 3], events.Where(e => e.Kind == FetchEventKind.Page).Select(e => e.Page));
        using (var zip = ZipFile.OpenRead(output))
        {
            Assert.Equal(SnapshotLayout.ManifestEntry, zip.Entries[0].FullName);
            Assert.Equal(Enumerable.Range(1, 7).Select(i => $"studies/{V2Studies.Id(i)}.json"),
                zip.Entries.Skip(1).Select(e => e.FullName));
        }
        Assert.False(File.Exists(RegistryFetcher.PartialPath(output)));
        Assert.False(File.Exists(RegistryFetcher.StatePath(output)));
    }

    [Fact]
    public async Task Snapshot_reads_back_through_the_v2_reader_with_a_fingerprint_per_record()
    {
        var studies = V2Studies.Many(4);
        using var api = new FakeRegistry(studies);
        var first = _dir.File("first.zip");
        await new RegistryFetcher(Options(api)).FetchAsync(Query, first, null, Ct);
        studies[2] = V2Studies.Study(3, status: "COMPLETED");
        api.Studies = studies;
        var second = _dir.File("second.zip");
        await new RegistryFetcher(Options(api)).FetchAsync(Query, second, null, Ct);

        using var a = SnapshotReader.Open(first);
        using var b = SnapshotReader.Open(second);
        var records = a.Records().ToList();
        Assert.All(records, r => Assert.Null(r.Result.Error));
        Assert.Equal(Enumerable.Range(1, 4).Select(V2Studies.Id), records.Select(r => r.Result.Trial!.NctId));
        using (var zip = ZipFile.OpenRead(first))
        using (var s = zip.GetEntry(records[0].Entry)!.Open())
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(s)), records[0].Fingerprint);
        var fa = a.Fingerprints();
        var fb = b.Fingerprints();
        Assert.Equal(fa[V2Studies.Id(1)], fb[V2Studies.Id(1)]);
        Assert.NotEqual(fa[V2Studies.Id(3)], fb[V2Studies.Id(3)]);
        // The other readers take a snapshot as any zip of v2 studies: the manifest is not a record.
        var read = TrialReader.Read([first]).ToList();
        Assert.Equal(4, read.Count);
        Assert.All(read, r => Assert.Null(r.Error));
    }

    [Fact]
    public async Task Fetch_waits_as_long_as_Retry_After_asks_after_a_429()
    {
        using var api = new FakeRegistry(V2Studies.Many(5));
        api.Fault(2, new RegistryFault.Status(429, RetryAfterSeconds: 1));
        var events = new List<FetchEvent>();

        var manifest = await new RegistryFetcher(Options(api)).FetchAsync(Query, _dir.File("s.zip"), events.Add, Ct);

        Assert.Equal(5, manifest.Count);
        var retry = Assert.Single(events, e => e.Kind == FetchEventKind.Retry);
        Assert.Equal(2, retry.Page);
        Assert.Equal(TimeSpan.FromSeconds(1), retry.Delay);
        Assert.Contains("429", retry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_retries_a_500_a_dropped_body_and_json_cut_short()
    {
        using var api = new FakeRegistry(V2Studies.Many(8));
        api.Fault(1, new RegistryFault.Status(500));
        api.Fault(2, new RegistryFault.Truncated());
        api.Fault(3, new RegistryFault.CutJson());
        var events = new List<FetchEvent>();

        var manifest = await new RegistryFetcher(Options(api)).FetchAsync(Query, _dir.File("s.zip"), events.Add, Ct);

        Assert.Equal(8, manifest.Count);
        var retries = events.Where(e => e.Kind == FetchEventKind.Retry).ToList();
        Assert.Equal([1, 2, 3], retries.Select(e => e.Page));
        Assert.Contains("500", retries[0].Message, StringComparison.Ordinal);
        Assert.Contains("not complete JSON", retries[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_retries_a_request_that_outlasts_the_timeout()
    {
        using var api = new FakeRegistry(V2Studies.Many(2));
        api.Fault(1, new RegistryFault.Delay(TimeSpan.FromSeconds(5)));
        var events = new List<FetchEvent>();
        var options = Options(api) with { AttemptTimeout = TimeSpan.FromMilliseconds(400) };

        var manifest = await new RegistryFetcher(options).FetchAsync(Query, _dir.File("s.zip"), events.Add, Ct);

        Assert.Equal(2, manifest.Count);
        Assert.Contains(events, e => e.Kind == FetchEventKind.Retry && e.Message.Contains("timeout",
            StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_malformed_study_is_left_out_and_named_by_page_and_index_in_the_manifest()
    {
        var studies = V2Studies.Many(6);
        studies[4] = """{"protocolSection":{"identificationModule":{"briefTitle":"no id here"}}}""";
        using var api = new FakeRegistry(studies);
        var events = new List<FetchEvent>();

        var manifest = await new RegistryFetcher(Options(api)).FetchAsync(Query, _dir.File("s.zip"), events.Add, Ct);

        Assert.Equal(5, manifest.Count);
        var skip = Assert.Single(manifest.Skipped);
        Assert.Equal(2, skip.Page);
        Assert.Equal(1, skip.Index);
        Assert.Null(skip.NctId);
        Assert.Contains("nctId", skip.Error, StringComparison.Ordinal);
        Assert.Contains(events, e => e.Kind == FetchEventKind.Skipped && e.Page == 2);
        Assert.Single(SnapshotReader.ReadManifest(_dir.File("s.zip")).Skipped);
    }

    [Fact]
    public async Task Retries_give_up_with_an_error_naming_the_page_and_keep_the_partial_fetch()
    {
        using var api = new FakeRegistry(V2Studies.Many(9));
        api.FailFrom(2);
        var output = _dir.File("s.zip");

        var ex = await Assert.ThrowsAsync<RegistryFetchException>(() => new RegistryFetcher(Options(api,
            retries: 2)).FetchAsync(Query, output, null, Ct));

        Assert.Equal(2, ex.Page);
        Assert.Contains("HTTP 500", ex.Message, StringComparison.Ordinal);
        Assert.Contains("after 2 retries", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, api.Requests.Count(r => r.Contains("tok-3", StringComparison.Ordinal)));
        Assert.False(File.Exists(output));
        Assert.True(File.Exists(RegistryFetcher.PartialPath(output)));
        Assert.True(File.Exists(RegistryFetcher.StatePath(output)));
    }

    [Fact]
    public async Task An_interrupted_fetch_resumes_from_its_last_complete_page()
    {
        using var api = new FakeRegistry(V2Studies.Many(10));
        api.FailFrom(3);
        var output = _dir.File("s.zip");
        await Assert.ThrowsAsync<RegistryFetchException>(() => new RegistryFetcher(Options(api,
            retries: 0)).FetchAsync(Query, output, null, Ct));
        // A crash while page 3 was being written leaves bytes past the recorded length: they are cut off.
        File.AppendAllText(RegistryFetcher.PartialPath(output), "NCT95000007\t{\"half\":");
        api.Heal();
        var events = new List<FetchEvent>();

        var manifest = await new RegistryFetcher(Options(api)).FetchAsync(Query, output, events.Add, Ct);

        Assert.Equal(10, manifest.Count);
        Assert.Equal(1, manifest.Resumed);
        Assert.Equal(4, manifest.Pages);
        Assert.Single(api.Requests, r => r.Contains("countTotal=true", StringComparison.Ordinal));
        Assert.Single(api.Requests, r => r.Contains("tok-3", StringComparison.Ordinal));
        Assert.Equal(FetchEventKind.Resumed, events[0].Kind);
        using var snapshot = SnapshotReader.Open(output);
        Assert.Equal(Enumerable.Range(1, 10).Select(V2Studies.Id), snapshot.Records().Select(r =>
            r.Result.Trial!.NctId));
    }

    [Fact]
    public async Task A_partial_fetch_of_another_search_is_refused_and_left_as_it_was()
    {
        using var api = new FakeRegistry(V2Studies.Many(6));
        api.FailFrom(2);
        var output = _dir.File("s.zip");
        await Assert.ThrowsAsync<RegistryFetchException>(() => new RegistryFetcher(Options(api,
            retries: 0)).FetchAsync(Query, output, null, Ct));
        var partial = File.ReadAllBytes(RegistryFetcher.PartialPath(output));
        api.Heal();

        var other = RegistryQuery.Create("exosomes");
        var ex = await Assert.ThrowsAsync<RegistryFetchException>(() =>
            new RegistryFetcher(Options(api)).FetchAsync(other, output, null, Ct));

        Assert.Contains("another search", ex.Message, StringComparison.Ordinal);
        Assert.Contains("query.term=mesenchymal stromal cells", ex.Message, StringComparison.Ordinal);
        Assert.Equal(partial, File.ReadAllBytes(RegistryFetcher.PartialPath(output)));
    }

    [Fact]
    public async Task A_finished_snapshot_of_another_search_is_not_overwritten()
    {
        using var api = new FakeRegistry(V2Studies.Many(2));
        var output = _dir.File("s.zip");
        await new RegistryFetcher(Options(api)).FetchAsync(Query, output, null, Ct);
        var before = File.ReadAllBytes(output);

        var ex = await Assert.ThrowsAsync<RegistryFetchException>(() =>
            new RegistryFetcher(Options(api)).FetchAsync(RegistryQuery.Create(null, condition: "knee osteoarthritis"),
                output, null, Ct));

        Assert.Contains("snapshot of another search", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(output));
    }

    [Fact]
    public async Task Resuming_after_the_registry_data_changed_is_refused_until_restarted()
    {
        using var api = new FakeRegistry(V2Studies.Many(6));
        api.FailFrom(2);
        var output = _dir.File("s.zip");
        await Assert.ThrowsAsync<RegistryFetchException>(() => new RegistryFetcher(Options(api,
            retries: 0)).FetchAsync(Query, output, null, Ct));
        api.Heal();
        api.DataTimestamp = "2026-12-01T09:00:00";

        var ex = await Assert.ThrowsAsync<RegistryFetchException>(() =>
            new RegistryFetcher(Options(api)).FetchAsync(Query, output, null, Ct));
        Assert.Contains("--restart", ex.Message, StringComparison.Ordinal);

        var manifest = await new RegistryFetcher(Options(api) with { Restart = true }).FetchAsync(Query, output, null,
            Ct);
        Assert.Equal(6, manifest.Count);
        Assert.Equal(0, manifest.Resumed);
        Assert.Equal("2026-12-01T09:00:00", manifest.DataTimestamp);
    }

    [Fact]
    public async Task A_page_larger_than_the_limit_is_refused_without_retrying()
    {
        using var api = new FakeRegistry(V2Studies.Many(3));
        var options = Options(api) with { MaxPageBytes = 2048 };

        var ex = await Assert.ThrowsAsync<RegistryFetchException>(() => new RegistryFetcher(options).FetchAsync(Query,
            _dir.File("s.zip"), null, Ct));

        Assert.Equal(1, ex.Page);
        Assert.Contains("2048-byte limit", ex.Message, StringComparison.Ordinal);
        Assert.Single(api.Requests, r => r.StartsWith("/api/v2/studies", StringComparison.Ordinal));
    }

    [Fact]
    public void A_query_needs_a_search_term_and_statuses_in_the_API_vocabulary()
    {
        Assert.Throws<RegistryFetchException>(() => RegistryQuery.Create(" ", null, null));
        Assert.Throws<RegistryFetchException>(() => RegistryQuery.Create("msc", statuses: ["recruiting;drop"]));
        var unknown = Assert.Throws<RegistryFetchException>(() => RegistryQuery.Create("msc", statuses: ["nonsense"]));
        Assert.Contains("--status NONSENSE: expected an API v2 overall status, one of ACTIVE_NOT_RECRUITING",
            unknown.Message, StringComparison.Ordinal);
        Assert.True(RegistryQuery.Create(" msc ", statuses: ["Completed", "active not recruiting"])
            .SameSearch(RegistryQuery.Create("msc", statuses: ["ACTIVE_NOT_RECRUITING,COMPLETED"])));
    }
}

using System.IO.Compression;
using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Stroma.IO;
using Stroma.Trials.Formats.CtGovV2;

namespace Stroma.Trials.Registry;

/// <summary>
/// Fetches every study of a search from the ClinicalTrials.gov API v2 into a snapshot zip (see
/// <see cref="SnapshotLayout"/>). Pages follow the API's <c>nextPageToken</c> chain. Each page's studies are
/// checked with Stroma's v2 reader and appended to a partial file beside the output (<c>OUT.partial</c>), then a
/// state file (<c>OUT.state.json</c>) records the next token and the partial file's length, so an interrupted fetch
/// resumes from its last complete page. The zip is written only when the last page is in, atomically.
/// </summary>
public sealed class RegistryFetcher
{
    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly RegistryFetchOptions _options;
    private readonly HttpMessageHandler? _transport;

    /// <summary>A fetcher with the given options (validated here).</summary>
    /// <param name="options">Base URL, page size, retries, timeouts.</param>
    /// <param name="transport">The innermost HTTP handler, for tests; a <see cref="SocketsHttpHandler"/> when
    /// null.</param>
    public RegistryFetcher(RegistryFetchOptions options, HttpMessageHandler? transport = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _transport = transport;
    }

    /// <summary>The Stroma version written into manifests.</summary>
    public static string ToolVersion { get; } =
        typeof(RegistryFetcher).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()
            ?.InformationalVersion ?? "0.0.0";

    /// <summary>The partial file of a fetch into <paramref name="output"/>.</summary>
    public static string PartialPath(string output) => Path.GetFullPath(output) + ".partial";

    /// <summary>The state file of a fetch into <paramref name="output"/>.</summary>
    public static string StatePath(string output) => Path.GetFullPath(output) + ".state.json";

    /// <summary>
    /// Fetches the search into <paramref name="output"/>, resuming an interrupted fetch of the same search.
    /// Raises <see cref="RegistryFetchException"/> when the API fails past the retries (the partial file and state
    /// stay, to resume), or when the output or the partial fetch belongs to another search.
    /// </summary>
    public async Task<SnapshotManifest> FetchAsync(RegistryQuery query, string output,
        Action<FetchEvent>? report = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(output);
        var full = Path.GetFullPath(output);
        var partialPath = PartialPath(full);
        var statePath = StatePath(full);
        RefuseOtherSearch(full, query);
        if (_options.Restart) Discard(partialPath, statePath);
        var state = ReadState(statePath);
        if (state is not null && !state.Query.SameSearch(query))
            throw new RegistryFetchException(
                $"{partialPath} is an interrupted fetch of another search ({state.Query.Describe()}), not " +
                    $"{query.Describe()}; " +
                "give another --out, or --restart to discard it");

        using var http = new RegistryHttp(_options, report, _transport);
        var version = await Version(http, ct).ConfigureAwait(false);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        if (state is null)
        {
            state = new FetchState
            {
                Query = query,
                BaseUrl = _options.BaseUrl.ToString(),
                ApiVersion = version.ApiVersion,
                DataTimestamp = version.DataTimestamp,
                StartedAtUtc = DateTimeOffset.UtcNow,
                PageSize = _options.PageSize,
            };
            File.Delete(partialPath);
            WriteState(statePath, state);
            report?.Invoke(new FetchEvent(FetchEventKind.Started, 0, 0, null,
                $"{query.Describe()} from {_options.BaseUrl} (data of {version.DataTimestamp ?? "unknown date"})"));
        }
        else
        {
            if (!string.Equals(state.DataTimestamp, version.DataTimestamp, StringComparison.Ordinal))
                throw new RegistryFetchException(
                    $"the registry data changed ({state.DataTimestamp ?? "unknown"} → " +
                        $"{version.DataTimestamp ?? "unknown"}) since the interrupted fetch " +
                    $"in {partialPath} began, so its page token no longer applies; run again with --restart");
            state.Resumed++;
            RecoverPartial(partialPath, state, ids);
            report?.Invoke(new FetchEvent(FetchEventKind.Resumed, state.Pages, state.Count, state.TotalCount,
                $"resuming after page {state.Pages} ({state.Count} studies kept)"));
        }

        using (var partial = new FileStream(partialPath, FileMode.Append, FileAccess.Write, FileShare.None, 1 << 16))
        {
            while (!state.Done)
            {
                ct.ThrowIfCancellationRequested();
                var page = state.Pages + 1;
                if (page > _options.MaxPages)
                    throw new RegistryFetchException($"the API's page chain goes past {_options.MaxPages} pages; " +
                        "stopped", page);
                var url = query.PageUrl(state.PageSize, state.NextPageToken);
                var body = await http.GetAsync(url, page, ct).ConfigureAwait(false);
                var (next, total, kept) = WritePage(body, page, url, state, ids, partial, report);
                partial.Flush(flushToDisk: true);
                if (next is not null && next == state.NextPageToken)
                    throw new RegistryFetchException($"the API gave the same nextPageToken again ({next}); stopped " +
                        "to avoid a loop", page, url);
                state.Pages = page;
                state.NextPageToken = next;
                state.Done = next is null;
                state.TotalCount ??= total;
                state.Count = ids.Count;
                state.PartialLength = partial.Length;
                state.FetchedAtUtc = DateTimeOffset.UtcNow;
                WriteState(statePath, state);
                report?.Invoke(new FetchEvent(FetchEventKind.Page, page, state.Count, state.TotalCount,
                    $"page {page}: {kept} studies"));
            }
        }

        var manifest = new SnapshotManifest
        {
            Query = query,
            Parameters = query.Parameters().ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
            BaseUrl = state.BaseUrl,
            ApiVersion = state.ApiVersion,
            DataTimestamp = state.DataTimestamp,
            Count = state.Count,
            TotalCount = state.TotalCount,
            Pages = state.Pages,
            Duplicates = state.Duplicates,
            StartedAtUtc = state.StartedAtUtc,
            FetchedAtUtc = state.FetchedAtUtc ?? state.StartedAtUtc,
            Resumed = state.Resumed,
            ToolVersion = ToolVersion,
            Skipped = state.Skipped,
        };
        SnapshotWriter.Write(full, manifest, partialPath);
        Discard(partialPath, statePath);
        report?.Invoke(new FetchEvent(FetchEventKind.Finished, state.Pages, state.Count, state.TotalCount,
            $"wrote {full}: {state.Count} studies, {state.Skipped.Count} skipped"));
        return manifest;
    }

    /// <summary>
    /// Checks each study of a page with the v2 reader and appends the readable ones to the partial file.
    /// </summary>
    private static (string? Next, int? Total, int Kept) WritePage(byte[] body, int page, string url, FetchState state,
        HashSet<string> ids,
        FileStream partial, Action<FetchEvent>? report)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(body); }
        catch (JsonException ex)
        {
            throw new RegistryFetchException($"the page is not JSON: {ex.Message}", page, url, ex);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("studies", out var studies)
                || studies.ValueKind != JsonValueKind.Array)
                throw new RegistryFetchException("expected an API v2 page, an object with a \"studies\" array", page,
                    url);
            string? next = null;
            if (root.TryGetProperty("nextPageToken", out var token))
            {
                if (token.ValueKind == JsonValueKind.String) next = token.GetString() is { Length: > 0 } t ? t : null;
                else if (token.ValueKind != JsonValueKind.Null)
                    throw new RegistryFetchException($"nextPageToken: expected a string, found {token.ValueKind}",
                        page, url);
            }
            int? total = root.TryGetProperty("totalCount", out var count) && count.TryGetInt32(out var n) && n >= 0
                ? n : null;
            if (next is not null && studies.GetArrayLength() == 0)
                throw new RegistryFetchException("the page has no studies but names a next page", page, url);
            var kept = 0;
            var index = -1;
            foreach (var study in studies.EnumerateArray())
            {
                index++;
                string nct;
                try
                {
                    nct = CtGovV2Reader.Parse(study, $"page {page}", $"study {index}").NctId;
                }
                catch (TrialFormatException ex)
                {
                    var skip = new SnapshotSkip(page, index, ex.Record is { } r && r.StartsWith("NCT",
                        StringComparison.Ordinal) ? r : null, ex.Message);
                    state.Skipped.Add(skip);
                    report?.Invoke(new FetchEvent(FetchEventKind.Skipped, page, ids.Count, total,
                        $"study {index}: {ex.Message}"));
                    continue;
                }
                if (!ids.Add(nct))
                {
                    state.Duplicates++;
                    continue;
                }
                var canonical = RecordFingerprint.Canonical(study);
                if (canonical.Length > Formats.TrialLimits.MaxRecordBytes)
                {
                    ids.Remove(nct);
                    state.Skipped.Add(new SnapshotSkip(page, index, nct,
                        $"{canonical.Length} bytes, more than the {Formats.TrialLimits.MaxRecordBytes}-byte limit " +
                        "for one study"));
                    continue;
                }
                // One line per study: "NCT…<TAB>{canonical JSON}". Canonical JSON holds no raw newline or tab.
                partial.Write(Encoding.ASCII.GetBytes(nct + "\t"));
                partial.Write(canonical);
                partial.WriteByte((byte)'\n');
                kept++;
            }
            return (next, total, kept);
        }
    }

    /// <summary>Cuts the partial file back to the last complete page and collects the ids it holds.</summary>
    private static void RecoverPartial(string partialPath, FetchState state, HashSet<string> ids)
    {
        if (!File.Exists(partialPath))
        {
            if (state.PartialLength == 0) return;
            throw new RegistryFetchException($"{partialPath} is missing but the state file says it held " +
                $"{state.PartialLength} bytes; run again with --restart");
        }
        using (var f = new FileStream(partialPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            if (f.Length < state.PartialLength)
                throw new RegistryFetchException($"{partialPath} is shorter ({f.Length} bytes) than its state says " +
                    $"({state.PartialLength}); run again with --restart");
            // Bytes past the recorded length are a page the interruption cut short: it is fetched again.
            f.SetLength(state.PartialLength);
        }
        foreach (var (nct, _) in SnapshotWriter.Lines(partialPath)) ids.Add(nct);
        if (ids.Count != state.Count)
            throw new RegistryFetchException($"{partialPath} holds {ids.Count} studies but its state says " +
                $"{state.Count}; run again with --restart");
    }

    private static void RefuseOtherSearch(string full, RegistryQuery query)
    {
        if (!File.Exists(full)) return;
        SnapshotManifest existing;
        try { existing = SnapshotReader.ReadManifest(full); }
        catch (Exception ex) when (ex is TrialsException or IOException or InvalidDataException)
        {
            throw new RegistryFetchException($"{full} exists and is not a Stroma snapshot ({ex.Message}); give " +
                "another --out");
        }
        if (!existing.Query.SameSearch(query))
            throw new RegistryFetchException(
                $"{full} is a snapshot of another search ({existing.Query.Describe()}), not {query.Describe()}; " +
                    "give another --out");
    }

    private static async Task<(string? ApiVersion, string? DataTimestamp)> Version(RegistryHttp http,
        CancellationToken ct)
    {
        var body = await http.GetAsync("api/v2/version", 0, ct).ConfigureAwait(false);
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new RegistryFetchException("api/v2/version: expected " +
                "a JSON object");
            static string? S(JsonElement o, string name) => o.TryGetProperty(name, out var v)
                && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            return (S(root, "apiVersion"), S(root, "dataTimestamp"));
        }
        catch (JsonException ex)
        {
            throw new RegistryFetchException($"api/v2/version: not JSON ({ex.Message})", null, null, ex);
        }
    }

    private static FetchState? ReadState(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            var info = new FileInfo(path);
            if (info.Length > SnapshotLayout.MaxManifestBytes) throw new RegistryFetchException($"{path} is larger " +
                "than any fetch state; run again with --restart");
            return JsonSerializer.Deserialize<FetchState>(File.ReadAllBytes(path), Json)
                ?? throw new RegistryFetchException($"{path} is empty; run again with --restart");
        }
        catch (JsonException ex)
        {
            throw new RegistryFetchException($"{path} is not a readable fetch state ({ex.Message}); run again with " +
                "--restart", null, null, ex);
        }
    }

    private static void WriteState(string path, FetchState state) =>
        AtomicFile.Write(path, s => JsonSerializer.Serialize(s, state, Json));

    private static void Discard(string partialPath, string statePath)
    {
        File.Delete(statePath);
        File.Delete(partialPath);
    }

    /// <summary>What the state file beside an unfinished snapshot holds.</summary>
    internal sealed class FetchState
    {
        public required RegistryQuery Query { get; init; }
        public required string BaseUrl { get; init; }
        public string? ApiVersion { get; init; }
        public string? DataTimestamp { get; init; }
        public required int PageSize { get; init; }
        public DateTimeOffset StartedAtUtc { get; init; }
        public DateTimeOffset? FetchedAtUtc { get; set; }
        public int Pages { get; set; }
        public string? NextPageToken { get; set; }
        public bool Done { get; set; }
        public int Count { get; set; }
        public int? TotalCount { get; set; }
        public int Duplicates { get; set; }
        public int Resumed { get; set; }
        public long PartialLength { get; set; }
        public List<SnapshotSkip> Skipped { get; init; } = [];
    }
}

/// <summary>Turns a finished partial file into the snapshot zip.</summary>
internal static class SnapshotWriter
{
    public static void Write(string path, SnapshotManifest manifest, string partialPath) =>
        AtomicFile.Write(path, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            var when = manifest.FetchedAtUtc;
            var m = zip.CreateEntry(SnapshotLayout.ManifestEntry, CompressionLevel.Optimal);
            m.LastWriteTime = when;
            using (var s = m.Open()) JsonSerializer.Serialize(s, manifest, RegistryFetcher.Json);
            foreach (var (nct, json) in Lines(partialPath))
            {
                var e = zip.CreateEntry($"{SnapshotLayout.StudyFolder}{nct}.json", CompressionLevel.Optimal);
                e.LastWriteTime = when;
                using var s = e.Open();
                s.Write(json);
            }
        });

    /// <summary>The partial file's studies: NCT id and canonical JSON bytes, one line each.</summary>
    public static IEnumerable<(string NctId, byte[] Json)> Lines(string partialPath)
    {
        using var reader = new StreamReader(partialPath, new UTF8Encoding(false), false, 1 << 16);
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab is < 4 or > 16)
                throw new RegistryFetchException($"{partialPath}, line {number}: expected \"NCT…<TAB>{{study}}\"; " +
                    "run again with --restart");
            yield return (line[..tab], Encoding.UTF8.GetBytes(line, tab + 1, line.Length - tab - 1));
        }
    }
}

namespace Stroma.Trials.Registry;

/// <summary>
/// What a snapshot zip says about itself (its <see cref="SnapshotLayout.ManifestEntry"/> entry): the search, the
/// registry data version it was taken from, how many studies it holds and what was skipped.
/// </summary>
public sealed record SnapshotManifest
{
    /// <summary>The layout version, <see cref="SnapshotLayout.Format"/>.</summary>
    public string Format { get; init; } = SnapshotLayout.Format;

    /// <summary>The search.</summary>
    public required RegistryQuery Query { get; init; }

    /// <summary>The query parameters sent (besides paging), as the API names them.</summary>
    public required IReadOnlyDictionary<string, string> Parameters { get; init; }

    /// <summary>The API base URL fetched from.</summary>
    public required string BaseUrl { get; init; }

    /// <summary>The API's version (<c>/api/v2/version</c> <c>apiVersion</c>).</summary>
    public string? ApiVersion { get; init; }

    /// <summary>
    /// When the registry data were last processed (<c>/api/v2/version</c> <c>dataTimestamp</c>, UTC, as the API
    /// wrote it): the date of the data, which ClinicalTrials.gov asks redistributors to show.
    /// </summary>
    public string? DataTimestamp { get; init; }

    /// <summary>Studies in the snapshot.</summary>
    public required int Count { get; init; }

    /// <summary>Matches the API counted on the first page (<c>totalCount</c>), when it did.</summary>
    public int? TotalCount { get; init; }

    /// <summary>Pages fetched.</summary>
    public required int Pages { get; init; }

    /// <summary>Studies given twice by the API (the data changed while paging); the first copy is kept.</summary>
    public int Duplicates { get; init; }

    /// <summary>When the fetch started (UTC).</summary>
    public required DateTimeOffset StartedAtUtc { get; init; }

    /// <summary>When the last page was fetched (UTC).</summary>
    public required DateTimeOffset FetchedAtUtc { get; init; }

    /// <summary>Times the fetch was resumed after an interruption.</summary>
    public int Resumed { get; init; }

    /// <summary>The Stroma version that fetched it.</summary>
    public required string ToolVersion { get; init; }

    /// <summary>Studies the API returned that Stroma's v2 reader cannot read; they are not in the snapshot.</summary>
    public IReadOnlyList<SnapshotSkip> Skipped { get; init; } = [];
}

/// <summary>A study left out of a snapshot, and why.</summary>
/// <param name="Page">Page (1-based).</param>
/// <param name="Index">Position of the study in the page's <c>studies</c> array (0-based).</param>
/// <param name="NctId">Its NCT id, when it has a readable one.</param>
/// <param name="Error">What is wrong.</param>
public sealed record SnapshotSkip(int Page, int Index, string? NctId, string Error);

/// <summary>How a snapshot zip is laid out.</summary>
public static class SnapshotLayout
{
    /// <summary>The layout's name and version, first in the manifest.</summary>
    public const string Format = "stroma-trials-snapshot/1";

    /// <summary>The manifest entry (first in the zip). The trial readers pass over it.</summary>
    public const string ManifestEntry = "stroma-snapshot.json";

    /// <summary>Folder of the study entries, one API v2 study per entry named <c>studies/NCT…json</c>.</summary>
    public const string StudyFolder = "studies/";

    /// <summary>
    /// Largest manifest read back (the skipped list makes it grow with bad studies; a thousand skips are under
    /// 1 MB).
    /// </summary>
    public const int MaxManifestBytes = 16 << 20;
}

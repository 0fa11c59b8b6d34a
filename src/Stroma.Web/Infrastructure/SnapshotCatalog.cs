using Stroma.Trials;
using Stroma.Trials.Extraction;
using Stroma.Trials.Registry;

namespace Stroma.Web.Infrastructure;

/// <summary>A snapshot the web app knows: its file name (the only handle pages accept) and manifest.</summary>
/// <param name="Name">File name inside the snapshot folder.</param>
/// <param name="Path">Full path.</param>
/// <param name="Manifest">The manifest, or null when the zip is not a readable snapshot.</param>
/// <param name="Problem">Why it cannot be read, when it cannot.</param>
/// <param name="Modified">When the file was last written (a replaced snapshot is read again).</param>
public sealed record SnapshotEntry(string Name, string Path, SnapshotManifest? Manifest, string? Problem,
    DateTime Modified)
{
    internal string Key => $"{Path}|{Modified.Ticks}";
}

/// <summary>
/// The snapshot zips of the configured folder (<see cref="WebAppOptions.SnapshotFolder"/>), the landscape of each and
/// the diff of two, computed on first use and kept (a few at a time: each holds every record of its snapshot).
/// Pages name a snapshot by its file name only; anything else is unknown, so no request reaches another file.
/// </summary>
public sealed class SnapshotCatalog(WebAppOptions options)
{
    private const int Kept = 4;
    private readonly Dictionary<string, (DateTime Stamp,
        TrialLandscapeCache Cache)> _landscapes = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string), (DateTime Stamp, TrialDiffReport Report)> _diffs = [];
    private readonly Lock _gate = new();

    /// <summary>The configured folder, or null.</summary>
    public string? Folder => options.SnapshotFolder;

    /// <summary>Every zip in the folder, newest data first (unreadable ones last, with their problem).</summary>
    public IReadOnlyList<SnapshotEntry> List()
    {
        if (Folder is null || !Directory.Exists(Folder)) return [];
        var entries = new List<SnapshotEntry>();
        foreach (var path in Directory.EnumerateFiles(Folder, "*.zip", SearchOption.TopDirectoryOnly))
        {
            var modified = File.GetLastWriteTimeUtc(path);
            try { entries.Add(new SnapshotEntry(Path.GetFileName(path), path, SnapshotReader.ReadManifest(path), null,
                modified)); }
            catch (Exception ex)
                when (ex is TrialsException or IOException or InvalidDataException or UnauthorizedAccessException)
            {
                entries.Add(new SnapshotEntry(Path.GetFileName(path), path, null, ex.Message, modified));
            }
        }
        return entries.OrderBy(e => e.Manifest is null)
            .ThenByDescending(e => e.Manifest?.DataTimestamp, StringComparer.Ordinal)
            .ThenBy(e => e.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>The readable snapshot of that file name, or null.</summary>
    public SnapshotEntry? Find(string? name) =>
        string.IsNullOrEmpty(name) ? null : List().FirstOrDefault(e => e.Manifest is not null && string.Equals(e.Name,
            name, StringComparison.Ordinal));

    /// <summary>The landscape of a snapshot (read and extracted once).</summary>
    public TrialLandscapeCache Landscape(SnapshotEntry snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        lock (_gate)
        {
            if (!_landscapes.TryGetValue(snapshot.Key, out var held))
            {
                held = (DateTime.UtcNow, new TrialLandscapeCache(options with { TrialSources = [snapshot.Path] }));
                Keep(_landscapes, snapshot.Key, held);
            }
            return held.Cache;
        }
    }

    /// <summary>What changed from <paramref name="old"/> to <paramref name="new"/> (computed once per pair).</summary>
    public TrialDiffReport Diff(SnapshotEntry old, SnapshotEntry @new)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(@new);
        var key = (old.Key, @new.Key);
        lock (_gate)
        {
            if (_diffs.TryGetValue(key, out var held)) return held.Report;
        }
        var report = TrialDiffer.Diff(old.Path, @new.Path, MscExtractor.Default);
        lock (_gate) Keep(_diffs, key, (DateTime.UtcNow, report));
        return report;
    }

    private static void Keep<TKey, TValue>(Dictionary<TKey, (DateTime Stamp, TValue Value)> map, TKey key, (DateTime,
        TValue) value) where TKey : notnull
    {
        map[key] = value;
        while (map.Count > Kept) map.Remove(map.MinBy(kv => kv.Value.Stamp).Key);
    }
}

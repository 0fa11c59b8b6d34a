using System.IO.Compression;
using System.Text.Json;
using Stroma.Trials.Formats;
using Stroma.Trials.Formats.CtGovV2;

namespace Stroma.Trials.Registry;

/// <summary>One study of a snapshot: the read result, its zip entry and its fingerprint.</summary>
/// <param name="Result">The trial, or why it could not be read.</param>
/// <param name="Entry">The entry (<c>studies/NCT….json</c>).</param>
/// <param name="Fingerprint">
/// SHA-256 (lower-case hex) of the entry's bytes, which are the study's canonical JSON (<see
/// cref="RecordFingerprint"/>):
/// equal fingerprints in two snapshots mean an unchanged registry record. Null when the entry could not be read.
/// </param>
public sealed record SnapshotRecord(TrialReadResult Result, string Entry, string? Fingerprint);

/// <summary>
/// Reads a snapshot zip written by <see cref="RegistryFetcher"/>: its manifest and its studies, each with a content
/// fingerprint (the hook for carrying curated values over to the next snapshot for unchanged records).
/// </summary>
public sealed class SnapshotReader : IDisposable
{
    private readonly ZipArchive _zip;

    private SnapshotReader(string path, ZipArchive zip, SnapshotManifest manifest)
    {
        Path = path;
        _zip = zip;
        Manifest = manifest;
    }

    /// <summary>The zip file.</summary>
    public string Path { get; }

    /// <summary>What the snapshot says about itself.</summary>
    public SnapshotManifest Manifest { get; }

    /// <summary>
    /// Whether the file is a zip holding a snapshot manifest (cheap: reads the zip's directory only).
    /// </summary>
    public static bool IsSnapshot(string path)
    {
        if (!File.Exists(path) || !path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)) return false;
        try
        {
            using var zip = ZipFile.OpenRead(path);
            return zip.GetEntry(SnapshotLayout.ManifestEntry) is not null;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// Opens a snapshot; raises <see cref="TrialFormatException"/> naming the file when it is not one.
    /// </summary>
    public static SnapshotReader Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        ZipArchive zip;
        try { zip = ZipFile.OpenRead(path); }
        catch (InvalidDataException ex) { throw new TrialFormatException(path, null, null,
            $"not a zip archive ({ex.Message})", ex); }
        try
        {
            return new SnapshotReader(path, zip, LoadManifest(zip, path));
        }
        catch
        {
            zip.Dispose();
            throw;
        }
    }

    /// <summary>The manifest of a snapshot file.</summary>
    public static SnapshotManifest ReadManifest(string path)
    {
        using var reader = Open(path);
        return reader.Manifest;
    }

    /// <summary>
    /// A snapshot's data timestamp; null when the path is not a snapshot or its data date is unknown.
    /// </summary>
    public static string? DataTimestampOf(string path) => IsSnapshot(path) ? ReadManifest(path).DataTimestamp : null;

    /// <summary>Every study, in entry order.</summary>
    public IEnumerable<SnapshotRecord> Records()
    {
        foreach (var entry in _zip.Entries)
        {
            if (!entry.FullName.StartsWith(SnapshotLayout.StudyFolder, StringComparison.Ordinal)
                || entry.FullName.EndsWith('/')) continue;
            var name = $"{Path}!{entry.FullName}";
            byte[]? bytes = null;
            string? problem = null;
            try { bytes = ReadBounded(entry, TrialLimits.MaxRecordBytes, name); }
            catch (TrialFormatException ex) { problem = ex.Problem; }
            catch (Exception ex) when (ex is IOException or InvalidDataException) { problem = ex.Message; }
            if (bytes is null)
            {
                yield return new SnapshotRecord(TrialReadResult.Failed(new TrialReadError(name, null, null, problem!)),
                    entry.FullName, null);
                continue;
            }
            yield return new SnapshotRecord(Parse(bytes, name), entry.FullName, RecordFingerprint.Of(bytes));
        }
    }

    /// <summary>NCT id → fingerprint of every readable study (for the curation carry-over).</summary>
    public IReadOnlyDictionary<string, string> Fingerprints()
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var r in Records())
            if (r.Result.Trial is { } t && r.Fingerprint is { } f) map.TryAdd(t.NctId, f);
        return map;
    }

    /// <inheritdoc/>
    public void Dispose() => _zip.Dispose();

    private static TrialReadResult Parse(byte[] bytes, string name)
    {
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            return TrialReadResult.Ok(CtGovV2Reader.Parse(doc.RootElement, name));
        }
        catch (JsonException ex)
        {
            return TrialReadResult.Failed(new TrialReadError(name, null, null, $"malformed JSON: {ex.Message}"));
        }
        catch (TrialFormatException ex)
        {
            return TrialReadResult.Failed(TrialReadError.From(name, ex));
        }
    }

    private static SnapshotManifest LoadManifest(ZipArchive zip, string path)
    {
        var entry = zip.GetEntry(SnapshotLayout.ManifestEntry)
            ?? throw new TrialFormatException(path, null, null,
                $"no {SnapshotLayout.ManifestEntry} entry; not a Stroma snapshot");
        var name = $"{path}!{entry.FullName}";
        var bytes = ReadBounded(entry, SnapshotLayout.MaxManifestBytes, name);
        SnapshotManifest? manifest;
        try { manifest = JsonSerializer.Deserialize<SnapshotManifest>(bytes, RegistryFetcher.Json); }
        catch (JsonException ex) { throw new TrialFormatException(name, null, ex.Path,
            $"not a readable manifest: {ex.Message}", ex); }
        if (manifest is null) throw new TrialFormatException(name, null, null, "empty manifest");
        if (manifest.Format != SnapshotLayout.Format)
            throw new TrialFormatException(name, null, "format",
                $"\"{manifest.Format}\"; expected \"{SnapshotLayout.Format}\"");
        return manifest;
    }

    /// <summary>An entry's bytes, refusing more than <paramref name="limit"/> whatever its header says.</summary>
    private static byte[] ReadBounded(ZipArchiveEntry entry, int limit, string name)
    {
        if (entry.Length > limit) throw new TrialFormatException(name, null, null,
            $"{entry.Length} bytes, more than the {limit}-byte limit");
        using var s = entry.Open();
        using var copy = new MemoryStream();
        var buffer = new byte[1 << 16];
        int n;
        while ((n = s.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (copy.Length + n > limit) throw new TrialFormatException(name, null, null,
                $"more than the {limit}-byte limit once decompressed");
            copy.Write(buffer, 0, n);
        }
        return copy.ToArray();
    }
}

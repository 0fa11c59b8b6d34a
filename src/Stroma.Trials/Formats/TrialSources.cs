namespace Stroma.Trials.Formats;

/// <summary>
/// Turns the paths a user gives (files, folders, zip archives) into input units, lazily: a folder is
/// walked in ordinal name order, a zip archive entry by entry (see <see cref="StreamingZip"/>), so
/// nothing grows with the number of studies. Enumeration never throws: a damaged archive, an unreadable entry or
/// folder becomes a <see cref="TrialReadError"/> and the walk goes on with the next path.
/// </summary>
public static class TrialSources
{
    private static readonly string[] Extensions = [".json", ".xml", ".csv", ".zip"];

    /// <summary>Input units under the paths; a missing path or unreadable archive yields an error instead.</summary>
    public static IEnumerable<(TrialInput? Input, TrialReadError? Error)> Enumerate(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                List<string> files;
                string? unlisted = null;
                try { files = FilesUnder(path).Order(StringComparer.Ordinal).ToList(); }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    files = [];
                    unlisted = $"cannot list the folder: {ex.Message}";
                }
                if (unlisted is not null) yield return (null, new TrialReadError(path, null, null, unlisted));
                foreach (var file in files)
                    foreach (var item in FromFile(file)) yield return item;
            }
            else if (File.Exists(path))
            {
                foreach (var item in FromFile(path)) yield return item;
            }
            else
            {
                yield return (null, new TrialReadError(path, null, null, "no such file or folder"));
            }
        }
    }

    /// <summary>
    /// How many input units the paths hold (files, plus entries of zip archives read from their
    /// end records), for progress reporting. Unreadable archives count as one.
    /// </summary>
    public static long CountInputs(IEnumerable<string> paths)
    {
        long count = 0;
        foreach (var path in paths)
        {
            IEnumerable<string> files;
            try { files = Directory.Exists(path) ? FilesUnder(path).ToList() : [path]; }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { files = [path]; }
            foreach (var file in files)
            {
                if (!IsZip(file) || !File.Exists(file)) { count++; continue; }
                try
                {
                    using var zip = new StreamingZip(file);
                    count += zip.EntryCount;
                }
                catch (TrialFormatException) { count++; }
                catch (IOException) { count++; }
            }
        }
        return count;
    }

    private static IEnumerable<string> FilesUnder(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase));

    private static bool IsZip(string path) => path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<(TrialInput?, TrialReadError?)> FromFile(string path)
    {
        if (!IsZip(path))
            return [(new TrialInput(path, () =>
                new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16)), null)];
        try
        {
            return Entries(path, new StreamingZip(path));
        }
        catch (TrialFormatException ex)
        {
            return [(null, new TrialReadError(path, null, null, ex.Problem))];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [(null, new TrialReadError(path, null, null, ex.Message))];
        }
    }

    private static IEnumerable<(TrialInput?, TrialReadError?)> Entries(string path, StreamingZip zip)
    {
        using (zip)
        using (var entries = zip.Entries().GetEnumerator())
        {
            long read = 0;
            while (true)
            {
                TrialReadError? damage = null;
                try
                {
                    if (!entries.MoveNext()) yield break;
                }
                catch (TrialFormatException ex)
                {
                    damage = new TrialReadError(path, null, null,
                        $"{ex.Problem}; {zip.EntryCount - read} of {zip.EntryCount} entries not read");
                }
                catch (IOException ex)
                {
                    damage = new TrialReadError(path, null, null,
                        $"{ex.Message}; {zip.EntryCount - read} of {zip.EntryCount} entries not read");
                }
                if (damage is not null)
                {
                    yield return (null, damage);
                    yield break;
                }
                read++;
                var entry = entries.Current;
                var name = $"{path}!{entry.Name}";
                // A snapshot's manifest describes the archive; it is not a record (Registry/SnapshotLayout).
                if (entry.IsDirectory || entry.Name == Registry.SnapshotLayout.ManifestEntry) continue;
                if (entry.Problem is not null) yield return (null, new TrialReadError(name, null, null, entry.Problem));
                else if (IsZip(entry.Name))
                    yield return (null,
                        new TrialReadError(name, null, null,
                        "zip archives nested in a zip archive are not read; unpack the outer archive"));
                else yield return (new TrialInput(name, () => zip.Open(entry)), null);
            }
        }
    }
}

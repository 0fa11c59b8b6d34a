using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Stroma.Web.Infrastructure;

/// <summary>
/// Keeps uploaded FCS tubes on disk under their SHA-256 (identity results reference their inputs by path and digest,
/// so a stored analysis can be re-run and verified later). Uploads of one request form an <see cref="UploadBatch"/>:
/// its files are deleted when the request ends unless the analysis was recorded. Each file is size- and
/// type-checked, and each user may hold only <see cref="MaxBytesPerUser"/> of uploads in flight at a time.
/// </summary>
public sealed class UploadStore(string folder)
{
    /// <summary>Largest accepted file (bytes).</summary>
    public const long MaxBytes = 512L * 1024 * 1024;

    /// <summary>Largest total a user may upload in requests that run at the same time (bytes).</summary>
    public const long MaxBytesPerUser = 2L * 1024 * 1024 * 1024;

    /// <summary>Most files in one request.</summary>
    public const int MaxFiles = 32;

    /// <summary>Accepted file name extensions (FCS files; Beckman Coulter list-mode files carry an FCS data
    /// set).</summary>
    public static readonly IReadOnlyList<string> Extensions = [".fcs", ".lmd"];

    private readonly ConcurrentDictionary<string, long> _inFlight = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Holding> _held = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    // Requests holding one content-addressed file. Identical uploads that run at the same time share one file:
    // it is deleted only when the last of them ends, none of them recorded it, and it did not exist before.
    private sealed class Holding
    {
        public int Holders;
        public bool Kept;
        public bool Fresh;
    }

    /// <summary>Where files are kept.</summary>
    public string Folder { get; } = folder;

    /// <summary>Starts the uploads of one request by <paramref name="user"/>.</summary>
    public UploadBatch Begin(string user) => new(this, user);

    internal void Reserve(string user, long bytes)
    {
        lock (_gate)
        {
            var held = _inFlight.GetValueOrDefault(user);
            if (held + bytes > MaxBytesPerUser)
                throw new InvalidDataException($"Uploads in progress for {user} would exceed " +
                    $"{MaxBytesPerUser / (1024 * 1024)} MB; " +
                                               "wait for the running analyses to finish.");
            _inFlight[user] = held + bytes;
        }
    }

    internal void Release(string user, long bytes)
    {
        lock (_gate)
        {
            var left = _inFlight.GetValueOrDefault(user) - bytes;
            if (left <= 0) _inFlight.TryRemove(user, out _);
            else _inFlight[user] = left;
        }
    }

    /// <summary>Moves a finished upload to its content-addressed <paramref name="path"/>, or joins the file already
    /// there.</summary>
    internal void Claim(string temp, string path)
    {
        lock (_gate)
        {
            if (_held.TryGetValue(path, out var holding))
            {
                holding.Holders++;
                return;
            }
            var fresh = !File.Exists(path);
            if (fresh) File.Move(temp, path);
            _held[path] = new Holding { Holders = 1, Fresh = fresh };
        }
    }

    /// <summary>A request ends: it lets go of its files; <paramref name="kept"/> when its analysis was
    /// recorded.</summary>
    internal void Leave(IEnumerable<string> paths, bool kept)
    {
        lock (_gate)
        {
            foreach (var path in paths)
            {
                if (!_held.TryGetValue(path, out var holding)) continue;
                holding.Kept |= kept;
                if (--holding.Holders > 0) continue;
                _held.Remove(path);
                if (!holding.Fresh || holding.Kept) continue;
                try
                {
                    File.Delete(path);
                }
                catch (IOException)
                {
                    // Still open by a reader of this process; it stays as an orphan rather than failing the request.
                }
            }
        }
    }

    /// <summary>Bytes currently held by a user's running uploads.</summary>
    public long InFlight(string user) => _inFlight.GetValueOrDefault(user);
}

/// <summary>The uploads of one request: deleted at the end unless <see cref="Keep"/> was called.</summary>
public sealed class UploadBatch : IDisposable
{
    private readonly UploadStore _store;
    private readonly string _user;
    private readonly List<string> _claimed = [];
    private long _reserved;
    private int _files;
    private bool _kept;

    internal UploadBatch(UploadStore store, string user)
    {
        _store = store;
        _user = user;
    }

    /// <summary>Saves files and returns their paths (each named by content hash, original name kept).</summary>
    public async Task<IReadOnlyList<string>> AddAsync(IEnumerable<IFormFile> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        var paths = new List<string>();
        foreach (var file in files) paths.Add(await SaveAsync(file, cancellationToken).ConfigureAwait(false));
        return paths;
    }

    private async Task<string> SaveAsync(IFormFile file, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(file.FileName);
        if (++_files > UploadStore.MaxFiles) throw new InvalidDataException($"At most {UploadStore.MaxFiles} files " +
            $"can be uploaded at once.");
        if (!UploadStore.Extensions.Contains(Path.GetExtension(name), StringComparer.OrdinalIgnoreCase))
            throw new InvalidDataException($"{name} is not an FCS file (expected a name ending in " +
                $"{string.Join(" or ", UploadStore.Extensions)}).");
        if (file.Length == 0) throw new InvalidDataException($"{name} is empty.");
        if (file.Length > UploadStore.MaxBytes) throw new InvalidDataException($"{name} is larger than " +
            $"{UploadStore.MaxBytes / (1024 * 1024)} MB.");
        _store.Reserve(_user, file.Length);
        _reserved += file.Length;

        Directory.CreateDirectory(_store.Folder);
        var temp = Path.Combine(_store.Folder, $".upload-{Guid.NewGuid():N}.tmp");
        try
        {
            // Streamed to disk and hashed on the way: a 512 MB tube never sits in memory.
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var input = file.OpenReadStream())
            await using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920,
                useAsync: true))
            {
                var buffer = new byte[81920];
                var header = new byte[FcsHeaderLength];
                long total = 0;
                int read;
                while ((read = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (total < FcsHeaderLength) buffer.AsSpan(0, (int)Math.Min(read, FcsHeaderLength - total))
                        .CopyTo(header.AsSpan((int)total));
                    total += read;
                    hash.AppendData(buffer, 0, read);
                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
                if (!LooksLikeFcs(header, total))
                    throw new InvalidDataException($"{name} does not start with an FCS header (\"FCS\" and a version " +
                        $"such as 3.1, then four spaces).");
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            var digest = Convert.ToHexStringLower(hash.GetHashAndReset());
            var safe = string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c
                : '_'));
            var path = Path.Combine(_store.Folder, $"{digest[..16]}-{safe}");
            _store.Claim(temp, path);
            _claimed.Add(path);
            return path;
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    // FCS 3.1 §3.1: the HEADER segment starts with the version identifier "FCSx.y" followed by four spaces;
    // FCS 2.0 and 3.0 have the same layout.
    private const int FcsHeaderLength = 10;

    private static bool LooksLikeFcs(ReadOnlySpan<byte> header, long length) =>
        length >= 58 && header[..3].SequenceEqual("FCS"u8) && char.IsAsciiDigit((char)header[3])
            && header[4] == (byte)'.'
        && char.IsAsciiDigit((char)header[5]) && header[6..10].SequenceEqual("    "u8);

    /// <summary>The analysis was recorded: its files stay (they are part of the record).</summary>
    public void Keep() => _kept = true;

    /// <summary>Lets go of this batch's files (deleted unless some holder recorded them) and frees the user's
    /// quota.</summary>
    public void Dispose()
    {
        _store.Leave(_claimed, _kept);
        _claimed.Clear();
        _store.Release(_user, _reserved);
        _reserved = 0;
    }
}

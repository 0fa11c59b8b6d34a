using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Stroma.IO;

namespace Stroma.Web.Infrastructure;

/// <summary>
/// Keeps uploaded FCS tubes on disk under their SHA-256 (identity results reference their inputs by path
/// and digest, so a stored analysis can be re-run and verified later). Uploads are size-limited.
/// </summary>
public sealed class UploadStore(string folder)
{
    /// <summary>Largest accepted upload (bytes).</summary>
    public const long MaxBytes = 512L * 1024 * 1024;

    /// <summary>Where files are kept.</summary>
    public string Folder { get; } = folder;

    /// <summary>Saves an upload and returns its path (named by content hash, original name kept).</summary>
    public async Task<string> SaveAsync(IFormFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Length == 0) throw new InvalidDataException($"{file.FileName} is empty.");
        if (file.Length > MaxBytes) throw new InvalidDataException($"{file.FileName} is larger than {MaxBytes / (1024 * 1024)} MB.");
        Directory.CreateDirectory(Folder);
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        var hash = Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
        var safe = string.Concat(Path.GetFileName(file.FileName).Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_'));
        var path = Path.Combine(Folder, $"{hash[..16]}-{safe}");
        if (!File.Exists(path)) AtomicFile.Write(path, s => s.Write(buffer.GetBuffer(), 0, (int)buffer.Length));
        return path;
    }
}

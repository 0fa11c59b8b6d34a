using System.Collections.Concurrent;
using System.Security.Cryptography;
using Stroma.IO;
using Stroma.Manufacturing;
using Stroma.Manufacturing.Audit;

namespace Stroma.Storage.Audit;

/// <summary>
/// The facility key file: 32 random bytes that seal the audit chain, kept outside the database and readable by its
/// owner only (the service account), so writing the database is not enough to re-seal an edited trail
/// (21 CFR 11.10(e), 11.300; EU GMP Annex 11 §12). Created on first use; never printed.
/// </summary>
public static class FacilityKeyFile
{
    private const string Header = "stroma-facility-key v1 ";
    private static readonly ConcurrentDictionary<string, AuditKey> Cache = new(StringComparer.Ordinal);

    /// <summary>Environment variable naming the key file.</summary>
    public const string Variable = "STROMA_KEY_FILE";

    /// <summary><c>$STROMA_KEY_FILE</c>, else <c>$XDG_CONFIG_HOME/stroma/facility.key</c> or
    /// <c>~/.config/stroma/facility.key</c>.</summary>
    public static string DefaultPath
    {
        get
        {
            if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path) return Path.GetFullPath(path);
            var xdg = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
            var root = !string.IsNullOrWhiteSpace(xdg) ? xdg
                : OperatingSystem.IsWindows() ? Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData)
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
            return Path.Combine(root, "stroma", "facility.key");
        }
    }

    /// <summary>Loads the key at <paramref name="path"/> (default <see cref="DefaultPath"/>), creating it when
    /// absent.</summary>
    public static AuditKey LoadOrCreate(string? path = null)
    {
        var full = Path.GetFullPath(path ?? DefaultPath);
        return Cache.GetOrAdd(full, static p => File.Exists(p) ? Read(p) : Create(p));
    }

    private static AuditKey Create(string path)
    {
        // No overwrite: when another process created the key first, its key is the facility's.
        AtomicFile.WriteAllTextOwnerOnly(path, Header + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))
            + "\n", overwrite: false);
        return Read(path);
    }

    private static AuditKey Read(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            const UnixFileMode others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead |
                UnixFileMode.OtherWrite;
            // As ssh does for private keys: a key others can read seals nothing.
            if ((mode & others) != 0)
                throw new ManufacturingException($"The facility key file {path} is readable or writable by other " +
                    $"users; " +
                                                 $"allow its owner only (chmod 600 {path}).") { Subject = path };
        }
        var text = File.ReadAllText(path).Trim();
        var hex = text.StartsWith(Header, StringComparison.Ordinal) ? text[Header.Length..].Trim() : "";
        if (hex.Length != 64 || !hex.All(Uri.IsHexDigit))
            throw new ManufacturingException($"The facility key file {path} is not a Stroma key file (expected one " +
                $"line " +
                                             $"'{Header.Trim()}' followed by 64 hexadecimal digits).")
                                                 { Subject = path };
        return new AuditKey(Convert.FromHexString(hex));
    }
}

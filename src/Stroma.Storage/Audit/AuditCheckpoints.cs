using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Stroma.IO;
using Stroma.Manufacturing;
using Stroma.Manufacturing.Audit;

namespace Stroma.Storage.Audit;

/// <summary>One signed checkpoint of the chain head.</summary>
/// <param name="Line">Line number in the checkpoint file (1-based).</param>
/// <param name="Sequence">Last audit sequence at the checkpoint.</param>
/// <param name="Hash">Hash of that row.</param>
/// <param name="TimeUtc">When the checkpoint was written.</param>
public sealed record AuditCheckpoint(int Line, long Sequence, string Hash, DateTime TimeUtc);

/// <summary>
/// Signed checkpoints of the audit chain head, appended to a file outside the database: a rollback of the whole
/// database (or a truncation of the trail) below a checkpoint is detected even by someone who rewrote every row, and a
/// forged checkpoint fails its HMAC (21 CFR 11.10(e); EU GMP Annex 11 §9). One line per checkpoint:
/// <c>v1 SEQUENCE HASH TIME KEYID MAC</c>, the MAC being HMAC-SHA256 under the facility key.
/// </summary>
public static class AuditCheckpoints
{
    /// <summary>Environment variable naming the checkpoint file.</summary>
    public const string Variable = "STROMA_CHECKPOINT_FILE";

    /// <summary>
    /// <c>$STROMA_CHECKPOINT_FILE</c>, else a file named after the database in a <c>checkpoints</c> folder beside the
    /// key file (outside the database and its folder).
    /// </summary>
    public static string DefaultPath(string? database, string? keyFile = null)
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path) return Path.GetFullPath(path);
        var described = StromaDatabase.Describe(database);
        var stem = new string(Path.GetFileNameWithoutExtension(described)
            .Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(described)))[..12];
        return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(keyFile ?? FacilityKeyFile.DefaultPath))!,
            "checkpoints", $"{stem}-{id}.checkpoints");
    }

    private static string Signed(long sequence, string hash, string time) =>
        string.Create(CultureInfo.InvariantCulture, $"stroma-checkpoint v1\n{sequence}\n{hash}\n{time}");

    /// <summary>Appends a checkpoint of <paramref name="verification"/>'s head (refused when the chain is
    /// broken).</summary>
    public static AuditCheckpoint Append(string path, AuditVerification verification, AuditKey key, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(verification);
        ArgumentNullException.ThrowIfNull(key);
        // A checkpoint vouches for the chain as it is: writing one over a broken chain would bless the tampering.
        if (!verification.Intact)
            throw new ManufacturingException($"The audit trail is broken ({verification.Problems.Count} problem(s)); " +
                $"no checkpoint was written. " +
                                             "Run `stroma audit verify` to see them.");
        var existing = File.Exists(path) ? File.ReadAllText(path) : "";
        if (existing.Length > 0 && !existing.EndsWith('\n')) existing += "\n";
        var time = AuditChain.Normalize(nowUtc).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'",
            CultureInfo.InvariantCulture);
        var line = string.Create(CultureInfo.InvariantCulture,
            $"v1 {verification.LastSequence} {verification.LastHash} {time} {key.Id} " +
                $"{key.Mac(Signed(verification.LastSequence, verification.LastHash, time))}\n");
        // The whole file is rewritten atomically: a crash never leaves half a line, and earlier lines stay as they
        // were.
        AtomicFile.WriteAllText(path, existing + line);
        return new AuditCheckpoint(existing.Count(c => c == '\n') + 1, verification.LastSequence, verification.LastHash,
            AuditChain.Normalize(nowUtc));
    }

    /// <summary>Checks the chain against every checkpoint in <paramref name="path"/>; returns the problems and the
    /// checkpoints read.</summary>
    public static (IReadOnlyList<AuditProblem> Problems, int Checked) Verify(string path,
        IReadOnlyList<AuditEntry> rows, AuditKey key)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(key);
        var problems = new List<AuditProblem>();
        if (!File.Exists(path)) return (problems, 0);
        var bySequence = new Dictionary<long, AuditEntry>();
        foreach (var row in rows) bySequence.TryAdd(row.Sequence, row);
        var last = rows.Count == 0 ? 0 : rows.Max(r => r.Sequence);
        var lines = File.ReadAllLines(path);
        var count = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            count++;
            var f = lines[i].Split(' ');
            if (f.Length != 6 || f[0] != "v1" || !long.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture,
                out var sequence))
            {
                problems.Add(new(0, "checkpoint",
                    $"checkpoint file {path} line {i + 1} is not a Stroma checkpoint (expected 'v1 SEQUENCE HASH " +
                    $"TIME KEYID MAC')"));
                continue;
            }
            var (hash, time, keyId, mac) = (f[2], f[3], f[4], f[5]);
            if (keyId != key.Id)
            {
                problems.Add(new(sequence, "checkpoint",
                    $"checkpoint {i + 1} ({time}) was signed with another facility key ({keyId}; in use: {key.Id})"));
                continue;
            }
            if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(mac),
                Encoding.ASCII.GetBytes(key.Mac(Signed(sequence, hash, time)))))
            {
                problems.Add(new(sequence, "checkpoint",
                    $"checkpoint {i + 1} ({time}) in {path} is forged or damaged: its signature does not match"));
                continue;
            }
            if (sequence > last)
            {
                problems.Add(new(sequence, "checkpoint",
                    $"the audit trail ends at row {last} but checkpoint {i + 1} of {time} recorded row {sequence}: " +
                                                         "rows were removed or the database was rolled back"));
            }
            else if (sequence > 0 && (!bySequence.TryGetValue(sequence, out var row) || row.Hash != hash))
            {
                problems.Add(new(sequence, "checkpoint",
                    $"audit row {sequence} differs from checkpoint {i + 1} of {time}: the trail was rewritten " +
                                                         "since (every later row re-sealed)"));
            }
        }
        return (problems, count);
    }
}

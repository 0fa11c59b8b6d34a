using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Stroma.Manufacturing.Audit;

/// <summary>One finding of <see cref="AuditChain.Verify"/> or of the record and checkpoint checks.</summary>
/// <param name="Sequence">The audit row concerned.</param>
/// <param name="Kind">
/// edited, deleted, relinked, head, unsealed, foreign-key (audit rows); record-edited, record-deleted, record-unaudited
/// (records); checkpoint (the chain against a signed checkpoint kept outside the database).
/// </param>
/// <param name="Message">Plain-language description naming the row.</param>
public sealed record AuditProblem(long Sequence, string Kind, string Message);

/// <summary>Outcome of verifying the audit trail.</summary>
/// <param name="Rows">Rows read.</param>
/// <param name="LastSequence">Last sequence read (0 when empty).</param>
/// <param name="LastHash">Hash of the last row (the value a certificate quotes).</param>
/// <param name="Problems">Every finding; empty when the chain is intact.</param>
public sealed record AuditVerification(long Rows, long LastSequence, string LastHash,
    IReadOnlyList<AuditProblem> Problems)
{
    /// <summary>True when no row or record was edited, deleted or re-linked and every checkpoint matches.</summary>
    public bool Intact => Problems.Count == 0;

    /// <summary>Rows written before the chain was keyed (unkeyed SHA-256, covered by the first keyed row's
    /// link).</summary>
    public long LegacyRows { get; init; }

    /// <summary>Id of the facility key the chain was checked with.</summary>
    public string? KeyId { get; init; }

    /// <summary>Records whose current content was compared with the hash their last audit row carries.</summary>
    public long RecordsChecked { get; init; }

    /// <summary>Signed checkpoints the chain was compared with.</summary>
    public int Checkpoints { get; init; }
}

/// <summary>
/// The facility key that seals the audit chain: a secret kept outside the database, so someone who can write the
/// database cannot recompute the hashes after an edit (21 CFR 11.10(e): audit trails that cannot be altered
/// undetected; EU GMP Annex 11 §9 and §12: audit trail and security of the data).
/// </summary>
/// <param name="Secret">The key bytes (32 random bytes).</param>
public sealed record AuditKey(byte[] Secret)
{
    /// <summary>A short public id of the key (a MAC of a fixed text), so a row sealed with another key is named as
    /// such.</summary>
    public string Id { get; } = Convert.ToHexStringLower(HMACSHA256.HashData(Secret, "stroma facility key id"u8))[..16];

    /// <summary>The <see cref="AuditEntry.Seal"/> text of rows sealed with this key.</summary>
    public string Seal => AuditChain.SealPrefix + Id;

    /// <summary>HMAC-SHA256 of a text under the key, lower-case hex.</summary>
    public string Mac(string text) => Convert.ToHexStringLower(HMACSHA256.HashData(Secret,
        Encoding.UTF8.GetBytes(text)));
}

/// <summary>
/// The hash chain of the audit trail: each row's hash covers its own content, the hash of the record's new state, and
/// the previous row's hash, so editing a row changes its hash, and deleting one breaks the sequence and the link of its
/// successor. Hashes are HMAC-SHA256 under the facility key (<see cref="AuditKey"/>): without the key nobody can
/// re-seal an edited chain. Rows written before the chain was keyed keep their unkeyed SHA-256 ("legacy"); the first
/// keyed row links to the last of them, so they cannot be changed without breaking a keyed row either.
/// </summary>
public static class AuditChain
{
    /// <summary>The previous-hash of the first row.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>Start of <see cref="AuditEntry.Seal"/> on keyed rows.</summary>
    public const string SealPrefix = "hmac-sha256:";

    /// <summary>Truncates a time to whole microseconds (PostgreSQL's precision) so the hashed text survives a round
    /// trip.</summary>
    public static DateTime Normalize(DateTime utc) =>
        new(utc.Ticks - utc.Ticks % 10, DateTimeKind.Utc);

    private static string Canonical(AuditEntry entry, bool keyed)
    {
        // Length-prefixed fields: no field content can imitate a field boundary.
        var sb = new StringBuilder();
        void Field(string? value) => sb.Append(value?.Length ?? -1).Append(':').Append(value).Append('\n');
        Field(entry.Sequence.ToString(CultureInfo.InvariantCulture));
        Field(Normalize(entry.TimestampUtc).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
        Field(entry.Actor);
        Field(entry.Action);
        Field(entry.Entity);
        Field(entry.EntityKey);
        Field(entry.Changes);
        Field(entry.Reason);
        if (keyed)
        {
            Field(entry.RecordId);
            Field(entry.RecordHash);
            Field(entry.Seal);
        }
        Field(entry.PreviousHash);
        return sb.ToString();
    }

    /// <summary>The unkeyed SHA-256 a legacy row (one with no <see cref="AuditEntry.Seal"/>) must carry.</summary>
    public static string ComputeHash(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(entry, keyed: false))));
    }

    /// <summary>The HMAC-SHA256 a keyed row must carry, from its content and <see
    /// cref="AuditEntry.PreviousHash"/>.</summary>
    public static string ComputeHash(AuditEntry entry, AuditKey key)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(key);
        return key.Mac(Canonical(entry, keyed: true));
    }

    /// <summary>Fills sequence, seal, previous hash and hash of a new row that follows <paramref name="head"/>, and
    /// advances the head.</summary>
    public static void Append(AuditHead head, AuditEntry entry, AuditKey key)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(key);
        entry.Sequence = head.Sequence + 1;
        entry.TimestampUtc = Normalize(entry.TimestampUtc);
        entry.PreviousHash = head.Hash;
        entry.Seal = key.Seal;
        entry.Hash = ComputeHash(entry, key);
        head.Sequence = entry.Sequence;
        head.Hash = entry.Hash;
    }

    /// <summary>Checks rows (in sequence order) against their hashes, their links and the head; names every broken
    /// row.</summary>
    public static AuditVerification Verify(IEnumerable<AuditEntry> rows, AuditHead? head, AuditKey key)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(key);
        var problems = new List<AuditProblem>();
        long expected = 1, count = 0, last = 0, legacy = 0;
        var previousHash = Genesis;
        var keyedSeen = false;
        AuditEntry? lastRow = null;
        foreach (var row in rows)
        {
            count++;
            lastRow = row;
            var gap = row.Sequence > expected;
            if (gap)
            {
                problems.Add(new(expected, "deleted", expected == row.Sequence - 1
                    ? $"audit row {expected} is missing (deleted)"
                    : $"audit rows {expected}–{row.Sequence - 1} are missing (deleted)"));
            }
            else if (row.Sequence < expected)
            {
                problems.Add(new(row.Sequence, "relinked", $"audit row {row.Sequence} appears out of order or twice"));
            }
            var hashOk = true;
            if (row.Seal is null)
            {
                legacy++;
                // Only rows older than the first keyed row may be unkeyed: an unkeyed row after it was hashed by
                // someone without the key (an edit re-hashed with plain SHA-256).
                if (keyedSeen)
                {
                    hashOk = false;
                    problems.Add(new(row.Sequence, "unsealed",
                        $"audit row {row.Sequence} ({row.Entity} {row.EntityKey}) is not sealed with the facility " +
                            $"key although " +
                        "earlier rows are: it was written or re-hashed outside Stroma"));
                }
                else if (ComputeHash(row) != row.Hash) hashOk = false;
            }
            else if (row.Seal != key.Seal)
            {
                hashOk = false;
                keyedSeen = true;
                problems.Add(new(row.Sequence, "foreign-key",
                    $"audit row {row.Sequence} is sealed with another facility key ({row.Seal}; the key file in use is "
                        +
                    $"{key.Seal}): use the facility's key file (STROMA_KEY_FILE) or the row was forged"));
            }
            else
            {
                keyedSeen = true;
                hashOk = ComputeHash(row, key) == row.Hash;
            }
            if (!hashOk)
            {
                if (problems.Count == 0 || problems[^1].Sequence != row.Sequence)
                {
                    problems.Add(new(row.Sequence, "edited",
                        $"audit row {row.Sequence} ({row.Entity} {row.EntityKey}, {row.Action} by {row.Actor}) was " +
                            $"edited: " +
                        "its content no longer matches its hash"));
                }
            }
            else if (!gap && row.PreviousHash != previousHash)
            {
                problems.Add(new(row.Sequence, "relinked",
                    $"audit row {row.Sequence}: its link to row {row.Sequence - 1} is broken (row {row.Sequence - 1} " +
                        $"was rewritten)"));
            }
            previousHash = row.Hash;
            expected = row.Sequence + 1;
            last = row.Sequence;
        }
        // The newest row is always keyed once Stroma has opened the database (legacy trails are sealed on opening).
        if (lastRow is { Seal: null } && !keyedSeen)
        {
            problems.Add(new(lastRow.Sequence, "unsealed",
                $"the audit trail's {count} rows are not sealed with the facility key: anyone who can write the " +
                    $"database could " +
                "have re-hashed them (open the database with Stroma to seal it)"));
        }
        if (head is not null)
        {
            if (head.Sequence > last)
            {
                problems.Add(new(last + 1, "deleted", last + 1 == head.Sequence
                    ? $"audit row {head.Sequence} is missing (deleted from the end)"
                    : $"audit rows {last + 1}–{head.Sequence} are missing (deleted from the end)"));
            }
            else if (head.Sequence < last)
            {
                problems.Add(new(head.Sequence + 1, "head",
                    $"audit rows after {head.Sequence} were not written by Stroma (the chain head ends at " +
                    $"{head.Sequence})"));
            }
            else if (head.Hash != previousHash && count > 0)
            {
                problems.Add(new(last, "edited",
                    $"audit row {last} was rewritten: its hash differs from the chain head"));
            }
        }
        return new AuditVerification(count, last, previousHash, problems) { LegacyRows = legacy, KeyId = key.Id };
    }
}

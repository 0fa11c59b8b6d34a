using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Stroma.Manufacturing.Audit;

/// <summary>One finding of <see cref="AuditChain.Verify"/>.</summary>
/// <param name="Sequence">The audit row concerned.</param>
/// <param name="Kind">edited, deleted, relinked or head.</param>
/// <param name="Message">Plain-language description naming the row.</param>
public sealed record AuditProblem(long Sequence, string Kind, string Message);

/// <summary>Outcome of verifying the audit trail.</summary>
/// <param name="Rows">Rows read.</param>
/// <param name="LastSequence">Last sequence read (0 when empty).</param>
/// <param name="LastHash">Hash of the last row (the value a certificate quotes).</param>
/// <param name="Problems">Every finding; empty when the chain is intact.</param>
public sealed record AuditVerification(long Rows, long LastSequence, string LastHash, IReadOnlyList<AuditProblem> Problems)
{
    /// <summary>True when no row was edited, deleted or re-linked.</summary>
    public bool Intact => Problems.Count == 0;
}

/// <summary>
/// The SHA-256 hash chain of the audit trail: each row's hash covers its own content and the previous row's
/// hash, so editing a row changes its hash, and deleting one breaks the sequence and the link of its successor.
/// </summary>
public static class AuditChain
{
    /// <summary>The previous-hash of the first row.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>Truncates a time to whole microseconds (PostgreSQL's precision) so the hashed text survives a round trip.</summary>
    public static DateTime Normalize(DateTime utc) =>
        new(utc.Ticks - utc.Ticks % 10, DateTimeKind.Utc);

    /// <summary>The hash a row must carry, from its content and <see cref="AuditEntry.PreviousHash"/>.</summary>
    public static string ComputeHash(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
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
        Field(entry.PreviousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    /// <summary>Fills sequence, previous hash and hash of a new row that follows <paramref name="head"/>, and advances the head.</summary>
    public static void Append(AuditHead head, AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(entry);
        entry.Sequence = head.Sequence + 1;
        entry.TimestampUtc = Normalize(entry.TimestampUtc);
        entry.PreviousHash = head.Hash;
        entry.Hash = ComputeHash(entry);
        head.Sequence = entry.Sequence;
        head.Hash = entry.Hash;
    }

    /// <summary>Checks rows (in sequence order) against their hashes, their links and the head; names every broken row.</summary>
    public static AuditVerification Verify(IEnumerable<AuditEntry> rows, AuditHead? head)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var problems = new List<AuditProblem>();
        long expected = 1, count = 0, last = 0;
        var previousHash = Genesis;
        foreach (var row in rows)
        {
            count++;
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
            if (ComputeHash(row) != row.Hash)
            {
                problems.Add(new(row.Sequence, "edited",
                    $"audit row {row.Sequence} ({row.Entity} {row.EntityKey}, {row.Action} by {row.Actor}) was edited: its content no longer matches its hash"));
            }
            else if (!gap && row.PreviousHash != previousHash)
            {
                problems.Add(new(row.Sequence, "relinked",
                    $"audit row {row.Sequence}: its link to row {row.Sequence - 1} is broken (row {row.Sequence - 1} was rewritten)"));
            }
            previousHash = row.Hash;
            expected = row.Sequence + 1;
            last = row.Sequence;
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
                problems.Add(new(head.Sequence + 1, "head", $"audit rows after {head.Sequence} were not written by Stroma (the chain head ends at {head.Sequence})"));
            }
            else if (head.Hash != previousHash && count > 0)
            {
                problems.Add(new(last, "edited", $"audit row {last} was rewritten: its hash differs from the chain head"));
            }
        }
        return new AuditVerification(count, last, previousHash, problems);
    }
}

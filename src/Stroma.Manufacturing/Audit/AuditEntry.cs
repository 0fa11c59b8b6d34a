namespace Stroma.Manufacturing.Audit;

/// <summary>
/// One row of the append-only audit trail: who changed what, when, from which value to which, and why;
/// chained to the row before it by HMAC-SHA256 under the facility key (see <see cref="AuditChain"/>), and carrying
/// the hash of the record's new state so an edit of the record itself is detected too.
/// </summary>
public sealed class AuditEntry
{
    /// <summary>Position in the chain (1, 2, …); also the key.</summary>
    public long Sequence { get; set; }

    /// <summary>When (UTC, microsecond precision so every database stores it exactly).</summary>
    public DateTime TimestampUtc { get; set; }

    /// <summary>Who (a Stroma user name, or "os:NAME" for an unregistered operating-system user).</summary>
    public string Actor { get; set; } = "";

    /// <summary>insert, update or delete.</summary>
    public string Action { get; set; } = "";

    /// <summary>Kind of record (Lot, Passage, TestResult, …).</summary>
    public string Entity { get; set; } = "";

    /// <summary>Which record (e.g. "MCB-001", "MCB-001/passage 2").</summary>
    public string EntityKey { get; set; } = "";

    /// <summary>Changed fields as JSON: <c>{"Field":{"old":…,"new":…}}</c>.</summary>
    public string Changes { get; set; } = "{}";

    /// <summary>Reason given by the user, when any.</summary>
    public string? Reason { get; set; }

    /// <summary>Primary key of the record (its columns' values joined by '|'); null on rows written before records were
    /// sealed.</summary>
    public string? RecordId { get; set; }

    /// <summary>SHA-256 of the record's new state (its canonical serialisation); null for a delete and on legacy
    /// rows.</summary>
    public string? RecordHash { get; set; }

    /// <summary>
    /// How <see cref="Hash"/> was made: <c>hmac-sha256:KEYID</c> (keyed with the facility key of that id), or null for
    /// a
    /// legacy row hashed with unkeyed SHA-256 before the chain was keyed.
    /// </summary>
    public string? Seal { get; set; }

    /// <summary>Hash of the previous row (64 zeros for the first).</summary>
    public string PreviousHash { get; set; } = "";

    /// <summary>HMAC-SHA256 (SHA-256 on legacy rows) over this row's content and <see cref="PreviousHash"/>.</summary>
    public string Hash { get; set; } = "";
}

/// <summary>The single row that remembers the chain's last sequence and hash, so deleting the newest rows is detected
/// too.</summary>
public sealed class AuditHead
{
    /// <summary>Always 1.</summary>
    public int Id { get; set; } = 1;

    /// <summary>Last sequence written.</summary>
    public long Sequence { get; set; }

    /// <summary>Hash of the last row written.</summary>
    public string Hash { get; set; } = AuditChain.Genesis;
}

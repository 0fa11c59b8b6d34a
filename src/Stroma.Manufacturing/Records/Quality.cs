namespace Stroma.Manufacturing.Records;

/// <summary>Where an out-of-specification investigation stands.</summary>
public enum InvestigationStatus
{
    /// <summary>Opened automatically when the result was recorded; blocks release until closed.</summary>
    Open,
    /// <summary>Phase I found an assignable (laboratory) cause: the result is invalid and no longer judges the
    /// lot.</summary>
    Invalidated,
    /// <summary>Phase I found no assignable cause: the out-of-specification result stands.</summary>
    Confirmed,
}

/// <summary>Where a deviation stands.</summary>
public enum DeviationStatus
{
    /// <summary>Recorded, under investigation; blocks release of a linked lot.</summary>
    Open,
    /// <summary>Closed by QA with its conclusion and CAPA.</summary>
    Closed,
}

/// <summary>Where a controlled document (a specification or identity panel version) stands.</summary>
public enum DocumentStatus
{
    /// <summary>Drafted; cannot decide a release until QA approves it.</summary>
    Draft,
    /// <summary>Approved by QA with an e-signature; in force.</summary>
    Approved,
}

/// <summary>
/// An out-of-specification (OOS) investigation of one recorded result, opened automatically when the result was
/// recorded. Phase I (laboratory) investigation as the FDA guidance "Investigating Out-of-Specification (OOS) Test
/// Results for Pharmaceutical Production" (2006, rev. 2022) describes it; 21 CFR 211.192 requires every unexplained
/// discrepancy to be investigated and the conclusion recorded.
/// </summary>
public sealed partial class OosInvestigation
{
    /// <summary>Database key; the investigation's number.</summary>
    public int Id { get; set; }

    /// <summary>Release key.</summary>
    public int ReleaseId { get; set; }

    /// <summary>The investigated result's key.</summary>
    public int TestResultId { get; set; }

    /// <summary>The investigated result (it is never deleted or replaced).</summary>
    public TestResult? Result { get; set; }

    /// <summary>Test of the result.</summary>
    public ReleaseTest Test { get; set; }

    /// <summary>Item name (marker, assay, test label).</summary>
    public string Name { get; set; } = "";

    /// <summary>The result as judged, e.g. "60 %".</summary>
    public string Observed { get; set; } = "";

    /// <summary>The criterion it failed, e.g. "≥ 70 %".</summary>
    public string Criterion { get; set; } = "";

    /// <summary>Specification version in force when the result was judged ("code vN").</summary>
    public string Specification { get; set; } = "";

    /// <summary>Who recorded the result (the investigation opens in their name).</summary>
    public string OpenedBy { get; set; } = "";

    /// <summary>When it opened (UTC).</summary>
    public DateTime OpenedUtc { get; set; }

    /// <summary>Status.</summary>
    public InvestigationStatus Status { get; set; }

    /// <summary>The assignable laboratory cause found (null when none was found).</summary>
    public string? AssignableCause { get; set; }

    /// <summary>Conclusion and its justification.</summary>
    public string? Conclusion { get; set; }

    /// <summary>QA user who closed it with an e-signature.</summary>
    public string? ClosedBy { get; set; }

    /// <summary>When it was closed (UTC).</summary>
    public DateTime? ClosedUtc { get; set; }

    /// <summary>Meaning of the closing signature.</summary>
    public string? ClosedMeaning { get; set; }

    /// <summary>SHA-256 of what the closing signature covers.</summary>
    public string? SignatureSha256 { get; set; }

    /// <summary>Optimistic-concurrency version.</summary>
    public int Version { get; set; }
}

/// <summary>
/// A deviation from an approved instruction or procedure (EU GMP Part I Ch. 1 §1.4(xiv), 21 CFR 211.100(b)):
/// description, impact assessment, corrective and preventive action (CAPA) and QA closure, optionally linked to a lot.
/// </summary>
public sealed partial class Deviation
{
    /// <summary>Database key; the deviation's number.</summary>
    public int Id { get; set; }

    /// <summary>Linked lot key, if any.</summary>
    public int? LotId { get; set; }

    /// <summary>Linked lot.</summary>
    public Lot? Lot { get; set; }

    /// <summary>What happened.</summary>
    public string Description { get; set; } = "";

    /// <summary>Impact on product quality, as assessed.</summary>
    public string Impact { get; set; } = "";

    /// <summary>Corrective and preventive action.</summary>
    public string? Capa { get; set; }

    /// <summary>Who recorded it.</summary>
    public string OpenedBy { get; set; } = "";

    /// <summary>When it was recorded (UTC).</summary>
    public DateTime OpenedUtc { get; set; }

    /// <summary>Status.</summary>
    public DeviationStatus Status { get; set; }

    /// <summary>QA conclusion at closure.</summary>
    public string? Conclusion { get; set; }

    /// <summary>QA user who closed it.</summary>
    public string? ClosedBy { get; set; }

    /// <summary>When it was closed (UTC).</summary>
    public DateTime? ClosedUtc { get; set; }

    /// <summary>SHA-256 of what the closing signature covers.</summary>
    public string? SignatureSha256 { get; set; }

    /// <summary>Optimistic-concurrency version.</summary>
    public int Version { get; set; }
}

/// <summary>A stored version of an identity panel (a controlled document; built-in panel ids are reserved).</summary>
public sealed partial class IdentityPanelVersion
{
    /// <summary>Database key.</summary>
    public int Id { get; set; }

    /// <summary>Panel id as the panel file names itself.</summary>
    public string Code { get; set; } = "";

    /// <summary>Version; (code, version) is unique.</summary>
    public int PanelVersion { get; set; }

    /// <summary>The panel file's JSON, exactly as drafted.</summary>
    public string Json { get; set; } = "";

    /// <summary>SHA-256 of <see cref="Json"/>.</summary>
    public string ContentSha256 { get; set; } = "";

    /// <summary>Status.</summary>
    public DocumentStatus Status { get; set; }

    /// <summary>Who drafted it.</summary>
    public string DraftedBy { get; set; } = "";

    /// <summary>When it was drafted (UTC).</summary>
    public DateTime CreatedUtc { get; set; }

    /// <summary>QA approver.</summary>
    public string? ApprovedBy { get; set; }

    /// <summary>When approved (UTC).</summary>
    public DateTime? ApprovedUtc { get; set; }

    /// <summary>Reason given at approval.</summary>
    public string? ApprovalReason { get; set; }

    /// <summary>Optimistic-concurrency version.</summary>
    public int Version { get; set; }
}

namespace Stroma.Manufacturing.Records;

/// <summary>A stored, immutable version of a release specification (a new version is a new row).</summary>
public sealed partial class ReleaseSpecification
{
    /// <summary>Database key.</summary>
    public int Id { get; set; }

    /// <summary>Specification code (e.g. "stroma-default").</summary>
    public string Code { get; set; } = "";

    /// <summary>Version number; (code, version) is unique.</summary>
    public int SpecVersion { get; set; }

    /// <summary>Title.</summary>
    public string Title { get; set; } = "";

    /// <summary>Where the limits come from (a protocol, a publication).</summary>
    public string? Source { get; set; }

    /// <summary>SHA-256 of the canonical JSON of the definition, to recognise identical re-imports.</summary>
    public string ContentSha256 { get; set; } = "";

    /// <summary>When the version was stored (UTC).</summary>
    public DateTime CreatedUtc { get; set; }

    /// <summary>Draft until QA approves it; only an approved version can decide a release.</summary>
    public DocumentStatus Status { get; set; }

    /// <summary>Who drafted the version ("system" for the built-in default).</summary>
    public string DraftedBy { get; set; } = "";

    /// <summary>QA approver.</summary>
    public string? ApprovedBy { get; set; }

    /// <summary>When approved (UTC).</summary>
    public DateTime? ApprovedUtc { get; set; }

    /// <summary>Reason given at approval.</summary>
    public string? ApprovalReason { get; set; }

    /// <summary>Items, in order.</summary>
    public List<SpecificationItem> Items { get; set; } = [];
}

/// <summary>One test of a specification with its acceptance criterion.</summary>
public sealed class SpecificationItem
{
    /// <summary>Database key.</summary>
    public int Id { get; set; }

    /// <summary>Specification key.</summary>
    public int SpecificationId { get; set; }

    /// <summary>Order within the specification.</summary>
    public int Position { get; set; }

    /// <summary>Test.</summary>
    public ReleaseTest Test { get; set; }

    /// <summary>Name: the marker (CD73), potency assay (IDO activity), or the test label.</summary>
    public string Name { get; set; } = "";

    /// <summary>Comparator.</summary>
    public Comparator Comparator { get; set; }

    /// <summary>Numeric limit; null for text criteria, and for endotoxin when <see cref="ComputedLimit"/> is
    /// set.</summary>
    public double? Limit { get; set; }

    /// <summary>Expected text for <see cref="Comparator.Is"/> (e.g. "no growth", "pass").</summary>
    public string? Expected { get; set; }

    /// <summary>Unit of the result and limit (e.g. "%", "EU/mL").</summary>
    public string Unit { get; set; } = "";

    /// <summary>"K/M" when the limit is computed from route and dose (USP &lt;85&gt;).</summary>
    public string? ComputedLimit { get; set; }

    /// <summary>Whether the item must pass for release (false: reported, e.g. optional potency).</summary>
    public bool Required { get; set; } = true;

    /// <summary>Identity panel for an identity item (e.g. isct-2006).</summary>
    public string? Panel { get; set; }
}

/// <summary>The release record of one lot: its specification, planned use (for the endotoxin limit), results and
/// signatures.</summary>
public sealed partial class LotRelease
{
    /// <summary>Database key.</summary>
    public int Id { get; set; }

    /// <summary>Lot key (one release per lot).</summary>
    public int LotId { get; set; }

    /// <summary>Lot.</summary>
    public Lot? Lot { get; set; }

    /// <summary>Specification key.</summary>
    public int SpecificationId { get; set; }

    /// <summary>Specification.</summary>
    public ReleaseSpecification? Specification { get; set; }

    /// <summary>Route of administration (for K).</summary>
    public AdministrationRoute Route { get; set; }

    /// <summary>Planned patient weight (kg).</summary>
    public double? PatientWeightKg { get; set; }

    /// <summary>Planned cells per kg per dose.</summary>
    public double? CellsPerKg { get; set; }

    /// <summary>Planned dose volume (mL), for a limit in EU/mL.</summary>
    public double? DoseVolumeMl { get; set; }

    /// <summary>Planned administration time (hours); doses given within an hour count as one hour.</summary>
    public double? InfusionHours { get; set; }

    /// <summary>Disposition once signed; null while pending.</summary>
    public Disposition? Disposition { get; set; }

    /// <summary>Optimistic-concurrency version.</summary>
    public int Version { get; set; }

    /// <summary>Results (superseded ones kept).</summary>
    public List<TestResult> Results { get; set; } = [];

    /// <summary>Out-of-specification investigations of its results.</summary>
    public List<OosInvestigation> Investigations { get; set; } = [];

    /// <summary>Signatures.</summary>
    public List<ReleaseSignature> Signatures { get; set; } = [];
}

/// <summary>One recorded test result.</summary>
public sealed class TestResult
{
    /// <summary>Database key.</summary>
    public int Id { get; set; }

    /// <summary>Release key.</summary>
    public int ReleaseId { get; set; }

    /// <summary>Test.</summary>
    public ReleaseTest Test { get; set; }

    /// <summary>Name (marker, potency assay, or the test label).</summary>
    public string Name { get; set; } = "";

    /// <summary>Numeric value.</summary>
    public double? Value { get; set; }

    /// <summary>Text value (e.g. "no growth", or the identity verdict).</summary>
    public string? Text { get; set; }

    /// <summary>Unit.</summary>
    public string Unit { get; set; } = "";

    /// <summary>Method or instrument.</summary>
    public string? Method { get; set; }

    /// <summary>User name of the person who entered the result.</summary>
    public string EnteredBy { get; set; } = "";

    /// <summary>When it was entered (UTC).</summary>
    public DateTime EnteredUtc { get; set; }

    /// <summary>True once a newer result for the same test and name replaced it.</summary>
    public bool Superseded { get; set; }

    /// <summary>1 for the first result of an item, n for its n-th version (a correction or a retest).</summary>
    public int Revision { get; set; } = 1;

    /// <summary>Why this version replaced the previous one (required for every revision after the first).</summary>
    public string? CorrectionReason { get; set; }

    /// <summary>The specification version in force when the result was judged ("code vN").</summary>
    public string? Specification { get; set; }

    /// <summary>For identity: the identity engine's result JSON.</summary>
    public string? IdentityJson { get; set; }

    /// <summary>For identity: how the analysis was asked for (files, panel, percentile), JSON, so it can be
    /// re-run.</summary>
    public string? IdentityRequestJson { get; set; }

    /// <summary>For identity: SHA-256 of every input file, "role:path:sha" joined by newlines.</summary>
    public string? InputSha256 { get; set; }
}

/// <summary>An electronic signature on a release decision.</summary>
public sealed class ReleaseSignature
{
    /// <summary>Database key.</summary>
    public int Id { get; set; }

    /// <summary>Release key.</summary>
    public int ReleaseId { get; set; }

    /// <summary>Signer's user name.</summary>
    public string UserName { get; set; } = "";

    /// <summary>Signer's role at signing time.</summary>
    public string Role { get; set; } = "";

    /// <summary>Meaning of the signature (e.g. "approved for release").</summary>
    public string Meaning { get; set; } = "";

    /// <summary>Reason given.</summary>
    public string Reason { get; set; } = "";

    /// <summary>Disposition signed.</summary>
    public Disposition Disposition { get; set; }

    /// <summary>When signed (UTC).</summary>
    public DateTime SignedUtc { get; set; }

    /// <summary>The exact specification version the decision was judged against ("code vN sha256").</summary>
    public string? Specification { get; set; }

    /// <summary>SHA-256 of the results and specification the signer saw, binding the signature to them.</summary>
    public string ManifestSha256 { get; set; } = "";
}

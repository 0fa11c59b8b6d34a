using Stroma.Identity.Analysis;
using Stroma.Manufacturing.Release;

namespace Stroma.Manufacturing.Certificates;

/// <summary>A signature as printed.</summary>
/// <param name="UserName">Signer.</param>
/// <param name="FullName">Full name.</param>
/// <param name="Role">Role at signing.</param>
/// <param name="Meaning">Meaning.</param>
/// <param name="Reason">Reason.</param>
/// <param name="Disposition">Disposition token.</param>
/// <param name="SignedUtc">When.</param>
/// <param name="ManifestSha256">Hash of what was signed.</param>
public sealed record SignatureLine(string UserName, string? FullName, string Role, string Meaning, string Reason,
    string Disposition, DateTime SignedUtc, string ManifestSha256)
{
    /// <summary>False when the signed content changed since signing (the signature no longer vouches for the
    /// record).</summary>
    public bool ContentMatches { get; init; } = true;

    /// <summary>The signer's printed name (21 CFR 11.50(a)(1)): the full name, else the user name.</summary>
    public string PrintedName => string.IsNullOrWhiteSpace(FullName) ? UserName : FullName;

    /// <summary>Date and time of signing with its time zone (21 CFR 11.50(a)(2)), e.g. "2026-12-02 14:21:18
    /// UTC".</summary>
    public string SignedAt => DateTime.SpecifyKind(SignedUtc, DateTimeKind.Utc)
        .ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The exact specification version the decision was judged against ("code vN sha256").</summary>
    public string? Specification { get; init; }
}

/// <summary>An OOS investigation or deviation of the lot as printed.</summary>
/// <param name="Record">"OOS investigation #3" or "deviation #2".</param>
/// <param name="Subject">What it is about (the result and criterion, or the description).</param>
/// <param name="Status">Status (open, invalidated, confirmed, closed).</param>
/// <param name="Conclusion">Conclusion, CAPA or assignable cause, when closed.</param>
/// <param name="ClosedBy">QA signer who closed it, with the time (UTC).</param>
public sealed record QualityEventLine(string Record, string Subject, string Status, string? Conclusion,
    string? ClosedBy);

/// <summary>A lineage step as printed.</summary>
/// <param name="Code">Lot code.</param>
/// <param name="Kind">Kind label.</param>
/// <param name="CumulativePd">Cumulative PD.</param>
public sealed record LineageLine(string Code, string Kind, double CumulativePd);

/// <summary>Everything a certificate of analysis prints.</summary>
public sealed record CertificateData
{
    /// <summary>Lot code.</summary>
    public required string Lot { get; init; }
    /// <summary>Lot kind label.</summary>
    public required string Kind { get; init; }
    /// <summary>Nomenclature label.</summary>
    public required string Label { get; init; }
    /// <summary>DIN (formatted), when assigned.</summary>
    public string? Din { get; init; }
    /// <summary>Donor code.</summary>
    public required string Donor { get; init; }
    /// <summary>Tissue source label.</summary>
    public required string Source { get; init; }
    /// <summary>Isolation label.</summary>
    public required string Isolation { get; init; }
    /// <summary>Lineage, primary culture first.</summary>
    public required IReadOnlyList<LineageLine> Lineage { get; init; }
    /// <summary>Cumulative PD.</summary>
    public double CumulativePd { get; init; }
    /// <summary>Passages.</summary>
    public int Passages { get; init; }
    /// <summary>Priming steps as text.</summary>
    public IReadOnlyList<string> Priming { get; init; } = [];
    /// <summary>Specification "code vN — title".</summary>
    public required string Specification { get; init; }
    /// <summary>Route label.</summary>
    public required string Route { get; init; }
    /// <summary>Evaluation.</summary>
    public required ReleaseEvaluation Evaluation { get; init; }
    /// <summary>Stored identity result.</summary>
    public IdentityResult? Identity { get; init; }
    /// <summary>The identity result re-computed from the unchanged input files (carries plot data), when
    /// possible.</summary>
    public IdentityResult? IdentityReanalysed { get; init; }
    /// <summary>Why no plots are shown, when they are not.</summary>
    public string? IdentityNote { get; init; }
    /// <summary>Input files of the identity analysis with SHA-256.</summary>
    public IReadOnlyList<InputFile> IdentityInputs { get; init; } = [];
    /// <summary>Signatures.</summary>
    public IReadOnlyList<SignatureLine> Signatures { get; init; } = [];
    /// <summary>The lot's OOS investigations and deviations (every one, open or closed).</summary>
    public IReadOnlyList<QualityEventLine> QualityEvents { get; init; } = [];
    /// <summary>Disposition token, or null while pending.</summary>
    public string? Disposition { get; init; }
    /// <summary>The disposition as the domain's value (null while pending or when a signature no longer
    /// matches).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Disposition? DispositionValue => Terms.TryParse<Disposition>(Disposition, out var d) ? d : null;
    /// <summary>Audit trail length at rendering.</summary>
    public long AuditSequence { get; init; }
    /// <summary>Audit chain head hash at rendering.</summary>
    public required string AuditHash { get; init; }
    /// <summary>Whether the audit chain verified intact at rendering.</summary>
    public bool AuditIntact { get; init; }
    /// <summary>When rendered.</summary>
    public DateTime GeneratedUtc { get; init; }
}

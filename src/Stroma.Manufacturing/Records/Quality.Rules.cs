using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Stroma.Manufacturing.Release;

namespace Stroma.Manufacturing.Records;

/// <summary>
/// Change control of the documents that decide a release (specifications, identity panels): a new version is a
/// draft until an authorised QA person approves it with an e-signature (EU GMP Part I Ch. 4 §4.3: documents are
/// approved, signed and dated by appropriate and authorised persons; Annex 11 §10: changes under change control;
/// 21 CFR 211.160(a): specifications are drafted by the appropriate unit and reviewed and approved by QA).
/// </summary>
public static class ChangeControl
{
    /// <summary>Refuses an approval by someone who is not QA, of a version that is not a draft, or by its
    /// author.</summary>
    public static void EnsureMayApprove(Signer signer, DocumentStatus status, string draftedBy, string document,
        string? reason)
    {
        ArgumentNullException.ThrowIfNull(signer);
        if (string.IsNullOrWhiteSpace(reason))
            throw new ManufacturingException($"Approving {document} needs a reason.");
        if (!signer.MaySignReleases)
            throw new ReleaseRefusedException($"User '{signer.UserName}' ({string.Join(", ", signer.Roles)}) cannot " +
                $"approve {document}; " +
                                              "the QA role is needed.") { Subject = document };
        if (status != DocumentStatus.Draft) throw new ManufacturingException($"{document} is already approved.")
            { Subject = document };
        // Four-eyes on documents: the author of a version does not approve it (EU GMP Ch. 4 §4.3, two authorised
        // persons).
        if (string.Equals(signer.UserName, draftedBy, StringComparison.OrdinalIgnoreCase))
            throw new ReleaseRefusedException($"Four-eyes rule: {signer.UserName} drafted {document} and cannot also " +
                $"approve it; " +
                                              "another QA user must approve.") { Subject = document };
    }

    /// <summary>SHA-256 (hex) of the canonical JSON of what a signature covers.</summary>
    public static string SignedSha256(object content) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(content,
            SignedJson))));

    private static readonly JsonSerializerOptions SignedJson = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// "2026-03-01T09:00:00.1234560Z": the time as UTC, truncated to the microsecond a database keeps (PostgreSQL
    /// stores
    /// microseconds, .NET ticks are 100 ns), so a hash made before a save still matches after the time is read back.
    /// A time without a kind (SQLite hands stored times back unmarked) was stored as UTC.
    /// </summary>
    internal static string Stamp(DateTime utc) =>
        Audit.AuditChain.Normalize(utc.Kind == DateTimeKind.Local ? utc.ToUniversalTime()
            : DateTime.SpecifyKind(utc, DateTimeKind.Utc))
            .ToString("O", CultureInfo.InvariantCulture);
}

// A specification version's change-control rules.
public sealed partial class ReleaseSpecification
{
    /// <summary>"code vN".</summary>
    public string Reference => $"{Code} v{SpecVersion}";

    /// <summary>
    /// Approves this draft: QA only, not its author, and only when it can actually block a release — at least one
    /// required item must need an entered result, so a lot can never be released with no test results.
    /// </summary>
    public void Approve(Signer signer, string reason, DateTime nowUtc)
    {
        ChangeControl.EnsureMayApprove(signer, Status, DraftedBy, $"specification {Reference}", reason);
        if (!Items.Any(i => i.Required && i.Test != ReleaseTest.PopulationDoublings
            && i.Comparator != Comparator.Report))
            throw new ManufacturingException($"Specification {Reference} has no required test that needs a result; " +
                $"it would release a lot " +
                                             "with no test results and cannot be approved.") { Subject = Code };
        Status = DocumentStatus.Approved;
        ApprovedBy = signer.UserName;
        ApprovedUtc = nowUtc;
        ApprovalReason = reason.Trim();
    }

    /// <summary>Refuses a draft version where a release decision needs one in force.</summary>
    public void EnsureInForce(string lotCode)
    {
        if (Status != DocumentStatus.Approved)
            throw new ReleaseRefusedException($"Specification {Reference} is a draft: QA must approve it (stroma " +
                $"release spec-approve " +
                                              $"{Code}@{SpecVersion}) before it can decide the release of lot " +
                                                  $"{lotCode}.") { Subject = lotCode };
    }
}

// An identity panel version's change-control rules.
public sealed partial class IdentityPanelVersion
{
    /// <summary>"code vN".</summary>
    public string Reference => $"{Code} v{PanelVersion}";

    /// <summary>Approves this draft (QA only, not its author).</summary>
    public void Approve(Signer signer, string reason, DateTime nowUtc)
    {
        ChangeControl.EnsureMayApprove(signer, Status, DraftedBy, $"identity panel {Reference}", reason);
        Status = DocumentStatus.Approved;
        ApprovedBy = signer.UserName;
        ApprovedUtc = nowUtc;
        ApprovalReason = reason.Trim();
    }
}

/// <summary>How a phase I laboratory investigation ended.</summary>
public enum InvestigationFinding
{
    /// <summary>An assignable laboratory cause (e.g. a calculation, instrument or sample-handling error) was
    /// found.</summary>
    AssignableCause,
    /// <summary>No assignable cause: the OOS result is confirmed.</summary>
    NoAssignableCause,
}

// The OOS investigation's rules (FDA OOS guidance 2006/2022 §III–IV; 21 CFR 211.192).
public sealed partial class OosInvestigation
{
    /// <summary>Opens the investigation of a result judged out of specification.</summary>
    public static OosInvestigation Open(TestResult result, ItemOutcome outcome, string specification, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(outcome);
        return new OosInvestigation
        {
            Result = result, Test = result.Test, Name = outcome.Name, Observed = outcome.Result ?? "",
                Criterion = outcome.Criterion,
            Specification = specification, OpenedBy = result.EnteredBy, OpenedUtc = nowUtc,
                Status = InvestigationStatus.Open,
        };
    }

    /// <summary>True while the investigated result still judges its item (open or confirmed).</summary>
    public bool HoldsResult => Status != InvestigationStatus.Invalidated;

    /// <summary>Whether this investigation concerns <paramref name="result"/>.</summary>
    public bool Concerns(TestResult result) =>
        ReferenceEquals(Result, result) || (TestResultId != 0 && TestResultId == result.Id);

    /// <summary>
    /// Closes phase I with a QA e-signature. With an assignable laboratory cause the result is invalidated, which needs
    /// the cause and a justification (FDA OOS guidance: "the OOS result should be invalidated only when the
    /// investigation documents an assignable cause"); without one the OOS result is confirmed and keeps judging the
    /// lot (no testing into compliance). The analyst who entered the result does not close its investigation.
    /// </summary>
    public void Close(Signer signer, InvestigationFinding finding, string? cause, string conclusion, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var what = $"OOS investigation #{Id}";
        if (Status != InvestigationStatus.Open)
            throw new ManufacturingException($"{what} is already closed ({Status}).") { Subject = what };
        if (!signer.MaySignReleases)
            throw new ReleaseRefusedException($"User '{signer.UserName}' ({string.Join(", ", signer.Roles)}) cannot " +
                $"close {what}; " +
                                              "QA approval is needed.") { Subject = what };
        if (string.IsNullOrWhiteSpace(conclusion)) throw new ManufacturingException($"Closing {what} needs a " +
            $"conclusion and its justification.");
        if (string.Equals(signer.UserName, OpenedBy, StringComparison.OrdinalIgnoreCase))
            throw new ReleaseRefusedException($"Four-eyes rule: {signer.UserName} entered the investigated result " +
                $"and cannot also close {what}.")
                { Subject = what };
        if (finding == InvestigationFinding.AssignableCause && string.IsNullOrWhiteSpace(cause))
            throw new ManufacturingException($"Invalidating the result of {what} needs the assignable cause that was " +
                $"found.");
        Status = finding == InvestigationFinding.AssignableCause ? InvestigationStatus.Invalidated
            : InvestigationStatus.Confirmed;
        AssignableCause = finding == InvestigationFinding.AssignableCause ? cause!.Trim() : null;
        Conclusion = conclusion.Trim();
        ClosedBy = signer.UserName;
        ClosedUtc = nowUtc;
        ClosedMeaning = Status == InvestigationStatus.Invalidated ? "result invalidated: assignable cause"
            : "OOS confirmed: no assignable cause";
        SignatureSha256 = ChangeControl.SignedSha256(new
        {
            investigation = Id, result = TestResultId, Name, Observed, Criterion, Specification,
                status = Status.ToString(),
            AssignableCause, Conclusion, ClosedBy, meaning = ClosedMeaning, closed = ChangeControl.Stamp(nowUtc),
        });
    }
}

// The deviation's rules (EU GMP Part I Ch. 1 §1.4(xiv), Ch. 8; 21 CFR 211.100(b), 211.192).
public sealed partial class Deviation
{
    /// <summary>Records a deviation, optionally against a lot; description and impact assessment are
    /// required.</summary>
    public static Deviation Open(Lot? lot, string description, string impact, string? capa, string openedBy,
        DateTime nowUtc)
    {
        if (string.IsNullOrWhiteSpace(description)) throw new ManufacturingException("A deviation needs a " +
            "description of what happened.");
        if (string.IsNullOrWhiteSpace(impact)) throw new ManufacturingException("A deviation needs an assessment of " +
            "its impact on product quality.");
        return new Deviation
        {
            Lot = lot, LotId = lot?.Id, Description = description.Trim(), Impact = impact.Trim(),
            Capa = string.IsNullOrWhiteSpace(capa) ? null : capa.Trim(), OpenedBy = openedBy, OpenedUtc = nowUtc,
                Status = DeviationStatus.Open,
        };
    }

    /// <summary>True while it blocks release of its lot.</summary>
    public bool IsOpen => Status == DeviationStatus.Open;

    /// <summary>Closes the deviation: QA only, with a conclusion and the corrective and preventive action
    /// taken.</summary>
    public void Close(Signer signer, string conclusion, string? capa, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var what = $"deviation #{Id}";
        if (!IsOpen) throw new ManufacturingException($"{what} is already closed.") { Subject = what };
        if (!signer.MaySignReleases)
            throw new ReleaseRefusedException($"User '{signer.UserName}' ({string.Join(", ", signer.Roles)}) cannot " +
                $"close {what}; " +
                                              "QA closure is needed.") { Subject = what };
        if (string.IsNullOrWhiteSpace(conclusion)) throw new ManufacturingException($"Closing {what} needs a " +
            $"conclusion.");
        if (!string.IsNullOrWhiteSpace(capa)) Capa = capa.Trim();
        if (Capa is null) throw new ManufacturingException($"Closing {what} needs its corrective and preventive " +
            $"action (CAPA).");
        Status = DeviationStatus.Closed;
        Conclusion = conclusion.Trim();
        ClosedBy = signer.UserName;
        ClosedUtc = nowUtc;
        SignatureSha256 = ChangeControl.SignedSha256(new
        {
            deviation = Id, lot = LotId, Description, Impact, Capa, Conclusion, ClosedBy,
                closed = ChangeControl.Stamp(nowUtc),
        });
    }
}

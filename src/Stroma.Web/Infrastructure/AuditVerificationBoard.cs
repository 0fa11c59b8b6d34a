using Stroma.Manufacturing.Audit;

namespace Stroma.Web.Infrastructure;

/// <summary>
/// The last verification of the audit hash chain and when it ran. The audit page verifies the whole chain (on demand);
/// the dashboard shows this result instead of re-reading every audit row on each view.
/// </summary>
public sealed class AuditVerificationBoard
{
    private sealed record Entry(AuditVerification Result, DateTime AtUtc);

    private Entry? _last;

    /// <summary>The last verification, or null when none ran since the app started.</summary>
    public (AuditVerification Result, DateTime AtUtc)? Last =>
        Volatile.Read(ref _last) is { } e ? (e.Result, e.AtUtc) : null;

    /// <summary>Records a verification just made.</summary>
    public void Record(AuditVerification result) => Volatile.Write(ref _last, new Entry(result, DateTime.UtcNow));
}

using Microsoft.AspNetCore.Mvc.RazorPages;
using Stroma.Manufacturing;
using Stroma.Manufacturing.Certificates;
using Stroma.Manufacturing.Culture;
using Stroma.Manufacturing.Release;
using Stroma.Storage.Services;
using Stroma.Web.Infrastructure;

namespace Stroma.Web.Pages;

/// <summary>Dashboard: lots by status, recent release decisions, out-of-specification results.</summary>
public sealed class IndexModel(Facility facility, AuditVerificationBoard audit) : PageModel
{
    /// <summary>Lot status → count.</summary>
    public IReadOnlyList<(string Status, int Count)> ByStatus { get; private set; } = [];

    /// <summary>Latest signatures.</summary>
    public IReadOnlyList<(string Lot, SignatureLine Line)> RecentSignatures { get; private set; } = [];

    /// <summary>Out-of-specification items.</summary>
    public IReadOnlyList<(string Lot, ItemOutcome Item)> OutOfSpec { get; private set; } = [];

    /// <summary>Lots not released whose PD or results need a look.</summary>
    public IReadOnlyList<LotRelease> Attention { get; private set; } = [];

    /// <summary>Audit chain status text.</summary>
    public string AuditStatus { get; private set; } = "";

    /// <summary>The signed-in user's roles.</summary>
    public IReadOnlyList<string> Roles => User.Claims.Where(c => c.Type == System.Security.Claims.ClaimTypes.Role)
        .Select(c => c.Value).ToArray();

    /// <summary>Loads the dashboard.</summary>
    public async Task OnGetAsync(CancellationToken ct)
    {
        var lots = await facility.LotsAsync(ct);
        ByStatus = lots.GroupBy(l => l.Lot.Status).Select(g => (g.Key, g.Count()))
            .OrderBy(g => g.Key, StringComparer.Ordinal).ToArray();
        RecentSignatures = lots.Where(l => l.Release is not null)
            .SelectMany(l => l.Release!.Signatures.Select(s => (l.Lot.Code, s)))
            .OrderByDescending(s => s.s.SignedUtc).Take(10).ToArray();
        OutOfSpec = Facility.OutOfSpecification(lots).ToArray();
        Attention = lots.Where(l => l.Lot.StatusValue.IsOpen
            && (l.Lot.SenescenceLevel != SenescenceLevel.Ok || l.Release is { Releasable: false })).Take(15).ToArray();
        AuditStatus = audit.Last is not { } last ? "not verified since the app started — the audit page verifies the " +
            "chain"
            : last.Result.Problems.Count == 0
                ? $"intact ({last.Result.Rows:N0} entries, hash chain verified {last.AtUtc:yyyy-MM-dd HH:mm} UTC)"
                : $"{last.Result.Problems.Count} problem(s) found at {last.AtUtc:yyyy-MM-dd HH:mm} UTC — see the " +
                    $"audit page";
    }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Stroma.Manufacturing.Audit;
using Stroma.Storage.Services;

using Stroma.Web.Infrastructure;

namespace Stroma.Web.Pages.Audit;

/// <summary>The append-only audit trail with its hash-chain verification.</summary>
public sealed class IndexModel(AuditService audit, AuditVerificationBoard board) : PageModel
{
    /// <summary>Verification result.</summary>
    public AuditVerification? Verification { get; private set; }

    /// <summary>Newest entries first.</summary>
    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    /// <summary>Entity filter.</summary>
    [BindProperty(SupportsGet = true)] public string? Entity { get; set; }

    /// <summary>Key prefix filter.</summary>
    [BindProperty(SupportsGet = true)] public string? Key { get; set; }

    /// <summary>Verifies the chain and lists entries.</summary>
    public async Task OnGetAsync(CancellationToken ct)
    {
        Verification = await audit.VerifyAsync(ct);
        board.Record(Verification);
        Entries = (await audit.ListAsync(string.IsNullOrWhiteSpace(Entity) ? null : Entity, string.IsNullOrWhiteSpace(Key) ? null : Key, 500, ct))
            .OrderByDescending(e => e.Sequence).ToArray();
    }
}

using Microsoft.AspNetCore.Mvc.RazorPages;
using Stroma.Web.Infrastructure;

namespace Stroma.Web.Pages.Release;

/// <summary>Every lot's release state.</summary>
public sealed class IndexModel(Facility facility) : PageModel
{
    /// <summary>Lots with their release records.</summary>
    public IReadOnlyList<LotRelease> Lots { get; private set; } = [];

    /// <summary>Loads the list.</summary>
    public async Task OnGetAsync(CancellationToken ct) => Lots = await facility.LotsAsync(ct);
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Stroma.Storage.Services;
using Stroma.Web.Infrastructure;

namespace Stroma.Web.Pages.Investigations;

/// <summary>OOS investigations, open ones first.</summary>
public sealed class IndexModel(InvestigationService investigations, IAuthorizationService authorization)
    : QualityPageModel(authorization)
{
    /// <summary>Show only open investigations.</summary>
    [BindProperty(SupportsGet = true)] public bool Open { get; set; }

    /// <summary>Investigations.</summary>
    public IReadOnlyList<InvestigationView> Items { get; private set; } = [];

    /// <summary>Shows the list.</summary>
    public Task OnGetAsync(CancellationToken ct) => ShowAsync(ct);

    /// <inheritdoc/>
    protected override async Task LoadAsync(CancellationToken ct) =>
        Items = (await investigations.ListAsync(Open, null, ct)).OrderBy(i => i.IsOpen ? 0 : 1)
            .ThenByDescending(i => i.Id).ToArray();
}

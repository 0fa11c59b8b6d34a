using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Stroma.Manufacturing;
using Stroma.Reports.Tables;
using Stroma.Storage.Services;

using Stroma.Web.Infrastructure;

namespace Stroma.Web.Pages.Lots;

/// <summary>Lot list (search, filter, sort, pages, CSV); Operators, QA and Admins can create lots.</summary>
public sealed class IndexModel(LotService lots, DonorService donors, IAuthorizationService authorization) : PageModel
{
    private static readonly Dictionary<string, Func<LotView,
        IComparable?>> SortKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["code"] = l => l.Code, ["kind"] = l => l.Kind, ["donor"] = l => l.Donor, ["status"] = l => l.Status,
        ["passages"] = l => l.Passages.Count, ["pd"] = l => l.CumulativePd, ["created"] = l => l.CreatedUtc,
    };

    /// <summary>Every lot (for the parent choice).</summary>
    public IReadOnlyList<LotView> AllLots { get; private set; } = [];

    /// <summary>The page of lots shown.</summary>
    public ListPage<LotView> Lots { get; private set; } = new([], 1, Listing.PageSize, 0);

    /// <summary>Donors for primary cultures.</summary>
    public IReadOnlyList<DonorView> Donors { get; private set; } = [];

    /// <summary>Whether the user may create lots.</summary>
    public bool CanWrite { get; private set; }

    /// <summary>Search text (code, donor, label, DIN).</summary>
    [BindProperty(SupportsGet = true, Name = "q")] public string? Q { get; set; }

    /// <summary>Status filter (token).</summary>
    [BindProperty(SupportsGet = true, Name = "status")] public string? StatusFilter { get; set; }

    /// <summary>Kind filter (token).</summary>
    [BindProperty(SupportsGet = true, Name = "kind")] public string? KindFilter { get; set; }

    /// <summary>Sort key.</summary>
    [BindProperty(SupportsGet = true, Name = "sort")] public string? Sort { get; set; }

    /// <summary>"desc" for descending.</summary>
    [BindProperty(SupportsGet = true, Name = "dir")] public string? Dir { get; set; }

    /// <summary>Page number.</summary>
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    /// <summary>Whether the order is descending.</summary>
    public bool Descending => string.Equals(Dir, "desc", StringComparison.OrdinalIgnoreCase);

    /// <summary>Lot code.</summary>
    [BindProperty] public string? Code { get; set; }

    /// <summary>Lot kind token.</summary>
    [BindProperty] public string? Kind { get; set; }

    /// <summary>Parent lot code.</summary>
    [BindProperty] public string? Parent { get; set; }

    /// <summary>Donor code.</summary>
    [BindProperty] public string? Donor { get; set; }

    /// <summary>Tissue source token.</summary>
    [BindProperty] public string? Source { get; set; }

    /// <summary>Isolation token.</summary>
    [BindProperty] public string? Isolation { get; set; }

    /// <summary>Shows the list.</summary>
    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>The filtered, sorted list as CSV (every matching row, not only the page).</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        var rows = Filtered(await lots.ListAsync(ct));
        var csv = CsvTable.Render(["lot", "kind", "parent", "donor", "donor type", "source", "status", "passages",
            "cumulative PD", "senescence", "DIN",
                "label", "created (UTC)"],
            rows.Select(l => (IReadOnlyList<string?>)[l.Code, Terms.LabelOf<LotKind>(l.Kind), l.Parent, l.Donor,
                l.DonorType,
                Terms.LabelOf<TissueSource>(l.Source), Terms.LabelOf<LotStatus>(l.Status),
                    l.Passages.Count.ToString(CultureInfo.InvariantCulture),
                l.CumulativePd.ToString("0.00", CultureInfo.InvariantCulture), l.Senescence, l.Din, l.Label,
                l.CreatedUtc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)]));
        return File(csv, "text/csv; charset=utf-8", "lots.csv");
    }

    /// <summary>Creates a lot (writers only) and goes to it; a refusal shows the form again as typed.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.Writer)).Succeeded) return Forbid();
        var form = new FormReader(ModelState);
        var code = form.Text(nameof(Code), Code, "lot code");
        var kind = form.Choice<LotKind>(nameof(Kind), Kind, "lot kind");
        var source = form.Choice<TissueSource>(nameof(Source), Source, "tissue source", required: false);
        var isolation = form.Choice<IsolationMethod>(nameof(Isolation), Isolation, "isolation method", required: false);
        if (kind == LotKind.PrimaryCulture)
        {
            form.Text(nameof(Donor), Donor, "donor of the primary culture");
            if (source is null) form.Choice<TissueSource>(nameof(Source), null, "tissue source of the primary culture");
            if (isolation is null) form.Choice<IsolationMethod>(nameof(Isolation), null,
                "isolation method of the primary culture");
        }
        else if (kind is not null) form.Text(nameof(Parent), Parent, "parent lot");
        if (form.Valid)
        {
            try
            {
                var lot = await lots.CreateAsync(new LotInput(code!, kind!.Value)
                {
                    Parent = FormValues.Text(Parent), Donor = FormValues.Text(Donor), Source = source,
                        Isolation = isolation,
                }, User.Identity!.Name!, ct);
                Flash.Set(TempData, $"Lot {lot.Code} created.");
                return Redirect($"/lots/{Uri.EscapeDataString(lot.Code)}");
            }
            catch (ManufacturingException ex)
            {
                form.Refused(ex, new Dictionary<string, string>(StringComparer.Ordinal)
                    { ["Lot code"] = nameof(Code) });
            }
        }
        await LoadAsync(ct);
        return Page();
    }

    private IReadOnlyList<LotView> Filtered(IReadOnlyList<LotView> all) =>
        Listing.Sort(all.Where(l => Listing.Matches(Q, l.Code, l.Donor, l.Label, l.Din, l.Parent)
                                    && (string.IsNullOrEmpty(StatusFilter) || l.Status == StatusFilter)
                                    && (string.IsNullOrEmpty(KindFilter) || l.Kind == KindFilter)), Sort, Descending,
                                        SortKeys);

    private async Task LoadAsync(CancellationToken ct)
    {
        AllLots = await lots.ListAsync(ct);
        Lots = Listing.Page(Filtered(AllLots), PageNumber);
        Donors = await donors.ListAsync(ct);
        CanWrite = (await authorization.AuthorizeAsync(User, Policies.Writer)).Succeeded;
    }
}

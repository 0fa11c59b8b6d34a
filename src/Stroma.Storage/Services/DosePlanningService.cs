using Stroma.Manufacturing.Culture;
using Stroma.Manufacturing.Dosing;
using Stroma.Manufacturing.Records;

namespace Stroma.Storage.Services;

/// <summary>Dose planning against a stored lot and its parent bank.</summary>
public sealed class DosePlanningService
{
    private readonly StromaDbContext _db;

    /// <summary>Creates the service over a context.</summary>
    public DosePlanningService(StromaDbContext db) => _db = db;

    /// <summary>Plans a treatment; with a lot code, says whether the lot (or its parent plus expansion) covers
    /// it.</summary>
    public async Task<DosePlan> PlanAsync(DoseRequest request, string? lotCode, SenescenceLimits? limits = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validated();
        if (lotCode is null) return DosePlanner.Plan(request, limits: limits);
        var lots = new LotService(_db);
        var lot = await lots.LoadAsync(lotCode, cancellationToken, tracking: false).ConfigureAwait(false);
        CellSource? parent = null;
        if (lot.ParentId is { } parentId)
        {
            var parentCode = _db.Lots.Where(l => l.Id == parentId).Select(l => l.Code).Single();
            var p = await lots.LoadAsync(parentCode, cancellationToken, tracking: false).ConfigureAwait(false);
            parent = Source(p);
        }
        return DosePlanner.Plan(request, Source(lot), parent, limits);
    }

    private static CellSource Source(Lot lot) => new(lot.Code, lot.Kind, LotInventory.AvailableCells(lot),
        PopulationDoublings.Cumulative(lot));
}

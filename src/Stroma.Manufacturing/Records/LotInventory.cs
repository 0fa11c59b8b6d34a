namespace Stroma.Manufacturing.Records;

/// <summary>Cells a lot can supply, from its records.</summary>
public static class LotInventory
{
    /// <summary>
    /// Cells available: when the lot was frozen, the vials still in stock × cells per vial (thawed vials are
    /// used); otherwise the cells harvested at the last passage; 0 when neither is recorded.
    /// </summary>
    public static double AvailableCells(Lot lot)
    {
        ArgumentNullException.ThrowIfNull(lot);
        var freezes = lot.CryoEvents.Where(e => e.Kind == CryoEventKind.Freeze).ToArray();
        if (freezes.Length > 0)
        {
            var frozenVials = freezes.Sum(e => e.Vials);
            var frozenCells = freezes.Sum(e => e.Vials * (e.CellsPerVial ?? 0));
            var perVial = frozenVials == 0 ? 0 : frozenCells / frozenVials;
            var thawed = lot.CryoEvents.Where(e => e.Kind == CryoEventKind.Thaw).Sum(e => e.Vials);
            return Math.Max(0, frozenVials - thawed) * perVial;
        }
        return lot.Passages.OrderBy(p => p.Number).LastOrDefault()?.HarvestedCells ?? 0;
    }

    /// <summary>Vials in stock (frozen minus thawed).</summary>
    public static int VialsInStock(Lot lot)
    {
        ArgumentNullException.ThrowIfNull(lot);
        return lot.CryoEvents.Where(e => e.Kind == CryoEventKind.Freeze).Sum(e => e.Vials)
             - lot.CryoEvents.Where(e => e.Kind == CryoEventKind.Thaw).Sum(e => e.Vials);
    }
}

namespace Stroma.Manufacturing;

// What a caller asks the lot aggregate to record; every value is range-checked by the aggregate (Records/Lot.Rules.cs).

/// <summary>A new lot.</summary>
/// <param name="Code">Lot code.</param>
/// <param name="Kind">Place in the lineage.</param>
public sealed record LotInput(string Code, LotKind Kind)
{
    /// <summary>Donor code (primary cultures; later lots inherit the parent's).</summary>
    public string? Donor { get; init; }

    /// <summary>Parent lot code (every lot but a primary culture).</summary>
    public string? Parent { get; init; }

    /// <summary>Tissue source (primary cultures).</summary>
    public TissueSource? Source { get; init; }

    /// <summary>Isolation method (primary cultures).</summary>
    public IsolationMethod? Isolation { get; init; }

    /// <summary>Cell type of the nomenclature label.</summary>
    public MscCellType? CellType { get; init; }

    /// <summary>ISBT 128 DIN with check character.</summary>
    public string? Din { get; init; }

    /// <summary>The parent lot code, required for every lot but a primary culture.</summary>
    public string RequiredParent() =>
        Parent ?? throw new ManufacturingException($"A {Terms.Label(Kind)} lot needs its parent lot.")
            { Subject = Code };
}

/// <summary>A passage to record.</summary>
/// <param name="Date">Harvest date.</param>
/// <param name="SeededCells">Cells seeded.</param>
/// <param name="HarvestedCells">Cells harvested.</param>
/// <param name="Supplement">Medium supplement.</param>
/// <param name="System">Culture format.</param>
public sealed record PassageInput(DateOnly Date, double SeededCells, double HarvestedCells, MediumSupplement Supplement,
    CultureFormat System)
{
    /// <summary>Days in culture.</summary>
    public double? CultureDays { get; init; }

    /// <summary>Viability (%).</summary>
    public double? ViabilityPercent { get; init; }

    /// <summary>Surface area (cm²).</summary>
    public double? SurfaceAreaCm2 { get; init; }

    /// <summary>Vessel.</summary>
    public string? Vessel { get; init; }

    /// <summary>O₂ (%).</summary>
    public double? OxygenPercent { get; init; }
}

/// <summary>A priming step to record.</summary>
/// <param name="Agent">Agent.</param>
/// <param name="DurationHours">Duration (h).</param>
/// <param name="Date">Start date.</param>
public sealed record PrimingInput(PrimingAgent Agent, double DurationHours, DateOnly Date)
{
    /// <summary>Dose.</summary>
    public double? Dose { get; init; }

    /// <summary>Dose unit.</summary>
    public string? DoseUnit { get; init; }

    /// <summary>Detail (required for "other").</summary>
    public string? Detail { get; init; }
}

/// <summary>A freeze or thaw to record.</summary>
/// <param name="Kind">Freeze or thaw.</param>
/// <param name="Date">Date.</param>
/// <param name="Vials">Vials.</param>
public sealed record CryoInput(CryoEventKind Kind, DateOnly Date, int Vials)
{
    /// <summary>Cells per vial (required to freeze).</summary>
    public double? CellsPerVial { get; init; }

    /// <summary>Viability before (%).</summary>
    public double? ViabilityBeforePercent { get; init; }

    /// <summary>Viability after (%).</summary>
    public double? ViabilityAfterPercent { get; init; }

    /// <summary>Notes (location, cryoprotectant).</summary>
    public string? Note { get; init; }
}

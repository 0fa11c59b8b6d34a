namespace Stroma.Manufacturing.Records;

/// <summary>
/// A lot in the lineage primary culture → master cell bank → working cell bank → drug product lot, with its
/// passages, priming steps and cryopreservation events.
/// </summary>
public sealed partial class Lot
{
    /// <summary>Database key.</summary>
    public int Id { get; set; }

    /// <summary>Lot code, unique (e.g. "MCB-2026-001").</summary>
    public string Code { get; set; } = "";

    /// <summary>Place in the lineage.</summary>
    public LotKind Kind { get; set; }

    /// <summary>Donor key.</summary>
    public int DonorId { get; set; }

    /// <summary>Donor.</summary>
    public Donor? Donor { get; set; }

    /// <summary>Parent lot key (null for a primary culture).</summary>
    public int? ParentId { get; set; }

    /// <summary>Parent lot.</summary>
    public Lot? Parent { get; set; }

    /// <summary>Tissue source.</summary>
    public TissueSource Source { get; set; }

    /// <summary>Isolation method.</summary>
    public IsolationMethod Isolation { get; set; }

    /// <summary>Mesenchymal cell type of the nomenclature label.</summary>
    public MscCellType CellType { get; set; } = MscCellType.Stromal;

    /// <summary>
    /// Cumulative population doublings the cells had when this lot started: the parent's cumulative PD at the
    /// time the lot was derived (0 for a primary culture). Kept so later parent passages do not change it.
    /// </summary>
    public double StartingPopulationDoublings { get; set; }

    /// <summary>ISBT 128 Donation Identification Number (13 characters plus check character), when assigned.</summary>
    public string? Din { get; set; }

    /// <summary>Status.</summary>
    public LotStatus Status { get; set; } = LotStatus.InProcess;

    /// <summary>When the record was created (UTC).</summary>
    public DateTime CreatedUtc { get; set; }

    /// <summary>Optimistic-concurrency version, incremented by every update.</summary>
    public int Version { get; set; }

    /// <summary>Passages, in order.</summary>
    public List<Passage> Passages { get; set; } = [];

    /// <summary>Priming (licensing) steps.</summary>
    public List<PrimingStep> Priming { get; set; } = [];

    /// <summary>Freeze and thaw events.</summary>
    public List<CryoEvent> CryoEvents { get; set; } = [];
}

/// <summary>One passage: cells seeded, expanded and harvested.</summary>
public sealed class Passage
{
    /// <summary>Database key.</summary>
    public int Id { get; set; }

    /// <summary>Lot key.</summary>
    public int LotId { get; set; }

    /// <summary>Passage number within the lot (1, 2, …).</summary>
    public int Number { get; set; }

    /// <summary>Harvest date.</summary>
    public DateOnly Date { get; set; }

    /// <summary>Days in culture between seeding and harvest (for the doubling time), when recorded.</summary>
    public double? CultureDays { get; set; }

    /// <summary>Cells seeded.</summary>
    public double SeededCells { get; set; }

    /// <summary>Cells harvested.</summary>
    public double HarvestedCells { get; set; }

    /// <summary>Viability at harvest (%).</summary>
    public double? ViabilityPercent { get; set; }

    /// <summary>Culture surface area (cm²).</summary>
    public double? SurfaceAreaCm2 { get; set; }

    /// <summary>Vessel description (e.g. "CellSTACK 5").</summary>
    public string? Vessel { get; set; }

    /// <summary>Medium supplement.</summary>
    public MediumSupplement Supplement { get; set; }

    /// <summary>Incubator oxygen (%).</summary>
    public double? OxygenPercent { get; set; }

    /// <summary>Culture format.</summary>
    public CultureFormat System { get; set; }
}

/// <summary>One priming (licensing) step.</summary>
public sealed class PrimingStep
{
    /// <summary>Database key.</summary>
    public int Id { get; set; }

    /// <summary>Lot key.</summary>
    public int LotId { get; set; }

    /// <summary>Agent.</summary>
    public PrimingAgent Agent { get; set; }

    /// <summary>Free-text detail (required for <see cref="PrimingAgent.Other"/>).</summary>
    public string? Detail { get; set; }

    /// <summary>Dose (concentration, or % O₂ for hypoxia).</summary>
    public double? Dose { get; set; }

    /// <summary>Dose unit (e.g. "ng/mL", "% O2").</summary>
    public string? DoseUnit { get; set; }

    /// <summary>Duration (hours).</summary>
    public double DurationHours { get; set; }

    /// <summary>Start date.</summary>
    public DateOnly Date { get; set; }
}

/// <summary>A freeze or thaw event.</summary>
public sealed class CryoEvent
{
    /// <summary>Database key.</summary>
    public int Id { get; set; }

    /// <summary>Lot key.</summary>
    public int LotId { get; set; }

    /// <summary>Freeze or thaw.</summary>
    public CryoEventKind Kind { get; set; }

    /// <summary>Date.</summary>
    public DateOnly Date { get; set; }

    /// <summary>Vials (or bags) frozen or thawed.</summary>
    public int Vials { get; set; }

    /// <summary>Cells per vial.</summary>
    public double? CellsPerVial { get; set; }

    /// <summary>Viability before freezing/thawing (%).</summary>
    public double? ViabilityBeforePercent { get; set; }

    /// <summary>Viability after freezing/thawing (%).</summary>
    public double? ViabilityAfterPercent { get; set; }

    /// <summary>Storage location or cryoprotectant notes.</summary>
    public string? Note { get; set; }
}

using Stroma.Manufacturing;
using Stroma.Manufacturing.Audit;
using Stroma.Manufacturing.Culture;
using Stroma.Manufacturing.Records;

namespace Stroma.Storage.Services;

/// <summary>One lot in a lineage.</summary>
/// <param name="Code">Lot code.</param>
/// <param name="Kind">Kind token.</param>
/// <param name="StartingPd">PD at derivation.</param>
/// <param name="CumulativePd">PD after its own passages.</param>
public sealed record LineageStep(string Code, string Kind, double StartingPd, double CumulativePd)
{
    /// <summary>Each passage of this lot: number and cumulative PD of the lineage after it.</summary>
    public IReadOnlyList<(int Number, double CumulativePd)> Passages { get; init; } = [];
}

/// <summary>A passage with its derived growth.</summary>
/// <param name="Number">Number.</param>
/// <param name="Date">Harvest date.</param>
/// <param name="SeededCells">Seeded.</param>
/// <param name="HarvestedCells">Harvested.</param>
/// <param name="Doublings">PD = log2(harvested/seeded).</param>
/// <param name="CumulativeDoublings">Cumulative PD.</param>
/// <param name="DoublingTimeHours">Doubling time (h).</param>
/// <param name="ViabilityPercent">Viability (%).</param>
/// <param name="SurfaceAreaCm2">Surface (cm²).</param>
/// <param name="Vessel">Vessel.</param>
/// <param name="Supplement">Supplement token.</param>
/// <param name="OxygenPercent">O₂ (%).</param>
/// <param name="System">Culture format token.</param>
/// <param name="CultureDays">Days in culture.</param>
public sealed record PassageView(int Number, DateOnly Date, double SeededCells, double HarvestedCells, double Doublings,
    double CumulativeDoublings,
    double? DoublingTimeHours, double? ViabilityPercent, double? SurfaceAreaCm2, string? Vessel, string Supplement,
        double? OxygenPercent, string System, double? CultureDays);

/// <summary>A priming step as shown.</summary>
/// <param name="Agent">Agent token.</param>
/// <param name="Label">Agent label.</param>
/// <param name="Detail">Detail.</param>
/// <param name="Dose">Dose.</param>
/// <param name="DoseUnit">Unit.</param>
/// <param name="DurationHours">Duration.</param>
/// <param name="Date">Date.</param>
public sealed record PrimingView(string Agent, string Label, string? Detail, double? Dose, string? DoseUnit,
    double DurationHours, DateOnly Date);

/// <summary>A freeze or thaw as shown.</summary>
/// <param name="Kind">freeze or thaw.</param>
/// <param name="Date">Date.</param>
/// <param name="Vials">Vials.</param>
/// <param name="CellsPerVial">Cells per vial.</param>
/// <param name="ViabilityBeforePercent">Before (%).</param>
/// <param name="ViabilityAfterPercent">After (%).</param>
/// <param name="Note">Note.</param>
public sealed record CryoView(string Kind, DateOnly Date, int Vials, double? CellsPerVial,
    double? ViabilityBeforePercent, double? ViabilityAfterPercent, string? Note);

/// <summary>Everything about a lot, with derived values.</summary>
public sealed record LotView
{
    /// <summary>Code.</summary>
    public required string Code { get; init; }
    /// <summary>Kind token.</summary>
    public required string Kind { get; init; }
    /// <summary>
    /// Status token as shown: the recorded status, except <see cref="SignatureCheck.Invalid"/> when a release signature
    /// no
    /// longer matches the content it signed (never "released" then).
    /// </summary>
    public required string Status { get; init; }
    /// <summary>The status token as recorded on the lot (what the rules use: a released lot stays closed).</summary>
    public string RecordedStatus { get; init; } = "";
    /// <summary>True when a signature of the lot's release no longer matches its signed content.</summary>
    public bool SignatureInvalid { get; init; }
    /// <summary>The recorded status as the domain's value (<see cref="RecordedStatus"/> is its token).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public LotStatus StatusValue => Terms.Parse<LotStatus>(RecordedStatus.Length > 0 ? RecordedStatus : Status,
        "status");
    /// <summary>Donor code.</summary>
    public required string Donor { get; init; }
    /// <summary>Donor type token.</summary>
    public required string DonorType { get; init; }
    /// <summary>Tissue source token.</summary>
    public required string Source { get; init; }
    /// <summary>Isolation token.</summary>
    public required string Isolation { get; init; }
    /// <summary>Cell type token of the nomenclature (stromal, stem, progenitor).</summary>
    public required string CellType { get; init; }
    /// <summary>Nomenclature label.</summary>
    public required string Label { get; init; }
    /// <summary>DIN.</summary>
    public string? Din { get; init; }
    /// <summary>Parent code.</summary>
    public string? Parent { get; init; }
    /// <summary>Lineage from the primary culture to this lot.</summary>
    public required IReadOnlyList<LineageStep> Lineage { get; init; }
    /// <summary>Cumulative PD.</summary>
    public double CumulativePd { get; init; }
    /// <summary>ok, warning or stop.</summary>
    public required string Senescence { get; init; }
    /// <summary>The senescence level as the domain's value (<see cref="Senescence"/> is its lower-case name).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public SenescenceLevel SenescenceLevel => Enum.Parse<SenescenceLevel>(Senescence, ignoreCase: true);
    /// <summary>Senescence message.</summary>
    public string? SenescenceMessage { get; init; }
    /// <summary>Cells available.</summary>
    public double AvailableCells { get; init; }
    /// <summary>Vials in stock.</summary>
    public int VialsInStock { get; init; }
    /// <summary>Passages.</summary>
    public required IReadOnlyList<PassageView> Passages { get; init; }
    /// <summary>Priming.</summary>
    public required IReadOnlyList<PrimingView> Priming { get; init; }
    /// <summary>Freeze/thaw events.</summary>
    public required IReadOnlyList<CryoView> Cryo { get; init; }
    /// <summary>Concurrency version.</summary>
    public int Version { get; init; }
    /// <summary>Created.</summary>
    public DateTime CreatedUtc { get; init; }
    /// <summary>Corrections of the lot and its passages, oldest first (filled for one lot, empty in lists).</summary>
    public IReadOnlyList<CorrectionView> Corrections { get; init; } = [];

    internal static LotView Of(Lot lot, IReadOnlyList<Lot> lineage, SenescenceLimits limits)
    {
        var growth = PopulationDoublings.Of(lot);
        var cumulative = PopulationDoublings.Cumulative(lot);
        var donor = lot.Donor!;
        return new LotView
        {
            Code = lot.Code,
            Kind = Terms.Token(lot.Kind),
            Status = Terms.Token(lot.Status),
            RecordedStatus = Terms.Token(lot.Status),
            Donor = donor.Code,
            DonorType = Terms.Token(donor.Type),
            Source = Terms.Token(lot.Source),
            Isolation = Terms.Token(lot.Isolation),
            CellType = Terms.Token(lot.CellType),
            Label = Nomenclature.Label(donor.Type, donor.Species, lot.Source, lot.CellType),
            Din = lot.Din,
            Parent = lineage.Count > 1 ? lineage[^2].Code : null,
            Lineage = lineage.Select(l => new LineageStep(l.Code, Terms.Token(l.Kind), l.StartingPopulationDoublings,
                PopulationDoublings.Cumulative(l))
            {
                Passages = PopulationDoublings.Of(l).Select(g => (g.Number, g.CumulativeDoublings)).ToArray(),
            }).ToArray(),
            CumulativePd = cumulative,
            Senescence = limits.Evaluate(cumulative).ToString().ToLowerInvariant(),
            SenescenceMessage = limits.Message(cumulative),
            AvailableCells = LotInventory.AvailableCells(lot),
            VialsInStock = LotInventory.VialsInStock(lot),
            Passages = lot.Passages.OrderBy(p => p.Number).Zip(growth, (p, g) =>
                new PassageView(p.Number, p.Date, p.SeededCells, p.HarvestedCells, g.Doublings,
                g.CumulativeDoublings, g.DoublingTimeHours, p.ViabilityPercent, p.SurfaceAreaCm2, p.Vessel,
                    Terms.Token(p.Supplement), p.OxygenPercent, Terms.Token(p.System), p.CultureDays)).ToArray(),
            Priming = lot.Priming.OrderBy(p => p.Date).ThenBy(p => p.Id)
                .Select(p => new PrimingView(Terms.Token(p.Agent), Terms.Label(p.Agent), p.Detail, p.Dose, p.DoseUnit,
                p.DurationHours, p.Date)).ToArray(),
            Cryo = lot.CryoEvents.OrderBy(c => c.Date).ThenBy(c => c.Id)
                .Select(c => new CryoView(Terms.Token(c.Kind), c.Date, c.Vials, c.CellsPerVial,
                c.ViabilityBeforePercent, c.ViabilityAfterPercent, c.Note)).ToArray(),
            Version = lot.Version,
            CreatedUtc = lot.CreatedUtc,
        };
    }
}

/// <summary>What recording a passage produced.</summary>
/// <param name="Lot">Lot code.</param>
/// <param name="Passage">The passage with its PD.</param>
/// <param name="Senescence">ok, warning or stop.</param>
/// <param name="Warning">Senescence message, when any.</param>
public sealed record PassageRecorded(string Lot, PassageView Passage, string Senescence, string? Warning);

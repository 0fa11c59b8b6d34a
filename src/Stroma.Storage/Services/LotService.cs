using Microsoft.EntityFrameworkCore;
using Stroma.Manufacturing;
using Stroma.Manufacturing.Culture;
using Stroma.Manufacturing.Isbt128;
using Stroma.Manufacturing.Records;

namespace Stroma.Storage.Services;

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
}

/// <summary>A passage to record.</summary>
/// <param name="Date">Harvest date.</param>
/// <param name="SeededCells">Cells seeded.</param>
/// <param name="HarvestedCells">Cells harvested.</param>
/// <param name="Supplement">Medium supplement.</param>
/// <param name="System">Culture format.</param>
public sealed record PassageInput(DateOnly Date, double SeededCells, double HarvestedCells, MediumSupplement Supplement, CultureFormat System)
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

/// <summary>One lot in a lineage.</summary>
/// <param name="Code">Lot code.</param>
/// <param name="Kind">Kind token.</param>
/// <param name="StartingPd">PD at derivation.</param>
/// <param name="CumulativePd">PD after its own passages.</param>
public sealed record LineageStep(string Code, string Kind, double StartingPd, double CumulativePd);

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
public sealed record PassageView(int Number, DateOnly Date, double SeededCells, double HarvestedCells, double Doublings, double CumulativeDoublings,
    double? DoublingTimeHours, double? ViabilityPercent, double? SurfaceAreaCm2, string? Vessel, string Supplement, double? OxygenPercent, string System, double? CultureDays);

/// <summary>A priming step as shown.</summary>
/// <param name="Agent">Agent token.</param>
/// <param name="Label">Agent label.</param>
/// <param name="Detail">Detail.</param>
/// <param name="Dose">Dose.</param>
/// <param name="DoseUnit">Unit.</param>
/// <param name="DurationHours">Duration.</param>
/// <param name="Date">Date.</param>
public sealed record PrimingView(string Agent, string Label, string? Detail, double? Dose, string? DoseUnit, double DurationHours, DateOnly Date);

/// <summary>A freeze or thaw as shown.</summary>
/// <param name="Kind">freeze or thaw.</param>
/// <param name="Date">Date.</param>
/// <param name="Vials">Vials.</param>
/// <param name="CellsPerVial">Cells per vial.</param>
/// <param name="ViabilityBeforePercent">Before (%).</param>
/// <param name="ViabilityAfterPercent">After (%).</param>
/// <param name="Note">Note.</param>
public sealed record CryoView(string Kind, DateOnly Date, int Vials, double? CellsPerVial, double? ViabilityBeforePercent, double? ViabilityAfterPercent, string? Note);

/// <summary>Everything about a lot, with derived values.</summary>
public sealed record LotView
{
    /// <summary>Code.</summary>
    public required string Code { get; init; }
    /// <summary>Kind token.</summary>
    public required string Kind { get; init; }
    /// <summary>Status token.</summary>
    public required string Status { get; init; }
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
}

/// <summary>What recording a passage produced.</summary>
/// <param name="Lot">Lot code.</param>
/// <param name="Passage">The passage with its PD.</param>
/// <param name="Senescence">ok, warning or stop.</param>
/// <param name="Warning">Senescence message, when any.</param>
public sealed record PassageRecorded(string Lot, PassageView Passage, string Senescence, string? Warning);

/// <summary>Lots, their lineage, passages, priming and cryopreservation.</summary>
public sealed class LotService
{
    private readonly StromaDbContext _db;

    /// <summary>Creates the service over a context.</summary>
    public LotService(StromaDbContext db) => _db = db;

    /// <summary>Senescence limits used for warnings.</summary>
    public SenescenceLimits Limits { get; set; } = SenescenceLimits.Default;

    /// <summary>Creates a lot: a primary culture from a donor, or a bank/product lot from a parent lot.</summary>
    public async Task<LotView> CreateAsync(LotInput input, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var code = Codes.Check(input.Code, "Lot code");
        var din = input.Din is null ? null : DonationIdentificationNumber.Parse(input.Din).ToString();
        await _db.WriteAsync(actor, null, async ct =>
        {
            if (await _db.Lots.AnyAsync(l => l.Code == code, ct).ConfigureAwait(false))
                throw new ManufacturingException($"Lot '{code}' already exists.") { Subject = code };
            if (din is not null && await _db.Lots.AnyAsync(l => l.Din == din, ct).ConfigureAwait(false))
                throw new ManufacturingException($"DIN {din} is already assigned to another lot.") { Subject = code };
            var lot = new Lot { Code = code, Kind = input.Kind, Din = din, CreatedUtc = DateTime.UtcNow, CellType = input.CellType ?? MscCellType.Stromal };
            if (input.Kind == LotKind.PrimaryCulture)
            {
                if (input.Parent is not null) throw new ManufacturingException("A primary culture has no parent lot; it starts from a donor.") { Subject = code };
                var donor = await _db.Donors.Include(d => d.Screening).SingleOrDefaultAsync(d => d.Code == input.Donor, ct).ConfigureAwait(false)
                            ?? (input.Donor is null ? throw new ManufacturingException("A primary culture needs --donor CODE.") { Subject = code } : throw new RecordNotFoundException("donor", input.Donor));
                if (!donor.ConsentObtained) throw new ManufacturingException($"Donor {donor.Code} has no recorded informed consent; no lot can be made from it.") { Subject = code };
                if (donor.Type == DonorType.Allogeneic && donor.Screening.FirstOrDefault(s => s.Outcome != ScreeningOutcome.Negative) is { } bad)
                    throw new ManufacturingException($"Allogeneic donor {donor.Code} screened {Terms.Token(bad.Outcome)} for {bad.Test}; no lot can be made from it.") { Subject = code };
                lot.DonorId = donor.Id;
                lot.Source = input.Source ?? throw new ManufacturingException("A primary culture needs its tissue source (--source).") { Subject = code };
                lot.Isolation = input.Isolation ?? throw new ManufacturingException("A primary culture needs its isolation method (--isolation).") { Subject = code };
            }
            else
            {
                var parentCode = input.Parent ?? throw new ManufacturingException($"A {Terms.Label(input.Kind)} lot needs its parent lot (--parent CODE).") { Subject = code };
                var parent = await LoadAsync(parentCode, ct).ConfigureAwait(false);
                if (parent.Kind >= input.Kind)
                    throw new ManufacturingException($"A {Terms.Label(input.Kind)} cannot be derived from {parent.Code}, a {Terms.Label(parent.Kind)} (lineage: primary culture → master cell bank → working cell bank → drug product).") { Subject = code };
                if (parent.Status == LotStatus.Rejected) throw new ManufacturingException($"Parent lot {parent.Code} was rejected; nothing can be derived from it.") { Subject = code };
                var donor = await _db.Donors.SingleAsync(d => d.Id == parent.DonorId, ct).ConfigureAwait(false);
                if (input.Donor is not null && input.Donor != donor.Code)
                    throw new ManufacturingException($"Lot {code} would come from donor {input.Donor}, but its parent {parent.Code} comes from donor {donor.Code}.") { Subject = code };
                if (input.Source is { } s && s != parent.Source) throw new ManufacturingException($"Tissue source {Terms.Token(s)} differs from the parent's ({Terms.Token(parent.Source)}).") { Subject = code };
                if (input.Isolation is { } i && i != parent.Isolation) throw new ManufacturingException($"Isolation {Terms.Token(i)} differs from the parent's ({Terms.Token(parent.Isolation)}).") { Subject = code };
                lot.ParentId = parent.Id;
                lot.DonorId = parent.DonorId;
                lot.Source = parent.Source;
                lot.Isolation = parent.Isolation;
                lot.CellType = input.CellType ?? parent.CellType;
                lot.StartingPopulationDoublings = PopulationDoublings.Cumulative(parent);
            }
            _db.Lots.Add(lot);
            return lot;
        }, cancellationToken).ConfigureAwait(false);
        return await GetAsync(code, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records a passage; returns its PD and the senescence state.</summary>
    public async Task<PassageRecorded> AddPassageAsync(string lotCode, PassageInput input, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        PopulationDoublings.OfPassage(input.SeededCells, input.HarvestedCells);
        Percent(input.ViabilityPercent, "Viability");
        Percent(input.OxygenPercent, "O2");
        if (input.SurfaceAreaCm2 is { } a && !(a > 0)) throw new ManufacturingException($"Surface area must be positive; {a} cm² given.");
        if (input.CultureDays is { } d && !(d > 0)) throw new ManufacturingException($"Days in culture must be positive; {d} given.");
        var number = await _db.WriteAsync(actor, null, async ct =>
        {
            var lot = await LoadAsync(lotCode, ct).ConfigureAwait(false);
            Writable(lot);
            var next = lot.Passages.Count == 0 ? 1 : lot.Passages.Max(p => p.Number) + 1;
            lot.Passages.Add(new Passage
            {
                Number = next, Date = input.Date, SeededCells = input.SeededCells, HarvestedCells = input.HarvestedCells, CultureDays = input.CultureDays,
                ViabilityPercent = input.ViabilityPercent, SurfaceAreaCm2 = input.SurfaceAreaCm2, Vessel = input.Vessel, Supplement = input.Supplement,
                OxygenPercent = input.OxygenPercent, System = input.System,
            });
            Touch(lot);
            return next;
        }, cancellationToken).ConfigureAwait(false);
        var view = await GetAsync(lotCode, cancellationToken).ConfigureAwait(false);
        return new PassageRecorded(view.Code, view.Passages.Single(p => p.Number == number), view.Senescence, view.SenescenceMessage);
    }

    /// <summary>Records a priming step.</summary>
    public async Task<LotView> AddPrimingAsync(string lotCode, PrimingInput input, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!(input.DurationHours > 0)) throw new ManufacturingException($"Priming duration must be positive; {input.DurationHours} h given.");
        if (input.Dose is { } dose && dose < 0) throw new ManufacturingException($"Priming dose cannot be negative; {dose} given.");
        if (input.Agent == PrimingAgent.Other && string.IsNullOrWhiteSpace(input.Detail)) throw new ManufacturingException("Priming agent 'other' needs --detail describing it.");
        if (input.Agent == PrimingAgent.Hypoxia) Percent(input.Dose, "Hypoxia O2");
        await _db.WriteAsync(actor, null, async ct =>
        {
            var lot = await LoadAsync(lotCode, ct).ConfigureAwait(false);
            Writable(lot);
            lot.Priming.Add(new PrimingStep
            {
                Agent = input.Agent, Detail = input.Detail, Dose = input.Dose,
                DoseUnit = input.DoseUnit ?? (input.Agent == PrimingAgent.Hypoxia && input.Dose is not null ? "% O2" : null),
                DurationHours = input.DurationHours, Date = input.Date,
            });
            Touch(lot);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
        return await GetAsync(lotCode, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records a freeze or thaw.</summary>
    public async Task<LotView> AddCryoEventAsync(string lotCode, CryoInput input, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Vials < 1) throw new ManufacturingException($"Vials must be at least 1; {input.Vials} given.");
        Percent(input.ViabilityBeforePercent, "Viability before");
        Percent(input.ViabilityAfterPercent, "Viability after");
        if (input.Kind == CryoEventKind.Freeze && !(input.CellsPerVial > 0)) throw new ManufacturingException("Freezing needs the cells per vial (--cells-per-vial).");
        await _db.WriteAsync(actor, null, async ct =>
        {
            var lot = await LoadAsync(lotCode, ct).ConfigureAwait(false);
            if (input.Kind == CryoEventKind.Freeze) Writable(lot);
            if (input.Kind == CryoEventKind.Thaw && LotInventory.VialsInStock(lot) < input.Vials)
                throw new ManufacturingException($"Lot {lot.Code} has {LotInventory.VialsInStock(lot)} vials in stock; {input.Vials} cannot be thawed.") { Subject = lot.Code };
            lot.CryoEvents.Add(new CryoEvent
            {
                Kind = input.Kind, Date = input.Date, Vials = input.Vials, CellsPerVial = input.CellsPerVial,
                ViabilityBeforePercent = input.ViabilityBeforePercent, ViabilityAfterPercent = input.ViabilityAfterPercent, Note = input.Note,
            });
            Touch(lot);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
        return await GetAsync(lotCode, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A lot with its lineage and derived values.</summary>
    public async Task<LotView> GetAsync(string lotCode, CancellationToken cancellationToken = default)
    {
        var lot = await LoadAsync(lotCode, cancellationToken, tracking: false).ConfigureAwait(false);
        var lineage = new List<Lot> { lot };
        while (lineage[^1].ParentId is { } parentId)
            lineage.Add(await LoadByIdAsync(parentId, cancellationToken).ConfigureAwait(false));
        lineage.Reverse();
        return View(lot, lineage, Limits);
    }

    /// <summary>All lots (summary fields filled; passages listed).</summary>
    public async Task<IReadOnlyList<LotView>> ListAsync(CancellationToken cancellationToken = default)
    {
        var codes = await _db.Lots.AsNoTracking().OrderBy(l => l.Code).Select(l => l.Code).ToListAsync(cancellationToken).ConfigureAwait(false);
        var views = new List<LotView>();
        foreach (var code in codes) views.Add(await GetAsync(code, cancellationToken).ConfigureAwait(false));
        return views;
    }

    /// <summary>Loads a lot with donor, passages, priming and cryo events (tracked unless asked otherwise).</summary>
    internal async Task<Lot> LoadAsync(string lotCode, CancellationToken ct, bool tracking = true)
    {
        var query = _db.Lots.Include(l => l.Donor).Include(l => l.Passages).Include(l => l.Priming).Include(l => l.CryoEvents).AsSplitQuery();
        var lot = await (tracking ? query : query.AsNoTracking()).SingleOrDefaultAsync(l => l.Code == lotCode, ct).ConfigureAwait(false);
        return lot ?? throw new RecordNotFoundException("lot", lotCode);
    }

    private async Task<Lot> LoadByIdAsync(int id, CancellationToken ct) =>
        await _db.Lots.AsNoTracking().Include(l => l.Donor).Include(l => l.Passages).Include(l => l.Priming).Include(l => l.CryoEvents).AsSplitQuery()
            .SingleAsync(l => l.Id == id, ct).ConfigureAwait(false);

    internal static LotView View(Lot lot, IReadOnlyList<Lot> lineage, SenescenceLimits limits)
    {
        var growth = PopulationDoublings.Of(lot);
        var cumulative = PopulationDoublings.Cumulative(lot);
        var donor = lot.Donor!;
        return new LotView
        {
            Code = lot.Code,
            Kind = Terms.Token(lot.Kind),
            Status = Terms.Token(lot.Status),
            Donor = donor.Code,
            DonorType = Terms.Token(donor.Type),
            Source = Terms.Token(lot.Source),
            Isolation = Terms.Token(lot.Isolation),
            CellType = Terms.Token(lot.CellType),
            Label = Nomenclature.Label(donor.Type, donor.Species, lot.Source, lot.CellType),
            Din = lot.Din,
            Parent = lineage.Count > 1 ? lineage[^2].Code : null,
            Lineage = lineage.Select(l => new LineageStep(l.Code, Terms.Token(l.Kind), l.StartingPopulationDoublings, PopulationDoublings.Cumulative(l))).ToArray(),
            CumulativePd = cumulative,
            Senescence = limits.Evaluate(cumulative).ToString().ToLowerInvariant(),
            SenescenceMessage = limits.Message(cumulative),
            AvailableCells = LotInventory.AvailableCells(lot),
            VialsInStock = LotInventory.VialsInStock(lot),
            Passages = lot.Passages.OrderBy(p => p.Number).Zip(growth, (p, g) => new PassageView(p.Number, p.Date, p.SeededCells, p.HarvestedCells, g.Doublings,
                g.CumulativeDoublings, g.DoublingTimeHours, p.ViabilityPercent, p.SurfaceAreaCm2, p.Vessel, Terms.Token(p.Supplement), p.OxygenPercent, Terms.Token(p.System), p.CultureDays)).ToArray(),
            Priming = lot.Priming.OrderBy(p => p.Date).ThenBy(p => p.Id).Select(p => new PrimingView(Terms.Token(p.Agent), Terms.Label(p.Agent), p.Detail, p.Dose, p.DoseUnit, p.DurationHours, p.Date)).ToArray(),
            Cryo = lot.CryoEvents.OrderBy(c => c.Date).ThenBy(c => c.Id).Select(c => new CryoView(Terms.Token(c.Kind), c.Date, c.Vials, c.CellsPerVial, c.ViabilityBeforePercent, c.ViabilityAfterPercent, c.Note)).ToArray(),
            Version = lot.Version,
            CreatedUtc = lot.CreatedUtc,
        };
    }

    // Changing a child record changes the lot: bumping its version makes a concurrent stale writer fail.
    private void Touch(Lot lot) => _db.Entry(lot).Property(l => l.Version).IsModified = true;

    private static void Writable(Lot lot)
    {
        if (lot.Status is LotStatus.Released or LotStatus.Rejected)
            throw new ManufacturingException($"Lot {lot.Code} is {Terms.Token(lot.Status)}; its manufacturing record is closed.") { Subject = lot.Code };
    }

    private static void Percent(double? value, string what)
    {
        if (value is { } v && (v is < 0 or > 100 || double.IsNaN(v))) throw new ManufacturingException($"{what} must be 0–100 %; {v} given.");
    }
}

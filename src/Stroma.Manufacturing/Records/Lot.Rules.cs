using Stroma.Manufacturing.Culture;
using Stroma.Manufacturing.Isbt128;

namespace Stroma.Manufacturing.Records;

// The lot aggregate's rules: lineage, closed records, passages, priming and cryopreservation. Each method checks
// everything before it changes anything, so a refused call leaves the aggregate (and the database) as it was.
public sealed partial class Lot
{
    /// <summary>Days a passage, priming step or freeze may plausibly last; more is a typing error.</summary>
    private const double MaxCultureDays = 365;

    /// <summary>
    /// Starts a primary culture from a donor: informed consent must be recorded and an allogeneic donor must have
    /// screened negative on every test (EU Directive 2006/17/EC Annex II; 21 CFR 1271.45).
    /// </summary>
    public static Lot StartPrimaryCulture(LotInput input, Donor? donor, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(input);
        var code = input.Code;
        if (input.Kind != LotKind.PrimaryCulture) throw new ManufacturingException($"Lot {code} is not a primary " +
            $"culture.") { Subject = code };
        if (input.Parent is not null)
            throw new ManufacturingException("A primary culture has no parent lot; it starts from a donor.")
                { Subject = code };
        if (donor is null) throw new ManufacturingException("A primary culture needs its donor.") { Subject = code };
        donor.EnsureEligible(code);
        return new Lot
        {
            Code = code, Kind = LotKind.PrimaryCulture, Din = CheckedDin(input.Din), CreatedUtc = nowUtc,
                DonorId = donor.Id, Donor = donor,
            CellType = input.CellType ?? MscCellType.Stromal,
            Source = input.Source ?? throw new ManufacturingException("A primary culture needs its tissue source.")
                { Subject = code },
            Isolation = input.Isolation
                        ?? throw new ManufacturingException("A primary culture needs its isolation method.")
                            { Subject = code },
        };
    }

    /// <summary>
    /// Derives a bank or product lot from this one: the lineage only goes forward (primary culture → master cell bank →
    /// working cell bank → drug product), nothing comes from a rejected lot, and donor, source and isolation are
    /// inherited.
    /// </summary>
    public Lot Derive(LotInput input, string donorCode, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(input);
        var code = input.Code;
        if (Kind >= input.Kind)
            throw new ManufacturingException($"A {Terms.Label(input.Kind)} cannot be derived from {Code}, a " +
                $"{Terms.Label(Kind)} " +
                                             "(lineage: primary culture → master cell bank → working cell bank → " +
                                                 "drug product).") { Subject = code };
        if (Status == LotStatus.Rejected) throw new ManufacturingException($"Parent lot {Code} was rejected; nothing " +
            $"can be derived from it.") { Subject = code };
        if (input.Donor is not null && input.Donor != donorCode)
            throw new ManufacturingException($"Lot {code} would come from donor {input.Donor}, but its parent {Code} " +
                $"comes from donor {donorCode}.")
                { Subject = code };
        if (input.Source is { } s && s != Source)
            throw new ManufacturingException($"Tissue source {Terms.Token(s)} differs from the parent's " +
                $"({Terms.Token(Source)}).") { Subject = code };
        if (input.Isolation is { } i && i != Isolation)
            throw new ManufacturingException($"Isolation {Terms.Token(i)} differs from the parent's " +
                $"({Terms.Token(Isolation)}).") { Subject = code };
        return new Lot
        {
            Code = code, Kind = input.Kind, Din = CheckedDin(input.Din), CreatedUtc = nowUtc, ParentId = Id,
                DonorId = DonorId, Source = Source,
            Isolation = Isolation, CellType = input.CellType ?? CellType,
                StartingPopulationDoublings = PopulationDoublings.Cumulative(this),
        };
    }

    /// <summary>Refuses changes to a released or rejected lot: its manufacturing record is closed.</summary>
    public void EnsureOpen()
    {
        if (Status is LotStatus.Released or LotStatus.Rejected)
            throw new ManufacturingException(
                $"Lot {Code} is {Terms.Token(Status)}; its manufacturing record is closed.")
                { Subject = Code };
    }

    /// <summary>
    /// Records the next passage. Counts are 1–10^13 cells and a passage cannot harvest fewer cells than it seeded
    /// (a negative PD is a counting error: population doublings count two-fold increases, ICH Q5D).
    /// </summary>
    public Passage RecordPassage(PassageInput input, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(input);
        EnsureOpen();
        var seeded = Checks.Cells(input.SeededCells, "Seeded cells");
        var harvested = Checks.Cells(input.HarvestedCells, "Harvested cells");
        if (harvested < seeded)
            throw new InvalidValueException("Harvested cells",
                input.HarvestedCells.ToString("G", System.Globalization.CultureInfo.InvariantCulture),
                $"at least the {seeded.ToString("G", System.Globalization.CultureInfo.InvariantCulture)} cells seeded");
        var date = Checks.Date(input.Date, "Harvest date", today);
        // Passages are recorded in the order they happen: a harvest dated before the previous one is a typing error.
        if (Passages.Count > 0 && Passages.MaxBy(p => p.Number)! is { } previous && date < previous.Date)
            throw new InvalidValueException("Harvest date",
                date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                $"on or after the harvest of passage {previous.Number} ({previous.Date:yyyy-MM-dd})");
        var passage = new Passage
        {
            Number = Passages.Count == 0 ? 1 : Passages.Max(p => p.Number) + 1,
            Date = date,
            SeededCells = seeded, HarvestedCells = harvested,
            CultureDays = Checks.Positive(input.CultureDays, "Days in culture", MaxCultureDays),
            ViabilityPercent = Checks.ViabilityPercent(input.ViabilityPercent, "Viability"),
            SurfaceAreaCm2 = Checks.Positive(input.SurfaceAreaCm2, "Surface area (cm²)", 1e7),
            Vessel = input.Vessel, Supplement = input.Supplement,
            OxygenPercent = Checks.Percent(input.OxygenPercent, "O2"), System = input.System,
        };
        Passages.Add(passage);
        return passage;
    }

    /// <summary>Records a priming step (agent "other" needs a description).</summary>
    public PrimingStep RecordPriming(PrimingInput input, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(input);
        EnsureOpen();
        if (!(input.DurationHours > 0 && input.DurationHours <= MaxCultureDays * 24))
            throw new ManufacturingException($"Priming duration must be positive (at most {MaxCultureDays * 24} h); " +
                $"{input.DurationHours} h given.");
        if (input.Dose is { } dose && !(dose >= 0
            && double.IsFinite(dose))) throw new ManufacturingException($"Priming dose cannot be negative; {dose} " +
            $"given.");
        if (input.Agent == PrimingAgent.Other && string.IsNullOrWhiteSpace(input.Detail))
            throw new ManufacturingException("Priming agent 'other' needs a description of the agent.");
        if (input.Agent == PrimingAgent.Hypoxia) Checks.Percent(input.Dose, "Hypoxia O2");
        var step = new PrimingStep
        {
            Agent = input.Agent, Detail = input.Detail, Dose = input.Dose,
            DoseUnit = input.DoseUnit ?? (input.Agent == PrimingAgent.Hypoxia && input.Dose is not null ? "% O2"
                : null),
            DurationHours = input.DurationHours, Date = Checks.Date(input.Date, "Priming date", today),
        };
        Priming.Add(step);
        return step;
    }

    /// <summary>Records a freeze (open lots only, cells per vial required) or a thaw (never more vials than are in
    /// stock).</summary>
    public CryoEvent RecordCryo(CryoInput input, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Vials is < 1 or > 100_000) throw new ManufacturingException($"Vials must be 1–100000; " +
            $"{input.Vials} given.");
        Checks.ViabilityPercent(input.ViabilityBeforePercent, "Viability before");
        Checks.ViabilityPercent(input.ViabilityAfterPercent, "Viability after");
        var date = Checks.Date(input.Date, "Date", today);
        if (input.Kind == CryoEventKind.Freeze)
        {
            EnsureOpen();
            if (input.CellsPerVial is not { } perVial) throw new ManufacturingException("Freezing needs the number " +
                "of cells per vial.");
            Checks.Cells(perVial, "Cells per vial");
        }
        var stock = LotInventory.VialsInStock(this);
        if (input.Kind == CryoEventKind.Thaw && stock < input.Vials)
            throw new ManufacturingException($"Lot {Code} has {stock} vials in stock; {input.Vials} cannot be thawed.")
                { Subject = Code };
        // A vial is thawed after it was frozen: a thaw dated before the first freeze is a typing error.
        if (input.Kind == CryoEventKind.Thaw && CryoEvents.Where(e => e.Kind == CryoEventKind.Freeze)
            .Min(e => (DateOnly?)e.Date) is { } frozen
            && date < frozen)
            throw new InvalidValueException("Thaw date", date.ToString("yyyy-MM-dd",
                System.Globalization.CultureInfo.InvariantCulture),
                $"on or after the first freeze ({frozen:yyyy-MM-dd})");
        var cryo = new CryoEvent
        {
            Kind = input.Kind, Date = date, Vials = input.Vials, CellsPerVial = input.CellsPerVial,
            ViabilityBeforePercent = input.ViabilityBeforePercent, ViabilityAfterPercent = input.ViabilityAfterPercent,
                Note = input.Note,
        };
        CryoEvents.Add(cryo);
        return cryo;
    }

    /// <summary>
    /// Assigns the lot its ISBT 128 Donation Identification Number. A DIN identifies one donation for good and is
    /// never reused (ICCBBA ISBT 128 Standard Technical Specification ST-001, Data Structure 001), so a lot keeps the
    /// first DIN given to it, and a rejected lot gets none.
    /// Uniqueness across lots is the caller's check (it needs every lot).
    /// </summary>
    public DonationIdentificationNumber AssignDin(string din)
    {
        ArgumentNullException.ThrowIfNull(din);
        if (Din is not null)
            throw new ManufacturingException($"Lot {Code} already carries DIN {Din}; a DIN is never reassigned.")
                { Subject = Code };
        if (Status == LotStatus.Rejected)
            throw new ManufacturingException($"Lot {Code} was rejected; it gets no DIN.") { Subject = Code };
        var parsed = DonationIdentificationNumber.Parse(din);
        Din = parsed.ToString();
        return parsed;
    }

    private static string? CheckedDin(string? din) => din is null ? null : DonationIdentificationNumber.Parse(din)
        .ToString();
}

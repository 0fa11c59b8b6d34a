using Microsoft.EntityFrameworkCore;
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
    /// <summary>
    /// Status token as shown: the recorded status, except <see cref="SignatureCheck.Invalid"/> when a release signature no
    /// longer matches the content it signed (never "released" then).
    /// </summary>
    public required string Status { get; init; }
    /// <summary>The status token as recorded on the lot (what the rules use: a released lot stays closed).</summary>
    public string RecordedStatus { get; init; } = "";
    /// <summary>True when a signature of the lot's release no longer matches its signed content.</summary>
    public bool SignatureInvalid { get; init; }
    /// <summary>The recorded status as the domain's value (<see cref="RecordedStatus"/> is its token).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public LotStatus StatusValue => Terms.Parse<LotStatus>(RecordedStatus.Length > 0 ? RecordedStatus : Status, "status");
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

    /// <summary>Creates a lot: a primary culture from a donor, or a bank/product lot from a parent lot (rules: <see cref="Lot"/>).</summary>
    public async Task<LotView> CreateAsync(LotInput input, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var code = Codes.Check(input.Code, "Lot code");
        input = input with { Code = code };
        await _db.WriteAsync(actor, null, async ct =>
        {
            if (await _db.Lots.AnyAsync(l => l.Code == code, ct).ConfigureAwait(false))
                throw new ManufacturingException($"Lot '{code}' already exists.") { Subject = code };
            Lot lot;
            if (input.Kind == LotKind.PrimaryCulture)
            {
                var donor = input.Donor is null ? null
                    : await _db.Donors.Include(d => d.Screening).SingleOrDefaultAsync(d => d.Code == input.Donor, ct).ConfigureAwait(false)
                      ?? throw new RecordNotFoundException("donor", input.Donor);
                lot = Lot.StartPrimaryCulture(input, donor, DateTime.UtcNow);
            }
            else
            {
                var parentCode = input.Parent
                                 ?? throw new ManufacturingException($"A {Terms.Label(input.Kind)} lot needs its parent lot.") { Subject = code };
                var parent = await LoadAsync(parentCode, ct).ConfigureAwait(false);
                lot = parent.Derive(input, parent.Donor!.Code, DateTime.UtcNow);
            }
            if (lot.Din is { } din && await _db.Lots.AnyAsync(l => l.Din == din, ct).ConfigureAwait(false))
                throw new ManufacturingException($"DIN {din} is already assigned to another lot.") { Subject = code };
            _db.Lots.Add(lot);
            return lot;
        }, cancellationToken).ConfigureAwait(false);
        return await GetAsync(code, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records a passage; returns its PD and the senescence state (rules: <see cref="Lot.RecordPassage"/>).</summary>
    public async Task<PassageRecorded> AddPassageAsync(string lotCode, PassageInput input, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var number = await ChangeAsync(lotCode, actor, lot => lot.RecordPassage(input, Today).Number, cancellationToken).ConfigureAwait(false);
        var view = await GetAsync(lotCode, cancellationToken).ConfigureAwait(false);
        return new PassageRecorded(view.Code, view.Passages.Single(p => p.Number == number), view.Senescence, view.SenescenceMessage);
    }

    /// <summary>Records a priming step (rules: <see cref="Lot.RecordPriming"/>).</summary>
    public async Task<LotView> AddPrimingAsync(string lotCode, PrimingInput input, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await ChangeAsync(lotCode, actor, lot => lot.RecordPriming(input, Today), cancellationToken).ConfigureAwait(false);
        return await GetAsync(lotCode, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records a freeze or thaw (rules: <see cref="Lot.RecordCryo"/>).</summary>
    public async Task<LotView> AddCryoEventAsync(string lotCode, CryoInput input, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await ChangeAsync(lotCode, actor, lot => lot.RecordCryo(input, Today), cancellationToken).ConfigureAwait(false);
        return await GetAsync(lotCode, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Assigns an ISBT 128 DIN not used by any other lot (rules: <see cref="Lot.AssignDin"/>).</summary>
    public async Task<LotView> AssignDinAsync(string lotCode, string din, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(din);
        await _db.WriteAsync(actor, null, async ct =>
        {
            var lot = await LoadAsync(lotCode, ct).ConfigureAwait(false);
            var assigned = lot.AssignDin(din).ToString();
            var holder = await _db.Lots.Where(l => l.Din == assigned && l.Id != lot.Id).Select(l => l.Code).FirstOrDefaultAsync(ct).ConfigureAwait(false);
            if (holder is not null) throw new ManufacturingException($"DIN {assigned} is already assigned to lot {holder}.") { Subject = lotCode };
            Touch(lot);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
        return await GetAsync(lotCode, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Corrects one recorded value of a passage with a reason (rules: <see cref="Lot.CorrectPassage"/>); the old value is kept
    /// in a correction row, and PD, senescence and readiness use the value in force.
    /// </summary>
    public async Task<LotView> CorrectPassageAsync(string lotCode, int passage, string field, string? value, string reason, string actor,
        CancellationToken cancellationToken = default)
    {
        var why = RecordCorrection.CheckedReason(reason);
        await _db.WriteAsync(actor, why, async ct =>
        {
            var lot = await LoadAsync(lotCode, ct).ConfigureAwait(false);
            _db.Corrections.Add(lot.CorrectPassage(passage, (field ?? "").Trim(), value, why, actor, AuditChain.Normalize(DateTime.UtcNow), Today));
            Touch(lot);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
        return await GetAsync(lotCode, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Corrects one recorded attribute of a lot with a reason (rules: <see cref="Lot.Correct"/>).</summary>
    public async Task<LotView> CorrectAsync(string lotCode, string field, string? value, string reason, string actor,
        CancellationToken cancellationToken = default)
    {
        var why = RecordCorrection.CheckedReason(reason);
        await _db.WriteAsync(actor, why, async ct =>
        {
            var lot = await LoadAsync(lotCode, ct).ConfigureAwait(false);
            var derived = await _db.Lots.AnyAsync(l => l.ParentId == lot.Id, ct).ConfigureAwait(false);
            _db.Corrections.Add(lot.Correct((field ?? "").Trim(), value, why, actor, AuditChain.Normalize(DateTime.UtcNow), derived));
            return 0;
        }, cancellationToken).ConfigureAwait(false);
        return await GetAsync(lotCode, cancellationToken).ConfigureAwait(false);
    }

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    // Load → domain call → save (audited by the context) in one transaction; a refused call saves nothing.
    private Task<T> ChangeAsync<T>(string lotCode, string actor, Func<Lot, T> change, CancellationToken cancellationToken) =>
        _db.WriteAsync(actor, null, async ct =>
        {
            var lot = await LoadAsync(lotCode, ct).ConfigureAwait(false);
            var result = change(lot);
            Touch(lot);
            return result;
        }, cancellationToken);

    /// <summary>A lot with its lineage and derived values.</summary>
    public async Task<LotView> GetAsync(string lotCode, CancellationToken cancellationToken = default)
    {
        var lot = await LoadAsync(lotCode, cancellationToken, tracking: false).ConfigureAwait(false);
        var lineage = new List<Lot> { lot };
        while (lineage[^1].ParentId is { } parentId)
            lineage.Add(await LoadByIdAsync(parentId, cancellationToken).ConfigureAwait(false));
        lineage.Reverse();
        var corrections = await _db.Corrections.AsNoTracking().Where(c => c.LotId == lot.Id).OrderBy(c => c.CorrectedUtc).ThenBy(c => c.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var numbers = lot.Passages.ToDictionary(p => p.Id, p => p.Number);
        var invalid = await InvalidSignatureLotsAsync([lot], cancellationToken).ConfigureAwait(false);
        return Checked(View(lot, lineage, Limits), invalid.Contains(lot.Id)) with
        {
            Corrections = corrections.Select(c => CorrectionView.Of(c, c.PassageId is { } id && numbers.TryGetValue(id, out var n) ? n : null)).ToArray(),
        };
    }

    /// <summary>All lots (summary fields filled; passages listed).</summary>
    public async Task<IReadOnlyList<LotView>> ListAsync(CancellationToken cancellationToken = default)
    {
        // One query per table for every lot (no query per lot); lineages are walked in memory.
        var lots = await _db.Lots.AsNoTracking().Include(l => l.Donor).Include(l => l.Passages).Include(l => l.Priming).Include(l => l.CryoEvents)
            .AsSplitQuery().ToListAsync(cancellationToken).ConfigureAwait(false);
        var byId = lots.ToDictionary(l => l.Id);
        var invalid = await InvalidSignatureLotsAsync(lots, cancellationToken).ConfigureAwait(false);
        return lots.OrderBy(l => l.Code, StringComparer.Ordinal).Select(l => Checked(View(l, LineageOf(l, byId), Limits), invalid.Contains(l.Id))).ToArray();
    }

    private static LotView Checked(LotView view, bool signatureInvalid) =>
        signatureInvalid ? view with { Status = SignatureCheck.Invalid, SignatureInvalid = true } : view;

    // Every showing of a lot re-checks its release signatures against the content they signed (as the release page does).
    private async Task<HashSet<int>> InvalidSignatureLotsAsync(IReadOnlyCollection<Lot> lots, CancellationToken ct)
    {
        var signed = lots.Where(l => l.Status is LotStatus.Released or LotStatus.Rejected or LotStatus.Quarantined).ToDictionary(l => l.Id);
        if (signed.Count == 0) return [];
        var ids = signed.Keys.ToArray();
        var releases = await _db.Releases.AsNoTracking().Where(r => ids.Contains(r.LotId)).Include(r => r.Specification)
            .Include(r => r.Results).Include(r => r.Signatures).AsSplitQuery().ToListAsync(ct).ConfigureAwait(false);
        var invalid = releases.Where(r => r.Signatures.Count == 0 ? signed[r.LotId].Status == LotStatus.Released
                : SignatureCheck.InvalidSignatures(r, signed[r.LotId]).Count > 0)
            .Select(r => r.LotId).ToHashSet();
        // "Released" with no release record at all was not signed by anyone.
        invalid.UnionWith(signed.Values.Where(l => l.Status == LotStatus.Released && releases.All(r => r.LotId != l.Id)).Select(l => l.Id));
        return invalid;
    }

    private static List<Lot> LineageOf(Lot lot, Dictionary<int, Lot> byId)
    {
        var lineage = new List<Lot> { lot };
        while (lineage.Count <= byId.Count && lineage[^1].ParentId is { } parentId && byId.TryGetValue(parentId, out var parent)) lineage.Add(parent);
        lineage.Reverse();
        return lineage;
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
            RecordedStatus = Terms.Token(lot.Status),
            Donor = donor.Code,
            DonorType = Terms.Token(donor.Type),
            Source = Terms.Token(lot.Source),
            Isolation = Terms.Token(lot.Isolation),
            CellType = Terms.Token(lot.CellType),
            Label = Nomenclature.Label(donor.Type, donor.Species, lot.Source, lot.CellType),
            Din = lot.Din,
            Parent = lineage.Count > 1 ? lineage[^2].Code : null,
            Lineage = lineage.Select(l => new LineageStep(l.Code, Terms.Token(l.Kind), l.StartingPopulationDoublings, PopulationDoublings.Cumulative(l))
            {
                Passages = PopulationDoublings.Of(l).Select(g => (g.Number, g.CumulativeDoublings)).ToArray(),
            }).ToArray(),
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
}

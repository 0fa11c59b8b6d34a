using Microsoft.EntityFrameworkCore;
using Stroma.Manufacturing;
using Stroma.Manufacturing.Audit;
using Stroma.Manufacturing.Culture;
using Stroma.Manufacturing.Records;

namespace Stroma.Storage.Services;

/// <summary>Lots, their lineage, passages, priming and cryopreservation.</summary>
public sealed partial class LotService
{
    private readonly StromaDbContext _db;

    /// <summary>Creates the service over a context.</summary>
    public LotService(StromaDbContext db) => _db = db;

    /// <summary>Senescence limits used for warnings.</summary>
    public SenescenceLimits Limits { get; set; } = SenescenceLimits.Default;

    /// <summary>Creates a lot: a primary culture from a donor, or a bank/product lot from a parent lot (rules: <see
    /// cref="Lot"/>).</summary>
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
                    : await _db.Donors.Include(d => d.Screening).SingleOrDefaultAsync(d => d.Code == input.Donor, ct)
                        .ConfigureAwait(false)
                      ?? throw new RecordNotFoundException("donor", input.Donor);
                lot = Lot.StartPrimaryCulture(input, donor, DateTime.UtcNow);
            }
            else
            {
                var parent = await LoadAsync(input.RequiredParent(), ct).ConfigureAwait(false);
                lot = parent.Derive(input, parent.Donor!.Code, DateTime.UtcNow);
            }
            if (lot.Din is { } din && await _db.Lots.AnyAsync(l => l.Din == din, ct).ConfigureAwait(false))
                throw new ManufacturingException($"DIN {din} is already assigned to another lot.") { Subject = code };
            _db.Lots.Add(lot);
            return lot;
        }, cancellationToken).ConfigureAwait(false);
        return await GetAsync(code, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records a passage; returns its PD and the senescence state (rules: <see
    /// cref="Lot.RecordPassage"/>).</summary>
    public async Task<PassageRecorded> AddPassageAsync(string lotCode, PassageInput input, string actor,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var number = await ChangeAsync(lotCode, actor, lot => lot.RecordPassage(input, Today).Number, cancellationToken)
            .ConfigureAwait(false);
        var view = await GetAsync(lotCode, cancellationToken).ConfigureAwait(false);
        return new PassageRecorded(view.Code, view.Passages.Single(p => p.Number == number), view.Senescence,
            view.SenescenceMessage);
    }

    /// <summary>Records a priming step (rules: <see cref="Lot.RecordPriming"/>).</summary>
    public async Task<LotView> AddPrimingAsync(string lotCode, PrimingInput input, string actor,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await ChangeAsync(lotCode, actor, lot => lot.RecordPriming(input, Today), cancellationToken)
            .ConfigureAwait(false);
        return await GetAsync(lotCode, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records a freeze or thaw (rules: <see cref="Lot.RecordCryo"/>).</summary>
    public async Task<LotView> AddCryoEventAsync(string lotCode, CryoInput input, string actor,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await ChangeAsync(lotCode, actor, lot => lot.RecordCryo(input, Today), cancellationToken).ConfigureAwait(false);
        return await GetAsync(lotCode, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Assigns an ISBT 128 DIN not used by any other lot (rules: <see cref="Lot.AssignDin"/>).</summary>
    public async Task<LotView> AssignDinAsync(string lotCode, string din, string actor,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(din);
        await _db.WriteAsync(actor, null, async ct =>
        {
            var lot = await LoadAsync(lotCode, ct).ConfigureAwait(false);
            var assigned = lot.AssignDin(din).ToString();
            var holder = await _db.Lots.Where(l => l.Din == assigned && l.Id != lot.Id).Select(l => l.Code)
                .FirstOrDefaultAsync(ct).ConfigureAwait(false);
            if (holder is not null) throw new ManufacturingException($"DIN {assigned} is already assigned to lot " +
                $"{holder}.") { Subject = lotCode };
            Touch(lot);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
        return await GetAsync(lotCode, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Corrects one recorded value of a passage with a reason (rules: <see cref="Lot.CorrectPassage"/>); the old value
    /// is kept
    /// in a correction row, and PD, senescence and readiness use the value in force.
    /// </summary>
    public async Task<LotView> CorrectPassageAsync(string lotCode, int passage, string field, string? value,
        string reason, string actor,
        CancellationToken cancellationToken = default)
    {
        var why = RecordCorrection.CheckedReason(reason);
        await _db.WriteAsync(actor, why, async ct =>
        {
            var lot = await LoadAsync(lotCode, ct).ConfigureAwait(false);
            _db.Corrections.Add(lot.CorrectPassage(passage, (field ?? "").Trim(), value, why, actor,
                AuditChain.Normalize(DateTime.UtcNow), Today));
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
            _db.Corrections.Add(lot.Correct((field ?? "").Trim(), value, why, actor,
                AuditChain.Normalize(DateTime.UtcNow), derived));
            return 0;
        }, cancellationToken).ConfigureAwait(false);
        return await GetAsync(lotCode, cancellationToken).ConfigureAwait(false);
    }

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    // Load → domain call → save (audited by the context) in one transaction; a refused call saves nothing.
    private Task<T> ChangeAsync<T>(string lotCode, string actor, Func<Lot, T> change,
        CancellationToken cancellationToken) =>
        _db.WriteAsync(actor, null, async ct =>
        {
            var lot = await LoadAsync(lotCode, ct).ConfigureAwait(false);
            var result = change(lot);
            Touch(lot);
            return result;
        }, cancellationToken);

    /// <summary>Loads a lot with donor, passages, priming and cryo events (tracked unless asked otherwise).</summary>
    internal async Task<Lot> LoadAsync(string lotCode, CancellationToken ct, bool tracking = true)
    {
        var query = _db.Lots.Include(l => l.Donor).Include(l => l.Passages).Include(l => l.Priming)
            .Include(l => l.CryoEvents).AsSplitQuery();
        var lot = await (tracking ? query : query.AsNoTracking()).SingleOrDefaultAsync(l => l.Code == lotCode, ct)
            .ConfigureAwait(false);
        return lot ?? throw new RecordNotFoundException("lot", lotCode);
    }

    // Changing a child record changes the lot: bumping its version makes a concurrent stale writer fail.
    private void Touch(Lot lot) => _db.Entry(lot).Property(l => l.Version).IsModified = true;
}

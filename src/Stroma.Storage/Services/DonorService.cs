using Microsoft.EntityFrameworkCore;
using Stroma.Manufacturing;
using Stroma.Manufacturing.Audit;
using Stroma.Manufacturing.Records;

namespace Stroma.Storage.Services;

/// <summary>A donor as shown.</summary>
/// <param name="Code">Coded id.</param>
/// <param name="Type">Token: autologous or allogeneic.</param>
/// <param name="AgeYears">Age.</param>
/// <param name="Sex">Token.</param>
/// <param name="Species">Species.</param>
/// <param name="ConsentObtained">Consent.</param>
/// <param name="ConsentDate">Consent date.</param>
/// <param name="Screening">Test → outcome token.</param>
/// <param name="CreatedUtc">When created.</param>
public sealed record DonorView(string Code, string Type, int? AgeYears, string Sex, string Species,
    bool ConsentObtained, DateOnly? ConsentDate, IReadOnlyDictionary<string, string> Screening, DateTime CreatedUtc)
{
    /// <summary>The eligibility determination (rules: <see cref="Donor.Eligibility"/>).</summary>
    public DonorEligibility? Eligibility { get; init; }

    /// <summary>Corrections of the donor's recorded facts, oldest first (filled for one donor, empty in
    /// lists).</summary>
    public IReadOnlyList<CorrectionView> Corrections { get; init; } = [];

    internal static DonorView Of(Donor d) => new(d.Code, Terms.Token(d.Type), d.AgeYears, Terms.Token(d.Sex), d.Species,
        d.ConsentObtained, d.ConsentDate,
        d.Screening.OrderBy(s => s.Test, StringComparer.Ordinal).ToDictionary(s => s.Test, s => Terms.Token(s.Outcome)),
            d.CreatedUtc)
    {
        Eligibility = d.Eligibility(),
    };
}

/// <summary>Donors.</summary>
public sealed class DonorService
{
    private readonly StromaDbContext _db;

    /// <summary>Creates the service over a context.</summary>
    public DonorService(StromaDbContext db) => _db = db;

    /// <summary>Adds a donor.</summary>
    public Task<DonorView> AddAsync(DonorInput input, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var code = Codes.Check(input.Code, "Donor code");
        var donor = Donor.Create(input, code, DateTime.UtcNow, DateOnly.FromDateTime(DateTime.UtcNow));
        return _db.WriteAsync(actor, null, async ct =>
        {
            if (await _db.Donors.AnyAsync(d => d.Code == code, ct).ConfigureAwait(false))
                throw new ManufacturingException($"Donor '{code}' already exists.") { Subject = code };
            _db.Donors.Add(donor);
            return DonorView.Of(donor);
        }, cancellationToken);
    }

    /// <summary>Records informed consent (rules: <see cref="Donor.RecordConsent"/>).</summary>
    public Task<DonorView> RecordConsentAsync(string code, DateOnly date, string actor,
        CancellationToken cancellationToken = default) =>
        ChangeAsync(code, actor, d => d.RecordConsent(date, DateOnly.FromDateTime(DateTime.UtcNow)), cancellationToken);

    /// <summary>Records one screening result (rules: <see cref="Donor.RecordScreening"/>).</summary>
    public Task<DonorView> RecordScreeningAsync(string code, string test, ScreeningOutcome outcome, string actor,
        CancellationToken cancellationToken = default) =>
        ChangeAsync(code, actor, d => d.RecordScreening(test, outcome), cancellationToken);

    // Load → domain call → save (audited by the context) in one transaction; a refused call saves nothing.
    private Task<DonorView> ChangeAsync(string code, string actor, Action<Donor> change,
        CancellationToken cancellationToken) =>
        _db.WriteAsync(actor, null, async ct =>
        {
            var donor = await _db.Donors.Include(d => d.Screening).SingleOrDefaultAsync(d => d.Code == code, ct)
                .ConfigureAwait(false)
                        ?? throw new RecordNotFoundException("donor", code);
            change(donor);
            _db.Entry(donor).Property(d => d.Version).IsModified = true;
            return DonorView.Of(donor);
        }, cancellationToken);

    /// <summary>
    /// Corrects one recorded fact of a donor with a reason (rules: <see cref="Donor.Correct"/>); the old value is kept
    /// in a
    /// correction row and the eligibility determination uses the value in force.
    /// </summary>
    public async Task<DonorView> CorrectAsync(string code, string field, string? value, string reason, string actor,
        CancellationToken cancellationToken = default)
    {
        var why = RecordCorrection.CheckedReason(reason);
        await _db.WriteAsync(actor, why, async ct =>
        {
            var donor = await _db.Donors.Include(d => d.Screening).SingleOrDefaultAsync(d => d.Code == code, ct)
                .ConfigureAwait(false)
                        ?? throw new RecordNotFoundException("donor", code);
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            _db.Corrections.Add(donor.Correct((field ?? "").Trim(), value, why, actor,
                AuditChain.Normalize(DateTime.UtcNow), today));
            _db.Entry(donor).Property(d => d.Version).IsModified = true;
            return 0;
        }, cancellationToken).ConfigureAwait(false);
        return await GetAsync(code, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>All donors.</summary>
    public async Task<IReadOnlyList<DonorView>> ListAsync(CancellationToken cancellationToken = default) =>
        (await _db.Donors.AsNoTracking().Include(d => d.Screening).OrderBy(d => d.Code).ToListAsync(cancellationToken)
            .ConfigureAwait(false)).Select(DonorView.Of).ToArray();

    /// <summary>One donor.</summary>
    public async Task<DonorView> GetAsync(string code, CancellationToken cancellationToken = default)
    {
        var donor = await _db.Donors.AsNoTracking().Include(d => d.Screening)
            .SingleOrDefaultAsync(d => d.Code == code, cancellationToken).ConfigureAwait(false)
                    ?? throw new RecordNotFoundException("donor", code);
        var corrections = await _db.Corrections.AsNoTracking().Where(c => c.DonorId == donor.Id)
            .OrderBy(c => c.CorrectedUtc).ThenBy(c => c.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return DonorView.Of(donor) with { Corrections = corrections.Select(c => CorrectionView.Of(c, null)).ToArray() };
    }
}

/// <summary>Record codes (donors, lots).</summary>
internal static class Codes
{
    public static string Check(string? code, string what)
    {
        var c = (code ?? "").Trim();
        if (c.Length is 0 or > 64 || !c.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.' or '/'))
            throw new ManufacturingException($"{what} '{code}' must be 1–64 letters, digits, '-', '_', '.' or '/'.")
                { Subject = code };
        return c;
    }
}

using Microsoft.EntityFrameworkCore;
using Stroma.Manufacturing;
using Stroma.Manufacturing.Records;

namespace Stroma.Storage.Services;

/// <summary>A new donor.</summary>
/// <param name="Code">Coded id.</param>
/// <param name="Type">Autologous or allogeneic.</param>
/// <param name="AgeYears">Age, when recorded.</param>
/// <param name="Sex">Sex.</param>
/// <param name="ConsentObtained">Informed consent obtained.</param>
/// <param name="ConsentDate">Date of consent.</param>
/// <param name="Screening">Test → outcome.</param>
public sealed record DonorInput(string Code, DonorType Type, int? AgeYears, DonorSex Sex, bool ConsentObtained, DateOnly? ConsentDate, IReadOnlyDictionary<string, ScreeningOutcome> Screening)
{
    /// <summary>Species of origin.</summary>
    public string Species { get; init; } = "human";
}

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
public sealed record DonorView(string Code, string Type, int? AgeYears, string Sex, string Species, bool ConsentObtained, DateOnly? ConsentDate, IReadOnlyDictionary<string, string> Screening, DateTime CreatedUtc)
{
    internal static DonorView Of(Donor d) => new(d.Code, Terms.Token(d.Type), d.AgeYears, Terms.Token(d.Sex), d.Species, d.ConsentObtained, d.ConsentDate,
        d.Screening.OrderBy(s => s.Test, StringComparer.Ordinal).ToDictionary(s => s.Test, s => Terms.Token(s.Outcome)), d.CreatedUtc);
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
        if (input.AgeYears is < 0 or > 120) throw new ManufacturingException($"Donor age must be 0–120 years; {input.AgeYears} given.") { Subject = code };
        if (input.ConsentObtained is false && input.ConsentDate is not null) throw new ManufacturingException("A consent date was given but consent is not recorded as obtained.") { Subject = code };
        var species = string.IsNullOrWhiteSpace(input.Species) ? "human" : input.Species.Trim().ToLowerInvariant();
        var tests = input.Screening.Keys.Select(k => k.Trim()).ToArray();
        if (tests.Any(t => t.Length == 0)) throw new ManufacturingException("A screening test needs a name, e.g. HIV-1/2=negative.") { Subject = code };
        if (tests.Distinct(StringComparer.OrdinalIgnoreCase).Count() != tests.Length) throw new ManufacturingException("A screening test is listed twice.") { Subject = code };
        return _db.WriteAsync(actor, null, async ct =>
        {
            if (await _db.Donors.AnyAsync(d => d.Code == code, ct).ConfigureAwait(false))
                throw new ManufacturingException($"Donor '{code}' already exists.") { Subject = code };
            var donor = new Donor
            {
                Code = code, Type = input.Type, AgeYears = input.AgeYears, Sex = input.Sex, Species = species,
                ConsentObtained = input.ConsentObtained, ConsentDate = input.ConsentDate, CreatedUtc = DateTime.UtcNow,
                Screening = input.Screening.Select(kv => new ScreeningResult { Test = kv.Key.Trim(), Outcome = kv.Value }).ToList(),
            };
            _db.Donors.Add(donor);
            return DonorView.Of(donor);
        }, cancellationToken);
    }

    /// <summary>All donors.</summary>
    public async Task<IReadOnlyList<DonorView>> ListAsync(CancellationToken cancellationToken = default) =>
        (await _db.Donors.AsNoTracking().Include(d => d.Screening).OrderBy(d => d.Code).ToListAsync(cancellationToken).ConfigureAwait(false)).Select(DonorView.Of).ToArray();

    /// <summary>One donor.</summary>
    public async Task<DonorView> GetAsync(string code, CancellationToken cancellationToken = default) =>
        DonorView.Of(await _db.Donors.AsNoTracking().Include(d => d.Screening).SingleOrDefaultAsync(d => d.Code == code, cancellationToken).ConfigureAwait(false)
                     ?? throw new RecordNotFoundException("donor", code));
}

/// <summary>Record codes (donors, lots).</summary>
internal static class Codes
{
    public static string Check(string? code, string what)
    {
        var c = (code ?? "").Trim();
        if (c.Length is 0 or > 64 || !c.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.' or '/'))
            throw new ManufacturingException($"{what} '{code}' must be 1–64 letters, digits, '-', '_', '.' or '/'.") { Subject = code };
        return c;
    }
}

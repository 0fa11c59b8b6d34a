namespace Stroma.Manufacturing.Records;

// The donor's rules: who may be a donor record, and whether cells may be taken from it.
public sealed partial class Donor
{
    /// <summary>Creates a donor record from checked input (age 0–120, a consent date only with consent, distinct tests).</summary>
    public static Donor Create(DonorInput input, string code, DateTime nowUtc, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.AgeYears is < 0 or > 120)
            throw new InvalidValueException("Donor age", input.AgeYears.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "0–120 years")
                { Subject = code };
        if (input.ConsentObtained is false && input.ConsentDate is not null)
            throw new ManufacturingException("A consent date was given but consent is not recorded as obtained.") { Subject = code };
        if (input.ConsentDate is { } date) Checks.Date(date, "Consent date", today);
        var tests = input.Screening.Keys.Select(k => k.Trim()).ToArray();
        if (tests.Any(t => t.Length == 0)) throw new ManufacturingException("A screening test needs a name, e.g. HIV-1/2=negative.") { Subject = code };
        if (tests.Distinct(StringComparer.OrdinalIgnoreCase).Count() != tests.Length)
            throw new ManufacturingException("A screening test is listed twice.") { Subject = code };
        return new Donor
        {
            Code = code, Type = input.Type, AgeYears = input.AgeYears, Sex = input.Sex,
            Species = string.IsNullOrWhiteSpace(input.Species) ? "human" : input.Species.Trim().ToLowerInvariant(),
            ConsentObtained = input.ConsentObtained, ConsentDate = input.ConsentDate, CreatedUtc = nowUtc,
            Screening = input.Screening.Select(kv => new ScreeningResult { Test = kv.Key.Trim(), Outcome = kv.Value }).ToList(),
        };
    }

    /// <summary>
    /// Refuses a lot from a donor without recorded consent, or from an allogeneic donor with any screening result
    /// other than negative (EU Directive 2006/17/EC Annex II; 21 CFR 1271.45).
    /// </summary>
    public void EnsureEligible(string lotCode)
    {
        if (!ConsentObtained)
            throw new ManufacturingException($"Donor {Code} has no recorded informed consent; no lot can be made from it.") { Subject = lotCode };
        if (Type == DonorType.Allogeneic && Screening.FirstOrDefault(s => s.Outcome != ScreeningOutcome.Negative) is { } bad)
            throw new ManufacturingException($"Allogeneic donor {Code} screened {Terms.Token(bad.Outcome)} for {bad.Test}; no lot can be made from it.")
                { Subject = lotCode };
    }
}

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

    /// <summary>Records informed consent obtained on <paramref name="date"/> (not in the future); recorded once.</summary>
    public void RecordConsent(DateOnly date, DateOnly today)
    {
        if (ConsentObtained)
            throw new ManufacturingException($"Donor {Code} already has consent recorded" +
                                             (ConsentDate is { } d ? $" ({d:yyyy-MM-dd})." : ".")) { Subject = Code };
        ConsentDate = Checks.Date(date, "Consent date", today);
        ConsentObtained = true;
    }

    /// <summary>Adds one screening test result; a test already recorded is refused (a result is never overwritten).</summary>
    public ScreeningResult RecordScreening(string test, ScreeningOutcome outcome)
    {
        var name = (test ?? "").Trim();
        if (name.Length is 0 or > 80)
            throw new InvalidValueException("Screening test", test ?? "", "a test name of 1–80 characters (e.g. HIV-1/2)");
        if (Screening.Any(s => string.Equals(s.Test, name, StringComparison.OrdinalIgnoreCase)))
            throw new ManufacturingException($"Donor {Code} already has a {name} result; a recorded result is not overwritten.")
                { Subject = Code };
        var result = new ScreeningResult { Test = name, Outcome = outcome };
        Screening.Add(result);
        return result;
    }

    /// <summary>
    /// The eligibility determination (EU Directive 2006/17/EC Annex II; 21 CFR 1271.45–1271.50): ineligible without
    /// recorded consent or, for an allogeneic donor, with any screening result other than negative; incomplete while a
    /// required test of an allogeneic donor has no result. An autologous donor needs consent only (21 CFR 1271.90(a)(1)
    /// exempts autologous use from the donor-eligibility determination).
    /// </summary>
    public DonorEligibility Eligibility()
    {
        var reasons = new List<string>();
        if (!ConsentObtained) reasons.Add("no informed consent is recorded");
        string[] missing = [];
        if (Type == DonorType.Allogeneic)
        {
            foreach (var bad in Screening.Where(s => s.Outcome != ScreeningOutcome.Negative).OrderBy(s => s.Test, StringComparer.Ordinal))
                reasons.Add($"{bad.Test} screened {Terms.Label(bad.Outcome)}");
            missing = DonorEligibility.RequiredTests
                .Where(t => !Screening.Any(s => string.Equals(s.Test, t, StringComparison.OrdinalIgnoreCase))).ToArray();
        }
        var status = reasons.Count > 0 ? EligibilityStatus.Ineligible
            : missing.Length > 0 ? EligibilityStatus.Incomplete : EligibilityStatus.Eligible;
        return new DonorEligibility(status, reasons, missing);
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

/// <summary>Outcome of a donor-eligibility determination.</summary>
public enum EligibilityStatus
{
    /// <summary>Consent recorded and (allogeneic) every required test negative.</summary>
    Eligible,
    /// <summary>Nothing disqualifies the donor yet, but a required screening result is missing.</summary>
    Incomplete,
    /// <summary>No consent, or a screening result other than negative (allogeneic).</summary>
    Ineligible,
}

/// <summary>Whether cells may be taken from a donor, and why not.</summary>
/// <param name="Status">The determination.</param>
/// <param name="Reasons">What makes the donor ineligible (empty otherwise).</param>
/// <param name="MissingTests">Required screening tests without a result (allogeneic donors).</param>
public sealed record DonorEligibility(EligibilityStatus Status, IReadOnlyList<string> Reasons, IReadOnlyList<string> MissingTests)
{
    /// <summary>
    /// Screening tests an allogeneic donor needs before the determination (EU Directive 2006/17/EC Annex II §1.1:
    /// HIV-1/2, hepatitis B (HBsAg, anti-HBc), hepatitis C, syphilis).
    /// </summary>
    public static readonly IReadOnlyList<string> RequiredTests = ["HIV-1/2", "HBsAg", "anti-HBc", "anti-HCV", "syphilis"];
}

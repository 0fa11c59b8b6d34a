namespace Stroma.Manufacturing.Records;

// The donor's rules: who may be a donor record, and whether cells may be taken from it.
public sealed partial class Donor
{
    /// <summary>Creates a donor record from checked input (age 0–120, a consent date only with consent, distinct
    /// tests).</summary>
    public static Donor Create(DonorInput input, string code, DateTime nowUtc, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.AgeYears is < 0 or > 120)
            throw new InvalidValueException("Donor age",
                input.AgeYears.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "0–120 years")
                { Subject = code };
        if (input.ConsentObtained is false && input.ConsentDate is not null)
            throw new ManufacturingException("A consent date was given but consent is not recorded as obtained.")
                { Subject = code };
        if (input.ConsentDate is { } date) Checks.Date(date, "Consent date", today);
        var tests = input.Screening.Keys.Select(k => k.Trim()).ToArray();
        if (tests.Any(t => t.Length == 0)) throw new ManufacturingException("A screening test needs a name, e.g. " +
            "HIV-1/2=negative.") { Subject = code };
        if (tests.Distinct(StringComparer.OrdinalIgnoreCase).Count() != tests.Length)
            throw new ManufacturingException("A screening test is listed twice.") { Subject = code };
        return new Donor
        {
            Code = code, Type = input.Type, AgeYears = input.AgeYears, Sex = input.Sex,
            Species = string.IsNullOrWhiteSpace(input.Species) ? "human" : input.Species.Trim().ToLowerInvariant(),
            ConsentObtained = input.ConsentObtained, ConsentDate = input.ConsentDate, CreatedUtc = nowUtc,
            Screening = input.Screening.Select(kv => new ScreeningResult { Test = kv.Key.Trim(), Outcome = kv.Value })
                .ToList(),
        };
    }

    /// <summary>Records informed consent obtained on <paramref name="date"/> (not in the future); recorded
    /// once.</summary>
    public void RecordConsent(DateOnly date, DateOnly today)
    {
        if (ConsentObtained)
            throw new ManufacturingException($"Donor {Code} already has consent recorded" +
                                             (ConsentDate is { } d ? $" ({d:yyyy-MM-dd})." : ".")) { Subject = Code };
        ConsentDate = Checks.Date(date, "Consent date", today);
        ConsentObtained = true;
    }

    /// <summary>Adds one screening test result; a test already recorded is refused (a result is never
    /// overwritten).</summary>
    public ScreeningResult RecordScreening(string test, ScreeningOutcome outcome)
    {
        var name = (test ?? "").Trim();
        if (name.Length is 0 or > 80)
            throw new InvalidValueException("Screening test", test ?? "",
                "a test name of 1–80 characters (e.g. HIV-1/2)");
        if (Screening.Any(s => string.Equals(s.Test, name, StringComparison.OrdinalIgnoreCase)))
            throw new ManufacturingException($"Donor {Code} already has a {name} result; a recorded result is not " +
                $"overwritten.")
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
            foreach (var bad in Screening.Where(s => s.Outcome != ScreeningOutcome.Negative)
                .OrderBy(s => s.Test, StringComparer.Ordinal))
                reasons.Add($"{bad.Test} screened {Terms.Label(bad.Outcome)}");
            missing = DonorEligibility.RequiredTests
                .Where(t => !Screening.Any(s => string.Equals(s.Test, t, StringComparison.OrdinalIgnoreCase)))
                    .ToArray();
        }
        var status = reasons.Count > 0 ? EligibilityStatus.Ineligible
            : missing.Length > 0 ? EligibilityStatus.Incomplete : EligibilityStatus.Eligible;
        return new DonorEligibility(status, reasons, missing);
    }

    /// <summary>
    /// Refuses a lot unless the donor-eligibility determination is made and the donor is eligible: consent recorded
    /// and,
    /// for an allogeneic donor, every required screening test recorded negative. A determination must be made before
    /// cells are used (21 CFR 1271.45(a), 1271.50; EU Directive 2006/17/EC Annex II), so an incomplete one refuses too.
    /// </summary>
    public void EnsureEligible(string lotCode)
    {
        var eligibility = Eligibility();
        if (eligibility.Status == EligibilityStatus.Eligible) return;
        var why = eligibility.Status == EligibilityStatus.Ineligible
            ? $"Donor {Code} is ineligible ({string.Join("; ", eligibility.Reasons)}); no lot can be made from it."
            : $"Donor {Code}'s eligibility determination is incomplete: no result for " +
                $"{string.Join(", ", eligibility.MissingTests)}; " +
              "no lot can be made from it until every required screening test is recorded.";
        throw new DonorNotEligibleException(why, Code, eligibility) { Subject = lotCode };
    }
}

/// <summary>A lot was asked for from a donor whose eligibility determination is not "eligible" (ineligible or
/// incomplete).</summary>
public sealed class DonorNotEligibleException : ManufacturingException
{
    /// <summary>Creates the exception.</summary>
    public DonorNotEligibleException(string message, string donor, DonorEligibility eligibility) : base(message)
    {
        Donor = donor;
        Eligibility = eligibility;
    }

    /// <summary>Creates the exception with no message.</summary>
    public DonorNotEligibleException() { }

    /// <summary>Creates the exception with a message.</summary>
    public DonorNotEligibleException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public DonorNotEligibleException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Donor code.</summary>
    public string Donor { get; } = "";

    /// <summary>The determination that refused the lot.</summary>
    public DonorEligibility? Eligibility { get; }
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
public sealed record DonorEligibility(EligibilityStatus Status, IReadOnlyList<string> Reasons,
    IReadOnlyList<string> MissingTests)
{
    /// <summary>
    /// Screening tests an allogeneic donor needs before the determination (EU Directive 2006/17/EC Annex II §1.1:
    /// HIV-1/2, hepatitis B (HBsAg, anti-HBc), hepatitis C, syphilis).
    /// </summary>
    public static readonly IReadOnlyList<string> RequiredTests = ["HIV-1/2", "HBsAg", "anti-HBc", "anti-HCV",
        "syphilis"];
}

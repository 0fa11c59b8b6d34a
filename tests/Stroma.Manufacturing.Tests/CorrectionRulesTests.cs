using Stroma.Manufacturing.Audit;
using Stroma.Manufacturing.Culture;
using Stroma.Manufacturing.Records;
using Xunit;

namespace Stroma.Manufacturing.Tests;

/// <summary>Corrections of passages, lots and donors; donor eligibility before a lot; normalised signed times.</summary>
public sealed class CorrectionRulesTests
{
    private static readonly DateOnly Today = new(2026, 3, 1);
    private static readonly DateTime Now = new(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc);

    private static Donor Donor(Dictionary<string, ScreeningOutcome>? screening = null) =>
        Records.Donor.Create(new DonorInput("D-1", DonorType.Allogeneic, 30, DonorSex.Female, true, new DateOnly(2026, 1, 5),
            screening ?? DonorEligibility.RequiredTests.ToDictionary(t => t, _ => ScreeningOutcome.Negative)), "D-1", Now, Today);

    private static Lot LotWithPassages()
    {
        var lot = Lot.StartPrimaryCulture(new LotInput("PC-1", LotKind.PrimaryCulture)
            { Donor = "D-1", Source = TissueSource.BoneMarrow, Isolation = IsolationMethod.Explant }, Donor(), Now);
        lot.RecordPassage(new PassageInput(new DateOnly(2026, 2, 1), 1e6, 8e6, MediumSupplement.HumanPlateletLysate, CultureFormat.Monolayer)
            { ViabilityPercent = 95 }, Today);
        lot.RecordPassage(new PassageInput(new DateOnly(2026, 2, 8), 1e6, 4e6, MediumSupplement.HumanPlateletLysate, CultureFormat.Monolayer), Today);
        return lot;
    }

    [Fact]
    public void A_passage_correction_keeps_the_old_value_and_the_derived_doublings_use_the_value_in_force()
    {
        var lot = LotWithPassages();
        Assert.Equal(5, PopulationDoublings.Cumulative(lot), 9);
        var correction = lot.CorrectPassage(1, "harvested_cells", "1.6e7", "counter read twice the dilution", "olga", Now, Today);
        Assert.Equal(("8000000", "16000000"), (correction.OldValue, correction.NewValue));
        Assert.Equal(("PC-1/passage 1", "olga", "counter read twice the dilution"), (correction.RecordKey, correction.CorrectedBy, correction.Reason));
        Assert.Equal(6, PopulationDoublings.Cumulative(lot), 9);
    }

    [Theory]
    [InlineData("harvested_cells", "5e5", "reason", "at least the 1000000 cells seeded")]
    [InlineData("viability_percent", "0.9", "reason", "looks like a fraction")]
    [InlineData("date", "2026-02-10", "reason", "on or before the harvest of passage 2")]
    [InlineData("harvested_cells", "9e6", "  ", "a correction needs a reason")]
    [InlineData("colour", "blue", "reason", "cannot be corrected; use one of")]
    [InlineData("viability_percent", "95", "reason", "there is nothing to correct")]
    public void A_correction_is_checked_like_the_first_entry_and_a_refused_one_changes_nothing(string field, string value, string reason, string expected)
    {
        var lot = LotWithPassages();
        var error = Assert.ThrowsAny<ManufacturingException>(() => lot.CorrectPassage(1, field, value, reason, "olga", Now, Today));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        var passage = lot.Passages.Single(p => p.Number == 1);
        Assert.Equal((8e6, 95.0, new DateOnly(2026, 2, 1)), (passage.HarvestedCells, passage.ViabilityPercent!.Value, passage.Date));
    }

    [Fact]
    public void A_released_lot_is_not_corrected_and_inherited_facts_are_corrected_on_the_primary_culture_only()
    {
        var lot = LotWithPassages();
        Assert.Contains("inherited by the lots derived", Assert.Throws<ManufacturingException>(() =>
            lot.Correct("source", "adipose", "mislabelled tube", "olga", Now, hasDerivedLots: true)).Message, StringComparison.Ordinal);
        var fixedSource = lot.Correct("source", "adipose", "mislabelled tube", "olga", Now, hasDerivedLots: false);
        Assert.Equal(("bone-marrow", "adipose", TissueSource.Adipose), (fixedSource.OldValue, fixedSource.NewValue, lot.Source));
        lot.Status = LotStatus.Released;
        Assert.Contains("record is closed", Assert.Throws<ManufacturingException>(() =>
            lot.CorrectPassage(1, "viability_percent", "90", "typo", "olga", Now, Today)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_donor_correction_redetermines_eligibility_from_the_value_in_force()
    {
        var donor = Donor();
        Assert.Equal(EligibilityStatus.Eligible, donor.Eligibility().Status);
        var correction = donor.Correct("screening:hbsag", "positive", "confirmatory test reactive", "olga", Now, Today);
        Assert.Equal(("screening:HBsAg", "negative", "positive"), (correction.Field, correction.OldValue, correction.NewValue));
        Assert.Equal(EligibilityStatus.Ineligible, donor.Eligibility().Status);
        var age = donor.Correct("age_years", "31", "birth date misread", "olga", Now, Today);
        Assert.Equal(("30", "31", 31), (age.OldValue, age.NewValue, donor.AgeYears!.Value));
        Assert.Contains("0–120", Assert.Throws<InvalidValueException>(() => donor.Correct("age_years", "130", "x", "olga", Now, Today)).Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_primary_culture_from_a_donor_with_an_incomplete_determination_is_refused_with_the_missing_tests()
    {
        var donor = Donor(new Dictionary<string, ScreeningOutcome> { ["HIV-1/2"] = ScreeningOutcome.Negative, ["HBsAg"] = ScreeningOutcome.Negative });
        Assert.Equal(EligibilityStatus.Incomplete, donor.Eligibility().Status);
        var error = Assert.Throws<DonorNotEligibleException>(() => Lot.StartPrimaryCulture(new LotInput("PC-1", LotKind.PrimaryCulture)
            { Donor = "D-1", Source = TissueSource.BoneMarrow, Isolation = IsolationMethod.Explant }, donor, Now));
        Assert.Equal(EligibilityStatus.Incomplete, error.Eligibility!.Status);
        Assert.Equal(["anti-HBc", "anti-HCV", "syphilis"], error.Eligibility.MissingTests);
        Assert.Contains("incomplete: no result for anti-HBc, anti-HCV, syphilis", error.Message, StringComparison.Ordinal);
        Assert.Equal("PC-1", error.Subject);
    }

    [Fact]
    public void A_signed_manifest_is_the_same_before_and_after_the_database_truncates_its_times_to_microseconds()
    {
        var lot = LotWithPassages();
        var entered = new DateTime(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc).AddTicks(1_234_567);
        var signed = new DateTime(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc).AddTicks(7_654_321);
        LotRelease Release(DateTime t) => new()
        {
            Specification = new ReleaseSpecification { Code = "msc-default", SpecVersion = 1, ContentSha256 = "abc" },
            Results = [new Records.TestResult { Test = ReleaseTest.Viability, Name = "viability", Value = 91, Unit = "%", EnteredBy = "olga", EnteredUtc = t }],
        };
        var before = Release(entered).Manifest(lot, Disposition.Released, "approved for release", signed);
        // As read back: PostgreSQL keeps microseconds (UTC); SQLite hands the time back without a kind.
        var postgres = Release(AuditChain.Normalize(entered)).Manifest(lot, Disposition.Released, "approved for release", AuditChain.Normalize(signed));
        var sqlite = Release(DateTime.SpecifyKind(AuditChain.Normalize(entered), DateTimeKind.Unspecified))
            .Manifest(lot, Disposition.Released, "approved for release", DateTime.SpecifyKind(AuditChain.Normalize(signed), DateTimeKind.Unspecified));
        Assert.Equal(before, postgres);
        Assert.Equal(before, sqlite);
        var later = Release(entered.AddTicks(10)).Manifest(lot, Disposition.Released, "approved for release", signed);
        Assert.NotEqual(before, later);
    }
}

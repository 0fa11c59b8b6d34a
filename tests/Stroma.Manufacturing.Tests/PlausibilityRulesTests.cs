using Stroma.Manufacturing.Audit;
using Stroma.Manufacturing.Isbt128;
using Stroma.Manufacturing.Records;
using Stroma.Manufacturing.Release;
using Xunit;

namespace Stroma.Manufacturing.Tests;

/// <summary>Plausibility of what a lab types: dates in order, viability in percent, outcomes from the vocabulary, DINs, donors.</summary>
public sealed class PlausibilityRulesTests
{
    private static readonly DateOnly Today = new(2026, 3, 1);
    private static readonly DateTime Now = new(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc);

    private static Donor Donor(DonorType type = DonorType.Allogeneic, bool consent = true, Dictionary<string, ScreeningOutcome>? screening = null) =>
        Records.Donor.Create(new DonorInput("D-1", type, 30, DonorSex.Female, consent, consent ? new DateOnly(2026, 1, 5) : null,
            screening ?? new Dictionary<string, ScreeningOutcome>()), "D-1", Now, Today);

    private static Lot Primary() => Lot.StartPrimaryCulture(new LotInput("PC-1", LotKind.PrimaryCulture)
        { Donor = "D-1", Source = TissueSource.BoneMarrow, Isolation = IsolationMethod.DensityGradient },
        Donor(screening: DonorEligibility.RequiredTests.ToDictionary(t => t, _ => ScreeningOutcome.Negative)), Now);

    private static PassageInput Passage(DateOnly date, double? viability = 95) =>
        new(date, 1e6, 8e6, MediumSupplement.HumanPlateletLysate, CultureFormat.Monolayer) { ViabilityPercent = viability };

    [Theory]
    [InlineData(0.93)]
    [InlineData(1.0)]
    [InlineData(0.5)]
    public void A_viability_between_0_and_1_is_refused_as_a_fraction_typed_into_a_percent_field(double viability)
    {
        var error = Assert.Throws<InvalidValueException>(() => Primary().RecordPassage(Passage(new DateOnly(2026, 2, 1), viability), Today));
        Assert.Equal("Viability", error.Field);
        Assert.Contains("looks like a fraction", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.5)]
    [InlineData(93.0)]
    [InlineData(100.0)]
    public void A_viability_in_percent_is_accepted(double viability) =>
        Assert.Equal(viability, Primary().RecordPassage(Passage(new DateOnly(2026, 2, 1), viability), Today).ViabilityPercent);

    [Fact]
    public void A_harvest_dated_before_the_previous_passage_is_refused_and_nothing_is_added()
    {
        var lot = Primary();
        lot.RecordPassage(Passage(new DateOnly(2026, 2, 10)), Today);
        var error = Assert.Throws<InvalidValueException>(() => lot.RecordPassage(Passage(new DateOnly(2026, 2, 3)), Today));
        Assert.Equal("Harvest date", error.Field);
        Assert.Single(lot.Passages);
        lot.RecordPassage(Passage(new DateOnly(2026, 2, 10)), Today);
        Assert.Equal(2, lot.Passages.Count);
    }

    [Fact]
    public void A_thaw_dated_before_the_first_freeze_or_a_frozen_viability_fraction_is_refused()
    {
        var lot = Primary();
        Assert.Throws<InvalidValueException>(() =>
            lot.RecordCryo(new CryoInput(CryoEventKind.Freeze, new DateOnly(2026, 2, 10), 4) { CellsPerVial = 1e6, ViabilityBeforePercent = 0.9 }, Today));
        lot.RecordCryo(new CryoInput(CryoEventKind.Freeze, new DateOnly(2026, 2, 10), 4) { CellsPerVial = 1e6, ViabilityBeforePercent = 90 }, Today);
        var error = Assert.Throws<InvalidValueException>(() => lot.RecordCryo(new CryoInput(CryoEventKind.Thaw, new DateOnly(2026, 2, 9), 1), Today));
        Assert.Equal("Thaw date", error.Field);
        Assert.Equal(4, LotInventory.VialsInStock(lot));
    }

    [Fact]
    public void A_din_is_checked_assigned_once_and_never_to_a_rejected_lot()
    {
        var lot = Primary();
        var din = DonationIdentificationNumber.Create("G1234", 26, 42);
        Assert.Throws<ManufacturingException>(() => lot.AssignDin(din.Data + (din.Check == 'A' ? 'B' : 'A')));
        Assert.Null(lot.Din);
        Assert.Equal(din, lot.AssignDin(din.Formatted));
        Assert.Equal(din.ToString(), lot.Din);
        Assert.Contains("never reassigned", Assert.Throws<ManufacturingException>(() =>
            lot.AssignDin(DonationIdentificationNumber.Create("G1234", 26, 43).ToString())).Message, StringComparison.Ordinal);
        var rejected = Primary();
        rejected.Status = LotStatus.Rejected;
        Assert.Throws<ManufacturingException>(() => rejected.AssignDin(din.ToString()));
    }

    [Fact]
    public void An_allogeneic_donor_is_incomplete_until_every_required_test_is_recorded_and_ineligible_on_any_positive()
    {
        var donor = Donor(consent: false);
        Assert.Equal(EligibilityStatus.Ineligible, donor.Eligibility().Status);
        donor.RecordConsent(new DateOnly(2026, 2, 1), Today);
        Assert.Equal(EligibilityStatus.Incomplete, donor.Eligibility().Status);
        Assert.Equal(DonorEligibility.RequiredTests, donor.Eligibility().MissingTests);
        foreach (var test in DonorEligibility.RequiredTests) donor.RecordScreening(test, ScreeningOutcome.Negative);
        Assert.Equal(EligibilityStatus.Eligible, donor.Eligibility().Status);
        Assert.Throws<ManufacturingException>(() => donor.RecordScreening("hbsag", ScreeningOutcome.Positive));
        donor.RecordScreening("HTLV-I/II", ScreeningOutcome.Indeterminate);
        Assert.Equal(["HTLV-I/II screened indeterminate"], donor.Eligibility().Reasons);
        Assert.Equal(EligibilityStatus.Eligible, Donor(DonorType.Autologous).Eligibility().Status);
    }

    [Fact]
    public void Consent_is_recorded_once_and_not_in_the_future()
    {
        var donor = Donor(consent: false);
        Assert.Throws<InvalidValueException>(() => donor.RecordConsent(Today.AddDays(10), Today));
        Assert.False(donor.ConsentObtained);
        donor.RecordConsent(Today, Today);
        Assert.Throws<ManufacturingException>(() => donor.RecordConsent(Today, Today));
    }

    [Theory]
    [InlineData("normal", "normal", true)]
    [InlineData("normal", "46,XX", true)]
    [InlineData("normal", "abnormal: 47,XY,+8", true)]
    [InlineData("normal", "nromal", false)]
    [InlineData("no growth", "growth (S. epidermidis)", true)]
    [InlineData("no growth", "negative", true)]
    [InlineData("no growth", "grwoth", false)]
    [InlineData("not detected", "detected", true)]
    [InlineData("not detected", "detectable", false)]
    public void A_qualitative_result_is_an_outcome_of_the_vocabulary_or_is_refused(string expected, string text, bool accepted)
    {
        if (accepted) QualitativeOutcomes.Check("result", expected, text);
        else Assert.Contains("one of:", Assert.Throws<InvalidValueException>(() => QualitativeOutcomes.Check("result", expected, text)).Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Messages_of_refused_lot_records_are_free_of_command_line_options()
    {
        var noDonor = Assert.Throws<ManufacturingException>(() => Lot.StartPrimaryCulture(new LotInput("PC-2", LotKind.PrimaryCulture), null, Now));
        var noCells = Assert.Throws<ManufacturingException>(() => Primary().RecordCryo(new CryoInput(CryoEventKind.Freeze, Today, 2), Today));
        var noDetail = Assert.Throws<ManufacturingException>(() => Primary().RecordPriming(new PrimingInput(PrimingAgent.Other, 24, Today), Today));
        Assert.All(new[] { noDonor, noCells, noDetail }, e => Assert.DoesNotContain("--", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void An_audit_entry_reads_as_old_and_new_per_field_and_a_malformed_one_is_shown_raw()
    {
        var changes = AuditChanges.Parse("""{"Status":{"old":"in_process","new":"released"},"Din":{"old":null,"new":"G123426000042X"},"Vials":{"old":2,"new":3}}""");
        Assert.Equal([new FieldChange("Status", "in_process", "released"), new FieldChange("Din", null, "G123426000042X"), new FieldChange("Vials", "2", "3")],
            changes);
        Assert.Equal([new FieldChange("(raw)", null, "not json")], AuditChanges.Parse("not json"));
        Assert.Empty(AuditChanges.Parse(""));
    }
}

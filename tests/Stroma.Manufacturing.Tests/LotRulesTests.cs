using Stroma.Manufacturing.Records;
using Xunit;

namespace Stroma.Manufacturing.Tests;

/// <summary>The lot and donor aggregates' rules, decided without a database.</summary>
public sealed class LotRulesTests
{
    private static readonly DateOnly Today = new(2026, 3, 1);
    private static readonly DateTime Now = new(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc);

    private static Donor Donor(bool consent = true, ScreeningOutcome hiv = ScreeningOutcome.Negative, DonorType type = DonorType.Allogeneic) =>
        Records.Donor.Create(new DonorInput("D-1", type, 30, DonorSex.Female, consent, consent ? new DateOnly(2026, 1, 5) : null,
            DonorEligibility.RequiredTests.ToDictionary(t => t, t => t == "HIV-1/2" ? hiv : ScreeningOutcome.Negative)), "D-1", Now, Today);

    private static Lot Primary() => Lot.StartPrimaryCulture(new LotInput("PC-1", LotKind.PrimaryCulture)
        { Donor = "D-1", Source = TissueSource.BoneMarrow, Isolation = IsolationMethod.DensityGradient }, Donor(), Now);

    private static PassageInput Passage(double seeded, double harvested) =>
        new(new DateOnly(2026, 2, 1), seeded, harvested, MediumSupplement.HumanPlateletLysate, CultureFormat.Monolayer) { ViabilityPercent = 95 };

    [Fact]
    public void A_primary_culture_needs_consent_and_an_allogeneic_donor_screened_negative()
    {
        var input = new LotInput("PC-1", LotKind.PrimaryCulture) { Source = TissueSource.Adipose, Isolation = IsolationMethod.Explant };
        Assert.Contains("informed consent", Assert.Throws<DonorNotEligibleException>(() => Lot.StartPrimaryCulture(input, Donor(consent: false), Now)).Message,
            StringComparison.Ordinal);
        Assert.Contains("HIV-1/2 screened positive", Assert.Throws<DonorNotEligibleException>(() =>
            Lot.StartPrimaryCulture(input, Donor(hiv: ScreeningOutcome.Positive), Now)).Message, StringComparison.Ordinal);
        var autologous = Lot.StartPrimaryCulture(input, Donor(hiv: ScreeningOutcome.Positive, type: DonorType.Autologous), Now);
        Assert.Equal(LotStatus.InProcess, autologous.Status);
        Assert.Equal(MscCellType.Stromal, autologous.CellType);
    }

    [Fact]
    public void The_lineage_only_goes_forward_and_nothing_is_derived_from_a_rejected_lot()
    {
        var primary = Primary();
        primary.RecordPassage(Passage(1e6, 8e6), Today);
        var bank = primary.Derive(new LotInput("MCB-1", LotKind.MasterCellBank), "D-1", Now);
        Assert.Equal(3, bank.StartingPopulationDoublings, 12);
        Assert.Contains("cannot be derived from MCB-1", Assert.Throws<ManufacturingException>(() =>
            bank.Derive(new LotInput("PC-2", LotKind.PrimaryCulture), "D-1", Now)).Message, StringComparison.Ordinal);
        Assert.Contains("comes from donor D-1", Assert.Throws<ManufacturingException>(() =>
            bank.Derive(new LotInput("DP-1", LotKind.DrugProduct) { Donor = "D-9" }, "D-1", Now)).Message, StringComparison.Ordinal);
        bank.Status = LotStatus.Rejected;
        Assert.Contains("was rejected", Assert.Throws<ManufacturingException>(() =>
            bank.Derive(new LotInput("DP-1", LotKind.DrugProduct), "D-1", Now)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1e6, 5e5, "Harvested cells")]
    [InlineData(1e-300, 1e300, "Seeded cells")]
    [InlineData(1e6, 1e300, "Harvested cells")]
    [InlineData(double.NaN, 1e6, "Seeded cells")]
    [InlineData(1e6, double.PositiveInfinity, "Harvested cells")]
    public void A_passage_with_implausible_counts_is_refused_and_leaves_the_lot_unchanged(double seeded, double harvested, string field)
    {
        var lot = Primary();
        var ex = Assert.Throws<InvalidValueException>(() => lot.RecordPassage(Passage(seeded, harvested), Today));
        Assert.Equal(field, ex.Field);
        Assert.Empty(lot.Passages);
    }

    [Fact]
    public void Dates_before_records_began_or_in_the_future_and_percentages_over_100_are_refused()
    {
        var lot = Primary();
        Assert.Equal("Harvest date", Assert.Throws<InvalidValueException>(() => lot.RecordPassage(Passage(1e6, 2e6) with { Date = default }, Today)).Field);
        Assert.Equal("Harvest date", Assert.Throws<InvalidValueException>(() =>
            lot.RecordPassage(Passage(1e6, 2e6) with { Date = Today.AddDays(30) }, Today)).Field);
        Assert.Equal("Viability", Assert.Throws<InvalidValueException>(() =>
            lot.RecordPassage(Passage(1e6, 2e6) with { ViabilityPercent = 930 }, Today)).Field);
        Assert.Empty(lot.Passages);
        Assert.Equal(1, lot.RecordPassage(Passage(1e6, 2e6), Today).Number);
        Assert.Equal(2, lot.RecordPassage(Passage(1e6, 2e6), Today).Number);
    }

    [Fact]
    public void Thawing_is_limited_to_the_vials_in_stock_and_a_closed_lot_takes_no_new_passages()
    {
        var lot = Primary();
        lot.RecordCryo(new CryoInput(CryoEventKind.Freeze, Today, 4) { CellsPerVial = 1e6 }, Today);
        lot.RecordCryo(new CryoInput(CryoEventKind.Thaw, Today, 3), Today);
        Assert.Contains("1 vials in stock", Assert.Throws<ManufacturingException>(() =>
            lot.RecordCryo(new CryoInput(CryoEventKind.Thaw, Today, 2), Today)).Message, StringComparison.Ordinal);
        lot.Status = LotStatus.Released;
        Assert.Contains("record is closed", Assert.Throws<ManufacturingException>(() => lot.RecordPassage(Passage(1e6, 2e6), Today)).Message,
            StringComparison.Ordinal);
        Assert.Contains("needs a description", Assert.Throws<ManufacturingException>(() =>
            Primary().RecordPriming(new PrimingInput(PrimingAgent.Other, 24, Today), Today)).Message, StringComparison.Ordinal);
    }
}

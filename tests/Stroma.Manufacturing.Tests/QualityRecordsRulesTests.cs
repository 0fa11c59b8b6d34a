using Stroma.Manufacturing.Records;
using Stroma.Manufacturing.Release;
using Xunit;
using TestResult = Stroma.Manufacturing.Records.TestResult;

namespace Stroma.Manufacturing.Tests;

/// <summary>Corrections, OOS investigations, deviations, quarantine and specification change control (no database).</summary>
public sealed class QualityRecordsRulesTests
{
    private static readonly DateTime Now = new(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc);
    private static readonly Signer Qa = new("quentin", ["QA"], MaySignReleases: true);
    private static readonly Signer OtherQa = new("petra", ["QA"], MaySignReleases: true);
    private static readonly Signer Operator = new("olga", ["Operator"], MaySignReleases: false);

    private static ReleaseSpecification Spec(bool approve = true, params SpecificationItemDefinition[] items)
    {
        var spec = new SpecificationDefinition
        {
            Code = "site-viability",
            Items = items.Length > 0 ? items : [new SpecificationItemDefinition { Test = "viability", Comparator = ">=", Limit = "70", Unit = "%" }],
        }.ToRecord();
        spec.SpecVersion = 3;
        spec.DraftedBy = "olga";
        if (approve) spec.Approve(OtherQa, "reviewed", Now);
        return spec;
    }

    private static (Lot Lot, LotRelease Release) Assigned()
    {
        var lot = new Lot { Id = 7, Code = "DP-1", Kind = LotKind.DrugProduct, StartingPopulationDoublings = 10 };
        var release = new LotRelease();
        release.Assign(lot, Spec(), AdministrationRoute.Intravenous, 70, 1e6, 50, null);
        return (lot, release);
    }

    private static TestResult Viability(double value, string? reason = null, int minutes = 0) => new()
    {
        Test = ReleaseTest.Viability, Name = "viability", Value = value, Unit = "%", EnteredBy = "olga", EnteredUtc = Now.AddMinutes(minutes),
        CorrectionReason = reason,
    };

    [Fact]
    public void Re_entering_a_result_without_a_reason_is_refused_and_the_first_result_stays()
    {
        var (lot, release) = Assigned();
        release.AddResult(lot, Viability(91));
        var ex = Assert.Throws<ManufacturingException>(() => release.AddResult(lot, Viability(95, minutes: 1)));
        Assert.Contains("needs a reason", ex.Message, StringComparison.Ordinal);
        var only = Assert.Single(release.Results);
        Assert.Equal(91, only.Value);
        Assert.False(only.Superseded);
    }

    [Fact]
    public void A_correction_with_a_reason_becomes_the_next_revision_and_keeps_the_earlier_value()
    {
        var (lot, release) = Assigned();
        release.AddResult(lot, Viability(81));
        release.AddResult(lot, Viability(85, "transcription error: 85 on the instrument print-out", 1));
        Assert.Equal([1, 2], release.Results.Select(r => r.Revision));
        Assert.True(release.Results[0].Superseded);
        Assert.Equal("transcription error: 85 on the instrument print-out", release.Results[1].CorrectionReason);
        Assert.Equal("site-viability v3", release.Results[1].Specification);
        Assert.Equal("85 %", release.Evaluate(lot).Items.Single().Result);
    }

    [Fact]
    public void An_oos_result_opens_an_investigation_and_a_passing_retest_does_not_replace_it()
    {
        var (lot, release) = Assigned();
        var investigation = release.AddResult(lot, Viability(60));
        Assert.NotNull(investigation);
        Assert.Equal(InvestigationStatus.Open, investigation.Status);
        Assert.Equal("60 %", investigation.Observed);
        Assert.Equal("≥ 70 %", investigation.Criterion);
        Assert.Null(release.AddResult(lot, Viability(92, "retest", 1)));

        var item = release.Evaluate(lot).Items.Single();
        Assert.Equal(ItemStatus.OutOfSpecification, item.Status);
        Assert.Equal("60 %", item.Result);
        Assert.Contains("OOS investigation", item.Note, StringComparison.Ordinal);
        var refused = Assert.Throws<ReleaseRefusedException>(() => release.Sign(lot, Qa, Disposition.Released, null, "ok", Now));
        Assert.Contains("investigation", refused.Message, StringComparison.Ordinal);
        Assert.Null(release.Disposition);
    }

    [Fact]
    public void Qa_invalidates_an_oos_result_only_with_an_assignable_cause_and_then_the_retest_judges_the_lot()
    {
        var (lot, release) = Assigned();
        var investigation = release.AddResult(lot, Viability(60))!;
        release.AddResult(lot, Viability(92, "retest on the retained sample", 1));
        Assert.Throws<ReleaseRefusedException>(() =>
            investigation.Close(Operator, InvestigationFinding.AssignableCause, "pipetting", "invalid", Now));
        Assert.Throws<ReleaseRefusedException>(() =>
            investigation.Close(new Signer("olga", ["QA"], true), InvestigationFinding.AssignableCause, "pipetting", "invalid", Now));
        Assert.Throws<ManufacturingException>(() => investigation.Close(Qa, InvestigationFinding.AssignableCause, " ", "invalid", Now));
        Assert.Equal(InvestigationStatus.Open, investigation.Status);

        investigation.Close(Qa, InvestigationFinding.AssignableCause, "wrong dilution factor in the calculation", "recalculated; invalid", Now);
        Assert.Equal(InvestigationStatus.Invalidated, investigation.Status);
        Assert.Equal(64, investigation.SignatureSha256!.Length);
        Assert.Equal(ItemStatus.Pass, release.Evaluate(lot).Items.Single().Status);
        release.Sign(lot, Qa, Disposition.Released, null, "within specification", Now);
        Assert.Equal(LotStatus.Released, lot.Status);
        Assert.Equal(2, release.Results.Count);
    }

    [Fact]
    public void A_confirmed_oos_keeps_judging_its_item_whatever_is_entered_after_it()
    {
        var (lot, release) = Assigned();
        var investigation = release.AddResult(lot, Viability(55))!;
        investigation.Close(Qa, InvestigationFinding.NoAssignableCause, null, "no laboratory error found", Now);
        release.AddResult(lot, Viability(95, "second retest", 2));
        Assert.Equal(InvestigationStatus.Confirmed, investigation.Status);
        Assert.Equal("55 %", release.Evaluate(lot).Items.Single().Result);
        Assert.Throws<ReleaseRefusedException>(() => release.Sign(lot, Qa, Disposition.Released, null, "ok", Now));
        release.Sign(lot, Qa, Disposition.Rejected, null, "confirmed OOS", Now);
        Assert.Equal(LotStatus.Rejected, lot.Status);
    }

    [Fact]
    public void An_open_deviation_on_the_lot_blocks_release_until_qa_closes_it_with_a_capa()
    {
        var (lot, release) = Assigned();
        release.AddResult(lot, Viability(91));
        var deviation = Deviation.Open(lot, "Incubator alarm for 20 min", "none expected", null, "olga", Now);
        deviation.Id = 4;
        var refused = Assert.Throws<ReleaseRefusedException>(() => release.Sign(lot, Qa, Disposition.Released, null, "ok", Now, [deviation]));
        Assert.Contains("deviation #4 is open", refused.Message, StringComparison.Ordinal);
        Assert.Throws<ReleaseRefusedException>(() => deviation.Close(Operator, "fine", "retrain", Now));
        Assert.Contains("CAPA", Assert.Throws<ManufacturingException>(() => deviation.Close(Qa, "no impact", null, Now)).Message, StringComparison.Ordinal);
        deviation.Close(Qa, "no impact on the product", "alarm thresholds reviewed", Now);
        Assert.Equal(DeviationStatus.Closed, deviation.Status);
        release.Sign(lot, Qa, Disposition.Released, null, "within specification", Now, [deviation]);
        Assert.Equal(LotStatus.Released, lot.Status);
    }

    [Fact]
    public void A_deviation_needs_a_description_and_an_impact_assessment()
    {
        Assert.Throws<ManufacturingException>(() => Deviation.Open(null, " ", "none", null, "olga", Now));
        Assert.Throws<ManufacturingException>(() => Deviation.Open(null, "spill", "", null, "olga", Now));
    }

    [Fact]
    public void A_quarantined_lot_accepts_results_and_can_still_be_signed()
    {
        var (lot, release) = Assigned();
        release.AddResult(lot, Viability(91));
        release.Sign(lot, Qa, Disposition.Quarantined, null, "awaiting sterility", Now);
        Assert.Equal(LotStatus.Quarantined, lot.Status);
        Assert.False(release.IsFinal);
        release.AddResult(lot, Viability(93, "repeat count on thawed vial", 3));
        release.Sign(lot, Qa, Disposition.Released, null, "complete", Now.AddHours(1));
        Assert.True(release.IsFinal);
        Assert.Equal(2, release.Signatures.Count);
        Assert.Throws<ManufacturingException>(() => release.AddResult(lot, Viability(90, "late", 5)));
    }

    [Fact]
    public void A_draft_specification_cannot_be_assigned_or_approved_by_its_author_or_an_operator()
    {
        var draft = Spec(approve: false);
        var lot = new Lot { Code = "DP-2", Kind = LotKind.DrugProduct };
        Assert.Contains("draft", Assert.Throws<ReleaseRefusedException>(() =>
            new LotRelease().Assign(lot, draft, AdministrationRoute.Intravenous, 70, 1e6, 50, null)).Message, StringComparison.Ordinal);
        Assert.Throws<ReleaseRefusedException>(() => draft.Approve(Operator, "ok", Now));
        Assert.Throws<ReleaseRefusedException>(() => draft.Approve(new Signer("olga", ["QA"], true), "ok", Now));
        Assert.Throws<ManufacturingException>(() => draft.Approve(Qa, " ", Now));
        Assert.Equal(DocumentStatus.Draft, draft.Status);
        draft.Approve(Qa, "reviewed against the protocol", Now);
        Assert.Equal(DocumentStatus.Approved, draft.Status);
        Assert.Equal("quentin", draft.ApprovedBy);
        Assert.Throws<ManufacturingException>(() => draft.Approve(OtherQa, "again", Now));
    }

    [Fact]
    public void A_specification_that_would_release_with_no_test_results_cannot_be_approved()
    {
        var weak = Spec(approve: false,
            new SpecificationItemDefinition { Test = "viability", Comparator = ">=", Limit = "70", Required = false },
            new SpecificationItemDefinition { Test = "population_doublings", Comparator = "<=", Limit = "30" });
        Assert.Contains("no required test", Assert.Throws<ManufacturingException>(() => weak.Approve(Qa, "ok", Now)).Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void The_built_in_specification_code_is_reserved()
    {
        var impostor = SpecificationDefinition.Default with { Version = null };
        Assert.Contains("reserved", Assert.Throws<ManufacturingException>(impostor.EnsureNotReserved).Message, StringComparison.Ordinal);
        (SpecificationDefinition.Default with { Code = "site-default" }).EnsureNotReserved();
    }

    [Fact]
    public void A_release_signature_keeps_the_exact_specification_version_it_was_judged_against()
    {
        var (lot, release) = Assigned();
        release.AddResult(lot, Viability(91));
        var signature = release.Sign(lot, Qa, Disposition.Released, null, "ok", Now);
        Assert.Equal($"site-viability v3 {release.Specification!.ContentSha256}", signature.Specification);
    }
}

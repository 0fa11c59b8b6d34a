using Stroma.Manufacturing.Records;
using Stroma.Manufacturing.Release;
using Xunit;
using TestResult = Stroma.Manufacturing.Records.TestResult;

namespace Stroma.Manufacturing.Tests;

/// <summary>Release evaluation and disposition as pure functions of the release aggregate and its lot (no database).</summary>
public sealed class ReleaseRulesTests
{
    private static readonly DateTime Now = new(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc);
    private static readonly Signer Qa = new("quentin", ["QA"], MaySignReleases: true);

    private static (Lot Lot, LotRelease Release) Assigned()
    {
        var lot = new Lot { Code = "DP-1", Kind = LotKind.DrugProduct, StartingPopulationDoublings = 10 };
        var spec = new SpecificationDefinition
        {
            Code = "viability-only",
            Items = [new SpecificationItemDefinition { Test = "viability", Comparator = ">=", Limit = "70", Unit = "%" }],
        }.ToRecord();
        spec.DraftedBy = "olga";
        spec.Approve(new Signer("petra", ["QA"], MaySignReleases: true), "reviewed", Now);
        var release = new LotRelease();
        release.Assign(lot, spec, AdministrationRoute.Intravenous, 70, 1e6, 50, null);
        return (lot, release);
    }

    private static TestResult Viability(double value, string by = "olga") =>
        new() { Test = ReleaseTest.Viability, Name = "viability", Value = value, Unit = "%", EnteredBy = by, EnteredUtc = Now };

    [Fact]
    public void Assigning_a_specification_puts_the_lot_in_quarantine_and_a_missing_result_blocks_release()
    {
        var (lot, release) = Assigned();
        Assert.Equal(LotStatus.Quarantined, lot.Status);
        Assert.False(release.Evaluate(lot).Releasable);
        Assert.Throws<ReleaseRefusedException>(() => release.Sign(lot, Qa, Disposition.Released, null, "ok", Now));
        Assert.Empty(release.Signatures);
    }

    [Fact]
    public void A_passing_result_signed_by_another_qa_user_releases_the_lot_with_a_manifest_hash()
    {
        var (lot, release) = Assigned();
        var oos = release.AddResult(lot, Viability(60));
        var retest = Viability(91);
        retest.CorrectionReason = "retest after pipetting error";
        release.AddResult(lot, retest);
        Assert.Single(release.Results, r => !r.Superseded);
        Assert.NotNull(oos);
        oos.Close(Qa, InvestigationFinding.AssignableCause, "pipetting error", "dilution step documented wrong; invalidated", Now);
        Assert.True(release.Evaluate(lot).Releasable);
        var signature = release.Sign(lot, Qa, Disposition.Released, null, "within specification", Now);
        Assert.Equal("approved for release", signature.Meaning);
        Assert.Equal(release.Manifest(lot, Disposition.Released, signature.Meaning, Now), signature.ManifestSha256);
        Assert.Equal(64, signature.ManifestSha256.Length);
        Assert.Equal(LotStatus.Released, lot.Status);
        Assert.Contains("already released", Assert.Throws<ReleaseRefusedException>(() =>
            release.Sign(lot, Qa, Disposition.Rejected, null, "changed my mind", Now)).Message, StringComparison.Ordinal);
        Assert.Throws<ManufacturingException>(() => release.AddResult(lot, Viability(95)));
    }

    [Fact]
    public void The_signer_needs_the_qa_role_and_must_not_have_entered_results()
    {
        var (lot, release) = Assigned();
        release.AddResult(lot, Viability(91, by: "quentin"));
        Assert.Contains("Four-eyes", Assert.Throws<ReleaseRefusedException>(() =>
            release.Sign(lot, Qa, Disposition.Released, null, "ok", Now)).Message, StringComparison.Ordinal);
        Assert.Contains("QA role", Assert.Throws<ReleaseRefusedException>(() =>
            release.Sign(lot, new Signer("olga", ["Operator"], false), Disposition.Rejected, null, "no", Now)).Message, StringComparison.Ordinal);
        Assert.Empty(release.Signatures);
        Assert.Equal(LotStatus.Quarantined, lot.Status);
    }

    [Fact]
    public void A_rejection_can_be_signed_when_results_are_out_of_specification()
    {
        var (lot, release) = Assigned();
        release.AddResult(lot, Viability(50));
        Assert.False(release.Evaluate(lot).Releasable);
        release.Sign(lot, Qa, Disposition.Rejected, null, "viability out of specification", Now);
        Assert.Equal(LotStatus.Rejected, lot.Status);
        Assert.Equal(Disposition.Rejected, release.Disposition);
    }

    [Fact]
    public void An_identity_result_is_refused_by_hand_and_accepted_only_from_the_specified_panel()
    {
        Assert.Contains("identity analysis", Assert.Throws<ManufacturingException>(() =>
            LotRelease.EnsureEnteredByHand(ReleaseTest.Identity)).Message, StringComparison.Ordinal);
        LotRelease.EnsureEnteredByHand(ReleaseTest.Viability);
        var lot = new Lot { Code = "DP-2", Kind = LotKind.DrugProduct };
        var release = new LotRelease();
        var spec = SpecificationDefinition.Default.ToRecord();
        spec.DraftedBy = "olga";
        spec.Approve(Qa, "reviewed", Now);
        release.Assign(lot, spec, AdministrationRoute.Intravenous, 70, 1e6, 50, null);
        Assert.Equal("isct-2006", release.IdentityItem(lot, "ISCT-2006").Panel);
        var refused = Assert.Throws<ManufacturingException>(() => release.IdentityItem(lot, "site-panel"));
        Assert.Contains("panel isct-2006", refused.Message, StringComparison.Ordinal);
        Assert.Equal("DP-2", refused.Subject);
    }

    [Fact]
    public void Only_a_user_holding_the_signing_role_may_sign_releases()
    {
        Assert.True(Signer.WithRoles("quentin", ["Operator", LotRelease.SigningRole]).MaySignReleases);
        Assert.False(Signer.WithRoles("olga", ["Operator", "qa"]).MaySignReleases);
    }

    [Fact]
    public void A_lot_other_than_a_primary_culture_needs_its_parent_code()
    {
        Assert.Equal("MCB-1", new LotInput("WCB-1", LotKind.WorkingCellBank) { Parent = "MCB-1" }.RequiredParent());
        var refused = Assert.Throws<ManufacturingException>(() => new LotInput("WCB-2", LotKind.WorkingCellBank).RequiredParent());
        Assert.Contains("needs its parent lot", refused.Message, StringComparison.Ordinal);
        Assert.Equal("WCB-2", refused.Subject);
    }
}

using Stroma.Manufacturing;
using Stroma.Manufacturing.Culture;
using Stroma.Manufacturing.Dosing;
using Stroma.Manufacturing.Release;
using Xunit;

namespace Stroma.Manufacturing.Tests;

/// <summary>USP &lt;85&gt;: limit = K/M; K = 5 EU/kg parenteral, 0.2 EU/kg intrathecal; M = maximum dose per kg per hour.</summary>
public sealed class EndotoxinTests
{
    [Theory]
    [InlineData(AdministrationRoute.Intravenous, 5.0)]
    [InlineData(AdministrationRoute.Intramuscular, 5.0)]
    [InlineData(AdministrationRoute.Intraarticular, 5.0)]
    [InlineData(AdministrationRoute.Intrathecal, 0.2)]
    public void K_is_5_EU_per_kg_except_intrathecal_0_2(AdministrationRoute route, double k) =>
        Assert.Equal(k, Endotoxin.ThresholdK(route));

    [Fact]
    public void K_over_M_in_EU_per_mL_uses_the_dose_volume_per_kg_per_hour()
    {
        // 70 kg, 50 mL bolus: M = 50/70 mL/kg/h; limit = 5 / (50/70) = 7 EU/mL.
        var limit = Endotoxin.Compute(new EndotoxinPlan(AdministrationRoute.Intravenous, 70, 7e7, 50), "eu/ml");
        Assert.Equal(7, limit.Limit, 12);
        Assert.Equal("EU/mL", limit.Unit);
        Assert.Equal(50 / 70.0, limit.M, 12);
        Assert.Contains("USP <85>", limit.Basis, StringComparison.Ordinal);
        // Intrathecal: 0.2 / (5 mL / 20 kg) = 0.8 EU/mL.
        Assert.Equal(0.8, Endotoxin.Compute(new EndotoxinPlan(AdministrationRoute.Intrathecal, 20, 4e7, 5), "EU/mL").Limit, 12);
    }

    [Fact]
    public void K_over_M_per_million_cells_and_per_dose_and_a_longer_infusion()
    {
        var plan = new EndotoxinPlan(AdministrationRoute.Intravenous, 70, 2e6 * 70);
        Assert.Equal(2.5, Endotoxin.Compute(plan, "EU/10^6 cells").Limit, 12);
        Assert.Equal(350, Endotoxin.Compute(plan, "EU/dose").Limit, 12);
        Assert.Equal(700, Endotoxin.Compute(plan with { InfusionHours = 2 }, "EU/dose").Limit, 12);
        Assert.Equal(350, Endotoxin.Compute(plan with { InfusionHours = 0.25 }, "EU/dose").Limit, 12);
    }

    [Fact]
    public void Routes_without_a_USP_K_and_plans_without_a_volume_are_refused_clearly()
    {
        var topical = Assert.Throws<ManufacturingException>(() => Endotoxin.Compute(new EndotoxinPlan(AdministrationRoute.Topical, 70, 1e7), "EU/dose"));
        Assert.Contains("sets no threshold pyrogenic dose K", topical.Message, StringComparison.Ordinal);
        var volume = Assert.Throws<ManufacturingException>(() => Endotoxin.Compute(new EndotoxinPlan(AdministrationRoute.Intravenous, 70, 1e7), "EU/mL"));
        Assert.Contains("dose volume", volume.Message, StringComparison.Ordinal);
        Assert.Throws<ManufacturingException>(() => Endotoxin.NormalizeUnit("EU/vial"));
    }

    [Fact]
    public void A_dose_plan_gives_cells_needed_coverage_options_and_the_endotoxin_limit()
    {
        var request = new DoseRequest(70, 1e6, DoseUnit.CellsPerKg, 3, AdministrationRoute.Intravenous) { VolumeMl = 100 };
        var plan = DosePlanner.Plan(request, new CellSource("DP-1", Manufacturing.LotKind.DrugProduct, 1e8, 12), new CellSource("WCB-1", Manufacturing.LotKind.WorkingCellBank, 2e7, 9));
        Assert.Equal(7e7, plan.CellsPerDose);
        Assert.Equal(2.1e8, plan.TotalCells);
        Assert.Equal(350, plan.EndotoxinPerDose!.Value, 9);
        Assert.Equal(5, plan.EndotoxinPerMillionCells!.Value, 9);
        Assert.Equal(3.5, plan.EndotoxinPerMl!.Value, 9);
        Assert.Equal(Math.Log2(2.1), plan.Options[0].AdditionalPd, 12);
        Assert.Equal(Math.Log2(10.5), plan.Options[1].AdditionalPd, 12);
        Assert.Equal("DP-1", plan.Recommended!.Source);
    }

    [Fact]
    public void A_plan_that_would_pass_the_senescence_stop_limit_is_not_feasible()
    {
        var request = new DoseRequest(80, 1e9, DoseUnit.Cells, 4, AdministrationRoute.Intravenous);
        var plan = DosePlanner.Plan(request, new CellSource("DP-2", Manufacturing.LotKind.DrugProduct, 1e6, 25));
        var option = Assert.Single(plan.Options);
        Assert.False(option.Feasible);
        Assert.Equal(SenescenceLevel.Stop, option.Senescence);
        Assert.Contains("beyond the stop limit 30", option.Summary, StringComparison.Ordinal);
        Assert.Null(plan.Recommended);
        var relaxed = DosePlanner.Plan(request, new CellSource("DP-2", Manufacturing.LotKind.DrugProduct, 1e6, 25), limits: new SenescenceLimits(20, 40));
        Assert.True(relaxed.Options[0].Feasible);
    }

    [Theory]
    [InlineData(0, 1e6, 1)]
    [InlineData(70, 0, 1)]
    [InlineData(70, 1e6, 0)]
    public void Bad_dose_requests_are_refused(double weight, double dose, int doses) =>
        Assert.Throws<ManufacturingException>(() => DosePlanner.Plan(new DoseRequest(weight, dose, DoseUnit.CellsPerKg, doses, AdministrationRoute.Intravenous)));
}

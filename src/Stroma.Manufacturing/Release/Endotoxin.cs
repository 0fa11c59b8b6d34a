using System.Globalization;

namespace Stroma.Manufacturing.Release;

/// <summary>What the endotoxin limit is computed for.</summary>
/// <param name="Route">Route of administration (sets K).</param>
/// <param name="WeightKg">Patient weight (kg).</param>
/// <param name="CellsPerDose">Cells given in one administration.</param>
/// <param name="VolumeMl">Volume of one administration (mL), needed for a limit in EU/mL.</param>
/// <param name="InfusionHours">Administration time; anything within an hour counts as one hour.</param>
public sealed record EndotoxinPlan(AdministrationRoute Route, double WeightKg, double CellsPerDose,
    double? VolumeMl = null, double InfusionHours = 1);

/// <summary>A computed endotoxin limit K/M.</summary>
/// <param name="K">Threshold pyrogenic dose (EU per kg body weight per hour).</param>
/// <param name="M">Maximum dose per kg per hour, in <paramref name="MUnit"/>.</param>
/// <param name="MUnit">Unit of M (e.g. "mL/kg/h").</param>
/// <param name="Limit">K/M.</param>
/// <param name="Unit">Unit of the limit (e.g. "EU/mL").</param>
public sealed record EndotoxinLimit(double K, double M, string MUnit, double Limit, string Unit)
{
    /// <summary>How the limit was computed, for certificates.</summary>
    public string Basis => string.Create(CultureInfo.InvariantCulture,
        $"USP <85>: K/M with K = {K:0.###} EU/kg, M = {M:0.####} {MUnit} → {Limit:0.###} {Unit}");
}

/// <summary>
/// Bacterial endotoxin limits by USP &lt;85&gt; (Bacterial Endotoxins Test): limit = K/M, where K is the threshold
/// pyrogenic dose — 5 EU/kg for parenteral routes other than intrathecal, 0.2 EU/kg for intrathecal — and M is the
/// maximum dose of product per kg body weight given in one hour.
/// </summary>
public static class Endotoxin
{
    /// <summary>Units a computed (K/M) endotoxin limit can be expressed in.</summary>
    public static IReadOnlyList<string> Units { get; } = ["EU/mL", "EU/10^6 cells", "EU/dose", "EU/kg"];

    /// <summary>K for a route (EU/kg); null where USP &lt;85&gt; sets none (topical use, implants).</summary>
    public static double? ThresholdK(AdministrationRoute route) => route switch
    {
        AdministrationRoute.Intrathecal => 0.2, // USP <85>: intrathecal K = 0.2 EU/kg
        AdministrationRoute.Topical or AdministrationRoute.Implant => null,
        _ => 5.0, // USP <85>: parenteral (non-intrathecal) K = 5 EU/kg
    };

    /// <summary>Normalises a limit unit ("eu/ml" → "EU/mL", "EU/1e6 cells" → "EU/10^6 cells").</summary>
    public static string NormalizeUnit(string? unit)
    {
        var key = (unit ?? "").Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();
        return key switch
        {
            "eu/ml" => "EU/mL",
            "eu/10^6cells" or "eu/1e6cells" or "eu/millioncells" or "eu/10e6cells" or "eu/10^6" => "EU/10^6 cells",
            "eu/dose" => "EU/dose",
            "eu/kg" => "EU/kg",
            _ => throw new ManufacturingException($"Endotoxin unit '{unit}' is not supported for a K/M limit; use " +
                $"one of: {string.Join(", ", Units)}."),
        };
    }

    /// <summary>Computes K/M for a plan, in the given unit.</summary>
    public static EndotoxinLimit Compute(EndotoxinPlan plan, string unit)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var k = ThresholdK(plan.Route) ?? throw new ManufacturingException(
            $"USP <85> sets no threshold pyrogenic dose K for the {Terms.Label(plan.Route)} route; give the " +
                $"endotoxin specification an explicit limit instead of K/M.");
        if (!(plan.WeightKg > 0)) throw new ManufacturingException($"Patient weight must be positive for the " +
            $"endotoxin limit; {plan.WeightKg} kg given.");
        if (!(plan.CellsPerDose > 0)) throw new ManufacturingException($"Cells per dose must be positive for the " +
            $"endotoxin limit; {plan.CellsPerDose} given.");
        // M is per hour: a dose given within an hour counts as one hour, a longer infusion spreads it.
        var hours = Math.Max(1, plan.InfusionHours);
        var normalized = NormalizeUnit(unit);
        var (m, mUnit) = normalized switch
        {
            "EU/mL" => (plan.VolumeMl is { } v && v > 0 ? v / plan.WeightKg / hours
                : throw new ManufacturingException(
                    "An endotoxin limit in EU/mL needs the dose volume (mL) of the plan."), "mL/kg/h"),
            "EU/10^6 cells" => (plan.CellsPerDose / 1e6 / plan.WeightKg / hours, "10^6 cells/kg/h"),
            "EU/dose" => (1 / plan.WeightKg / hours, "doses/kg/h"),
            _ => (1 / hours, "kg/kg/h"),
        };
        return new EndotoxinLimit(k, m, mUnit, k / m, normalized);
    }
}

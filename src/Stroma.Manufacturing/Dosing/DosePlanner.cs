using Stroma.Manufacturing.Culture;
using Stroma.Manufacturing.Release;

namespace Stroma.Manufacturing.Dosing;

/// <summary>How a dose is given.</summary>
public enum DoseUnit
{
    /// <summary>Cells per kg body weight.</summary>
    CellsPerKg,
    /// <summary>A fixed number of cells.</summary>
    Cells,
}

/// <summary>A dose plan request.</summary>
/// <param name="WeightKg">Patient weight (kg).</param>
/// <param name="Dose">Dose value (cells/kg or cells).</param>
/// <param name="Unit">Dose unit.</param>
/// <param name="Doses">Number of doses.</param>
/// <param name="Route">Route of administration.</param>
public sealed record DoseRequest(double WeightKg, double Dose, DoseUnit Unit, int Doses, AdministrationRoute Route)
{
    /// <summary>Volume of one dose (mL), for an endotoxin limit in EU/mL.</summary>
    public double? VolumeMl { get; init; }

    /// <summary>Administration time of one dose (hours).</summary>
    public double InfusionHours { get; init; } = 1;

    /// <summary>Validates the request.</summary>
    public DoseRequest Validated()
    {
        if (!(WeightKg > 0) || WeightKg > 500) throw new ManufacturingException($"Patient weight must be between 0 " +
            $"and 500 kg; {WeightKg} given.");
        if (!(Dose > 0) || !double.IsFinite(Dose)) throw new ManufacturingException($"Dose must be a positive " +
            $"number; {Dose} given.");
        if (Doses < 1) throw new ManufacturingException($"Number of doses must be at least 1; {Doses} given.");
        if (VolumeMl is { } v && !(v > 0)) throw new ManufacturingException($"Dose volume must be positive; {v} mL " +
            $"given.");
        if (!(InfusionHours > 0)) throw new ManufacturingException($"Infusion time must be positive; {InfusionHours} " +
            $"h given.");
        return this;
    }
}

/// <summary>A source of cells for a plan: a lot (or its parent bank) with what it holds and its cumulative
/// PD.</summary>
/// <param name="Code">Lot code.</param>
/// <param name="Kind">Lot kind.</param>
/// <param name="AvailableCells">Cells available.</param>
/// <param name="CumulativePd">Cumulative population doublings.</param>
public sealed record CellSource(string Code, LotKind Kind, double AvailableCells, double CumulativePd);

/// <summary>One way of covering a plan.</summary>
/// <param name="Source">Lot used.</param>
/// <param name="AvailableCells">Cells the source holds.</param>
/// <param name="AdditionalPd">Further population doublings needed (0 when it covers the plan as it is).</param>
/// <param name="CumulativePdAfter">Cumulative PD after that expansion.</param>
/// <param name="Senescence">Level reached.</param>
/// <param name="Feasible">True when the cumulative PD stays within the stop limit.</param>
/// <param name="Summary">Plain-language verdict.</param>
public sealed record CoverageOption(string Source, double AvailableCells, double AdditionalPd, double CumulativePdAfter,
    SenescenceLevel Senescence, bool Feasible, string Summary);

/// <summary>The plan.</summary>
/// <param name="Request">What was asked.</param>
/// <param name="CellsPerDose">Cells in one dose.</param>
/// <param name="TotalCells">Cells for all doses.</param>
/// <param name="EndotoxinK">K for the route (EU/kg/h), null where USP &lt;85&gt; sets none.</param>
/// <param name="EndotoxinPerDose">Most endotoxin one dose may carry (EU) = K × weight × hours.</param>
/// <param name="EndotoxinPerMillionCells">Limit in EU per 10^6 cells (K/M).</param>
/// <param name="EndotoxinPerMl">Limit in EU/mL when a volume was given.</param>
/// <param name="Options">Ways to cover the plan from the lot or its parent bank (empty without a lot).</param>
public sealed record DosePlan(DoseRequest Request, double CellsPerDose, double TotalCells, double? EndotoxinK,
    double? EndotoxinPerDose,
    double? EndotoxinPerMillionCells, double? EndotoxinPerMl, IReadOnlyList<CoverageOption> Options)
{
    /// <summary>The first feasible option (the lot itself before its parent), or null.</summary>
    public CoverageOption? Recommended => Options.FirstOrDefault(o => o.Feasible);
}

/// <summary>Cells needed for a treatment, whether a lot covers it, and the endotoxin limit of the plan.</summary>
public static class DosePlanner
{
    /// <summary>Plans <paramref name="request"/>; <paramref name="lot"/> and <paramref name="parent"/> are optional
    /// sources.</summary>
    public static DosePlan Plan(DoseRequest request, CellSource? lot = null, CellSource? parent = null,
        SenescenceLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validated();
        limits = (limits ?? SenescenceLimits.Default).Validated();
        var perDose = request.Unit == DoseUnit.CellsPerKg ? request.Dose * request.WeightKg : request.Dose;
        var total = perDose * request.Doses;

        var k = Endotoxin.ThresholdK(request.Route);
        double? perDoseEu = null, perMillion = null, perMl = null;
        if (k is not null)
        {
            var plan = new EndotoxinPlan(request.Route, request.WeightKg, perDose, request.VolumeMl,
                request.InfusionHours);
            perDoseEu = Endotoxin.Compute(plan, "EU/dose").Limit;
            perMillion = Endotoxin.Compute(plan, "EU/10^6 cells").Limit;
            if (request.VolumeMl is not null) perMl = Endotoxin.Compute(plan, "EU/mL").Limit;
        }

        var options = new List<CoverageOption>();
        foreach (var source in new[] { lot, parent }.OfType<CellSource>())
            options.Add(Option(source, total, limits, source == parent));
        return new DosePlan(request, perDose, total, k, perDoseEu, perMillion, perMl, options);
    }

    private static CoverageOption Option(CellSource source, double total, SenescenceLimits limits, bool isParent)
    {
        var label = isParent ? $"parent {Terms.Label(source.Kind)} {source.Code}" : $"lot {source.Code}";
        if (source.AvailableCells <= 0)
            return new CoverageOption(source.Code, 0, double.NaN, double.NaN, SenescenceLevel.Stop, false,
                $"{label} holds no recorded cells to expand from");
        var extra = PopulationDoublings.Needed(source.AvailableCells, total);
        var after = source.CumulativePd + extra;
        var level = limits.Evaluate(after);
        var feasible = level != SenescenceLevel.Stop;
        var summary = extra == 0
            ? $"{label} covers the plan ({source.AvailableCells:0.###e+0} cells available)"
            : $"{label} needs {extra:0.##} more population doublings (cumulative {after:0.##})" +
              (feasible ? level == SenescenceLevel.Warning ? $", past the warning limit {limits.Warn:0.##}" : ""
                        : $", beyond the stop limit {limits.Stop:0.##}: not feasible");
        return new CoverageOption(source.Code, source.AvailableCells, extra, after, level, feasible, summary);
    }
}

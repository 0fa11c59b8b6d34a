using Stroma.Manufacturing.Records;

namespace Stroma.Manufacturing.Culture;

/// <summary>Where a lot stands against the senescence limits.</summary>
public enum SenescenceLevel
{
    /// <summary>Below the warning limit.</summary>
    Ok,
    /// <summary>At or past the warning limit.</summary>
    Warning,
    /// <summary>Past the stop limit: expansion beyond it is refused, and release is blocked by the default
    /// specification.</summary>
    Stop,
}

/// <summary>
/// Cumulative population-doubling limits. Defaults: warn at 20, stop at 30 — the review (§2.1 "Tissue Sources":
/// "MSCs enter a state of replicative senescence after 20–30 cell divisions", Martin et al. 2016; §2.1.1: bone
/// marrow MSC expansion "can only result in 30–50 population doublings").
/// </summary>
/// <param name="Warn">Cumulative PD at which a warning is raised.</param>
/// <param name="Stop">Cumulative PD beyond which further expansion is refused.</param>
public sealed record SenescenceLimits(double Warn = 20, double Stop = 30)
{
    /// <summary>The review's defaults (20 and 30).</summary>
    public static SenescenceLimits Default { get; } = new();

    /// <summary>Checks the limits are sensible.</summary>
    public SenescenceLimits Validated() =>
        Warn > 0 && Stop >= Warn && double.IsFinite(Stop) ? this
        : throw new ManufacturingException(
            $"Senescence limits need 0 < warn ≤ stop; warn {Warn} and stop {Stop} given.");

    /// <summary>The level a cumulative PD reaches.</summary>
    public SenescenceLevel Evaluate(double cumulativePd) =>
        cumulativePd > Stop ? SenescenceLevel.Stop : cumulativePd >= Warn ? SenescenceLevel.Warning
            : SenescenceLevel.Ok;

    /// <summary>A one-line message for a level, or null when OK.</summary>
    public string? Message(double cumulativePd) => Evaluate(cumulativePd) switch
    {
        SenescenceLevel.Stop => $"cumulative population doublings {cumulativePd:0.##} exceed the stop limit " +
            $"{Stop:0.##} (replicative senescence after 20–30 divisions; review §2.1)",
        SenescenceLevel.Warning => $"cumulative population doublings {cumulativePd:0.##} reached the warning limit " +
            $"{Warn:0.##} (replicative senescence after 20–30 divisions; review §2.1)",
        _ => null,
    };
}

/// <summary>Population doublings of one passage.</summary>
/// <param name="Number">Passage number.</param>
/// <param name="Doublings">PD = log2(harvested / seeded).</param>
/// <param name="CumulativeDoublings">Cumulative PD of the lineage after this passage.</param>
/// <param name="DoublingTimeHours">Culture hours / PD, when the culture time is known and PD &gt; 0.</param>
public sealed record PassageGrowth(int Number, double Doublings, double CumulativeDoublings, double? DoublingTimeHours);

/// <summary>Population-doubling arithmetic.</summary>
public static class PopulationDoublings
{
    /// <summary>
    /// PD of one passage: log2(harvested / seeded) — population doublings are the number of two-fold increases from the
    /// seeded to the harvested count (the cellular-age measure ICH Q5D asks manufacturers to track; RoosterBio,
    /// "Best Practices in MSC Culture: Tracking and Reporting Cellular Age Using PDL", 2014, rev. 2019).
    /// </summary>
    public static double OfPassage(double seededCells, double harvestedCells)
    {
        if (!(seededCells > 0) || !double.IsFinite(seededCells))
            throw new ManufacturingException($"Seeded cells must be a positive number; {seededCells} given.");
        if (!(harvestedCells > 0) || !double.IsFinite(harvestedCells))
            throw new ManufacturingException($"Harvested cells must be a positive number; {harvestedCells} given.");
        return Math.Log2(harvestedCells / seededCells);
    }

    /// <summary>Doubling time (hours) = culture hours / PD; null when PD ≤ 0 (no net growth) or the time is
    /// unknown.</summary>
    public static double? DoublingTimeHours(double doublings, double? cultureDays) =>
        cultureDays is { } days && days > 0 && doublings > 0 ? days * 24 / doublings : null;

    /// <summary>Growth of every passage of a lot, cumulative from the lot's starting PD (the lineage's PD at
    /// derivation).</summary>
    public static IReadOnlyList<PassageGrowth> Of(Lot lot)
    {
        ArgumentNullException.ThrowIfNull(lot);
        var cumulative = lot.StartingPopulationDoublings;
        var result = new List<PassageGrowth>();
        foreach (var p in lot.Passages.OrderBy(p => p.Number))
        {
            var pd = OfPassage(p.SeededCells, p.HarvestedCells);
            cumulative += pd;
            result.Add(new PassageGrowth(p.Number, pd, cumulative, DoublingTimeHours(pd, p.CultureDays)));
        }
        return result;
    }

    /// <summary>Cumulative PD of a lot across its lineage (starting PD plus its own passages).</summary>
    public static double Cumulative(Lot lot) => Of(lot) is { Count: > 0 } growth ? growth[^1].CumulativeDoublings
        : lot?.StartingPopulationDoublings ?? 0;

    /// <summary>PDs needed to grow <paramref name="available"/> cells to <paramref name="needed"/> (0 when enough
    /// already).</summary>
    public static double Needed(double available, double needed) =>
        needed <= available ? 0 : available > 0 ? Math.Log2(needed / available)
        : throw new ManufacturingException("No cells are available to expand from.");
}

using System.Globalization;

namespace Stroma.Manufacturing;

/// <summary>
/// Range checks for every number and date where it enters the domain, so a stored record is always one every
/// page can render (a PD of Infinity or a date of 0001-01-01 never reaches the database).
/// </summary>
public static class Checks
{
    /// <summary>
    /// Most cells one record can count: 10^13 is above the largest bioreactor harvests and a fraction of the ~3.7·10^13
    /// cells of a whole human body (Bianconi et al. 2013), so a larger count is a typing error.
    /// </summary>
    public const double MaxCells = 1e13;

    /// <summary>Earliest date a record may carry (before any MSC manufacturing record this tool could hold).</summary>
    public static readonly DateOnly EarliestDate = new(1990, 1, 1);

    /// <summary>A cell count: at least one cell, at most <see cref="MaxCells"/> (NaN and infinities fail both
    /// tests).</summary>
    public static double Cells(double value, string field) =>
        value >= 1 && value <= MaxCells ? value : throw Invalid(field, value, "a positive number of 1 to 1e13 cells");

    /// <summary>A percentage 0–100 (null allowed).</summary>
    public static double? Percent(double? value, string field) =>
        value is not { } v || (v >= 0 && v <= 100) ? value : throw Invalid(field, v, "0–100 %");

    /// <summary>
    /// A viability in percent (null allowed). A value above 0 and at most 1 is refused as ambiguous: cell counters
    /// report viability either as a fraction (0.93) or as a percentage (93 %), and a harvest or thaw at 1 % viability
    /// is not a record anyone keeps, so 0.93 is a fraction typed into a percent field (the label states the unit).
    /// </summary>
    public static double? ViabilityPercent(double? value, string field)
    {
        if (value is { } v && v > 0 && v <= 1)
            throw new InvalidValueException(field, v.ToString("G", CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture,
                    $"a percentage (0–100 %); {v:G} looks like a fraction — " +
                    $"enter {v * 100:0.##} for {v * 100:0.##} %"));
        return Percent(value, field);
    }

    /// <summary>A positive number up to <paramref name="max"/> (null allowed).</summary>
    public static double? Positive(double? value, string field, double max) =>
        value is not { } v || (v > 0 && v <= max) ? value
        : throw Invalid(field, v, $"a positive number of at most {max.ToString("G", CultureInfo.InvariantCulture)}");

    /// <summary>A non-negative number up to <paramref name="max"/> (null allowed).</summary>
    public static double? NonNegative(double? value, string field, double max) =>
        value is not { } v || (v >= 0 && v <= max) ? value
        : throw Invalid(field, v, $"a number from 0 to {max.ToString("G", CultureInfo.InvariantCulture)}");

    /// <summary>A record date: not before <see cref="EarliestDate"/> and not after <paramref name="today"/> (+1 day for
    /// time zones).</summary>
    public static DateOnly Date(DateOnly value, string field, DateOnly today) =>
        value >= EarliestDate && value <= today.AddDays(1) ? value
        : throw new InvalidValueException(field, value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            string.Create(CultureInfo.InvariantCulture,
                $"a date from {EarliestDate:yyyy-MM-dd} to today ({today:yyyy-MM-dd})"));

    private static InvalidValueException Invalid(string field, double value, string expected) =>
        new(field, value.ToString("G", CultureInfo.InvariantCulture), expected);
}

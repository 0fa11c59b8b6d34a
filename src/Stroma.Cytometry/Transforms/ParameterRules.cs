using System.Globalization;

namespace Stroma.Cytometry.Transforms;

/// <summary>
/// Checks of transform parameters against their Gating-ML 2.0 constraints; each failure becomes a
/// <see cref="TransformParameterException"/> naming the transform, the parameter, the value and the rule.
/// Non-finite values are refused everywhere: no Gating-ML definition is meaningful for NaN or ±∞.
/// </summary>
internal static class ParameterRules
{
    public static double Finite(string transform, string name, double value) =>
        double.IsFinite(value) ? value
            : throw new TransformParameterException(transform, name, value, $"{name} to be a finite number");

    public static double Positive(string transform, string name, double value) =>
        double.IsFinite(value)
            && value > 0 ? value : throw new TransformParameterException(transform, name, value, $"{name} > 0");

    /// <summary>
    /// Requires <paramref name="low"/> ≤ value ≤ <paramref name="high"/> (or low &lt; value when
    /// <paramref name="lowExclusive"/>).
    /// </summary>
    public static double Between(string transform, string name, double value, double low, string lowText, double high,
        string highText, bool lowExclusive = false)
    {
        var aboveLow = lowExclusive ? value > low : value >= low;
        if (double.IsFinite(value) && aboveLow && value <= high) return value;
        var lowOp = lowExclusive ? "<" : "≤";
        throw new TransformParameterException(transform, name, value,
            $"{lowText} {lowOp} {name} ≤ {highText} (here {Text(low)} {lowOp} {name} ≤ {Text(high)})");
    }

    public static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

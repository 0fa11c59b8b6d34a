namespace Stroma.Cytometry.Formats.Fcs;

/// <summary>
/// Turns raw stored channel values into scaled values (FCS 3.1 §3.3.33 and §3.3.34): log-amplified
/// integer channels to f2·10^(f1·x/$PnR), linear channels with a gain to x/$PnG, and the time channel
/// to seconds with <c>$TIMESTEP</c>.
/// </summary>
internal static class FcsScaling
{
    public static void Apply(EventTable events, IReadOnlyList<FcsParameter> parameters, FcsDataType dataType, double? timestep, List<string> warnings)
    {
        var logAllowed = dataType is FcsDataType.Integer or FcsDataType.Ascii;
        for (var p = 0; p < parameters.Count; p++)
        {
            var parameter = parameters[p];
            Func<double, double>? f = null;
            if (parameter.Amplification.IsLog)
            {
                if (!logAllowed)
                {
                    warnings.Add($"{parameter.Name}: $P{parameter.Number}E = {parameter.Amplification} is ignored for floating-point data (already linear).");
                    continue;
                }
                if (parameter.Range <= 0) continue;
                var (decades, offset, range) = (parameter.Amplification.Decades, parameter.Amplification.Offset, parameter.Range);
                f = x => offset * Math.Pow(10, decades * x / range);
            }
            else if (parameter.IsTime && timestep is { } step)
            {
                f = x => x * step;
            }
            else if (parameter.Gain != 1)
            {
                var gain = parameter.Gain;
                f = x => x / gain;
            }
            if (f is null) continue;

            if (events.IsDoublePrecision)
            {
                var column = events.WritableDouble(p);
                for (var i = 0; i < column.Length; i++) column[i] = f(column[i]);
            }
            else
            {
                var column = events.WritableSingle(p);
                for (var i = 0; i < column.Length; i++) column[i] = (float)f(column[i]);
            }
        }
    }
}

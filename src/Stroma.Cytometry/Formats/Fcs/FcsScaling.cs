namespace Stroma.Cytometry.Formats.Fcs;

/// <summary>
/// Turns raw stored channel values into scaled values (FCS 3.1 §3.3.33 and §3.3.34): log-amplified
/// integer channels to f2·10^(f1·x/$PnR), linear channels with a gain to x/$PnG, and the time channel
/// to seconds with <c>$TIMESTEP</c>.
/// </summary>
internal static class FcsScaling
{
    /// <summary>The raw→scaled function of one parameter, or null when scaling leaves it unchanged.</summary>
    public static Func<double, double>? For(FcsParameter parameter, FcsDataType dataType, double? timestep,
        List<string>? warnings)
    {
        if (parameter.Amplification.IsLog)
        {
            if (dataType is not (FcsDataType.Integer or FcsDataType.Ascii))
            {
                warnings?.Add($"{parameter.Name}: $P{parameter.Number}E = {parameter.Amplification} is ignored for " +
                    $"floating-point data (already linear).");
                return null;
            }
            if (parameter.Range <= 0) return null;
            var (decades, offset, range) =
                (parameter.Amplification.Decades, parameter.Amplification.Offset, parameter.Range);
            return x => offset * Math.Pow(10, decades * x / range);
        }
        if (parameter.IsTime && timestep is { } step) return x => x * step;
        if (parameter.Gain != 1)
        {
            var gain = parameter.Gain;
            return x => x / gain;
        }
        return null;
    }

    public static void Apply(EventTable events, IReadOnlyList<FcsParameter> parameters, FcsDataType dataType,
        double? timestep, List<string> warnings)
    {
        for (var p = 0; p < parameters.Count; p++)
        {
            if (!events.IsLoaded(p)) continue;
            if (For(parameters[p], dataType, timestep, warnings) is not { } f) continue;
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

using Stroma.Cytometry.Formats.Fcs;

namespace Stroma.Identity.Analysis;

/// <summary>Parameters of the automatic cell and singlet gates (documented in every report).</summary>
public sealed record AutoGateOptions
{
    /// <summary>
    /// Events at or above this fraction of <c>$PnR</c> on FSC or SSC are treated as saturated and removed.
    /// </summary>
    public double SaturationFraction { get; init; } = 0.995;

    /// <summary>
    /// Otsu effectiveness (η) above which log FSC-A is considered bimodal (debris + cells) and cut at Otsu's
    /// threshold.
    /// </summary>
    public double DebrisBimodality { get; init; } = 0.5;

    /// <summary>
    /// Robust standard deviations (1.4826·MAD) around the median FSC-H/FSC-A ratio kept as singlets.
    /// </summary>
    public double SingletSigmas { get; init; } = 4;

    /// <summary>Description of the algorithm, for reports.</summary>
    public string Describe() =>
        $"Cells: events with FSC-A and SSC-A > 0 and below {SaturationFraction:P1} of $PnR; when log10(FSC-A) is " +
            $"bimodal " +
        $"(Otsu effectiveness η ≥ {DebrisBimodality}), events below Otsu's threshold are debris. " +
        $"Singlets: cells whose FSC-H/FSC-A ratio lies within median ± {SingletSigmas}·1.4826·MAD (doublets have " +
            $"a lower ratio: their area doubles, their height does not); " +
        "with FSC-W instead of FSC-H, width ≤ median + the same margin.";
}

/// <summary>What the automatic gates decided for one tube.</summary>
/// <param name="ForwardScatter">FSC area channel used.</param>
/// <param name="SideScatter">SSC area channel used.</param>
/// <param name="SingletChannel">FSC-H or FSC-W channel used for singlets, or null when none exists.</param>
/// <param name="DebrisThreshold">FSC-A value below which events were debris, or null when no debris mode was
/// found.</param>
/// <param name="Bimodality">Otsu effectiveness on log FSC-A.</param>
/// <param name="SingletLow">Lowest singlet ratio (or lowest width bound is 0).</param>
/// <param name="SingletHigh">Highest singlet ratio (or highest width).</param>
/// <param name="Total">Events in the tube.</param>
/// <param name="Cells">Events in the cell gate.</param>
/// <param name="Singlets">Events in the singlet gate (⊆ cells).</param>
public sealed record AutoGateResult(
    string? ForwardScatter, string? SideScatter, string? SingletChannel, double? DebrisThreshold, double Bimodality,
    double? SingletLow, double? SingletHigh, int Total, int Cells, int Singlets);

/// <summary>Automatic debris and doublet exclusion on scatter channels.</summary>
public static class AutoGate
{
    /// <summary>Finds a scatter channel: the "-A" form preferred, e.g. FSC-A, then FSC, FS.</summary>
    public static int FindScatter(FcsDataset sample, string kind, string suffix = "-A")
    {
        ArgumentNullException.ThrowIfNull(sample);
        var candidates = sample.Parameters.Select((p, i) => (p.ShortName.Trim(), i)).ToArray();
        string[] prefixes = kind == "FSC" ? ["FSC", "FS"] : ["SSC", "SS"];
        foreach (var prefix in prefixes)
        {
            foreach (var (name, i) in candidates)
                if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                    && name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) return i;
        }
        if (suffix != "-A") return -1;
        foreach (var prefix in prefixes)
            foreach (var (name, i) in candidates)
                if (string.Equals(name, prefix, StringComparison.OrdinalIgnoreCase)
                    || name.StartsWith(prefix + " ", StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    /// <summary>
    /// Computes the cell and singlet gates; <paramref name="singlets"/> receives per-event membership.
    /// </summary>
    public static AutoGateResult Apply(FcsDataset sample, IReadOnlyDictionary<int, double[]> scaled,
        AutoGateOptions options, out bool[] singlets)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(scaled);
        ArgumentNullException.ThrowIfNull(options);
        var n = sample.EventCount;
        var fsc = FindScatter(sample, "FSC");
        var ssc = FindScatter(sample, "SSC");
        var cells = new bool[n];
        Array.Fill(cells, true);
        double? debris = null;
        var bimodality = 0.0;

        if (fsc >= 0)
        {
            var f = scaled[fsc];
            var fMax = sample.Parameters[fsc].Range * options.SaturationFraction;
            var sMax = ssc >= 0 ? sample.Parameters[ssc].Range * options.SaturationFraction : double.PositiveInfinity;
            var s = ssc >= 0 ? scaled[ssc] : null;
            for (var i = 0; i < n; i++)
                cells[i] = f[i] > 0 && (fMax <= 0 || f[i] < fMax)
                    && (s is null || (s[i] > 0 && (sMax <= 0 || s[i] < sMax)));

            var logs = Enumerable.Range(0, n).Where(i => cells[i]).Select(i => Math.Log10(f[i])).ToArray();
            if (logs.Length > 100)
            {
                var lo = Statistics.Percentile(logs, 0.5);
                var hi = Statistics.Percentile(logs, 99.5);
                var (threshold, effectiveness) = Statistics.Otsu(logs, lo, hi);
                bimodality = effectiveness;
                var below = logs.Count(v => v < threshold);
                if (effectiveness >= options.DebrisBimodality && below >= 0.01 * logs.Length)
                {
                    debris = Math.Pow(10, threshold);
                    for (var i = 0; i < n; i++) cells[i] &= f[i] >= debris;
                }
            }
        }

        var singlet = (bool[])cells.Clone();
        string? singletChannel = null;
        double? low = null, high = null;
        var height = FindScatter(sample, "FSC", "-H");
        var width = FindScatter(sample, "FSC", "-W");
        if (fsc >= 0 && (height >= 0 || width >= 0))
        {
            var useHeight = height >= 0;
            singletChannel = sample.Parameters[useHeight ? height : width].Name;
            var a = scaled[fsc];
            var other = scaled[useHeight ? height : width];
            var metric = new double[n];
            for (var i = 0; i < n; i++) metric[i] = useHeight ? (a[i] > 0 ? other[i] / a[i] : double.NaN) : other[i];
            var gated = Enumerable.Range(0, n).Where(i => cells[i]).Select(i => metric[i]).ToArray();
            var (median, sigma) = Statistics.RobustLocation(gated);
            if (double.IsFinite(median) && double.IsFinite(sigma))
            {
                low = useHeight ? median - options.SingletSigmas * sigma : double.NegativeInfinity;
                high = median + options.SingletSigmas * sigma;
                for (var i = 0; i < n; i++) singlet[i] = cells[i] && metric[i] >= low && metric[i] <= high;
                if (!useHeight) low = null;
            }
        }

        singlets = singlet;
        return new AutoGateResult(
            fsc >= 0 ? sample.Parameters[fsc].Name : null, ssc >= 0 ? sample.Parameters[ssc].Name : null,
                singletChannel,
            debris, bimodality, low, high, n, cells.Count(c => c), singlet.Count(c => c));
    }
}

namespace Stroma.Identity.Analysis;

/// <summary>Small statistics used by the identity analysis, each with its source.</summary>
public static class Statistics
{
    /// <summary>
    /// 95% Wilson score interval for a proportion k/n, in percent (Wilson EB, J Am Stat Assoc 1927;22:209–212).
    /// Unlike the normal approximation it stays inside [0, 100] and behaves at proportions near 0 or 1.
    /// </summary>
    public static (double Low, double High) WilsonInterval(long successes, long trials, double z = 1.959963984540054)
    {
        if (trials <= 0) return (0, 100);
        var p = (double)successes / trials;
        var z2 = z * z;
        var denominator = 1 + z2 / trials;
        var centre = (p + z2 / (2 * trials)) / denominator;
        var half = z * Math.Sqrt(p * (1 - p) / trials + z2 / (4.0 * trials * trials)) / denominator;
        return (Math.Max(0, centre - half) * 100, Math.Min(1, centre + half) * 100);
    }

    /// <summary>
    /// 95% interval, in percentage points, for the difference p₁ − p₂ of two independent proportions k₁/n₁
    /// and k₂/n₂:
    /// Newcombe's hybrid score interval (Newcombe RG, Interval estimation for the difference between independent
    /// proportions: comparison of eleven methods, Stat Med 1998;17:873–890, method 10), which combines the two
    /// Wilson intervals (l₁, u₁) and (l₂, u₂): L = d − √((p₁ − l₁)² + (u₂ − p₂)²), U = d +
    /// √((u₁ − p₁)² + (p₂ − l₂)²).
    /// Newcombe's comparison found it near nominal coverage and, unlike the Wald interval, well behaved at
    /// proportions near 0 or 1 — the region of every negative and positive identity marker. Written out here
    /// (three lines over <see cref="WilsonInterval"/>) because no maintained .NET library offers it.
    /// </summary>
    public static (double Low, double High) NewcombeDifference(
        long successes1, long trials1, long successes2, long trials2, double z = 1.959963984540054)
    {
        if (trials1 <= 0 || trials2 <= 0) return (-100, 100);
        double p1 = 100.0 * successes1 / trials1, p2 = 100.0 * successes2 / trials2;
        var (l1, u1) = WilsonInterval(successes1, trials1, z);
        var (l2, u2) = WilsonInterval(successes2, trials2, z);
        var d = p1 - p2;
        return (Math.Max(-100, d - Math.Sqrt((p1 - l1) * (p1 - l1) + (u2 - p2) * (u2 - p2))),
                Math.Min(100, d + Math.Sqrt((u1 - p1) * (u1 - p1) + (p2 - l2) * (p2 - l2))));
    }

    /// <summary>
    /// Percentile by linear interpolation between order statistics (Hyndman &amp; Fan 1996, definition 7,
    /// the default of R and NumPy). <paramref name="percent"/> in [0, 100]. NaN values are ignored.
    /// </summary>
    public static double Percentile(ReadOnlySpan<double> values, double percent)
    {
        var sorted = values.ToArray().Where(v => !double.IsNaN(v)).ToArray();
        if (sorted.Length == 0) return double.NaN;
        Array.Sort(sorted);
        return PercentileOfSorted(sorted, percent);
    }

    /// <summary>Percentile of already sorted values (definition 7).</summary>
    public static double PercentileOfSorted(ReadOnlySpan<double> sorted, double percent)
    {
        if (sorted.Length == 0) return double.NaN;
        var h = (sorted.Length - 1) * Math.Clamp(percent, 0, 100) / 100.0;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /// <summary>
    /// Median and the median absolute deviation scaled by 1.4826 (a consistent estimator of σ for normal data).
    /// </summary>
    public static (double Median, double Sigma) RobustLocation(ReadOnlySpan<double> values)
    {
        var sorted = values.ToArray().Where(v => !double.IsNaN(v)).ToArray();
        if (sorted.Length == 0) return (double.NaN, double.NaN);
        Array.Sort(sorted);
        var median = PercentileOfSorted(sorted, 50);
        var deviations = sorted.Select(v => Math.Abs(v - median)).ToArray();
        Array.Sort(deviations);
        return (median, 1.4826 * PercentileOfSorted(deviations, 50));
    }

    /// <summary>
    /// Otsu's threshold (Otsu N, IEEE Trans Syst Man Cybern 1979;9:62–66) over a histogram of
    /// <paramref name="values"/> with <paramref name="bins"/> bins, and its effectiveness η = σ²between / σ²total
    /// (near 1 for two well-separated modes, low for a single mode).
    /// </summary>
    public static (double Threshold, double Effectiveness) Otsu(ReadOnlySpan<double> values, double min, double max,
        int bins = 256)
    {
        if (!(max > min) || values.IsEmpty) return (min, 0);
        var histogram = new long[bins];
        long n = 0;
        foreach (var v in values)
        {
            if (double.IsNaN(v)) continue;
            var b = (int)((Math.Clamp(v, min, max) - min) / (max - min) * (bins - 1));
            histogram[b]++;
            n++;
        }
        if (n == 0) return (min, 0);
        double Centre(int b) => min + (b + 0.5) * (max - min) / bins;
        double totalMean = 0;
        for (var b = 0; b < bins; b++) totalMean += histogram[b] * Centre(b);
        totalMean /= n;
        double totalVariance = 0;
        for (var b = 0; b < bins; b++) totalVariance += histogram[b] * Math.Pow(Centre(b) - totalMean, 2);
        totalVariance /= n;

        // Ties (an empty valley between modes gives a flat maximum) resolve to the middle of the plateau.
        double bestBetween = -1;
        int plateauStart = 0, plateauEnd = 0;
        long weightLow = 0;
        double sumLow = 0;
        for (var b = 0; b < bins - 1; b++)
        {
            weightLow += histogram[b];
            sumLow += histogram[b] * Centre(b);
            var weightHigh = n - weightLow;
            if (weightLow == 0 || weightHigh == 0) continue;
            var meanLow = sumLow / weightLow;
            var meanHigh = (totalMean * n - sumLow) / weightHigh;
            var between = (double)weightLow * weightHigh / ((double)n * n) * Math.Pow(meanLow - meanHigh, 2);
            if (between > bestBetween * (1 + 1e-12))
            {
                bestBetween = between;
                plateauStart = plateauEnd = b;
            }
            else if (between >= bestBetween * (1 - 1e-12) && plateauEnd == b - 1)
            {
                plateauEnd = b;
            }
        }
        var bestThreshold = min + ((plateauStart + plateauEnd) / 2.0 + 1) * (max - min) / bins;
        return (bestThreshold, totalVariance > 0 ? bestBetween / totalVariance : 0);
    }
}

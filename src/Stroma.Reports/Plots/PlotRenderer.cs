using ScottPlot;

namespace Stroma.Reports.Plots;

/// <summary>Cytometry plots rendered to PNG with ScottPlot: scatter/density views, histogram overlays.</summary>
public static class PlotRenderer
{
    /// <summary>
    /// Display transform for fluorescence: arcsinh(x / cofactor), the usual biexponential-like view that shows
    /// negatives.
    /// </summary>
    public static double Asinh(double x, double cofactor = 150) => Math.Asinh(x / cofactor);

    /// <summary>
    /// Scatter of two parameters with in-gate events highlighted; optional extra lines (gate boundaries).
    /// </summary>
    public static byte[] GatedScatter(string title, string xLabel, string yLabel, double[] xs, double[] ys,
        bool[] inside,
        IEnumerable<(double X1, double Y1, double X2, double Y2, string Label)>? lines = null, int width = 520,
            int height = 400)
    {
        ArgumentNullException.ThrowIfNull(xs);
        ArgumentNullException.ThrowIfNull(ys);
        ArgumentNullException.ThrowIfNull(inside);
        var plot = new Plot();
        var outX = Enumerable.Range(0, xs.Length).Where(i => !inside[i]).Select(i => xs[i]).ToArray();
        var outY = Enumerable.Range(0, xs.Length).Where(i => !inside[i]).Select(i => ys[i]).ToArray();
        var inX = Enumerable.Range(0, xs.Length).Where(i => inside[i]).Select(i => xs[i]).ToArray();
        var inY = Enumerable.Range(0, xs.Length).Where(i => inside[i]).Select(i => ys[i]).ToArray();
        if (outX.Length > 0)
        {
            var excluded = plot.Add.ScatterPoints(outX, outY);
            excluded.MarkerSize = 1.5f;
            excluded.Color = Colors.Gray.WithAlpha(0.45);
            excluded.LegendText = $"excluded ({outX.Length:N0})";
        }
        if (inX.Length > 0)
        {
            var kept = plot.Add.ScatterPoints(inX, inY);
            kept.MarkerSize = 1.5f;
            kept.Color = Color.FromHex("#1f5fa8").WithAlpha(0.5);
            kept.LegendText = $"in gate ({inX.Length:N0})";
        }
        foreach (var (x1, y1, x2, y2, label) in lines ?? [])
        {
            var line = plot.Add.Line(x1, y1, x2, y2);
            line.Color = Color.FromHex("#c2410c");
            line.LineWidth = 2;
            line.LegendText = label;
        }
        plot.Title(title, 13);
        plot.XLabel(xLabel, 12);
        plot.YLabel(yLabel, 12);
        // The legend sits below the axes, never over the events it describes.
        plot.ShowLegend(Edge.Bottom);
        return plot.GetImageBytes(width, height + LegendHeight, ImageFormat.Png);
    }

    /// <summary>Pixels added below a plot for its legend panel (kept outside the data area).</summary>
    private const int LegendHeight = 40;

    /// <summary>
    /// Overlaid histograms of stained and control values on an arcsinh axis, with the positivity threshold.
    /// </summary>
    public static byte[] HistogramOverlay(string title, string xLabel, double[] stained, double[] control,
        double threshold, int bins = 120, int width = 520, int height = 320)
    {
        ArgumentNullException.ThrowIfNull(stained);
        ArgumentNullException.ThrowIfNull(control);
        var ts = stained.Select(v => Asinh(v)).ToArray();
        var tc = control.Select(v => Asinh(v)).ToArray();
        var all = ts.Concat(tc).Where(double.IsFinite).ToArray();
        var min = all.Length == 0 ? -1 : Math.Min(all.Min(), Asinh(threshold)) - 0.2;
        var max = all.Length == 0 ? 1 : Math.Max(all.Max(), Asinh(threshold)) + 0.2;
        var plot = new Plot();
        AddHistogram(plot, tc, min, max, bins, Colors.Gray, $"control ({control.Length:N0})");
        AddHistogram(plot, ts, min, max, bins, Color.FromHex("#1f5fa8"), $"stained ({stained.Length:N0})");
        var line = plot.Add.VerticalLine(Asinh(threshold));
        line.Color = Color.FromHex("#c2410c");
        line.LineWidth = 2;
        line.LegendText = $"threshold {threshold:0.#}";
        var ticks = new[] { -1000.0, 0, 100, 1000, 10_000, 100_000 }.Where(v => Asinh(v) >= min && Asinh(v) <= max)
            .ToArray();
        plot.Axes.Bottom.TickGenerator =
            new ScottPlot.TickGenerators.NumericManual(ticks.Select(t => Asinh(t)).ToArray(),
            ticks.Select(t => t.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        plot.Title(title, 13);
        plot.XLabel(xLabel + " (arcsinh scale)", 12);
        plot.YLabel("events (% of tube)", 12);
        plot.ShowLegend(Edge.Bottom);
        return plot.GetImageBytes(width, height + LegendHeight, ImageFormat.Png);
    }

    private static void AddHistogram(Plot plot, double[] values, double min, double max, int bins, Color color,
        string label)
    {
        var counts = new double[bins];
        var width = (max - min) / bins;
        foreach (var v in values)
        {
            if (!double.IsFinite(v)) continue;
            var b = (int)Math.Clamp((v - min) / width, 0, bins - 1);
            counts[b]++;
        }
        var total = Math.Max(1, values.Length);
        var xs = Enumerable.Range(0, bins).Select(b => min + (b + 0.5) * width).ToArray();
        var ys = counts.Select(c => 100 * c / total).ToArray();
        var line = plot.Add.ScatterLine(xs, ys);
        line.Color = color;
        line.LineWidth = 2;
        line.LegendText = label;
        var fill = plot.Add.FillY(xs, ys, new double[bins]);
        fill.FillColor = color.WithAlpha(0.18);
        fill.LineColor = Colors.Transparent;
    }

    /// <summary>Horizontal bar chart of labelled counts (largest first), e.g. trials by phase.</summary>
    public static byte[] Bars(string title, IReadOnlyList<(string Label, double Value)> bars, int width = 560,
        int height = 0, string? valueLabel = null)
    {
        ArgumentNullException.ThrowIfNull(bars);
        var plot = new Plot();
        var items = bars.ToArray();
        var values = items.Select(b => b.Value).ToArray();
        var positions = Enumerable.Range(0, items.Length).Select(i => (double)(items.Length - 1 - i)).ToArray();
        var barPlot = plot.Add.Bars(positions, values);
        barPlot.Horizontal = true;
        foreach (var bar in barPlot.Bars)
        {
            bar.FillColor = Color.FromHex("#1f5fa8");
            bar.Label = bar.Value.ToString("#,0.##", System.Globalization.CultureInfo.InvariantCulture);
        }
        barPlot.ValueLabelStyle.FontSize = 11;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions,
            items.Select(b => b.Label.Length > 34 ? b.Label[..33] + "…" : b.Label).ToArray());
        // Counts get whole-number ticks only (no "2.5 trials").
        if (values.All(v => v == Math.Floor(v)))
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.Margins(left: 0, right: 0.15, bottom: 0.02, top: 0.02);
        plot.Title(title, 13);
        if (valueLabel is not null) plot.XLabel(valueLabel, 11);
        return plot.GetImageBytes(width, height > 0 ? height : Math.Max(160, 60 + 22 * items.Length), ImageFormat.Png);
    }

    /// <summary>Cumulative population doublings per passage with the senescence warning and stop limits.</summary>
    public static byte[] PopulationDoublings(string title, IReadOnlyList<(double Passage, double CumulativePd)> points,
        double warn, double stop,
        int width = 560, int height = 320) =>
        PopulationDoublingsOfLineage(title, [new PdSegment("cumulative PD", points)], warn, stop, width, height);

    /// <summary>
    /// Cumulative population doublings across a whole lineage (primary culture → banks → product), one line per lot
    /// on
    /// one passage axis, with the senescence warning and stop limits; the legend sits below the axes.
    /// </summary>
    public static byte[] PopulationDoublingsOfLineage(string title, IReadOnlyList<PdSegment> segments, double warn,
        double stop,
        int width = 560, int height = 320)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var plot = new Plot();
        Color[] palette =
            [Color.FromHex("#1f5fa8"), Color.FromHex("#2e7d32"), Color.FromHex("#6a1b9a"), Color.FromHex("#00838f")];
        var all = segments.SelectMany(s => s.Points).ToArray();
        for (var i = 0; i < segments.Count; i++)
        {
            var seg = segments[i];
            if (seg.Points.Count == 0) continue;
            var line = plot.Add.Scatter(seg.Points.Select(p => p.Passage).ToArray(),
                seg.Points.Select(p => p.CumulativePd).ToArray());
            line.Color = palette[i % palette.Length];
            line.LineWidth = i == segments.Count - 1 ? 2.5f : 1.5f;
            line.MarkerSize = 7;
            line.LegendText = seg.Label;
        }
        var warnLine = plot.Add.HorizontalLine(warn);
        warnLine.Color = Color.FromHex("#a05a00");
        warnLine.LinePattern = LinePattern.Dashed;
        warnLine.LegendText = $"senescence warning ({warn:0.#} PD)";
        var stopLine = plot.Add.HorizontalLine(stop);
        stopLine.Color = Color.FromHex("#b3261e");
        stopLine.LegendText = $"senescence stop ({stop:0.#} PD)";
        plot.Axes.SetLimitsY(0, Math.Max(stop * 1.15, all.Select(p => p.CumulativePd).DefaultIfEmpty(0).Max() * 1.1));
        plot.Axes.SetLimitsX(0, Math.Max(1, all.Select(p => p.Passage).DefaultIfEmpty(0).Max()) + 0.5);
        // Passages are counted: whole-number ticks only.
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Title(title, 13);
        plot.XLabel(segments.Count > 1 ? "passage (across the lineage)" : "passage", 12);
        plot.YLabel("cumulative population doublings", 12);
        plot.ShowLegend(Edge.Bottom);
        return plot.GetImageBytes(width, height + LegendHeight + 18 * Math.Max(0, (segments.Count + 2) / 3 - 1),
            ImageFormat.Png);
    }
}

/// <summary>One lot's points on a lineage PD chart.</summary>
/// <param name="Label">Legend text (lot code and kind).</param>
/// <param name="Points">(passage on the lineage axis, cumulative PD).</param>
public sealed record PdSegment(string Label, IReadOnlyList<(double Passage, double CumulativePd)> Points);

namespace Stroma.Cytometry.Transforms;

/// <summary>
/// FlowJo's "biex" (biexponential) transform, as FlowJo 10 writes it in workspaces
/// (<c>&lt;transforms:biex neg= width= pos= maxRange= /&gt;</c>). The output is in channels on
/// [0, <see cref="ChannelRange"/>] (4096 by default), not on [0, 1].
/// </summary>
/// <remarks>
/// <para>FlowJo defines the transform by a lookup table from channel i to data value; this class uses
/// the same construction (TreeStar's legacy Java code as ported to cytolib and FlowKit's
/// <c>generate_biex_lut</c>) but evaluates it exactly instead of interpolating a table:
/// width decades wd = log10(−width), decades = pos − wd/2, extra = neg + wd/2,
/// zero channel z = ⌊extra·R/(extra + decades)⌋ (at most R/2; then decades = extra·R/z),
/// w = wd/(2·decades), P = decades·ln 10, N from 2(ln N − ln P) + w(P + N) = 0,
/// s = e^((P+N)(w + extra/decades)), and with n = R + 1 channel values
/// x(i) = maxRange·e^(−P)·(e^(P·i/n) − s·e^(−N·i/n)) − x0 for i ≥ z, x0 making x(z) = 0, mirrored
/// (x(i) = −x(2z − i)) below z. This is a logicle-type biexponential in channels, solved like
/// <see cref="LogicleTransform"/>; at FlowJo's own table points it reproduces FlowJo's channels.</para>
/// <para>Unlike FlowKit (which clamps outside its table) values beyond the table range extrapolate along
/// the same function.</para>
/// </remarks>
public sealed record FlowJoBiexTransform : BiexponentialTransform
{
    private const string Name = "biex";

    /// <summary>Creates the transform.</summary>
    /// <param name="id">An identifier (the workspace's transform id), or null.</param>
    /// <param name="negative">Extra negative decades (FlowJo "neg", ≥ 0).</param>
    /// <param name="width">FlowJo's width basis ("width", ≤ −1; e.g. −10, −100).</param>
    /// <param name="positive">Positive decades (FlowJo "pos", &gt; log10(−width)/2; FlowJo's default
    /// 4.418540).</param>
    /// <param name="maxValue">Top of the data range (FlowJo "maxRange", &gt; 0; e.g. 262144).</param>
    /// <param name="channelRange">Number of output channels R (≥ 2; FlowJo uses 4096).</param>
    /// <exception cref="TransformParameterException">A parameter violates its constraint.</exception>
    public FlowJoBiexTransform(string? id, double negative, double width, double positive, double maxValue,
        int channelRange = 4096)
        : base(id, Create(negative, width, positive, maxValue, channelRange))
    {
        Negative = negative;
        Width = width;
        Positive = positive;
        MaxValue = maxValue;
        ChannelRange = channelRange;
    }

    /// <summary>Extra negative decades.</summary>
    public double Negative { get; }

    /// <summary>Width basis (negative).</summary>
    public double Width { get; }

    /// <summary>Positive decades.</summary>
    public double Positive { get; }

    /// <summary>Top of the data range.</summary>
    public double MaxValue { get; }

    /// <summary>Number of output channels.</summary>
    public int ChannelRange { get; }

    // FlowJo's construction of the table, shared by the transform and its logicle counterpart.
    private readonly record struct Layout(double Decades, double WidthFraction, double PositiveRange,
        double NegativeRange, double Extra, int Zero);

    private static Layout Derive(double negative, double width, double positive, double maxValue, int channelRange)
    {
        ParameterRules.Between(Name, "negative", negative, 0, "0", double.MaxValue, "∞");
        ParameterRules.Between(Name, "width", width, -double.MaxValue, "−∞", -1, "−1");
        var widthDecades = Math.Log10(-width);
        ParameterRules.Between(Name, "positive", positive, widthDecades / 2, "log10(−width)/2", double.MaxValue,
            "∞", lowExclusive: true);
        ParameterRules.Positive(Name, "maxValue", maxValue);
        ParameterRules.Between(Name, "channelRange", channelRange, 2, "2", int.MaxValue - 1, "2^31 − 2");

        var range = (double)channelRange;
        var decades = positive - widthDecades / 2;
        var extra = negative + widthDecades / 2;
        // FlowJo truncates the zero channel to an integer and re-derives the decades from it.
        var zero = (int)Math.Min((int)(extra * range / (extra + decades)), range / 2);
        if (zero > 0) decades = extra * range / zero;
        var w = widthDecades / (2 * decades);
        var positiveRange = Math.Log(10) * decades;
        return new Layout(decades, w, positiveRange, BiexponentialScale.SolveD(positiveRange, w), extra, zero);
    }

    private static BiexponentialScale Create(double negative, double width, double positive, double maxValue,
        int channelRange)
    {
        var (decades, w, positiveRange, negativeRange, extra, zero) =
            Derive(negative, width, positive, maxValue, channelRange);
        var lnMinimum = Math.Log(maxValue) - positiveRange;
        var lnS = (positiveRange + negativeRange) * (w + extra / decades);
        // FlowJo's table puts channel i at fraction i/(R + 1) of the exponential range.
        var points = (double)channelRange + 1;
        return new BiexponentialScale(lnMinimum, positiveRange / points, lnMinimum + lnS, negativeRange / points, 0,
            zero, maxValue);
    }

    /// <summary>
    /// The Gating-ML 2.0 logicle closest to this transform, on the scale y = channel/(R + 1): the same
    /// exponential rates (b = P, d = N), width w and ratio of the two exponentials, with
    /// M + A = decades, W = w·decades, A = extra − w·decades (= neg) and T its value at y = 1.
    /// </summary>
    /// <remarks>
    /// Not identical: FlowJo's zero lies at channel z, i.e. y = z/(R + 1), where the logicle puts it at
    /// y = extra/decades = z/R; the curves differ by at most 2·z/(R(R + 1)) in y, under one of the 4096
    /// channels (0.2–0.7 channel for usual settings). Used only to write FlowJo biex axes as GatingML,
    /// which has no biex.
    /// </remarks>
    public LogicleTransform ToLogicle(string? id)
    {
        var (decades, w, p, n, extra, _) = Derive(Negative, Width, Positive, MaxValue, ChannelRange);
        var x1 = extra / decades;
        var x0 = x1 + w;
        // T = S(1) with S(y) = maxRange·e^(−P)·(e^(P·y) − e^(x0(P+N))·e^(−N·y)) taken relative to S(x1) = 0.
        double G(double y) => Math.Exp(p * (y - 1)) - Math.Exp(x0 * (p + n) - n * y - p);
        var t = MaxValue * (G(1) - G(x1));
        var a = extra - w * decades;
        return new LogicleTransform(id, t, w * decades, decades - a, a);
    }

    /// <summary>Output channel → the y of <see cref="ToLogicle"/> (y = channel/(R + 1)).</summary>
    public double ChannelToLogicle(double channel) => channel / (ChannelRange + 1.0);
}

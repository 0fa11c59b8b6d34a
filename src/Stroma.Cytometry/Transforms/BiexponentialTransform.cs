namespace Stroma.Cytometry.Transforms;

/// <summary>
/// A member of the biexponential family — <see cref="LogicleTransform"/>, <see cref="HyperlogTransform"/>
/// and <see cref="FlowJoBiexTransform"/> — whose transform is the root of an explicit biexponential
/// function B: y = B⁻¹(x). <see cref="ScaleTransform.Apply(double)"/> solves B(y) = x to double precision
/// (Halley's method, as the reference implementations do); <see cref="ScaleTransform.Inverse(double)"/>
/// evaluates B in closed form. Negative data are mapped by odd symmetry about the scale position of zero.
/// </summary>
public abstract record BiexponentialTransform : ScaleTransform
{
    private readonly BiexponentialScale _scale;

    private protected BiexponentialTransform(string? id, BiexponentialScale scale) : base(id, scale.CreateKernel()) =>
        _scale = scale;

    /// <summary>The scale position of data value 0 (x1 in the Logicle papers).</summary>
    public double ZeroPosition => _scale.Zero;

    /// <summary>The numerical core (internal, for tests).</summary>
    internal BiexponentialScale Scale => _scale;
}

/// <summary>
/// The Gating-ML 2.0 biexponential scales parametrised by T, W, M and A — <see cref="LogicleTransform"/>
/// and <see cref="HyperlogTransform"/> — which share their parameter constraints and the layout of the
/// unit interval: w = W/(M+A), x2 = A/(M+A), x1 = x2 + w (data zero), x0 = x2 + 2w, b = (M+A)·ln 10.
/// </summary>
public abstract record GatingMlBiexponentialTransform : BiexponentialTransform
{
    private protected GatingMlBiexponentialTransform(string? id, double t, double w, double m, double a,
        BiexponentialScale scale) : base(id, scale)
    {
        T = t;
        W = w;
        M = m;
        A = a;
    }

    /// <summary>Top of scale T, mapped to 1.</summary>
    public double T { get; }

    /// <summary>Decades W of the quasi-linear region around zero.</summary>
    public double W { get; }

    /// <summary>Decades M of the asymptotic log scale.</summary>
    public double M { get; }

    /// <summary>Additional decades A of negative data on scale.</summary>
    public double A { get; }

    /// <summary>
    /// Checks T &gt; 0, M &gt; 0, 0 ≤ W ≤ M/2 (0 &lt; W for hyperlog) and −W ≤ A ≤ M − 2W, then lays the
    /// decades out on the unit interval (Gating-ML 2.0, definitions of logicle and hyperlog).
    /// </summary>
    private protected static Layout Validate(string name, double t, double w, double m, double a, bool zeroWidthAllowed)
    {
        ParameterRules.Positive(name, "T", t);
        ParameterRules.Positive(name, "M", m);
        ParameterRules.Between(name, "W", w, 0, "0", m / 2, "M/2", lowExclusive: !zeroWidthAllowed);
        ParameterRules.Between(name, "A", a, -w, "−W", m - 2 * w, "M − 2W");
        var decades = m + a;
        var x2 = a / decades;
        return new Layout(w / decades, x2 + 2 * w / decades, x2 + w / decades, decades * Math.Log(10), Math.Log(t));
    }

    /// <summary>w, x0, x1, b and ln T of a validated parameter set.</summary>
    private protected readonly record struct Layout(double W, double X0, double X1, double B, double LnT);
}

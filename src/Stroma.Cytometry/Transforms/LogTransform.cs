using System.Runtime.Intrinsics;

namespace Stroma.Cytometry.Transforms;

/// <summary>
/// Gating-ML 2.0 parametrized logarithmic transformation <c>flog</c>:
/// <c>flog(x, T, M) = (1/M)·log10(x/T) + 1</c>, mapping (0, T] onto (−∞, 1] so that T maps to 1 and
/// M decades fill the unit interval.
/// </summary>
/// <remarks>
/// Definition and constraints: Gating-ML 2.0 (ISAC specification 2013-01-22), flog (§6.2): T &gt; 0,
/// M &gt; 0. The function is defined for x &gt; 0 only; as the definition gives, x = 0 maps to −∞ (the
/// limit) and negative x to NaN, which lies inside no gate. (flowCore's <c>logtGml2_trans</c> instead
/// moves non-positive values to the smallest positive one, which the specification does not say.)
/// Computed as ln(x/T)·(1/(M·ln 10)) + 1 in both the scalar and the vector form, so the two agree and
/// T maps to exactly 1.
/// </remarks>
public sealed record LogTransform : ScaleTransform
{
    private const string Name = "flog";
    /// <summary>Creates the transform; parameter names follow the Gating-ML attributes.</summary>
    /// <param name="id">The Gating-ML <c>transforms:id</c> (null when made in code).</param>
    /// <param name="t">Top of scale T (&gt; 0), mapped to 1.</param>
    /// <param name="m">Number of decades M (&gt; 0) spanning the unit interval.</param>
    /// <exception cref="TransformParameterException">A parameter violates its constraint.</exception>
    public LogTransform(string? id, double t, double m) : base(id, Create(t, m))
    {
        T = t;
        M = m;
    }

    /// <summary>Top of scale.</summary>
    public double T { get; }

    /// <summary>Number of decades.</summary>
    public double M { get; }

    private static ScaleKernel<Forward, Backward> Create(double t, double m)
    {
        ParameterRules.Positive(Name, "T", t);
        ParameterRules.Positive(Name, "M", m);
        var decadesLn10 = m * Math.Log(10);
        return new(new Forward(t, 1 / decadesLn10), new Backward(t, decadesLn10));
    }

    private readonly record struct Forward(double T, double InverseDecadesLn10) : IElementwise
    {
        public double Invoke(double x) => Math.Log(x / T) * InverseDecadesLn10 + 1;

        public Vector128<double> Invoke(Vector128<double> x) =>
            Vector128.Log(x / Vector128.Create(T)) * Vector128.Create(InverseDecadesLn10) + Vector128<double>.One;

        public Vector256<double> Invoke(Vector256<double> x) =>
            Vector256.Log(x / Vector256.Create(T)) * Vector256.Create(InverseDecadesLn10) + Vector256<double>.One;
    }

    private readonly record struct Backward(double T, double DecadesLn10) : IElementwise
    {
        public double Invoke(double y) => Math.Exp((y - 1) * DecadesLn10) * T;

        public Vector128<double> Invoke(Vector128<double> y) =>
            Vector128.Exp((y - Vector128<double>.One) * Vector128.Create(DecadesLn10)) * Vector128.Create(T);

        public Vector256<double> Invoke(Vector256<double> y) =>
            Vector256.Exp((y - Vector256<double>.One) * Vector256.Create(DecadesLn10)) * Vector256.Create(T);
    }
}

using System.Runtime.Intrinsics;

namespace Stroma.Cytometry.Transforms;

/// <summary>
/// Gating-ML 2.0 parametrized inverse hyperbolic sine transformation <c>fasinh</c>:
/// <c>fasinh(x, T, M, A) = (asinh(x·sinh(M·ln 10)/T) + A·ln 10) / ((M + A)·ln 10)</c>.
/// T maps to 1, large values behave like an (M + A)-decade log scale, and A decades of negative data are
/// brought on scale. It equals <see cref="LogicleTransform"/> with W = 0.
/// </summary>
/// <remarks>
/// Definition and constraints: Gating-ML 2.0 (ISAC specification 2013-01-22), definition of fasinh: T &gt; 0,
/// M &gt; 0, 0 ≤ A ≤ M. The inverse is x = T·sinh((M + A)·ln 10·y − A·ln 10)/sinh(M·ln 10).
/// The vector form computes asinh and sinh with full relative precision near zero (see <see cref="VectorMath"/>).
/// </remarks>
public sealed record AsinhTransform : ScaleTransform
{
    private const string Name = "fasinh";
    /// <summary>Creates the transform; parameter names follow the Gating-ML attributes.</summary>
    /// <param name="id">The Gating-ML <c>transforms:id</c> (null when made in code).</param>
    /// <param name="t">Top of scale T (&gt; 0), mapped to 1.</param>
    /// <param name="m">Number of decades M (&gt; 0) of the positive (log-like) part.</param>
    /// <param name="a">Additional negative decades A (0 ≤ A ≤ M).</param>
    /// <exception cref="TransformParameterException">A parameter violates its constraint.</exception>
    public AsinhTransform(string? id, double t, double m, double a) : base(id, Create(t, m, a))
    {
        T = t;
        M = m;
        A = a;
    }

    /// <summary>Top of scale.</summary>
    public double T { get; }

    /// <summary>Decades of the positive part.</summary>
    public double M { get; }

    /// <summary>Additional negative decades.</summary>
    public double A { get; }

    private static ScaleKernel<Forward, Backward> Create(double t, double m, double a)
    {
        ParameterRules.Positive(Name, "T", t);
        ParameterRules.Positive(Name, "M", m);
        ParameterRules.Between(Name, "A", a, 0, "0", m, "M");
        var ln10 = Math.Log(10);
        var scale = Math.Sinh(m * ln10) / t;
        return new(new Forward(scale, a * ln10, (m + a) * ln10), new Backward(scale, a * ln10, (m + a) * ln10));
    }

    private readonly record struct Forward(double Scale, double Offset, double Range) : IElementwise
    {
        public double Invoke(double x) => (Math.Asinh(x * Scale) + Offset) / Range;

        public Vector128<double> Invoke(Vector128<double> x) =>
            (VectorMath.Asinh<Vector128<double>, Simd128>(x * Vector128.Create(Scale)) + Vector128.Create(Offset)) /
            Vector128.Create(Range);

        public Vector256<double> Invoke(Vector256<double> x) =>
            (VectorMath.Asinh<Vector256<double>, Simd256>(x * Vector256.Create(Scale)) + Vector256.Create(Offset)) /
            Vector256.Create(Range);
    }

    private readonly record struct Backward(double Scale, double Offset, double Range) : IElementwise
    {
        public double Invoke(double y) => Math.Sinh(y * Range - Offset) / Scale;

        public Vector128<double> Invoke(Vector128<double> y) =>
            VectorMath.Sinh<Vector128<double>, Simd128>(y * Vector128.Create(Range) - Vector128.Create(Offset)) /
            Vector128.Create(Scale);

        public Vector256<double> Invoke(Vector256<double> y) =>
            VectorMath.Sinh<Vector256<double>, Simd256>(y * Vector256.Create(Range) - Vector256.Create(Offset)) /
            Vector256.Create(Scale);
    }
}

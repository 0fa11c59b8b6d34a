using System.Runtime.Intrinsics;

namespace Stroma.Cytometry.Transforms;

/// <summary>
/// Gating-ML 2.0 parametrized linear transformation <c>flin</c>:
/// <c>flin(x, T, A) = (x + A) / (T + A)</c>, mapping [−A, T] onto [0, 1] (and defined for every x).
/// </summary>
/// <remarks>
/// Definition and constraints: Gating-ML 2.0 (ISAC specification 2013-01-22; Spidlen et al.,
/// Cytometry A 2015;87A:683–687), definition of flin: T &gt; 0 and 0 ≤ A ≤ T.
/// </remarks>
public sealed record LinearTransform : ScaleTransform
{
    private const string Name = "flin";
    /// <summary>Creates the transform; parameter names follow the Gating-ML attributes.</summary>
    /// <param name="id">The Gating-ML <c>transforms:id</c> (null when made in code).</param>
    /// <param name="t">Top of scale T (&gt; 0), mapped to 1.</param>
    /// <param name="a">Bottom offset A (0 ≤ A ≤ T): −A is mapped to 0.</param>
    /// <exception cref="TransformParameterException">A parameter violates its constraint.</exception>
    public LinearTransform(string? id, double t, double a) : base(id, Create(t, a))
    {
        T = t;
        A = a;
    }

    /// <summary>Top of scale.</summary>
    public double T { get; }

    /// <summary>Bottom offset: −A maps to 0.</summary>
    public double A { get; }

    private static ScaleKernel<Forward, Backward> Create(double t, double a)
    {
        ParameterRules.Positive(Name, "T", t);
        ParameterRules.Between(Name, "A", a, 0, "0", t, "T");
        return new(new Forward(a, t + a), new Backward(a, t + a));
    }

    private readonly record struct Forward(double A, double Range) : IElementwise
    {
        public double Invoke(double x) => (x + A) / Range;

        public Vector128<double> Invoke(Vector128<double> x) => (x + Vector128.Create(A)) / Vector128.Create(Range);

        public Vector256<double> Invoke(Vector256<double> x) => (x + Vector256.Create(A)) / Vector256.Create(Range);
    }

    private readonly record struct Backward(double A, double Range) : IElementwise
    {
        public double Invoke(double y) => y * Range - A;

        public Vector128<double> Invoke(Vector128<double> y) => y * Vector128.Create(Range) - Vector128.Create(A);

        public Vector256<double> Invoke(Vector256<double> y) => y * Vector256.Create(Range) - Vector256.Create(A);
    }
}

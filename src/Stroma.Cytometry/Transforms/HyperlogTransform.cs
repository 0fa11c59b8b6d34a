namespace Stroma.Cytometry.Transforms;

/// <summary>
/// Gating-ML 2.0 Hyperlog transformation <c>hyperlog(x, T, W, M, A) = root(EH(y, T, W, M, A) − x)</c>
/// with EH(y) = a·e^(by) + c·y − f (Bagwell, Cytometry A 2005;64A:34–42, as parametrised in Gating-ML 2.0).
/// Like Logicle, T maps to 1, W decades are quasi-linear and A extra decades of negative data are on scale,
/// but the linear term replaces Logicle's negative exponential.
/// </summary>
/// <remarks>
/// <para>Constants (Gating-ML 2.0, definition of hyperlog): w = W/(M+A), x2 = A/(M+A), x1 = x2 + w,
/// x0 = x2 + 2w, b = (M+A)·ln 10, e0 = e^(b·x0), ca = e0/w, fa = e^(b·x1) + ca·x1, a = T/(e^b + ca − fa),
/// c = ca·a, f = fa·a; evaluated scaled by e^(−b). Below data zero the reference implementation
/// (flowutils/flowCore Hyperlog) mirrors EH about x1, as here.</para>
/// <para>Constraints: T &gt; 0, M &gt; 0, 0 &lt; W ≤ M/2, −W ≤ A ≤ M − 2W.</para>
/// </remarks>
public sealed record HyperlogTransform : BiexponentialTransform
{
    private const string Name = "hyperlog";

    /// <summary>Creates the transform; parameter order and names follow the Gating-ML attributes.</summary>
    /// <param name="id">The Gating-ML <c>transforms:id</c> (null when made in code).</param>
    /// <param name="t">Top of scale T (&gt; 0), mapped to 1.</param>
    /// <param name="w">Width W (0 &lt; W ≤ M/2): decades of the quasi-linear region.</param>
    /// <param name="m">M (&gt; 0): decades of the asymptotic log scale.</param>
    /// <param name="a">A (−W ≤ A ≤ M − 2W): additional negative decades.</param>
    /// <exception cref="TransformParameterException">A parameter violates its constraint.</exception>
    public HyperlogTransform(string? id, double t, double w, double m, double a) : base(id, Create(t, w, m, a))
    {
        T = t;
        W = w;
        M = m;
        A = a;
    }

    /// <summary>Top of scale.</summary>
    public double T { get; }

    /// <summary>Decades of the quasi-linear region.</summary>
    public double W { get; }

    /// <summary>Decades of the asymptotic log scale.</summary>
    public double M { get; }

    /// <summary>Additional negative decades.</summary>
    public double A { get; }

    private static BiexponentialScale Create(double t, double w, double m, double a)
    {
        ParameterRules.Positive(Name, "T", t);
        ParameterRules.Positive(Name, "M", m);
        ParameterRules.Between(Name, "W", w, 0, "0", m / 2, "M/2", lowExclusive: true);
        ParameterRules.Between(Name, "A", a, -w, "−W", m - 2 * w, "M − 2W");
        var decades = m + a;
        var wFraction = w / decades;
        var x2 = a / decades;
        var x1 = x2 + wFraction;
        var x0 = x2 + 2 * wFraction;
        var b = decades * Math.Log(10);
        // e^(−b)·(e^b + ca − fa) = 1 + e^(b(x0−1))·(1 − x1)/w − e^(b(x1−1)).
        var scaledDenominator = 1 + Math.Exp(b * (x0 - 1)) * (1 - x1) / wFraction - Math.Exp(b * (x1 - 1));
        var lnA = Math.Log(t) - b - Math.Log(scaledDenominator);
        var c = Math.Exp(b * x0 + lnA) / wFraction;
        return new BiexponentialScale(lnA, b, double.NegativeInfinity, 0, c, x1, t);
    }
}

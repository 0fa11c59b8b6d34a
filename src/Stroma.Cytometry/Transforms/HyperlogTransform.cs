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
public sealed record HyperlogTransform : GatingMlBiexponentialTransform
{
    /// <summary>Creates the transform; parameter order and names follow the Gating-ML attributes.</summary>
    /// <param name="id">The Gating-ML <c>transforms:id</c> (null when made in code).</param>
    /// <param name="t">Top of scale T (&gt; 0), mapped to 1.</param>
    /// <param name="w">Width W (0 &lt; W ≤ M/2): decades of the quasi-linear region.</param>
    /// <param name="m">M (&gt; 0): decades of the asymptotic log scale.</param>
    /// <param name="a">A (−W ≤ A ≤ M − 2W): additional negative decades.</param>
    /// <exception cref="TransformParameterException">A parameter violates its constraint.</exception>
    public HyperlogTransform(string? id, double t, double w, double m, double a)
        : base(id, t, w, m, a, Create(Validate("hyperlog", t, w, m, a, zeroWidthAllowed: false)))
    {
    }

    private static BiexponentialScale Create(Layout layout)
    {
        var (w, x0, x1, b, lnT) = layout;
        // e^(−b)·(e^b + ca − fa) = 1 + e^(b(x0−1))·(1 − x1)/w − e^(b(x1−1)),
        // with ca = e^(b·x0)/w, fa = e^(b·x1) + ca·x1.
        var scaledDenominator = 1 + Math.Exp(b * (x0 - 1)) * (1 - x1) / w - Math.Exp(b * (x1 - 1));
        var lnA = lnT - b - Math.Log(scaledDenominator);
        var c = Math.Exp(b * x0 + lnA) / w;
        return new BiexponentialScale(lnA, b, double.NegativeInfinity, 0, c, x1, Math.Exp(lnT));
    }
}

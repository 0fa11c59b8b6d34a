namespace Stroma.Cytometry.Transforms;

/// <summary>
/// Gating-ML 2.0 Logicle transformation <c>logicle(x, T, W, M, A) = root(B(y, T, W, M, A) − x)</c>
/// with the modified biexponential B(y) = a·e^(by) − c·e^(−dy) − f (Parks, Roederer &amp; Moore,
/// Cytometry A 2006;69A:541–551; Moore &amp; Parks, Cytometry A 2012;81A:273–277). T maps to 1, M + A
/// decades fill [0, 1] asymptotically, W decades are quasi-linear around zero and A extra decades of
/// negative data are brought on scale; data zero sits at (A + W)/(M + A).
/// </summary>
/// <remarks>
/// <para>Constants (Gating-ML 2.0, definition of logicle, after Moore &amp; Parks 2012):
/// w = W/(M+A), x2 = A/(M+A), x1 = x2 + w, x0 = x2 + 2w, b = (M+A)·ln 10, d from
/// 2(ln d − ln b) + w(b + d) = 0, ca = e^(x0(b+d)), fa = e^(b·x1) − ca·e^(−d·x1),
/// a = T/(e^b − fa − ca·e^(−d)), c = ca·a, f = fa·a. They are evaluated scaled by e^(−b), in logarithms,
/// so no intermediate overflows.</para>
/// <para>Constraints: T &gt; 0, M &gt; 0, 0 ≤ W ≤ M/2, −W ≤ A ≤ M − 2W. W = 0 gives the
/// <see cref="AsinhTransform"/> of the same T, M, A.</para>
/// </remarks>
public sealed record LogicleTransform : GatingMlBiexponentialTransform
{
    /// <summary>Creates the transform; parameter order and names follow the Gating-ML attributes.</summary>
    /// <param name="id">The Gating-ML <c>transforms:id</c> (null when made in code).</param>
    /// <param name="t">Top of scale T (&gt; 0), mapped to 1.</param>
    /// <param name="w">Width W (0 ≤ W ≤ M/2): decades of the quasi-linear region.</param>
    /// <param name="m">M (&gt; 0): decades of the asymptotic log scale.</param>
    /// <param name="a">A (−W ≤ A ≤ M − 2W): additional negative decades.</param>
    /// <exception cref="TransformParameterException">A parameter violates its constraint.</exception>
    public LogicleTransform(string? id, double t, double w, double m, double a)
        : base(id, t, w, m, a, Create(Validate("logicle", t, w, m, a, zeroWidthAllowed: true)))
    {
    }

    private static BiexponentialScale Create(Layout layout)
    {
        var (w, x0, x1, b, lnT) = layout;
        var d = BiexponentialScale.SolveD(b, w);
        // e^(−b)·(e^b − fa − ca·e^(−d)) with ca = e^(x0(b+d)) and fa = e^(b·x1) − ca·e^(−d·x1).
        var scaledDenominator =
            1 - (Math.Exp(b * (x1 - 1)) - Math.Exp(x0 * (b + d) - d * x1 - b)) - Math.Exp(x0 * (b + d) - d - b);
        var lnA = lnT - b - Math.Log(scaledDenominator);
        return new BiexponentialScale(lnA, b, lnA + x0 * (b + d), d, 0, x1, Math.Exp(lnT));
    }
}

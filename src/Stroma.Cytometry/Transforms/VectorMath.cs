using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Stroma.Cytometry.Transforms;

/// <summary>
/// The few elementary functions the transforms need beyond <see cref="Math"/> and
/// <see cref="Vector256"/>: <c>expm1</c>, <c>log1p</c>, <c>asinh</c> and <c>sinh</c> with full relative
/// precision near zero, in scalar and four-lane form computed the same way.
/// </summary>
/// <remarks>
/// .NET has no <c>Math.Expm1</c>/<c>Math.Log1P</c>, and <c>e^z − 1</c> loses all relative precision as
/// z → 0. Below |z| = 1/2 the Taylor series of e^z − 1 is summed (17 terms: the first neglected term is
/// below 2^-70 of the sum); above, <c>e^z − 1</c> is exact to a few ulp because e^z − 1 ≥ 0.39.
/// </remarks>
internal static class VectorMath
{
    /// <summary>|z| below which <see cref="Expm1(double)"/> sums its Taylor series.</summary>
    public const double Expm1SeriesLimit = 0.5;

    private const int SeriesTerms = 17;

    // 1/k! for k = 1..17, the Taylor coefficients of e^z − 1.
    private static readonly double[] InverseFactorials = BuildInverseFactorials(SeriesTerms);

    private static double[] BuildInverseFactorials(int count)
    {
        var c = new double[count];
        var f = 1.0;
        for (var k = 1; k <= count; k++)
        {
            f *= k;
            c[k - 1] = 1.0 / f;
        }
        return c;
    }

    /// <summary>e^z − 1 to a few ulp for every z (the series near zero, <c>Math.Exp</c> elsewhere).</summary>
    public static double Expm1(double z)
    {
        if (!(Math.Abs(z) < Expm1SeriesLimit)) return Math.Exp(z) - 1;
        return Expm1Series(z, SeriesTerms);
    }

    /// <summary>The first <paramref name="terms"/> terms of the Taylor series of e^z − 1 (Horner form).</summary>
    public static double Expm1Series(double z, int terms)
    {
        var c = InverseFactorials;
        var sum = c[terms - 1];
        for (var k = terms - 2; k >= 0; k--) sum = Math.FusedMultiplyAdd(sum, z, c[k]);
        return sum * z;
    }

    /// <summary>Four-lane <see cref="Expm1(double)"/>.</summary>
    public static Vector256<double> Expm1(Vector256<double> z)
    {
        var small = Vector256.LessThan(Vector256.Abs(z), Vector256.Create(Expm1SeriesLimit));
        var mask = small.ExtractMostSignificantBits();
        if (mask == 0b1111) return Expm1Series(z, SeriesTerms);
        var viaExp = Vector256.Exp(z) - Vector256<double>.One;
        return mask == 0 ? viaExp : Vector256.ConditionalSelect(small, Expm1Series(z, SeriesTerms), viaExp);
    }

    /// <summary>Four-lane <see cref="Expm1Series(double, int)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Expm1Series(Vector256<double> z, int terms)
    {
        var c = InverseFactorials;
        var sum = Vector256.Create(c[terms - 1]);
        for (var k = terms - 2; k >= 0; k--) sum = Vector256.FusedMultiplyAdd(sum, z, Vector256.Create(c[k]));
        return sum * z;
    }

    /// <summary>
    /// ln(1 + u) for u ≥ 0 with full relative precision: Goldberg's correction ln(w)·u/(w − 1) with
    /// w = 1 + u cancels the rounding of w (Goldberg 1991, "What every computer scientist should know
    /// about floating-point arithmetic", Theorem 4).
    /// </summary>
    public static Vector256<double> Log1p(Vector256<double> u)
    {
        var w = Vector256<double>.One + u;
        var corrected = Vector256.Log(w) * u / (w - Vector256<double>.One);
        return Vector256.ConditionalSelect(Vector256.Equals(w, Vector256<double>.One), u, corrected);
    }

    /// <summary>
    /// Four-lane asinh to a few ulp: asinh|z| = log1p(|z| + z²/(1 + √(1 + z²))) (no cancellation near
    /// zero), and ln|z| + ln 2 once z² would exceed 2^56 (where the neglected 1/(4z²) is below an ulp).
    /// </summary>
    public static Vector256<double> Asinh(Vector256<double> z)
    {
        var az = Vector256.Abs(z);
        var z2 = az * az;
        var moderate = Log1p(az + z2 / (Vector256<double>.One + Vector256.Sqrt(Vector256<double>.One + z2)));
        var large = Vector256.Log(az) + Vector256.Create(Math.Log(2));
        var result =
            Vector256.ConditionalSelect(Vector256.GreaterThan(az, Vector256.Create(268435456.0)), large, moderate);
        return Vector256.CopySign(result, z);
    }

    /// <summary>
    /// Four-lane sinh to a few ulp: (e^u − e^−u)/2 for |u| ≥ 1/2 and (e^|u| − 1)(e^|u| + 1)/(2e^|u|) via
    /// the expm1 series below, where the plain difference would cancel.
    /// </summary>
    public static Vector256<double> Sinh(Vector256<double> u)
    {
        var au = Vector256.Abs(u);
        var em = Expm1(au);
        // sinh|u| = (em + em/(em + 1))/2 with em = e^|u| − 1: exact rearrangement, no cancellation.
        var small = (em + em / (em + Vector256<double>.One)) * Vector256.Create(0.5);
        var e = Vector256.Exp(au);
        var large = (e - Vector256<double>.One / e) * Vector256.Create(0.5);
        var result =
            Vector256.ConditionalSelect(Vector256.LessThan(au, Vector256.Create(Expm1SeriesLimit)), small, large);
        return Vector256.CopySign(result, u);
    }
}

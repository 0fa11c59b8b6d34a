using System.Runtime.CompilerServices;

namespace Stroma.Cytometry.Transforms;

/// <summary>
/// The few elementary functions the transforms need beyond <see cref="Math"/> and
/// the vector types: <c>expm1</c>, <c>log1p</c>, <c>asinh</c> and <c>sinh</c> with full relative
/// precision near zero, in scalar and vector form (generic over <see cref="ISimd{TV}"/>) computed the same way.
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

    /// <summary>Vector <see cref="Expm1(double)"/>.</summary>
    public static TV Expm1<TV, TS>(TV z)
        where TV : struct
        where TS : ISimd<TV>
    {
        var small = TS.LessThan(TS.Abs(z), TS.Create(Expm1SeriesLimit));
        if (TS.All(small)) return Expm1Series<TV, TS>(z, SeriesTerms);
        var viaExp = TS.Subtract(TS.Exp(z), TS.Create(1));
        return TS.None(small) ? viaExp : TS.ConditionalSelect(small, Expm1Series<TV, TS>(z, SeriesTerms), viaExp);
    }

    /// <summary>Vector <see cref="Expm1Series(double, int)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Expm1Series<TV, TS>(TV z, int terms)
        where TV : struct
        where TS : ISimd<TV>
    {
        var c = InverseFactorials;
        var sum = TS.Create(c[terms - 1]);
        for (var k = terms - 2; k >= 0; k--) sum = TS.MultiplyAdd(sum, z, TS.Create(c[k]));
        return TS.Multiply(sum, z);
    }

    /// <summary>
    /// ln(1 + u) for u ≥ 0 with full relative precision: Goldberg's correction ln(w)·u/(w − 1) with
    /// w = 1 + u cancels the rounding of w (Goldberg 1991, "What every computer scientist should know
    /// about floating-point arithmetic", Theorem 4).
    /// </summary>
    public static TV Log1p<TV, TS>(TV u)
        where TV : struct
        where TS : ISimd<TV>
    {
        var one = TS.Create(1);
        var w = TS.Add(one, u);
        var corrected = TS.Divide(TS.Multiply(TS.Log(w), u), TS.Subtract(w, one));
        return TS.ConditionalSelect(TS.Equals(w, one), u, corrected);
    }

    /// <summary>
    /// Vector asinh to a few ulp: asinh|z| = log1p(|z| + z²/(1 + √(1 + z²))) (no cancellation near
    /// zero), and ln|z| + ln 2 once z² would exceed 2^56 (where the neglected 1/(4z²) is below an ulp).
    /// </summary>
    public static TV Asinh<TV, TS>(TV z)
        where TV : struct
        where TS : ISimd<TV>
    {
        var one = TS.Create(1);
        var az = TS.Abs(z);
        var z2 = TS.Multiply(az, az);
        var moderate = Log1p<TV, TS>(TS.Add(az, TS.Divide(z2, TS.Add(one, TS.Sqrt(TS.Add(one, z2))))));
        var large = TS.Add(TS.Log(az), TS.Create(Math.Log(2)));
        var result = TS.ConditionalSelect(TS.GreaterThan(az, TS.Create(268435456.0)), large, moderate);
        return TS.CopySign(result, z);
    }

    /// <summary>
    /// Vector sinh to a few ulp: (e^u − e^−u)/2 for |u| ≥ 1/2 and (e^|u| − 1)(e^|u| + 1)/(2e^|u|) via
    /// the expm1 series below, where the plain difference would cancel.
    /// </summary>
    public static TV Sinh<TV, TS>(TV u)
        where TV : struct
        where TS : ISimd<TV>
    {
        var one = TS.Create(1);
        var half = TS.Create(0.5);
        var au = TS.Abs(u);
        var em = Expm1<TV, TS>(au);
        // sinh|u| = (em + em/(em + 1))/2 with em = e^|u| − 1: exact rearrangement, no cancellation.
        var small = TS.Multiply(TS.Add(em, TS.Divide(em, TS.Add(em, one))), half);
        var e = TS.Exp(au);
        var large = TS.Multiply(TS.Subtract(e, TS.Divide(one, e)), half);
        var result = TS.ConditionalSelect(TS.LessThan(au, TS.Create(Expm1SeriesLimit)), small, large);
        return TS.CopySign(result, u);
    }
}

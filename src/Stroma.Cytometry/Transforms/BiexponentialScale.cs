using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Stroma.Cytometry.Transforms;

/// <summary>
/// The numerical core of the biexponential family (logicle, hyperlog, FlowJo biex): the explicit
/// "inverse" B(y) from the scale to data values, and its root y = B⁻¹(x), which is the transform.
/// </summary>
/// <remarks>
/// <para><b>Model.</b> Each member is B(y) = a·e^(b·y) − c·e^(−d·y) + g·y − f for y ≥ x1 (the scale
/// position of data zero), continued by odd symmetry B(y) = −B(2·x1 − y) below x1 — the reflection the
/// reference implementations use (Moore &amp; Parks, Cytometry A 2012;81A:273–277, and their
/// Logicle.java/Logicle.cpp; flowutils' logicle.c for hyperlog). Here it is written around x1:</para>
/// <code>B(x1 + δ) = P1·(e^(bδ) − 1) − Q1·(e^(−dδ) − 1) + g·δ,
///     P1 = a·e^(b·x1), Q1 = c·e^(−d·x1)</code>
/// <para>which is the same function (f is fixed by B(x1) = 0, so f = P1 − Q1 + g·x1), but every term is
/// non-negative for δ ≥ 0, so nothing cancels. With e^z − 1 summed as a Taylor series near zero this is
/// the reference's "Taylor series near x1" device, applied per exponential instead of to B as a whole: the
/// reference switches to the plain formula at δ = w/4, where a·e^(by) − c·e^(−dy) − f still cancels badly
/// when W approaches M/2 (c·e^(−dy) and f nearly cancel there, each up to (b/d)² = e^((b+d)w) times the
/// result), and for W → 0 its series region vanishes; the form here keeps a few ulp everywhere.</para>
/// <para><b>Scalar solve</b> (the reference method): Halley's method on δ, from δ = x/B'(x1) in the
/// quasi-linear region or δ = ln(x/P1)/b in the logarithmic one, falling back to a Newton step if the
/// Halley correction would more than double the step; it stops once a step is below 1e-9·δ, when cubic
/// convergence has already made the error far smaller than an ulp.</para>
/// <para><b>Vector solve</b>: a table of exact roots at knots spaced 2^-k apart in the bit pattern of
/// |x| + s (so roughly 2^k knots per octave, s = 2^⌊log2(B'(x1)/b)⌋ making the spacing uniform in the
/// quasi-linear region), then two Halley steps from the knot. The first step uses the stored B, P, Q at
/// the knot and needs no exponential; the second evaluates e^(bh) − 1 by a 9-term series (|bh| ≤ 0.06).
/// The knot spacing is checked at build time (b·Δδ ≤ 0.06), so the first step leaves an error below
/// 3e-6·Δδ and the second one below 1e-16 — as exact as the scalar solve, and about 18 times faster
/// (bench/Stroma.Benchmarks/TransformBenchmarks.cs).
/// Values beyond the table (beyond 16·top of scale, NaN, ±∞) take the scalar path.</para>
/// <para><b>Vector inverse</b>: B at the nearest point of a uniform grid in δ, moved to δ by the same
/// exact rearrangement (a 9-term series for |bh| ≤ 1/128), so no exponential is evaluated per value.</para>
/// </remarks>
internal sealed class BiexponentialScale : IEquatable<BiexponentialScale>
{
    private const int MaxIterations = 100;
    private const double ConvergedStep = 1e-9;
    private const double MaxKnotSpacing = 0.06;

    private readonly double _b, _d, _g, _p1, _q1, _x1;
    private readonly double _tableTop;
    private readonly bool _hasNegative, _hasLinear;
    private readonly double _lnP1, _logGuessFrom, _hugeData;
    private Table? _table;

    /// <summary>Creates the scale B(y) = a·e^(by) − c·e^(−dy) + g·y − f with B(x1) = 0.</summary>
    /// <param name="lnA">ln a (given as a logarithm so extreme parameters cannot overflow).</param>
    /// <param name="b">Rate of the positive exponential (&gt; 0).</param>
    /// <param name="lnC">ln c, or −∞ when there is no negative exponential (hyperlog).</param>
    /// <param name="d">Rate of the negative exponential (≥ 0).</param>
    /// <param name="g">Slope of the linear term (hyperlog), else 0.</param>
    /// <param name="x1">Scale position of data zero.</param>
    /// <param name="tableTop">The top of the data range the vector table must cover (16× this).</param>
    public BiexponentialScale(double lnA, double b, double lnC, double d, double g, double x1, double tableTop)
    {
        _b = b;
        _d = d;
        _g = g;
        _x1 = x1;
        _p1 = Math.Exp(lnA + b * x1);
        _q1 = double.IsNegativeInfinity(lnC) ? 0 : Math.Exp(lnC - d * x1);
        _hasNegative = _q1 > 0;
        _hasLinear = g != 0;
        _tableTop = tableTop;
        _lnP1 = Math.Log(_p1);
        // Past B(x1 + 1/b) the positive exponential dominates and ln(x/P1)/b is the better first guess.
        _logGuessFrom = Unreflected(1 / b);
        // Far out, x = P1·e^(bδ)·(1 + O(2^-60)), so δ = ln(x/P1)/b exactly; this also keeps e^(bδ) finite.
        _hugeData = Math.Min(1e300, _p1 * 1e300);
    }

    /// <summary>Scale position of data zero (x1).</summary>
    public double Zero => _x1;

    /// <summary>B'(x1): data units per scale unit at zero.</summary>
    public double SlopeAtZero => _b * _p1 + _d * _q1 + _g;

    /// <summary>
    /// |y − x1| at which the evaluation of e^(bδ) − 1 switches from its series to <c>Math.Exp</c>.
    /// </summary>
    public double SeriesSwitch => VectorMath.Expm1SeriesLimit / _b;

    /// <summary>Whether the vector table has been built (it is built on first bulk use).</summary>
    internal bool HasTable => _table is not null;

    /// <summary>B(y): the data value at scale position y (the inverse transform).</summary>
    public double Value(double y)
    {
        var delta = y - _x1;
        return delta < 0 ? -Unreflected(-delta) : Unreflected(delta);
    }

    /// <summary>B⁻¹(x): the scale position of data value x (the transform).</summary>
    public double Solve(double x)
    {
        if (double.IsNaN(x)) return x;
        var delta = SolveDelta(Math.Abs(x));
        return x < 0 ? _x1 - delta : _x1 + delta;
    }

    /// <summary>B(x1 + δ) for δ ≥ 0, without cancellation.</summary>
    private double Unreflected(double delta)
    {
        var value = _p1 * VectorMath.Expm1(_b * delta);
        if (_hasNegative) value -= _q1 * VectorMath.Expm1(-_d * delta);
        if (_hasLinear) value += _g * delta;
        return value;
    }

    /// <summary>The δ ≥ 0 with B(x1 + δ) = ax, for ax ≥ 0, by Halley's method.</summary>
    private double SolveDelta(double ax)
    {
        if (ax == 0) return 0;
        if (ax >= _hugeData) return (Math.Log(ax) - _lnP1) / _b;
        var delta = ax < _logGuessFrom ? ax / SlopeAtZero : (Math.Log(ax) - _lnP1) / _b;
        for (var i = 0; i < MaxIterations; i++)
        {
            var eb = VectorMath.Expm1(_b * delta);
            var p = _p1 + _p1 * eb;
            var residual = _p1 * eb - ax;
            var slope = _b * p;
            var curvature = _b * slope;
            if (_hasNegative)
            {
                var ed = VectorMath.Expm1(-_d * delta);
                var q = _q1 + _q1 * ed;
                residual -= _q1 * ed;
                slope += _d * q;
                curvature -= _d * _d * q;
            }
            if (_hasLinear)
            {
                residual += _g * delta;
                slope += _g;
            }
            var step = HalleyStep(residual, slope, curvature);
            delta -= step;
            if (!(Math.Abs(step) > ConvergedStep * Math.Abs(delta))) break;
        }
        return delta;
    }

    /// <summary>
    /// Halley's step f/f'·1/(1 − f·f''/(2f'²)) written with one division; a Newton step when the Halley
    /// factor would exceed 2 (far from the root, where the quadratic model is not to be trusted).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double HalleyStep(double f, double slope, double curvature)
    {
        var denominator = 2 * slope * slope - f * curvature;
        return denominator >= slope * slope ? 2 * f * slope / denominator : f / slope;
    }

    /// <summary>
    /// Four-lane <see cref="Value(double)"/>: B at the nearest knot of a uniform grid in δ (spacing 1/(64b)),
    /// moved to δ by B(δj + h) = B(δj) + Pj·(e^(bh) − 1) − Qj·(e^(−dh) − 1) + g·h with |bh| ≤ 1/128 —
    /// the
    /// same exact rearrangement as the scalar form, with no exponential to evaluate.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<double> Value(Vector256<double> y)
    {
        var table = _table ?? BuildTable();
        var delta = y - Vector256.Create(_x1);
        var ad = Vector256.Abs(delta);
        // Round ad/spacing to an integer in the low mantissa bits (adding 2^52 leaves no fraction bits).
        var magic = Vector256.Create(4503599627370496.0);
        var rounded = Vector256.FusedMultiplyAdd(ad, Vector256.Create(table.InverseDensity), magic);
        var index = rounded.AsInt64() - magic.AsInt64();
        if (!Vector256.LessThanAll(index.AsUInt64(), Vector256.Create(table.InverseCount))) return ValueEachLane(y);
        Gather(table.InverseRows, index, out var knot, out var value, out var p, out var q);
        return Vector256.CopySign(MoveAlong(value, p, q, ad - knot, out _, out _), delta);
    }

    /// <summary>Four-lane <see cref="Solve(double)"/>: table knot, then two Halley steps.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<double> Solve(Vector256<double> x)
    {
        var table = _table ?? BuildTable();
        var ax = Vector256.Abs(x);
        var index = Vector256.ShiftRightLogical((ax + Vector256.Create(table.Offset)).AsInt64(),
            table.Shift) - Vector256.Create(table.FirstBucket);
        if (!Vector256.LessThanAll(index.AsUInt64(), Vector256.Create(table.Count))) return SolveEachLane(x);
        Gather(table.Rows, index, out var knot, out var value, out var p, out var q);

        var b = Vector256.Create(_b);
        var d = Vector256.Create(_d);
        var g = Vector256.Create(_g);

        // Halley step 1 from the knot: residual B(knot) − x is exact (Sterbenz: both within 2^-k of each other).
        var residual = value - ax;
        var slope = Vector256.FusedMultiplyAdd(b, p, Vector256.FusedMultiplyAdd(d, q, g));
        var h = -HalleyStep(residual, slope, b * b * p - d * d * q);

        // Halley step 2 at knot + h, with the residual moved along from the knot.
        residual = MoveAlong(residual, p, q, h, out p, out q);
        slope = Vector256.FusedMultiplyAdd(b, p, Vector256.FusedMultiplyAdd(d, q, g));
        h -= HalleyStep(residual, slope, b * b * p - d * d * q);

        var delta = knot + h;
        var zero = Vector256.Create(_x1);
        return Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<double>.Zero), zero - delta, zero + delta);
    }

    /// <summary>Four-lane Halley step 2f·f'/(2f'² − f·f'').</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> HalleyStep(Vector256<double> f, Vector256<double> slope,
        Vector256<double> curvature)
    {
        var twoSlope = slope + slope;
        return (f + f) * slope / Vector256.FusedMultiplyAdd(twoSlope, slope, -f * curvature);
    }

    /// <summary>
    /// <paramref name="start"/> + P·(e^(bh) − 1) − Q·(e^(−dh) − 1) + g·h: the change of B from a point where
    /// its exponentials are P and Q to that point + h (|bh| ≤ 0.06); also the exponentials there.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector256<double> MoveAlong(Vector256<double> start, Vector256<double> p, Vector256<double> q,
        Vector256<double> h,
        out Vector256<double> pMoved, out Vector256<double> qMoved)
    {
        var eb = Expm1Short(Vector256.Create(_b) * h);
        var ed = Expm1Short(Vector256.Create(-_d) * h);
        pMoved = Vector256.FusedMultiplyAdd(p, eb, p);
        qMoved = Vector256.FusedMultiplyAdd(q, ed, q);
        return Vector256.FusedMultiplyAdd(Vector256.Create(_g), h, Vector256.FusedMultiplyAdd(p, eb, start) - q * ed);
    }

    /// <summary>Loads the four knot rows (δ, B, P, Q) and transposes them into one vector per quantity.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Gather(double[] table, Vector256<long> index,
        out Vector256<double> knot, out Vector256<double> value, out Vector256<double> p, out Vector256<double> q)
    {
        ref var rows = ref MemoryMarshal.GetArrayDataReference(table);
        var r0 = Vector256.LoadUnsafe(ref rows, (nuint)(index.GetElement(0) << 2));
        var r1 = Vector256.LoadUnsafe(ref rows, (nuint)(index.GetElement(1) << 2));
        var r2 = Vector256.LoadUnsafe(ref rows, (nuint)(index.GetElement(2) << 2));
        var r3 = Vector256.LoadUnsafe(ref rows, (nuint)(index.GetElement(3) << 2));
        var low01 = Avx.UnpackLow(r0, r1);
        var high01 = Avx.UnpackHigh(r0, r1);
        var low23 = Avx.UnpackLow(r2, r3);
        var high23 = Avx.UnpackHigh(r2, r3);
        knot = Avx.Permute2x128(low01, low23, 0x20);
        p = Avx.Permute2x128(low01, low23, 0x31);
        value = Avx.Permute2x128(high01, high23, 0x20);
        q = Avx.Permute2x128(high01, high23, 0x31);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Vector256<double> SolveEachLane(Vector256<double> x) =>
        Vector256.Create(Solve(x.GetElement(0)), Solve(x.GetElement(1)), Solve(x.GetElement(2)),
            Solve(x.GetElement(3)));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Vector256<double> ValueEachLane(Vector256<double> y) =>
        Vector256.Create(Value(y.GetElement(0)), Value(y.GetElement(1)), Value(y.GetElement(2)),
            Value(y.GetElement(3)));

    /// <summary>Writes the knot row (δ, B(x1 + δ), P1·e^(bδ), Q1·e^(−dδ)) for δ ≥ 0.</summary>
    private void WriteKnot(double[] rows, int row, double delta)
    {
        rows[4 * row] = delta;
        rows[4 * row + 1] = Unreflected(delta);
        rows[4 * row + 2] = _p1 + _p1 * VectorMath.Expm1(_b * delta);
        rows[4 * row + 3] = _hasNegative ? _q1 + _q1 * VectorMath.Expm1(-_d * delta) : 0;
    }

    /// <summary>
    /// e^z − 1 by 9 terms of its series, exact to 2^-58 relative for |z| ≤ 0.06 (all the polish needs),
    /// in Estrin's form so the dependency chain is 4 multiply-adds deep instead of 9.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Expm1Short(Vector256<double> z)
    {
        var z2 = z * z;
        var z4 = z2 * z2;
        var c12 = Vector256.FusedMultiplyAdd(z, Vector256.Create(0.5), Vector256<double>.One);
        var c34 = Vector256.FusedMultiplyAdd(z, Vector256.Create(1.0 / 24), Vector256.Create(1.0 / 6));
        var c56 = Vector256.FusedMultiplyAdd(z, Vector256.Create(1.0 / 720), Vector256.Create(1.0 / 120));
        var c78 = Vector256.FusedMultiplyAdd(z, Vector256.Create(1.0 / 40320), Vector256.Create(1.0 / 5040));
        var c9 = Vector256.Create(1.0 / 362880);
        var c14 = Vector256.FusedMultiplyAdd(z2, c34, c12);
        var c58 = Vector256.FusedMultiplyAdd(z2, c78, c56);
        var c59 = Vector256.FusedMultiplyAdd(z4, c9, c58);
        return Vector256.FusedMultiplyAdd(z4, c59, c14) * z;
    }

    private Table BuildTable()
    {
        for (var bits = 6; ; bits++)
        {
            var table = new Table(this, bits);
            if (table.MaxSpacing <= MaxKnotSpacing || bits >= 12)
            {
                return Interlocked.CompareExchange(ref _table, table, null) ?? table;
            }
        }
    }

    /// <summary>
    /// The d &gt; 0 with 2·(ln d − ln b) + w·(b + d) = 0 (the logicle condition of Moore &amp; Parks 2012 and
    /// Gating-ML 2.0, also FlowJo's biex "negative range"), for 0 ≤ w &lt; 1. Solved for u = ln(d/b):
    /// ψ(u) = 2u + w·b·(1 + e^u) is convex and increasing and ψ(0) = 2wb ≥ 0, so Newton's method from u = 0
    /// descends monotonically onto the root (no bracketing needed, unlike the reference's RTSAFE).
    /// </summary>
    public static double SolveD(double b, double w)
    {
        if (w == 0) return b;
        var u = 0.0;
        for (var i = 0; i < MaxIterations; i++)
        {
            var e = Math.Exp(u);
            var step = (2 * u + w * b * (1 + e)) / (2 + w * b * e);
            if (!(step > 0)) break;
            u -= step;
            if (step <= 4e-16 * Math.Max(1, Math.Abs(u))) break;
        }
        return b * Math.Exp(u);
    }

    /// <summary>The bulk kernel: the table-driven solve forward, the explicit B backward.</summary>
    public ScaleKernel<Forward, Backward> CreateKernel() => new(new Forward(this), new Backward(this));

    /// <summary>Largest b·(δ between neighbouring knots) of the vector table (tests check the bound).</summary>
    internal double TableSpacing => (_table ?? BuildTable()).MaxSpacing;

    /// <inheritdoc/>
    public bool Equals(BiexponentialScale? other) =>
        other is not null && (_b, _d, _g, _p1, _q1, _x1, _tableTop)
            .Equals((other._b, other._d, other._g, other._p1, other._q1, other._x1, other._tableTop));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as BiexponentialScale);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_b, _d, _g, _p1, _q1, _x1, _tableTop);

    /// <summary>
    /// Knots of the vector paths. Forward: bucket j holds the data values whose |x| + s has the bit pattern
    /// (first + j) in its top 12 + k bits; its row is the knot x_j = v_j − s (the bucket's lower end) with
    /// δ_j = B⁻¹(x_j) − x1, B(x1 + δ_j), P1·e^(bδ_j) and Q1·e^(−dδ_j). Inverse: the same rows on the
    /// uniform grid δ_j = j/(64b), reaching the δ of 16 × the top of scale.
    /// </summary>
    private sealed class Table
    {
        private const int MaxOctaves = 60;
        private const int InverseKnotsPerUnit = 64;

        public Table(BiexponentialScale scale, int bitsPerOctave)
        {
            var exponent = Math.Clamp(Math.Floor(Math.Log2(scale.SlopeAtZero / scale._b)), -1000, 1000);
            Offset = Math.ScaleB(1, (int)exponent);
            Shift = 52 - bitsPerOctave;
            FirstBucket = BitConverter.DoubleToInt64Bits(Offset) >> Shift;
            var octaves =
                (int)Math.Clamp(Math.Ceiling(Math.Log2((16 * scale._tableTop + Offset) / Offset)), 1, MaxOctaves);
            Count = (ulong)octaves << bitsPerOctave;
            Rows = new double[4 * (int)Count];
            var previous = 0.0;
            for (var j = 0; j <= (int)Count; j++)
            {
                var delta = scale.SolveDelta(BitConverter.Int64BitsToDouble((FirstBucket + j) << Shift) - Offset);
                if (j > 0) MaxSpacing = Math.Max(MaxSpacing, scale._b * (delta - previous));
                previous = delta;
                if (j < (int)Count) scale.WriteKnot(Rows, j, delta);
            }

            InverseDensity = InverseKnotsPerUnit * scale._b;
            InverseCount = (ulong)Math.Clamp(Math.Ceiling(previous * InverseDensity) + 1, 2, 1 << 20);
            InverseRows = new double[4 * (int)InverseCount];
            for (var j = 0; j < (int)InverseCount; j++) scale.WriteKnot(InverseRows, j, j / InverseDensity);
        }

        public double[] Rows { get; }

        public double Offset { get; }

        public int Shift { get; }

        public long FirstBucket { get; }

        public ulong Count { get; }

        public double MaxSpacing { get; }

        public double[] InverseRows { get; }

        public double InverseDensity { get; }

        public ulong InverseCount { get; }
    }

    internal readonly record struct Forward(BiexponentialScale Scale) : IElementwise
    {
        public double Invoke(double x) => Scale.Solve(x);

        public Vector256<double> Invoke(Vector256<double> x) => Scale.Solve(x);
    }

    internal readonly record struct Backward(BiexponentialScale Scale) : IElementwise
    {
        public double Invoke(double y) => Scale.Value(y);

        public Vector256<double> Invoke(Vector256<double> y) => Scale.Value(y);
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

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
    /// Vector <see cref="Value(double)"/>: B at the nearest knot of a uniform grid in δ (spacing 1/(64b)),
    /// moved to δ by B(δj + h) = B(δj) + Pj·(e^(bh) − 1) − Qj·(e^(−dh) − 1) + g·h with |bh| ≤ 1/128 —
    /// the same exact rearrangement as the scalar form, with no exponential to evaluate.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV, TS>(TV y)
        where TV : struct
        where TS : ISimd<TV>
    {
        var table = _table ?? BuildTable();
        var delta = TS.Subtract(y, TS.Create(_x1));
        var ad = TS.Abs(delta);
        // Round ad/spacing to an integer in the low mantissa bits (adding 2^52 leaves no fraction bits).
        var magic = TS.Create(4503599627370496.0);
        var rounded = TS.MultiplyAdd(ad, TS.Create(table.InverseDensity), magic);
        var index = TS.SubtractInt64(rounded, magic);
        if (!TS.AllBelow(index, table.InverseCount)) return EachLane<TV, TS>(y, inverse: true);
        TS.GatherRows(table.InverseRows, index, out var knot, out var value, out var p, out var q);
        return TS.CopySign(MoveAlong<TV, TS>(value, p, q, TS.Subtract(ad, knot), out _, out _), delta);
    }

    /// <summary>Vector <see cref="Solve(double)"/>: table knot, then two Halley steps.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Solve<TV, TS>(TV x)
        where TV : struct
        where TS : ISimd<TV>
    {
        var table = _table ?? BuildTable();
        var ax = TS.Abs(x);
        var index = TS.SubtractInt64(TS.ShiftRightLogicalInt64(TS.Add(ax, TS.Create(table.Offset)), table.Shift),
            TS.CreateInt64(table.FirstBucket));
        if (!TS.AllBelow(index, table.Count)) return EachLane<TV, TS>(x, inverse: false);
        TS.GatherRows(table.Rows, index, out var knot, out var value, out var p, out var q);

        var b = TS.Create(_b);
        var d = TS.Create(_d);
        var g = TS.Create(_g);
        var bb = TS.Multiply(b, b);
        var dd = TS.Multiply(d, d);

        // Halley step 1 from the knot: residual B(knot) − x is exact (Sterbenz: both within 2^-k of each other).
        var residual = TS.Subtract(value, ax);
        var slope = TS.MultiplyAdd(b, p, TS.MultiplyAdd(d, q, g));
        var h = TS.Negate(HalleyStep<TV, TS>(residual, slope, TS.Subtract(TS.Multiply(bb, p), TS.Multiply(dd, q))));

        // Halley step 2 at knot + h, with the residual moved along from the knot.
        residual = MoveAlong<TV, TS>(residual, p, q, h, out p, out q);
        slope = TS.MultiplyAdd(b, p, TS.MultiplyAdd(d, q, g));
        h = TS.Subtract(h, HalleyStep<TV, TS>(residual, slope, TS.Subtract(TS.Multiply(bb, p), TS.Multiply(dd, q))));

        var delta = TS.Add(knot, h);
        var zero = TS.Create(_x1);
        return TS.ConditionalSelect(TS.LessThan(x, TS.Create(0)), TS.Subtract(zero, delta), TS.Add(zero, delta));
    }

    /// <summary>Vector Halley step 2f·f'/(2f'² − f·f'').</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV HalleyStep<TV, TS>(TV f, TV slope, TV curvature)
        where TV : struct
        where TS : ISimd<TV>
    {
        var twoSlope = TS.Add(slope, slope);
        return TS.Divide(TS.Multiply(TS.Add(f, f), slope),
            TS.MultiplyAdd(twoSlope, slope, TS.Negate(TS.Multiply(f, curvature))));
    }

    /// <summary>
    /// <paramref name="start"/> + P·(e^(bh) − 1) − Q·(e^(−dh) − 1) + g·h: the change of B from a point where
    /// its exponentials are P and Q to that point + h (|bh| ≤ 0.06); also the exponentials there.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private TV MoveAlong<TV, TS>(TV start, TV p, TV q, TV h, out TV pMoved, out TV qMoved)
        where TV : struct
        where TS : ISimd<TV>
    {
        var eb = Expm1Short<TV, TS>(TS.Multiply(TS.Create(_b), h));
        var ed = Expm1Short<TV, TS>(TS.Multiply(TS.Create(-_d), h));
        pMoved = TS.MultiplyAdd(p, eb, p);
        qMoved = TS.MultiplyAdd(q, ed, q);
        return TS.MultiplyAdd(TS.Create(_g), h, TS.Subtract(TS.MultiplyAdd(p, eb, start), TS.Multiply(q, ed)));
    }

    /// <summary>The scalar solve (or B) lane by lane: for values beyond the table, NaN and ±∞.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private TV EachLane<TV, TS>(TV v, bool inverse)
        where TV : struct
        where TS : ISimd<TV>
    {
        Span<double> lanes = stackalloc double[TS.Count];
        TS.Store(v, lanes);
        for (var i = 0; i < lanes.Length; i++) lanes[i] = inverse ? Value(lanes[i]) : Solve(lanes[i]);
        return TS.Load(lanes);
    }

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
    private static TV Expm1Short<TV, TS>(TV z)
        where TV : struct
        where TS : ISimd<TV>
    {
        var z2 = TS.Multiply(z, z);
        var z4 = TS.Multiply(z2, z2);
        var c12 = TS.MultiplyAdd(z, TS.Create(0.5), TS.Create(1));
        var c34 = TS.MultiplyAdd(z, TS.Create(1.0 / 24), TS.Create(1.0 / 6));
        var c56 = TS.MultiplyAdd(z, TS.Create(1.0 / 720), TS.Create(1.0 / 120));
        var c78 = TS.MultiplyAdd(z, TS.Create(1.0 / 40320), TS.Create(1.0 / 5040));
        var c9 = TS.Create(1.0 / 362880);
        var c14 = TS.MultiplyAdd(z2, c34, c12);
        var c58 = TS.MultiplyAdd(z2, c78, c56);
        var c59 = TS.MultiplyAdd(z4, c9, c58);
        return TS.Multiply(TS.MultiplyAdd(z4, c59, c14), z);
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

        public Vector128<double> Invoke(Vector128<double> x) => Scale.Solve<Vector128<double>, Simd128>(x);

        public Vector256<double> Invoke(Vector256<double> x) => Scale.Solve<Vector256<double>, Simd256>(x);
    }

    internal readonly record struct Backward(BiexponentialScale Scale) : IElementwise
    {
        public double Invoke(double y) => Scale.Value(y);

        public Vector128<double> Invoke(Vector128<double> y) => Scale.Value<Vector128<double>, Simd128>(y);

        public Vector256<double> Invoke(Vector256<double> y) => Scale.Value<Vector256<double>, Simd256>(y);
    }
}

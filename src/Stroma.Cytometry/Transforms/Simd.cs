using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Stroma.Cytometry.Transforms;

/// <summary>The vector width a bulk loop runs at.</summary>
internal enum SimdWidth
{
    /// <summary>One value at a time (no SIMD, or too few values).</summary>
    Scalar,

    /// <summary>Two doubles per step (SSE2+ on x64, AdvSimd on ARM64, any platform with 128-bit SIMD).</summary>
    Vector128,

    /// <summary>Four doubles per step (x64 with AVX2).</summary>
    Vector256,
}

/// <summary>
/// The operations the transform kernels need on a vector of doubles, as static members so each kernel is
/// written once (generic over the vector type) and specialised by the JIT for <see cref="Simd128"/> and
/// <see cref="Simd256"/>. Masks are vectors with all bits of a lane set; table indices are 64-bit integers
/// held in the lanes' bits.
/// </summary>
internal interface ISimd<TV>
    where TV : struct
{
    static abstract int Count { get; }

    static abstract TV Create(double value);

    static abstract TV CreateInt64(long value);

    static abstract TV Add(TV a, TV b);

    static abstract TV Subtract(TV a, TV b);

    static abstract TV Multiply(TV a, TV b);

    static abstract TV Divide(TV a, TV b);

    static abstract TV Negate(TV a);

    /// <summary>
    /// a·b + c, fused where the hardware has FMA (x64 at the AVX2 level, every ARM64), else multiply then add.
    /// </summary>
    static abstract TV MultiplyAdd(TV a, TV b, TV c);

    static abstract TV Abs(TV x);

    static abstract TV Sqrt(TV x);

    static abstract TV Exp(TV x);

    static abstract TV Log(TV x);

    static abstract TV CopySign(TV value, TV sign);

    static abstract TV LessThan(TV a, TV b);

    static abstract TV GreaterThan(TV a, TV b);

    static abstract TV Equals(TV a, TV b);

    static abstract TV ConditionalSelect(TV mask, TV whenSet, TV whenClear);

    static abstract bool All(TV mask);

    static abstract bool None(TV mask);

    static abstract TV SubtractInt64(TV a, TV b);

    static abstract TV ShiftRightLogicalInt64(TV a, int shift);

    /// <summary>Whether every lane, read as an unsigned 64-bit index, is below <paramref name="count"/>.</summary>
    static abstract bool AllBelow(TV index, ulong count);

    /// <summary>
    /// Loads the rows (4 doubles each) at the lanes' indices and transposes them: <paramref name="c0"/> holds
    /// the first double of every row, and so on.
    /// </summary>
    static abstract void GatherRows(double[] rows, TV index, out TV c0, out TV c1, out TV c2, out TV c3);

    static abstract TV Load(ReadOnlySpan<double> source);

    static abstract void Store(TV value, Span<double> destination);
}

/// <summary>Two doubles: <see cref="Vector128{T}"/>.</summary>
internal readonly struct Simd128 : ISimd<Vector128<double>>
{
    public static int Count => Vector128<double>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Create(double value) => Vector128.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> CreateInt64(long value) => Vector128.Create(value).AsDouble();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Add(Vector128<double> a, Vector128<double> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Subtract(Vector128<double> a, Vector128<double> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Multiply(Vector128<double> a, Vector128<double> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Divide(Vector128<double> a, Vector128<double> b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Negate(Vector128<double> a) => -a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> MultiplyAdd(Vector128<double> a, Vector128<double> b, Vector128<double> c) =>
        Vector128.MultiplyAddEstimate(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Abs(Vector128<double> x) => Vector128.Abs(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Sqrt(Vector128<double> x) => Vector128.Sqrt(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Exp(Vector128<double> x) => Vector128.Exp(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Log(Vector128<double> x) => Vector128.Log(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> CopySign(Vector128<double> value, Vector128<double> sign) =>
        Vector128.CopySign(value, sign);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> LessThan(Vector128<double> a, Vector128<double> b) => Vector128.LessThan(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> GreaterThan(Vector128<double> a, Vector128<double> b) =>
        Vector128.GreaterThan(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Equals(Vector128<double> a, Vector128<double> b) => Vector128.Equals(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> ConditionalSelect(Vector128<double> mask, Vector128<double> whenSet,
        Vector128<double> whenClear) => Vector128.ConditionalSelect(mask, whenSet, whenClear);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool All(Vector128<double> mask) => Vector128.EqualsAll(mask.AsInt64(), Vector128<long>.AllBitsSet);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool None(Vector128<double> mask) => Vector128.EqualsAll(mask.AsInt64(), Vector128<long>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> SubtractInt64(Vector128<double> a, Vector128<double> b) =>
        (a.AsInt64() - b.AsInt64()).AsDouble();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> ShiftRightLogicalInt64(Vector128<double> a, int shift) =>
        Vector128.ShiftRightLogical(a.AsInt64(), shift).AsDouble();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AllBelow(Vector128<double> index, ulong count) =>
        Vector128.LessThanAll(index.AsUInt64(), Vector128.Create(count));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void GatherRows(double[] rows, Vector128<double> index, out Vector128<double> c0,
        out Vector128<double> c1, out Vector128<double> c2, out Vector128<double> c3)
    {
        ref var start = ref MemoryMarshal.GetArrayDataReference(rows);
        var i = index.AsInt64();
        var row0 = (nuint)(i.GetElement(0) << 2);
        var row1 = (nuint)(i.GetElement(1) << 2);
        var a01 = Vector128.LoadUnsafe(ref start, row0);
        var a23 = Vector128.LoadUnsafe(ref start, row0 + 2);
        var b01 = Vector128.LoadUnsafe(ref start, row1);
        var b23 = Vector128.LoadUnsafe(ref start, row1 + 2);
        c0 = UnpackLow(a01, b01);
        c1 = UnpackHigh(a01, b01);
        c2 = UnpackLow(a23, b23);
        c3 = UnpackHigh(a23, b23);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> UnpackLow(Vector128<double> a, Vector128<double> b)
    {
        if (Sse2.IsSupported) return Sse2.UnpackLow(a, b);
        if (AdvSimd.Arm64.IsSupported) return AdvSimd.Arm64.ZipLow(a, b);
        return Vector128.Create(a.GetElement(0), b.GetElement(0));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> UnpackHigh(Vector128<double> a, Vector128<double> b)
    {
        if (Sse2.IsSupported) return Sse2.UnpackHigh(a, b);
        if (AdvSimd.Arm64.IsSupported) return AdvSimd.Arm64.ZipHigh(a, b);
        return Vector128.Create(a.GetElement(1), b.GetElement(1));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Load(ReadOnlySpan<double> source) => Vector128.Create(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<double> value, Span<double> destination) => value.CopyTo(destination);
}

/// <summary>Four doubles: <see cref="Vector256{T}"/>.</summary>
internal readonly struct Simd256 : ISimd<Vector256<double>>
{
    public static int Count => Vector256<double>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Create(double value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> CreateInt64(long value) => Vector256.Create(value).AsDouble();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Add(Vector256<double> a, Vector256<double> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Subtract(Vector256<double> a, Vector256<double> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Multiply(Vector256<double> a, Vector256<double> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Divide(Vector256<double> a, Vector256<double> b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Negate(Vector256<double> a) => -a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> MultiplyAdd(Vector256<double> a, Vector256<double> b, Vector256<double> c) =>
        Vector256.MultiplyAddEstimate(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Abs(Vector256<double> x) => Vector256.Abs(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Sqrt(Vector256<double> x) => Vector256.Sqrt(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Exp(Vector256<double> x) => Vector256.Exp(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Log(Vector256<double> x) => Vector256.Log(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> CopySign(Vector256<double> value, Vector256<double> sign) =>
        Vector256.CopySign(value, sign);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> LessThan(Vector256<double> a, Vector256<double> b) => Vector256.LessThan(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> GreaterThan(Vector256<double> a, Vector256<double> b) =>
        Vector256.GreaterThan(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Equals(Vector256<double> a, Vector256<double> b) => Vector256.Equals(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> ConditionalSelect(Vector256<double> mask, Vector256<double> whenSet,
        Vector256<double> whenClear) => Vector256.ConditionalSelect(mask, whenSet, whenClear);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool All(Vector256<double> mask) => Vector256.EqualsAll(mask.AsInt64(), Vector256<long>.AllBitsSet);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool None(Vector256<double> mask) => Vector256.EqualsAll(mask.AsInt64(), Vector256<long>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> SubtractInt64(Vector256<double> a, Vector256<double> b) =>
        (a.AsInt64() - b.AsInt64()).AsDouble();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> ShiftRightLogicalInt64(Vector256<double> a, int shift) =>
        Vector256.ShiftRightLogical(a.AsInt64(), shift).AsDouble();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AllBelow(Vector256<double> index, ulong count) =>
        Vector256.LessThanAll(index.AsUInt64(), Vector256.Create(count));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void GatherRows(double[] rows, Vector256<double> index, out Vector256<double> c0,
        out Vector256<double> c1, out Vector256<double> c2, out Vector256<double> c3)
    {
        ref var start = ref MemoryMarshal.GetArrayDataReference(rows);
        var i = index.AsInt64();
        var r0 = Vector256.LoadUnsafe(ref start, (nuint)(i.GetElement(0) << 2));
        var r1 = Vector256.LoadUnsafe(ref start, (nuint)(i.GetElement(1) << 2));
        var r2 = Vector256.LoadUnsafe(ref start, (nuint)(i.GetElement(2) << 2));
        var r3 = Vector256.LoadUnsafe(ref start, (nuint)(i.GetElement(3) << 2));
        if (Avx.IsSupported)
        {
            var low01 = Avx.UnpackLow(r0, r1);
            var high01 = Avx.UnpackHigh(r0, r1);
            var low23 = Avx.UnpackLow(r2, r3);
            var high23 = Avx.UnpackHigh(r2, r3);
            c0 = Avx.Permute2x128(low01, low23, 0x20);
            c2 = Avx.Permute2x128(low01, low23, 0x31);
            c1 = Avx.Permute2x128(high01, high23, 0x20);
            c3 = Avx.Permute2x128(high01, high23, 0x31);
            return;
        }
        c0 = Vector256.Create(r0[0], r1[0], r2[0], r3[0]);
        c1 = Vector256.Create(r0[1], r1[1], r2[1], r3[1]);
        c2 = Vector256.Create(r0[2], r1[2], r2[2], r3[2]);
        c3 = Vector256.Create(r0[3], r1[3], r2[3], r3[3]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Load(ReadOnlySpan<double> source) => Vector256.Create(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<double> value, Span<double> destination) => value.CopyTo(destination);
}

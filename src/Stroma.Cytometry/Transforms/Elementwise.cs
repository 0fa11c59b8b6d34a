using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Stroma.Cytometry.Transforms;

/// <summary>
/// A function of one value with a scalar and a four-lane form. Implementations are small structs so
/// the loops in <see cref="Elementwise"/> are specialised per transform and inline the arithmetic
/// (the pattern of System.Numerics.Tensors' operator structs).
/// </summary>
internal interface IElementwise
{
    double Invoke(double x);

    Vector256<double> Invoke(Vector256<double> x);
}

/// <summary>A function of two values (the ratio transform) in scalar and four-lane form.</summary>
internal interface IElementwise2
{
    double Invoke(double x, double y);

    Vector256<double> Invoke(Vector256<double> x, Vector256<double> y);
}

/// <summary>
/// The bulk loops behind every transform: four doubles (or eight floats widened to two times four
/// doubles) per step, then a scalar tail. Floats are always computed in double and rounded once at the
/// end, so the float path gives <c>(float)f((double)x)</c> up to the last bit of the double kernel.
/// The four-lane path runs on x64 with AVX2 and FMA (every x64 server since 2013); elsewhere the
/// scalar form runs, with identical results up to rounding.
/// </summary>
internal static class Elementwise
{
    /// <summary>Whether the four-lane kernels run (tests compare them with the scalar forms).</summary>
    public static bool IsVectorized { get; } = Avx2.IsSupported && Fma.IsSupported;

    public static void Map<TOp>(in TOp op, ReadOnlySpan<double> source, Span<double> destination)
        where TOp : struct, IElementwise
    {
        CheckSpans(source, destination, nameof(destination));
        var n = source.Length;
        var i = 0;
        if (IsVectorized)
        {
            ref var src = ref MemoryMarshal.GetReference(source);
            ref var dst = ref MemoryMarshal.GetReference(destination);
            for (; i <= n - Vector256<double>.Count; i += Vector256<double>.Count)
                op.Invoke(Vector256.LoadUnsafe(ref src, (nuint)i)).StoreUnsafe(ref dst, (nuint)i);
        }
        for (; i < n; i++) destination[i] = op.Invoke(source[i]);
    }

    public static void Map<TOp>(in TOp op, ReadOnlySpan<float> source, Span<float> destination)
        where TOp : struct, IElementwise
    {
        CheckSpans(source, destination, nameof(destination));
        var n = source.Length;
        var i = 0;
        if (IsVectorized)
        {
            ref var src = ref MemoryMarshal.GetReference(source);
            ref var dst = ref MemoryMarshal.GetReference(destination);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var x = Vector256.LoadUnsafe(ref src, (nuint)i);
                var low = op.Invoke(Vector256.WidenLower(x));
                var high = op.Invoke(Vector256.WidenUpper(x));
                Vector256.Narrow(low, high).StoreUnsafe(ref dst, (nuint)i);
            }
        }
        for (; i < n; i++) destination[i] = (float)op.Invoke(source[i]);
    }

    public static void Map<TOp>(in TOp op, ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> destination)
        where TOp : struct, IElementwise2
    {
        CheckPair(x.Length, y.Length);
        CheckSpans(x, destination, nameof(destination));
        CheckSpans(y, destination, nameof(destination));
        var n = x.Length;
        var i = 0;
        if (IsVectorized)
        {
            ref var xs = ref MemoryMarshal.GetReference(x);
            ref var ys = ref MemoryMarshal.GetReference(y);
            ref var dst = ref MemoryMarshal.GetReference(destination);
            for (; i <= n - Vector256<double>.Count; i += Vector256<double>.Count)
                op.Invoke(Vector256.LoadUnsafe(ref xs, (nuint)i), Vector256.LoadUnsafe(ref ys, (nuint)i)).StoreUnsafe(ref dst, (nuint)i);
        }
        for (; i < n; i++) destination[i] = op.Invoke(x[i], y[i]);
    }

    public static void Map<TOp>(in TOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination)
        where TOp : struct, IElementwise2
    {
        CheckPair(x.Length, y.Length);
        CheckSpans(x, destination, nameof(destination));
        CheckSpans(y, destination, nameof(destination));
        var n = x.Length;
        var i = 0;
        if (IsVectorized)
        {
            ref var xs = ref MemoryMarshal.GetReference(x);
            ref var ys = ref MemoryMarshal.GetReference(y);
            ref var dst = ref MemoryMarshal.GetReference(destination);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var a = Vector256.LoadUnsafe(ref xs, (nuint)i);
                var b = Vector256.LoadUnsafe(ref ys, (nuint)i);
                var low = op.Invoke(Vector256.WidenLower(a), Vector256.WidenLower(b));
                var high = op.Invoke(Vector256.WidenUpper(a), Vector256.WidenUpper(b));
                Vector256.Narrow(low, high).StoreUnsafe(ref dst, (nuint)i);
            }
        }
        for (; i < n; i++) destination[i] = (float)op.Invoke(x[i], y[i]);
    }

    /// <summary>Scalar reference loop: the same operator, one value at a time.</summary>
    public static void MapScalar<TOp>(in TOp op, ReadOnlySpan<double> source, Span<double> destination)
        where TOp : struct, IElementwise
    {
        CheckSpans(source, destination, nameof(destination));
        for (var i = 0; i < source.Length; i++) destination[i] = op.Invoke(source[i]);
    }

    /// <summary>
    /// The destination must be at least as long as the source and may be the source itself (in place);
    /// any other overlap would read values already overwritten, so it is refused.
    /// </summary>
    public static void CheckSpans<TIn, TOut>(ReadOnlySpan<TIn> source, Span<TOut> destination, string paramName)
        where TIn : struct
        where TOut : struct
    {
        if (destination.Length < source.Length)
            throw new ArgumentException($"Destination holds {destination.Length} values; {source.Length} are needed.", paramName);
        var sourceBytes = MemoryMarshal.AsBytes(source);
        var destinationBytes = MemoryMarshal.AsBytes((ReadOnlySpan<TOut>)destination[..source.Length]);
        if (sourceBytes.Overlaps(destinationBytes, out var offset) && offset != 0)
            throw new ArgumentException("Source and destination overlap without being the same memory; transform in place or into separate memory.", paramName);
    }

    private static void CheckPair(int x, int y)
    {
        if (x != y) throw new ArgumentException($"The two inputs differ in length ({x} and {y}).", nameof(y));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Splat(double value) => Vector256.Create(value);
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Stroma.Cytometry.Transforms;

/// <summary>
/// A function of one value with a scalar form and two- and four-lane forms. Implementations are small structs
/// so the loops in <see cref="Elementwise"/> are specialised per transform and inline the arithmetic
/// (the pattern of System.Numerics.Tensors' operator structs).
/// </summary>
internal interface IElementwise
{
    double Invoke(double x);

    Vector128<double> Invoke(Vector128<double> x);

    Vector256<double> Invoke(Vector256<double> x);
}

/// <summary>A function of two values (the ratio transform) in scalar, two- and four-lane form.</summary>
internal interface IElementwise2
{
    double Invoke(double x, double y);

    Vector128<double> Invoke(Vector128<double> x, Vector128<double> y);

    Vector256<double> Invoke(Vector256<double> x, Vector256<double> y);
}

/// <summary>
/// The bulk loops behind every transform: a vector of doubles (or of floats widened to two vectors of
/// doubles) per step, then a scalar tail; one-input transforms run through the two-input loops. Floats
/// are always computed in double and rounded once at the end, so the float path gives
/// <c>(float)f((double)x)</c> up to the last bit of the double kernel.
/// The loops run four lanes (<see cref="Vector256{T}"/>) where 256-bit vectors are hardware-accelerated (x64
/// with AVX2), else two (<see cref="Vector128{T}"/>: ARM64 AdvSimd, older x64, WebAssembly SIMD), else the
/// scalar form; all three agree up to rounding (multiply-adds are fused only where the hardware has FMA).
/// </summary>
internal static class Elementwise
{
    /// <summary>The width the bulk loops run at on this machine.</summary>
    public static SimdWidth Width { get; } =
        Vector256.IsHardwareAccelerated ? SimdWidth.Vector256
        : Vector128.IsHardwareAccelerated ? SimdWidth.Vector128
        : SimdWidth.Scalar;

    /// <summary>Whether vector kernels run (tests compare them with the scalar forms).</summary>
    public static bool IsVectorized => Width != SimdWidth.Scalar;

    public static void Map<TOp>(in TOp op, ReadOnlySpan<double> source, Span<double> destination)
        where TOp : struct, IElementwise => Map(op, source, destination, Width);

    public static void Map<TOp>(in TOp op, ReadOnlySpan<float> source, Span<float> destination)
        where TOp : struct, IElementwise => Map(op, source, destination, Width);

    /// <summary>The loop at a given width (tests and benchmarks compare the widths on one machine).</summary>
    public static void Map<TOp>(in TOp op, ReadOnlySpan<double> source, Span<double> destination, SimdWidth width)
        where TOp : struct, IElementwise => Run<double, DoubleLanes, Unary<TOp>>(new(op), source, source,
        destination, width);

    /// <summary>The loop at a given width (tests and benchmarks compare the widths on one machine).</summary>
    public static void Map<TOp>(in TOp op, ReadOnlySpan<float> source, Span<float> destination, SimdWidth width)
        where TOp : struct, IElementwise => Run<float, SingleLanes, Unary<TOp>>(new(op), source, source,
        destination, width);

    public static void Map<TOp>(in TOp op, ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> destination)
        where TOp : struct, IElementwise2 => Run<double, DoubleLanes, TOp>(op, x, y, destination, Width);

    public static void Map<TOp>(in TOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination)
        where TOp : struct, IElementwise2 => Run<float, SingleLanes, TOp>(op, x, y, destination, Width);

    private static void Run<T, TLanes, TOp>(in TOp op, ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination,
        SimdWidth width)
        where T : struct
        where TLanes : struct, ILanes<T>
        where TOp : struct, IElementwise2
    {
        if (x.Length != y.Length)
            throw new ArgumentException($"The two inputs differ in length ({x.Length} and {y.Length}).", nameof(y));
        CheckSpans(x, destination, nameof(destination));
        CheckSpans(y, destination, nameof(destination));
        var i = width switch
        {
            SimdWidth.Vector256 => Loop256<T, TLanes, TOp>(op, x, y, destination),
            SimdWidth.Vector128 => Loop128<T, TLanes, TOp>(op, x, y, destination),
            _ => 0,
        };
        for (; i < x.Length; i++) destination[i] = TLanes.Invoke(op, x[i], y[i]);
    }

    // One loop per width, each its own method, so the JIT inlines the whole kernel into each (both kernels in one
    // method exceed its inlining budget and leave the loop calling the kernel).
    private static int Loop256<T, TLanes, TOp>(in TOp op, ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where T : struct
        where TLanes : struct, ILanes<T>
        where TOp : struct, IElementwise2
    {
        ref var xs = ref MemoryMarshal.GetReference(x);
        ref var ys = ref MemoryMarshal.GetReference(y);
        ref var dst = ref MemoryMarshal.GetReference(destination);
        var i = 0;
        for (; i <= x.Length - Vector256<T>.Count; i += Vector256<T>.Count)
            TLanes.Invoke(op, Vector256.LoadUnsafe(ref xs, (nuint)i), Vector256.LoadUnsafe(ref ys, (nuint)i))
                .StoreUnsafe(ref dst, (nuint)i);
        return i;
    }

    private static int Loop128<T, TLanes, TOp>(in TOp op, ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where T : struct
        where TLanes : struct, ILanes<T>
        where TOp : struct, IElementwise2
    {
        ref var xs = ref MemoryMarshal.GetReference(x);
        ref var ys = ref MemoryMarshal.GetReference(y);
        ref var dst = ref MemoryMarshal.GetReference(destination);
        var i = 0;
        for (; i <= x.Length - Vector128<T>.Count; i += Vector128<T>.Count)
            TLanes.Invoke(op, Vector128.LoadUnsafe(ref xs, (nuint)i), Vector128.LoadUnsafe(ref ys, (nuint)i))
                .StoreUnsafe(ref dst, (nuint)i);
        return i;
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
            throw new ArgumentException($"Destination holds {destination.Length} values; {source.Length} are needed.",
                paramName);
        var sourceBytes = MemoryMarshal.AsBytes(source);
        var destinationBytes = MemoryMarshal.AsBytes((ReadOnlySpan<TOut>)destination[..source.Length]);
        if (sourceBytes.Overlaps(destinationBytes, out var offset) && offset != 0)
            throw new ArgumentException("Source and destination overlap without being the same memory; transform in " +
                "place or into separate memory.", paramName);
    }

    /// <summary>
    /// How a vector of T is fed to the double kernels: directly, or widened from float and narrowed back.
    /// </summary>
    private interface ILanes<T>
        where T : struct
    {
        static abstract Vector256<T> Invoke<TOp>(in TOp op, Vector256<T> x, Vector256<T> y)
            where TOp : struct, IElementwise2;

        static abstract Vector128<T> Invoke<TOp>(in TOp op, Vector128<T> x, Vector128<T> y)
            where TOp : struct, IElementwise2;

        static abstract T Invoke<TOp>(in TOp op, T x, T y)
            where TOp : struct, IElementwise2;
    }

    private readonly struct DoubleLanes : ILanes<double>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Invoke<TOp>(in TOp op, Vector256<double> x, Vector256<double> y)
            where TOp : struct, IElementwise2 => op.Invoke(x, y);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Invoke<TOp>(in TOp op, Vector128<double> x, Vector128<double> y)
            where TOp : struct, IElementwise2 => op.Invoke(x, y);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Invoke<TOp>(in TOp op, double x, double y)
            where TOp : struct, IElementwise2 => op.Invoke(x, y);
    }

    /// <summary>
    /// A vector of floats as two vectors of doubles (8 as 2 × 4, or 4 as 2 × 2): exact widening, one rounding
    /// at the end.
    /// </summary>
    private readonly struct SingleLanes : ILanes<float>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Invoke<TOp>(in TOp op, Vector256<float> x, Vector256<float> y)
            where TOp : struct, IElementwise2 =>
            Vector256.Narrow(op.Invoke(Vector256.WidenLower(x), Vector256.WidenLower(y)),
                op.Invoke(Vector256.WidenUpper(x), Vector256.WidenUpper(y)));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Invoke<TOp>(in TOp op, Vector128<float> x, Vector128<float> y)
            where TOp : struct, IElementwise2 =>
            Vector128.Narrow(op.Invoke(Vector128.WidenLower(x), Vector128.WidenLower(y)),
                op.Invoke(Vector128.WidenUpper(x), Vector128.WidenUpper(y)));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Invoke<TOp>(in TOp op, float x, float y)
            where TOp : struct, IElementwise2 => (float)op.Invoke(x, y);
    }

    /// <summary>A one-input operator run by the two-input loops (its second input is the first again).</summary>
    private readonly struct Unary<TOp>(TOp op) : IElementwise2
        where TOp : struct, IElementwise
    {
        private readonly TOp _op = op;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public double Invoke(double x, double y) => _op.Invoke(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector128<double> Invoke(Vector128<double> x, Vector128<double> y) => _op.Invoke(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<double> Invoke(Vector256<double> x, Vector256<double> y) => _op.Invoke(x);
    }
}

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
/// doubles) per step, then a scalar tail; one-input transforms run through the two-input loops. Floats
/// are always computed in double and rounded once at the end, so the float path gives
/// <c>(float)f((double)x)</c> up to the last bit of the double kernel.
/// The four-lane path runs on x64 with AVX2 and FMA (every x64 server since 2013); elsewhere the
/// scalar form runs, with identical results up to rounding.
/// </summary>
internal static class Elementwise
{
    /// <summary>Whether the four-lane kernels run (tests compare them with the scalar forms).</summary>
    public static bool IsVectorized { get; } = Avx2.IsSupported && Fma.IsSupported;

    public static void Map<TOp>(in TOp op, ReadOnlySpan<double> source, Span<double> destination)
        where TOp : struct, IElementwise => Map(new Unary<TOp>(op), source, source, destination);

    public static void Map<TOp>(in TOp op, ReadOnlySpan<float> source, Span<float> destination)
        where TOp : struct, IElementwise => Map(new Unary<TOp>(op), source, source, destination);

    public static void Map<TOp>(in TOp op, ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> destination)
        where TOp : struct, IElementwise2 => Run<double, DoubleLanes, TOp>(op, x, y, destination);

    public static void Map<TOp>(in TOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination)
        where TOp : struct, IElementwise2 => Run<float, SingleLanes, TOp>(op, x, y, destination);

    private static void Run<T, TLanes, TOp>(in TOp op, ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where T : struct
        where TLanes : struct, ILanes<T>
        where TOp : struct, IElementwise2
    {
        if (x.Length != y.Length)
            throw new ArgumentException($"The two inputs differ in length ({x.Length} and {y.Length}).", nameof(y));
        CheckSpans(x, destination, nameof(destination));
        CheckSpans(y, destination, nameof(destination));
        var n = x.Length;
        var i = 0;
        if (IsVectorized)
        {
            ref var xs = ref MemoryMarshal.GetReference(x);
            ref var ys = ref MemoryMarshal.GetReference(y);
            ref var dst = ref MemoryMarshal.GetReference(destination);
            for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count)
                TLanes.Invoke(op, Vector256.LoadUnsafe(ref xs, (nuint)i), Vector256.LoadUnsafe(ref ys, (nuint)i))
                    .StoreUnsafe(ref dst, (nuint)i);
        }
        for (; i < n; i++) destination[i] = TLanes.Invoke(op, x[i], y[i]);
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

        static abstract T Invoke<TOp>(in TOp op, T x, T y)
            where TOp : struct, IElementwise2;
    }

    private readonly struct DoubleLanes : ILanes<double>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Invoke<TOp>(in TOp op, Vector256<double> x, Vector256<double> y)
            where TOp : struct, IElementwise2 => op.Invoke(x, y);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Invoke<TOp>(in TOp op, double x, double y)
            where TOp : struct, IElementwise2 => op.Invoke(x, y);
    }

    /// <summary>Eight floats as two times four doubles: exact widening, one rounding at the end.</summary>
    private readonly struct SingleLanes : ILanes<float>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Invoke<TOp>(in TOp op, Vector256<float> x, Vector256<float> y)
            where TOp : struct, IElementwise2 =>
            Vector256.Narrow(op.Invoke(Vector256.WidenLower(x), Vector256.WidenLower(y)),
                op.Invoke(Vector256.WidenUpper(x), Vector256.WidenUpper(y)));

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
        public Vector256<double> Invoke(Vector256<double> x, Vector256<double> y) => _op.Invoke(x);
    }
}

namespace Stroma.Cytometry.Transforms;

/// <summary>
/// A Gating-ML 2.0 scale transformation of one dimension: maps a data value x to a display/gating
/// coordinate y (most of them onto [0, 1] for the interesting data range) and back.
/// </summary>
/// <remarks>
/// <para>Instances are immutable and thread-safe; constructors validate every parameter against its
/// Gating-ML constraint and throw <see cref="TransformParameterException"/> naming it.</para>
/// <para>The span methods run four doubles per step (eight floats, widened) on x64 with AVX2/FMA and a
/// scalar loop elsewhere and for the tail; they agree with the scalar <see cref="Apply(double)"/> to a
/// few ulp. Float spans are computed in double and rounded once, so the float result is the double result
/// rounded to float. Source and destination may be the same span (in place); other overlaps are refused.</para>
/// </remarks>
public abstract record ScaleTransform : Transformation
{
    private const int ParallelChunk = 1 << 15;

    private readonly ScaleKernel _bulk;

    /// <summary>Creates the transform around its kernels (scalar and bulk forms of both directions).</summary>
    private protected ScaleTransform(string? id, ScaleKernel kernel) : base(id) => _bulk = kernel;

    /// <summary>Transforms one data value.</summary>
    public virtual double Apply(double x) => _bulk.Apply(x);

    /// <summary>Maps one transformed value back to the data scale.</summary>
    public virtual double Inverse(double y) => _bulk.Inverse(y);

    /// <summary>Transforms <paramref name="source"/> into <paramref name="destination"/> (vectorised).</summary>
    /// <exception cref="ArgumentException">The destination is shorter than the source, or partially overlaps
    /// it.</exception>
    public virtual void Apply(ReadOnlySpan<double> source, Span<double> destination) =>
        _bulk.Apply(source, destination);

    /// <summary>
    /// Transforms float data (vectorised). Each value is widened to double, transformed with the double
    /// kernel and rounded to float once, so the result equals <c>(float)Apply((double)x)</c> up to the last
    /// bit of the double computation.
    /// </summary>
    /// <exception cref="ArgumentException">The destination is shorter than the source, or partially overlaps
    /// it.</exception>
    public virtual void Apply(ReadOnlySpan<float> source, Span<float> destination) => _bulk.Apply(source, destination);

    /// <summary>Maps transformed values back to the data scale (vectorised).</summary>
    /// <exception cref="ArgumentException">The destination is shorter than the source, or partially overlaps
    /// it.</exception>
    public virtual void Inverse(ReadOnlySpan<double> source, Span<double> destination) =>
        _bulk.Inverse(source, destination);

    /// <summary>Maps transformed float values back to the data scale (vectorised, computed in double).</summary>
    /// <exception cref="ArgumentException">The destination is shorter than the source, or partially overlaps
    /// it.</exception>
    public virtual void Inverse(ReadOnlySpan<float> source, Span<float> destination) =>
        _bulk.Inverse(source, destination);

    /// <summary>
    /// Transforms a large column on several threads: the data is cut into chunks of 32,768 values, each
    /// transformed with the vectorised <see cref="Apply(ReadOnlySpan{float}, Span{float})"/>.
    /// </summary>
    /// <param name="source">The values to transform.</param>
    /// <param name="destination">Where to write the results (may be <paramref name="source"/>'s memory).</param>
    /// <param name="maxDegreeOfParallelism">Most threads to use; -1 for all cores.</param>
    public void ApplyParallel(ReadOnlyMemory<float> source, Memory<float> destination, int maxDegreeOfParallelism = -1)
    {
        Elementwise.CheckSpans(source.Span, destination.Span, nameof(destination));
        ForEachChunk(source.Length, maxDegreeOfParallelism,
            (start, length) => Apply(source.Span.Slice(start, length), destination.Span.Slice(start, length)));
    }

    /// <summary>Double-precision <see cref="ApplyParallel(ReadOnlyMemory{float}, Memory{float}, int)"/>.</summary>
    /// <param name="source">The values to transform.</param>
    /// <param name="destination">Where to write the results (may be <paramref name="source"/>'s memory).</param>
    /// <param name="maxDegreeOfParallelism">Most threads to use; -1 for all cores.</param>
    public void ApplyParallel(ReadOnlyMemory<double> source, Memory<double> destination,
        int maxDegreeOfParallelism = -1)
    {
        Elementwise.CheckSpans(source.Span, destination.Span, nameof(destination));
        ForEachChunk(source.Length, maxDegreeOfParallelism,
            (start, length) => Apply(source.Span.Slice(start, length), destination.Span.Slice(start, length)));
    }

    private static void ForEachChunk(int length, int maxDegreeOfParallelism, Action<int, int> body)
    {
        var chunks = (length + ParallelChunk - 1) / ParallelChunk;
        if (chunks <= 1 || maxDegreeOfParallelism == 1)
        {
            body(0, length);
            return;
        }
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, c =>
        {
            var start = c * ParallelChunk;
            body(start, Math.Min(ParallelChunk, length - start));
        });
    }

    /// <summary>
    /// The scalar reference loop (one <see cref="Apply(double)"/> per value), for tests and baselines.
    /// </summary>
    /// <summary>The bulk transform at a given vector width (tests and benchmarks compare the widths).</summary>
    internal void Apply(ReadOnlySpan<double> source, Span<double> destination, SimdWidth width) =>
        _bulk.Apply(source, destination, width);

    /// <summary>The bulk transform at a given vector width (tests and benchmarks compare the widths).</summary>
    internal void Apply(ReadOnlySpan<float> source, Span<float> destination, SimdWidth width) =>
        _bulk.Apply(source, destination, width);

    /// <summary>The bulk inverse at a given vector width (tests and benchmarks compare the widths).</summary>
    internal void Inverse(ReadOnlySpan<double> source, Span<double> destination, SimdWidth width) =>
        _bulk.Inverse(source, destination, width);

    internal void ApplyScalar(ReadOnlySpan<double> source, Span<double> destination)
    {
        Elementwise.CheckSpans(source, destination, nameof(destination));
        for (var i = 0; i < source.Length; i++) destination[i] = Apply(source[i]);
    }

    /// <summary>The scalar reference loop for floats (computed in double, rounded once).</summary>
    internal void ApplyScalar(ReadOnlySpan<float> source, Span<float> destination)
    {
        Elementwise.CheckSpans(source, destination, nameof(destination));
        for (var i = 0; i < source.Length; i++) destination[i] = (float)Apply(source[i]);
    }

    /// <summary>The scalar reference loop for the inverse.</summary>
    internal void InverseScalar(ReadOnlySpan<double> source, Span<double> destination)
    {
        Elementwise.CheckSpans(source, destination, nameof(destination));
        for (var i = 0; i < source.Length; i++) destination[i] = Inverse(source[i]);
    }
}

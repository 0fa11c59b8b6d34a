namespace Stroma.Cytometry.Transforms;

/// <summary>
/// The bulk (span) forms of a scale transform, specialised once per transform type so the loops inline
/// the arithmetic. Records with value equality: two transforms built from the same parameters hold
/// equal kernels, which keeps the public records' synthesized equality meaningful.
/// </summary>
internal abstract record ScaleKernel
{
    public abstract double Apply(double x);

    public abstract double Inverse(double y);

    public abstract void Apply(ReadOnlySpan<double> source, Span<double> destination);

    public abstract void Apply(ReadOnlySpan<float> source, Span<float> destination);

    public abstract void Inverse(ReadOnlySpan<double> source, Span<double> destination);

    public abstract void Inverse(ReadOnlySpan<float> source, Span<float> destination);

    /// <summary>The bulk forward at a given vector width (tests and benchmarks compare the widths).</summary>
    public abstract void Apply(ReadOnlySpan<double> source, Span<double> destination, SimdWidth width);

    /// <summary>The bulk forward at a given vector width (tests and benchmarks compare the widths).</summary>
    public abstract void Apply(ReadOnlySpan<float> source, Span<float> destination, SimdWidth width);

    /// <summary>The bulk inverse at a given vector width (tests and benchmarks compare the widths).</summary>
    public abstract void Inverse(ReadOnlySpan<double> source, Span<double> destination, SimdWidth width);
}

/// <summary>A <see cref="ScaleKernel"/> made of a forward and an inverse elementwise operator.</summary>
internal sealed record ScaleKernel<TForward, TInverse>(TForward Forward, TInverse Backward) : ScaleKernel
    where TForward : struct, IElementwise
    where TInverse : struct, IElementwise
{
    public override double Apply(double x) => Forward.Invoke(x);

    public override double Inverse(double y) => Backward.Invoke(y);

    public override void Apply(ReadOnlySpan<double> source, Span<double> destination) =>
        Elementwise.Map(Forward, source, destination);

    public override void Apply(ReadOnlySpan<float> source, Span<float> destination) =>
        Elementwise.Map(Forward, source, destination);

    public override void Inverse(ReadOnlySpan<double> source, Span<double> destination) =>
        Elementwise.Map(Backward, source, destination);

    public override void Inverse(ReadOnlySpan<float> source, Span<float> destination) =>
        Elementwise.Map(Backward, source, destination);

    public override void Apply(ReadOnlySpan<double> source, Span<double> destination, SimdWidth width) =>
        Elementwise.Map(Forward, source, destination, width);

    public override void Apply(ReadOnlySpan<float> source, Span<float> destination, SimdWidth width) =>
        Elementwise.Map(Forward, source, destination, width);

    public override void Inverse(ReadOnlySpan<double> source, Span<double> destination, SimdWidth width) =>
        Elementwise.Map(Backward, source, destination, width);
}

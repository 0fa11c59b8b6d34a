// Interim stand-ins until the full transform library lands (same public shape); replaced on merge.
namespace Stroma.Cytometry.Transforms;

/// <summary>A one-parameter scale transformation (GatingML 2.0 §6).</summary>
/// <param name="Id">Transformation id.</param>
public abstract record ScaleTransform(string? Id)
{
    /// <summary>Transforms one value.</summary>
    public abstract double Apply(double x);

    /// <summary>Inverse transform.</summary>
    public abstract double Inverse(double y);

    /// <summary>Bulk transform.</summary>
    public virtual void Apply(ReadOnlySpan<double> source, Span<double> destination)
    {
        for (var i = 0; i < source.Length; i++) destination[i] = Apply(source[i]);
    }

    /// <summary>Bulk transform of floats.</summary>
    public virtual void Apply(ReadOnlySpan<float> source, Span<float> destination)
    {
        for (var i = 0; i < source.Length; i++) destination[i] = (float)Apply(source[i]);
    }
}

/// <summary>flin.</summary>
/// <param name="Id">Id.</param>
/// <param name="T">Top of scale.</param>
/// <param name="A">Offset.</param>
public sealed record LinearTransform(string? Id, double T, double A) : ScaleTransform(Id)
{
    /// <inheritdoc/>
    public override double Apply(double x) => (x + A) / (T + A);

    /// <inheritdoc/>
    public override double Inverse(double y) => y * (T + A) - A;
}

/// <summary>flog.</summary>
/// <param name="Id">Id.</param>
/// <param name="T">Top of scale.</param>
/// <param name="M">Decades.</param>
public sealed record LogTransform(string? Id, double T, double M) : ScaleTransform(Id)
{
    /// <inheritdoc/>
    public override double Apply(double x) => x > 0 ? Math.Log10(x / T) / M + 1 : double.NaN;

    /// <inheritdoc/>
    public override double Inverse(double y) => T * Math.Pow(10, (y - 1) * M);
}

/// <summary>fasinh.</summary>
/// <param name="Id">Id.</param>
/// <param name="T">Top of scale.</param>
/// <param name="M">Decades.</param>
/// <param name="A">Negative decades.</param>
public sealed record AsinhTransform(string? Id, double T, double M, double A) : ScaleTransform(Id)
{
    /// <inheritdoc/>
    public override double Apply(double x) => (Math.Asinh(x * Math.Sinh(M * Math.Log(10)) / T) + A * Math.Log(10)) / ((M + A) * Math.Log(10));

    /// <inheritdoc/>
    public override double Inverse(double y) => Math.Sinh(y * (M + A) * Math.Log(10) - A * Math.Log(10)) * T / Math.Sinh(M * Math.Log(10));
}

/// <summary>fratio.</summary>
/// <param name="Id">Id.</param>
/// <param name="A">Scale.</param>
/// <param name="B">Numerator offset.</param>
/// <param name="C">Denominator offset.</param>
public sealed record RatioTransform(string? Id, double A, double B, double C)
{
    /// <summary>A·(x − B)/(y − C).</summary>
    public double Apply(double x, double y) => A * (x - B) / (y - C);
}

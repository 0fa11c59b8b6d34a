using System.Numerics;
using System.Numerics.Tensors;
using Stroma.Cytometry.Numerics;

namespace Stroma.Cytometry.Compensation;

/// <summary>
/// Compensation prepared from a spillover (or spectrum) matrix: observed detector values are mapped to
/// fluorochrome abundances by <c>compensated = observed × S⁻¹</c> (Bagwell &amp; Adams 1993; GatingML 2.0
/// §5.1 spectrumMatrix). When S has more detectors than fluorochromes the least-squares unmixing
/// <c>observed × Sᵀ(S Sᵀ)⁻¹</c> is used. Immutable and safe to share across threads.
/// </summary>
public sealed class Compensator
{
    private readonly double[] _unmix; // detectors × outputs, row-major
    private readonly float[] _unmixSingle;

    /// <summary>Prepares compensation for a square spillover matrix (outputs are named like the detectors).</summary>
    public Compensator(SpilloverMatrix spillover)
        : this(spillover?.Channels ?? throw new ArgumentNullException(nameof(spillover)), spillover.Channels,
            spillover.Values, spillover.Source)
    {
    }

    /// <summary>
    /// Prepares compensation for a spectrum matrix with one row per fluorochrome and one column per detector
    /// (<paramref name="spectra"/> row-major, fluorochromes × detectors).
    /// </summary>
    public Compensator(IReadOnlyList<string> fluorochromes, IReadOnlyList<string> detectors,
        ReadOnlySpan<double> spectra, string source = "")
    {
        ArgumentNullException.ThrowIfNull(fluorochromes);
        ArgumentNullException.ThrowIfNull(detectors);
        var f = fluorochromes.Count;
        var d = detectors.Count;
        if (f == 0 || d == 0 || spectra.Length != f * d)
            throw new CytometryException($"Spectrum matrix '{source}' needs {f} × {d} coefficients; " +
                $"{spectra.Length} given.");
        if (d < f)
            throw new CytometryException($"Spectrum matrix '{source}' has {f} fluorochromes but only {d} detectors; " +
                $"it cannot be unmixed.");
        Outputs = fluorochromes.ToArray();
        Detectors = detectors.ToArray();
        Source = source;
        _unmix = d == f ? DenseMatrix.Invert(spectra.ToArray(), f, $"spillover matrix '{source}'")
            : LeastSquares(spectra.ToArray(), f, d, source);
        _unmixSingle = _unmix.Select(v => (float)v).ToArray();
    }

    /// <summary>
    /// Names of the compensated outputs (fluorochromes; detector names for a square spillover matrix).
    /// </summary>
    public IReadOnlyList<string> Outputs { get; }

    /// <summary>Names of the detector channels read.</summary>
    public IReadOnlyList<string> Detectors { get; }

    /// <summary>Where the matrix came from.</summary>
    public string Source { get; }

    /// <summary>The unmixing matrix (detectors × outputs, row-major): S⁻¹ for a square matrix.</summary>
    public ReadOnlySpan<double> UnmixingMatrix => _unmix;

    /// <summary>
    /// Compensates columns: <paramref name="detectors"/> in <see cref="Detectors"/> order, results into
    /// <paramref name="outputs"/> in <see cref="Outputs"/> order. Outputs may alias inputs (in-place).
    /// Works in chunks so aliasing is safe and memory stays at one chunk per thread; parallel over chunks.
    /// </summary>
    public void Apply<T>(IReadOnlyList<Memory<T>> detectors, IReadOnlyList<Memory<T>> outputs,
        int maxDegreeOfParallelism = -1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(detectors);
        ArgumentNullException.ThrowIfNull(outputs);
        if (detectors.Count != Detectors.Count || outputs.Count != Outputs.Count)
            throw new ArgumentException($"Compensation '{Source}' needs {Detectors.Count} detector and " +
                $"{Outputs.Count} output columns.");
        var length = detectors[0].Length;
        if (detectors.Any(c => c.Length != length) || outputs.Any(c => c.Length != length))
            throw new ArgumentException("All columns must have the same length.");

        var matrix = typeof(T) == typeof(float) ? (T[])(object)_unmixSingle : typeof(T) == typeof(double)
            ? (T[])(object)_unmix : _unmix.Select(T.CreateChecked).ToArray();
        const int chunk = 4096;
        var chunks = (length + chunk - 1) / chunk;
        var d = Detectors.Count;
        var o = Outputs.Count;
        var degree = length < 65_536 ? 1 : maxDegreeOfParallelism <= 0 ? Environment.ProcessorCount
            : maxDegreeOfParallelism;

        void Run(int c, T[] scratch)
        {
            var start = c * chunk;
            var n = Math.Min(chunk, length - start);
            // Copy this chunk of every detector first: outputs may overwrite inputs.
            for (var i = 0; i < d; i++) detectors[i].Span.Slice(start, n).CopyTo(scratch.AsSpan(i * chunk, n));
            for (var j = 0; j < o; j++)
            {
                var destination = outputs[j].Span.Slice(start, n);
                TensorPrimitives.Multiply(scratch.AsSpan(0, n), matrix[j], destination);
                for (var i = 1; i < d; i++)
                {
                    var coefficient = matrix[i * o + j];
                    if (coefficient == T.Zero) continue;
                    TensorPrimitives.MultiplyAdd(scratch.AsSpan(i * chunk, n), coefficient, destination, destination);
                }
            }
        }

        if (degree == 1)
        {
            var scratch = new T[d * chunk];
            for (var c = 0; c < chunks; c++) Run(c, scratch);
        }
        else
        {
            Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = degree }, () => new T[d * chunk],
                (c, _, scratch) =>
                {
                    Run(c, scratch);
                    return scratch;
                }, _ => { });
        }
    }

    /// <summary>
    /// Compensates the matching columns of <paramref name="events"/> in place (outputs replace detectors;
    /// a square spillover matrix is required). Channels are matched to parameter names.
    /// </summary>
    public void ApplyInPlace(EventTable events, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (Outputs.Count != Detectors.Count || !Outputs.SequenceEqual(Detectors, StringComparer.Ordinal))
            throw new InvalidOperationException("In-place compensation needs a square spillover matrix whose outputs " +
                "are its detectors.");
        var indices = Detectors.Select(name => events.IndexOf(name) is var i and >= 0 ? i
            : throw new CytometryException($"Compensation '{Source}' needs channel '{name}', which the sample does " +
                $"not have (parameters: {string.Join(", ", events.Names)}).")).ToArray();
        if (events.IsDoublePrecision)
        {
            var columns = indices.Select(events.WritableDoubleMemory).ToArray();
            Apply(columns, columns, maxDegreeOfParallelism);
        }
        else
        {
            var columns = indices.Select(events.WritableSingleMemory).ToArray();
            Apply(columns, columns, maxDegreeOfParallelism);
        }
    }

    // Unmixing for f fluorochromes (rows) × d detectors (columns): M = Sᵀ (S Sᵀ)⁻¹, shape d × f.
    private static double[] LeastSquares(double[] s, int f, int d, string source)
    {
        var sst = new double[f * f];
        for (var i = 0; i < f; i++)
            for (var j = 0; j < f; j++)
            {
                double sum = 0;
                for (var k = 0; k < d; k++) sum += s[i * d + k] * s[j * d + k];
                sst[i * f + j] = sum;
            }
        var inv = DenseMatrix.Invert(sst, f, $"spectrum matrix '{source}' (S·Sᵀ)");
        var m = new double[d * f];
        for (var k = 0; k < d; k++)
            for (var j = 0; j < f; j++)
            {
                double sum = 0;
                for (var i = 0; i < f; i++) sum += s[i * d + k] * inv[i * f + j];
                m[k * f + j] = sum;
            }
        return m;
    }
}

using System.Numerics;

namespace Stroma.Cytometry.Gating;

/// <summary>
/// Per-event membership tests over columns (float or double). Each kernel ANDs its verdict into
/// <c>inside</c>, so a caller starts from all-true (or from the parent's membership) and narrows.
/// NaN never falls inside a gate. Large inputs are split into chunks evaluated in parallel.
/// </summary>
public static class GateKernels
{
    private const int ParallelChunk = 1 << 16;

    /// <summary>
    /// Rectangle/range on one dimension: min ≤ x &lt; max (GatingML 2.0 §5.3.1); a null bound is open.
    /// </summary>
    public static void Range<T>(ReadOnlySpan<T> values, double? min, double? max, Span<bool> inside) where T
        : INumberBase<T>
    {
        var lo = min ?? double.NegativeInfinity;
        var hi = max ?? double.PositiveInfinity;
        var openHigh = max is null;
        for (var i = 0; i < values.Length; i++)
        {
            var v = double.CreateTruncating(values[i]);
            inside[i] &= v >= lo && (v < hi || (openHigh && v == hi));
        }
    }

    /// <summary>
    /// Polygon test by the even–odd (crossing number) rule, which decides non-simple polygons as the
    /// GatingML 2.0 compliance suite expects. The polygon closes from the last vertex to the first.
    /// </summary>
    public static void Polygon<T>(ReadOnlySpan<T> xs, ReadOnlySpan<T> ys, IReadOnlyList<(double X, double Y)> vertices,
        Span<bool> inside) where T : INumberBase<T>
    {
        var n = vertices.Count;
        var vx = new double[n];
        var vy = new double[n];
        double minX = double.PositiveInfinity, maxX = double.NegativeInfinity, minY = double.PositiveInfinity,
            maxY = double.NegativeInfinity;
        for (var k = 0; k < n; k++)
        {
            (vx[k], vy[k]) = vertices[k];
            minX = Math.Min(minX, vx[k]);
            maxX = Math.Max(maxX, vx[k]);
            minY = Math.Min(minY, vy[k]);
            maxY = Math.Max(maxY, vy[k]);
        }
        for (var i = 0; i < xs.Length; i++)
        {
            if (!inside[i]) continue;
            var x = double.CreateTruncating(xs[i]);
            var y = double.CreateTruncating(ys[i]);
            // Bounding-box rejection first: most events of a tight gate are far outside it.
            if (!(x >= minX && x <= maxX && y >= minY && y <= maxY))
            {
                inside[i] = false;
                continue;
            }
            var crossings = false;
            for (int a = 0, b = n - 1; a < n; b = a++)
            {
                if ((vy[a] > y) != (vy[b] > y) && x < (vx[b] - vx[a]) * (y - vy[a]) / (vy[b] - vy[a]) + vx[a])
                    crossings = !crossings;
            }
            inside[i] = crossings;
        }
    }

    /// <summary>
    /// Ellipsoid: (x − μ)ᵀ C⁻¹ (x − μ) ≤ d² (GatingML 2.0 §5.3.3); <paramref name="inverseCovariance"/>
    /// is C⁻¹ row-major.
    /// </summary>
    public static void Ellipsoid<T>(IReadOnlyList<ReadOnlyMemory<T>> axes, IReadOnlyList<double> mean,
        ReadOnlySpan<double> inverseCovariance, double distanceSquare, Span<bool> inside)
        where T : INumberBase<T>
    {
        var d = axes.Count;
        Span<double> delta = d <= 32 ? stackalloc double[d] : new double[d];
        var columns = axes.Select(a => a).ToArray();
        for (var i = 0; i < inside.Length; i++)
        {
            if (!inside[i]) continue;
            for (var k = 0; k < d; k++) delta[k] = double.CreateTruncating(columns[k].Span[i]) - mean[k];
            double q = 0;
            for (var r = 0; r < d; r++)
            {
                double row = 0;
                for (var c = 0; c < d; c++) row += inverseCovariance[r * d + c] * delta[c];
                q += delta[r] * row;
            }
            inside[i] = q <= distanceSquare;
        }
    }

    /// <summary>
    /// Interval index of each value among sorted cut points: the number of cuts ≤ value (a value on a cut
    /// belongs to the interval above it); −1 for NaN.
    /// </summary>
    public static void Intervals<T>(ReadOnlySpan<T> values, ReadOnlySpan<double> sortedCuts,
        Span<int> intervals) where T : INumberBase<T>
    {
        for (var i = 0; i < values.Length; i++)
        {
            var v = double.CreateTruncating(values[i]);
            if (double.IsNaN(v))
            {
                intervals[i] = -1;
                continue;
            }
            var k = 0;
            while (k < sortedCuts.Length && sortedCuts[k] <= v) k++;
            intervals[i] = k;
        }
    }

    /// <summary>Interval index of a single location among sorted cuts.</summary>
    public static int Interval(double location, ReadOnlySpan<double> sortedCuts)
    {
        var k = 0;
        while (k < sortedCuts.Length && sortedCuts[k] <= location) k++;
        return k;
    }

    /// <summary>Runs <paramref name="body"/> over [0, length) in chunks, in parallel when the input is large.</summary>
    public static void ForChunks(int length, Action<int, int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (length <= ParallelChunk * 2)
        {
            body(0, length);
            return;
        }
        var chunks = (length + ParallelChunk - 1) / ParallelChunk;
        Parallel.For(0, chunks, c =>
        {
            var start = c * ParallelChunk;
            body(start, Math.Min(ParallelChunk, length - start));
        });
    }
}

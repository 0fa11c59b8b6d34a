namespace Stroma.Cytometry.Numerics;

/// <summary>Small dense-matrix helpers (row-major arrays) for compensation and ellipsoid gates.</summary>
public static class DenseMatrix
{
    /// <summary>
    /// Inverse of an n×n matrix by Gauss–Jordan elimination with partial pivoting. Throws a
    /// <see cref="CytometryException"/> naming <paramref name="what"/> when the matrix is singular.
    /// </summary>
    public static double[] Invert(IReadOnlyList<double> matrix, int n, string what = "matrix")
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.Count != n * n)
            throw new ArgumentException($"{what} needs {n * n} values; {matrix.Count} given.", nameof(matrix));
        var a = matrix.ToArray();
        var inverse = new double[n * n];
        for (var i = 0; i < n; i++) inverse[i * n + i] = 1;
        var scale = a.Select(Math.Abs).DefaultIfEmpty(1).Max();
        for (var col = 0; col < n; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < n; r++)
                if (Math.Abs(a[r * n + col]) > Math.Abs(a[pivot * n + col])) pivot = r;
            if (!(Math.Abs(a[pivot * n + col]) > 1e-14 * scale))
                throw new CytometryException($"The {what} is singular (column {col + 1} has no usable pivot) and " +
                    $"cannot be inverted.");
            if (pivot != col)
            {
                SwapRows(a, n, pivot, col);
                SwapRows(inverse, n, pivot, col);
            }
            var p = a[col * n + col];
            for (var k = 0; k < n; k++)
            {
                a[col * n + k] /= p;
                inverse[col * n + k] /= p;
            }
            for (var r = 0; r < n; r++)
            {
                if (r == col) continue;
                var factor = a[r * n + col];
                if (factor == 0) continue;
                for (var k = 0; k < n; k++)
                {
                    a[r * n + k] -= factor * a[col * n + k];
                    inverse[r * n + k] -= factor * inverse[col * n + k];
                }
            }
        }
        return inverse;
    }

    private static void SwapRows(double[] m, int n, int a, int b)
    {
        for (var k = 0; k < n; k++) (m[a * n + k], m[b * n + k]) = (m[b * n + k], m[a * n + k]);
    }
}

using System.Globalization;

namespace Stroma.Cytometry.Compensation;

/// <summary>
/// A square spillover matrix over named channels: <c>Values[i, j]</c> is the fraction of the signal of
/// the dye measured primarily in channel i that appears in channel j (rows = sources, as in
/// <c>$SPILLOVER</c>, FCS 3.1 §3.2.20).
/// </summary>
public sealed class SpilloverMatrix
{
    private readonly double[] _values;

    /// <summary>Creates a matrix; <paramref name="values"/> is row-major, n×n for n channels.</summary>
    public SpilloverMatrix(IReadOnlyList<string> channels, ReadOnlySpan<double> values, string source = "")
    {
        ArgumentNullException.ThrowIfNull(channels);
        if (channels.Count == 0)
            throw new ArgumentException("A spillover matrix needs at least one channel.", nameof(channels));
        if (values.Length != channels.Count * channels.Count)
            throw new ArgumentException($"{channels.Count} channels need {channels.Count * channels.Count} values; " +
                $"{values.Length} given.", nameof(values));
        Channels = channels.ToArray();
        _values = values.ToArray();
        Source = source;
    }

    /// <summary>Channel (parameter) names, in matrix order.</summary>
    public IReadOnlyList<string> Channels { get; }

    /// <summary>Where the matrix came from (keyword name, file, GatingML id).</summary>
    public string Source { get; }

    /// <summary>Number of channels.</summary>
    public int Size => Channels.Count;

    /// <summary>Coefficient from channel <paramref name="row"/> into channel <paramref name="column"/>.</summary>
    public double this[int row, int column] => _values[row * Size + column];

    /// <summary>The coefficients, row-major.</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>Rows as arrays (for JSON).</summary>
    public double[][] ToRows()
    {
        var rows = new double[Size][];
        for (var i = 0; i < Size; i++) rows[i] = _values.AsSpan(i * Size, Size).ToArray();
        return rows;
    }

    /// <summary>The <c>$SPILLOVER</c> keyword value for this matrix (shortest round-trip numbers).</summary>
    public string ToKeywordValue()
    {
        var parts = new List<string>(1 + Size + _values.Length) { Size.ToString(CultureInfo.InvariantCulture) };
        parts.AddRange(Channels);
        parts.AddRange(_values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        return string.Join(',', parts);
    }
}

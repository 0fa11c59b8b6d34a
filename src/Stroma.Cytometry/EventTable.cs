using System.Runtime.InteropServices;

namespace Stroma.Cytometry;

/// <summary>
/// Event data held column by column: one contiguous array per parameter, so each stage
/// (compensation, transforms, gates) streams through a parameter with SIMD.
/// Values are 32-bit floats when every parameter fits exactly (float data, or integers
/// of at most 24 significant bits) and 64-bit doubles otherwise, so no value is rounded.
/// </summary>
public sealed class EventTable
{
    private readonly float[][]? _single;
    private readonly double[][]? _double;
    private readonly bool[]? _loaded;

    private EventTable(IReadOnlyList<string> names, int eventCount, float[][]? single, double[][]? dbl,
        bool[]? loaded = null)
    {
        Names = names;
        EventCount = eventCount;
        _single = single;
        _double = dbl;
        _loaded = loaded;
    }

    /// <summary>
    /// Wraps float columns (each of length <paramref name="eventCount"/>); the arrays are not copied.
    /// </summary>
    public static EventTable FromColumns(IReadOnlyList<string> names, int eventCount, float[][] columns)
    {
        Validate(names, eventCount, columns.Length, columns.Select(c => c.Length));
        return new EventTable(names, eventCount, columns, null);
    }

    /// <summary>
    /// Wraps double columns (each of length <paramref name="eventCount"/>); the arrays are not copied.
    /// </summary>
    public static EventTable FromColumns(IReadOnlyList<string> names, int eventCount, double[][] columns)
    {
        Validate(names, eventCount, columns.Length, columns.Select(c => c.Length));
        return new EventTable(names, eventCount, null, columns);
    }

    /// <summary>
    /// A table of which only the columns marked in <paramref name="loaded"/> hold values (a column-selected read);
    /// the others are empty arrays, and reading them throws. Column indices stay those of the full table.
    /// </summary>
    internal static EventTable FromSelectedColumns(IReadOnlyList<string> names, int eventCount, float[][]? single,
        double[][]? dbl, bool[] loaded)
    {
        var count = single?.Length ?? dbl!.Length;
        Validate(names, eventCount, count,
            Enumerable.Range(0, count).Where(i => loaded[i]).Select(i => single?[i].Length ?? dbl![i].Length));
        return new EventTable(names, eventCount, single, dbl, loaded.All(x => x) ? null : loaded);
    }

    private static void Validate(IReadOnlyList<string> names, int eventCount, int columnCount, IEnumerable<int> lengths)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(eventCount);
        if (names.Count != columnCount)
            throw new ArgumentException($"{names.Count} names given for {columnCount} columns.", nameof(names));
        if (lengths.Any(l => l < eventCount))
            throw new ArgumentException($"Every column must hold at least {eventCount} values.", nameof(eventCount));
    }

    /// <summary>Parameter names, in column order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Number of events (rows).</summary>
    public int EventCount { get; }

    /// <summary>Number of parameters (columns).</summary>
    public int ParameterCount => Names.Count;

    /// <summary>True when columns are stored as 64-bit doubles, false for 32-bit floats.</summary>
    public bool IsDoublePrecision => _double is not null;

    /// <summary>Number of columns that hold values: all of them, unless the table was read column-selected.</summary>
    public int LoadedParameterCount => _loaded is null ? ParameterCount : _loaded.Count(x => x);

    /// <summary>Bytes held by the event values (of the loaded columns).</summary>
    public long DataBytes =>
        (long)EventCount * LoadedParameterCount * (IsDoublePrecision ? sizeof(double) : sizeof(float));

    /// <summary>
    /// False for a column a column-selected read left out (see <c>FcsReadOptions.Parameters</c>); reading such a
    /// column throws.
    /// </summary>
    public bool IsLoaded(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, ParameterCount);
        return _loaded is null || _loaded[index];
    }

    /// <summary>The float column of parameter <paramref name="index"/>; throws when the table holds doubles.</summary>
    public ReadOnlySpan<float> SingleColumn(int index) =>
        _single is not null ? Loaded(_single, index).AsSpan(0, EventCount)
            : throw new InvalidOperationException("This table holds double-precision columns; use DoubleColumn or " +
                "CopyColumn.");

    /// <summary>The double column of parameter <paramref name="index"/>; throws when the table holds floats.</summary>
    public ReadOnlySpan<double> DoubleColumn(int index) =>
        _double is not null ? Loaded(_double, index).AsSpan(0, EventCount)
            : throw new InvalidOperationException("This table holds single-precision columns; use SingleColumn or " +
                "CopyColumn.");

    /// <summary>The float column of parameter <paramref name="index"/> as memory (for asynchronous writers).</summary>
    public ReadOnlyMemory<float> SingleMemory(int index) =>
        _single is not null ? Loaded(_single, index).AsMemory(0, EventCount)
            : throw new InvalidOperationException("This table holds double-precision columns.");

    /// <summary>The double column of parameter <paramref name="index"/> as memory (for asynchronous writers).</summary>
    public ReadOnlyMemory<double> DoubleMemory(int index) =>
        _double is not null ? Loaded(_double, index).AsMemory(0, EventCount)
            : throw new InvalidOperationException("This table holds single-precision columns.");

    /// <summary>Value of one event in one parameter, widened to double.</summary>
    public double this[int eventIndex, int parameterIndex] =>
        _single is not null ? Loaded(_single, parameterIndex)[eventIndex]
            : Loaded(_double!, parameterIndex)[eventIndex];

    private T[] Loaded<T>(T[][] columns, int index) =>
        _loaded is null || _loaded[index] ? columns[index]
            : throw new InvalidOperationException($"Parameter {Names[index]} was not read (the read selected other " +
                "parameters); read it by naming it in FcsReadOptions.Parameters.");

    /// <summary>Copies a column into <paramref name="destination"/>, widening floats to doubles.</summary>
    public void CopyColumn(int index, Span<double> destination)
    {
        if (destination.Length < EventCount)
            throw new ArgumentException($"Destination holds {destination.Length} values; {EventCount} needed.",
                nameof(destination));
        if (_double is not null)
        {
            Loaded(_double, index).AsSpan(0, EventCount).CopyTo(destination);
            return;
        }
        var src = Loaded(_single!, index).AsSpan(0, EventCount);
        for (var i = 0; i < src.Length; i++) destination[i] = src[i];
    }

    /// <summary>A column as a new double array.</summary>
    public double[] ToDoubleArray(int index)
    {
        var result = GC.AllocateUninitializedArray<double>(EventCount);
        CopyColumn(index, result);
        return result;
    }

    /// <summary>
    /// Index of the parameter called <paramref name="name"/> (ordinal, then case-insensitive), or -1.
    /// </summary>
    public int IndexOf(string name)
    {
        for (var i = 0; i < Names.Count; i++)
            if (string.Equals(Names[i], name, StringComparison.Ordinal)) return i;
        for (var i = 0; i < Names.Count; i++)
            if (string.Equals(Names[i], name, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    /// <summary>Writable float column, for stages that transform in place before publishing the table.</summary>
    internal Span<float> WritableSingle(int index) => Loaded(_single!, index).AsSpan(0, EventCount);

    /// <summary>Writable double column, for stages that transform in place before publishing the table.</summary>
    internal Span<double> WritableDouble(int index) => Loaded(_double!, index).AsSpan(0, EventCount);

    /// <summary>Writable float column as memory (for parallel in-place kernels).</summary>
    internal Memory<float> WritableSingleMemory(int index) => Loaded(_single!, index).AsMemory(0, EventCount);

    /// <summary>Writable double column as memory (for parallel in-place kernels).</summary>
    internal Memory<double> WritableDoubleMemory(int index) => Loaded(_double!, index).AsMemory(0, EventCount);

    /// <summary>The raw bytes of a column (for writers that copy values bit-exactly).</summary>
    internal ReadOnlySpan<byte> ColumnBytes(int index) =>
        _single is not null
            ? MemoryMarshal.AsBytes(Loaded(_single, index).AsSpan(0, EventCount))
            : MemoryMarshal.AsBytes(Loaded(_double!, index).AsSpan(0, EventCount));
}

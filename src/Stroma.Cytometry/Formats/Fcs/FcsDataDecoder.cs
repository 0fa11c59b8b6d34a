using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Stroma.Cytometry.Formats.Fcs;

/// <summary>
/// Decodes the DATA segment into columns. The segment is read in chunks of about 256 KB (small
/// enough to stay in L2 while it is transposed), in parallel over chunks for large files; memory is
/// the columns plus one chunk buffer per thread. Byte swapping uses the vectorised
/// <see cref="BinaryPrimitives"/> span overloads; the transpose walks one parameter at a time.
/// </summary>
internal static class FcsDataDecoder
{
    private const int ChunkBytes = 256 * 1024;
    private const long ParallelThresholdBytes = 8L * 1024 * 1024;

    /// <summary>
    /// Decodes every parameter, or only those marked in <paramref name="selected"/> (the others get no storage, and
    /// their values are skipped); a selected column is identical to the same column of a full read.
    /// </summary>
    public static EventTable Decode(IFcsByteSource source, FcsDataLayout layout, IReadOnlyList<FcsParameter> parameters,
        int eventCount, long dataBegin, long dataEnd, int maxDegreeOfParallelism, string? path, List<string> warnings,
        bool[]? selected = null)
    {
        var names = parameters.Select(p => p.Name).ToArray();
        var count = names.Length;
        selected ??= Enumerable.Repeat(true, count).ToArray();
        if (layout.Type == FcsDataType.Ascii)
            return FcsAsciiDecoder.Decode(source, layout, names, eventCount, dataBegin, dataEnd, path, selected);

        float[][]? singles = null;
        double[][]? doubles = null;
        if (layout.UseDouble) doubles = Allocate<double>(selected, eventCount);
        else singles = Allocate<float>(selected, eventCount);

        var width = layout.EventWidth;
        var chunkEvents = Math.Max(1, ChunkBytes / width);
        var chunks = (int)(((long)eventCount + chunkEvents - 1) / chunkEvents);
        var masked = new long[count];
        var totalBytes = (long)eventCount * width;
        var degree = totalBytes < ParallelThresholdBytes ? 1 : maxDegreeOfParallelism <= 0 ? Environment.ProcessorCount
            : maxDegreeOfParallelism;

        void DecodeChunk(int chunk, byte[] buffer, long[] maskedLocal)
        {
            var first = chunk * chunkEvents;
            var n = Math.Min(chunkEvents, eventCount - first);
            var bytes = buffer.AsSpan(0, n * width);
            source.ReadExactly(dataBegin + (long)first * width, bytes);
            DecodeBlock(layout, bytes, first, n, singles, doubles, maskedLocal, selected);
        }

        if (degree == 1 || chunks < 2)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(chunkEvents * width);
            try
            {
                for (var c = 0; c < chunks; c++) DecodeChunk(c, buffer, masked);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        else
        {
            Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = degree },
                () => (Buffer: ArrayPool<byte>.Shared.Rent(chunkEvents * width), Masked: new long[count]),
                (c, _, state) =>
                {
                    DecodeChunk(c, state.Buffer, state.Masked);
                    return state;
                },
                state =>
                {
                    ArrayPool<byte>.Shared.Return(state.Buffer);
                    for (var p = 0; p < count; p++)
                        if (state.Masked[p] != 0) Interlocked.Add(ref masked[p], state.Masked[p]);
                });
        }

        var mostly = new List<string>();
        for (var p = 0; p < count; p++)
        {
            if (masked[p] == 0) continue;
            warnings.Add($"{masked[p]} values of {names[p]} had bits set above $P{parameters[p].Number}R = " +
                $"{parameters[p].Range} " +
                         $"and were masked to {BitOperations.PopCount(layout.Masks[p])} bits (FCS 3.1 §3.3.39).");
            if (masked[p] * 2 > eventCount) mostly.Add(names[p]);
        }
        // Real values stay within $PnR; most of them above it means the bytes are probably not read where they lie.
        if (mostly.Count > 0)
        {
            var shown = string.Join(", ", mostly.Take(5)) + (mostly.Count > 5 ? ", …" : "");
            warnings.Add($"most events exceed $PnR in {shown}: the DATA offsets or $PnB may be wrong.");
        }

        return EventTable.FromSelectedColumns(names, eventCount, singles, doubles, selected);
    }

    private static T[][] Allocate<T>(bool[] selected, int rows)
    {
        var result = new T[selected.Length][];
        for (var i = 0; i < selected.Length; i++) result[i] = selected[i] ? GC.AllocateUninitializedArray<T>(rows) : [];
        return result;
    }

    private static void DecodeBlock(FcsDataLayout layout, Span<byte> bytes, int first, int count, float[][]? singles,
        double[][]? doubles, long[] masked, bool[] selected)
    {
        var uniform = layout.Uniform;
        var mixed = layout.ByteOrder.Order == FcsByteOrder.Mixed;
        switch (layout.Type)
        {
            case FcsDataType.Single when !mixed:
                if (layout.BigEndian) BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, uint>(bytes),
                    MemoryMarshal.Cast<byte, uint>(bytes));
                Transpose(MemoryMarshal.Cast<byte, float>(bytes), layout.Widths.Length, singles!, first, count,
                    selected);
                return;
            case FcsDataType.Double when !mixed:
                if (layout.BigEndian) BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, ulong>(bytes),
                    MemoryMarshal.Cast<byte, ulong>(bytes));
                Transpose(MemoryMarshal.Cast<byte, double>(bytes), layout.Widths.Length, doubles!, first, count,
                    selected);
                return;
            case FcsDataType.Integer when !mixed && uniform == 1:
                TransposeInteger(MemoryMarshal.Cast<byte, byte>(bytes), layout, singles, doubles, first, count, masked,
                    selected);
                return;
            case FcsDataType.Integer when !mixed && uniform == 2:
                if (layout.BigEndian) BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, ushort>(bytes),
                    MemoryMarshal.Cast<byte, ushort>(bytes));
                TransposeInteger(MemoryMarshal.Cast<byte, ushort>(bytes), layout, singles, doubles, first, count,
                    masked, selected);
                return;
            case FcsDataType.Integer when !mixed && uniform == 4:
                if (layout.BigEndian) BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, uint>(bytes),
                    MemoryMarshal.Cast<byte, uint>(bytes));
                TransposeInteger(MemoryMarshal.Cast<byte, uint>(bytes), layout, singles, doubles, first, count, masked,
                    selected);
                return;
            case FcsDataType.Integer when !mixed && uniform == 8:
                if (layout.BigEndian) BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, ulong>(bytes),
                    MemoryMarshal.Cast<byte, ulong>(bytes));
                TransposeInteger(MemoryMarshal.Cast<byte, ulong>(bytes), layout, singles, doubles, first, count,
                    masked, selected);
                return;
            default:
                DecodeGeneral(layout, bytes, first, count, singles, doubles, masked, selected);
                return;
        }
    }

    /// <summary>Row-major block (count × parameters) to columns, one parameter at a time.</summary>
    private static void Transpose<T>(ReadOnlySpan<T> source, int parameters, T[][] columns, int first, int count,
        bool[] selected)
    {
        if (source.Length < count * parameters)
            throw new InvalidOperationException("Decoder block shorter than its event count.");
        ref var origin = ref MemoryMarshal.GetReference(source);
        for (var p = 0; p < parameters; p++)
        {
            if (!selected[p]) continue;
            var destination = columns[p].AsSpan(first, count);
            ref var s = ref Unsafe.Add(ref origin, p);
            for (var e = 0; e < destination.Length; e++)
                destination[e] = Unsafe.Add(ref s, (nint)e * parameters);
        }
    }

    private static void TransposeInteger<TSource>(ReadOnlySpan<TSource> source, FcsDataLayout layout,
        float[][]? singles, double[][]? doubles, int first, int count, long[] masked, bool[] selected)
        where TSource : unmanaged, IBinaryInteger<TSource>, IUnsignedNumber<TSource>
    {
        if (singles is not null) TransposeInteger(source, layout, singles, first, count, masked, selected);
        else TransposeInteger(source, layout, doubles!, first, count, masked, selected);
    }

    private static void TransposeInteger<TSource, TTarget>(ReadOnlySpan<TSource> source, FcsDataLayout layout,
        TTarget[][] columns, int first, int count, long[] masked, bool[] selected)
        where TSource : unmanaged, IBinaryInteger<TSource>, IUnsignedNumber<TSource>
        where TTarget : unmanaged, INumberBase<TTarget>
    {
        var parameters = layout.Widths.Length;
        if (source.Length < count * parameters)
            throw new InvalidOperationException("Decoder block shorter than its event count.");
        ref var origin = ref MemoryMarshal.GetReference(source);
        for (var p = 0; p < parameters; p++)
        {
            if (!selected[p]) continue;
            var mask = TSource.CreateTruncating(layout.Masks[p]);
            var destination = columns[p].AsSpan(first, count);
            ref var s = ref Unsafe.Add(ref origin, p);
            long changed = 0;
            for (var e = 0; e < destination.Length; e++)
            {
                var raw = Unsafe.Add(ref s, (nint)e * parameters);
                var value = raw & mask;
                changed += value != raw ? 1 : 0;
                destination[e] = TTarget.CreateTruncating(value);
            }
            masked[p] += changed;
        }
    }

    /// <summary>
    /// Mixed widths (FCS 3.1 allows any multiple of 8 per parameter), 3-byte integers and legacy byte orders.
    /// </summary>
    private static void DecodeGeneral(FcsDataLayout layout, ReadOnlySpan<byte> bytes, int first, int count,
        float[][]? singles, double[][]? doubles, long[] masked, bool[] selected)
    {
        var widths = layout.Widths;
        var parameters = widths.Length;
        Span<int> offsets = parameters <= 256 ? stackalloc int[parameters] : new int[parameters];
        for (int p = 0, o = 0; p < parameters; o += widths[p], p++) offsets[p] = o;
        var permutation = layout.ByteOrder.Permutation;
        var bigEndian = layout.BigEndian;
        var width = layout.EventWidth;

        for (var e = 0; e < count; e++)
        {
            var row = bytes.Slice(e * width, width);
            for (var p = 0; p < parameters; p++)
            {
                if (!selected[p]) continue;
                var value = Assemble(row.Slice(offsets[p], widths[p]), bigEndian, permutation);
                double result;
                switch (layout.Type)
                {
                    case FcsDataType.Single:
                        result = BitConverter.Int32BitsToSingle((int)(uint)value);
                        break;
                    case FcsDataType.Double:
                        result = BitConverter.Int64BitsToDouble((long)value);
                        break;
                    default:
                        var m = value & layout.Masks[p];
                        if (m != value) masked[p]++;
                        result = m;
                        break;
                }
                if (singles is not null) singles[p][first + e] = (float)result;
                else doubles![p][first + e] = result;
            }
        }
    }

    private static ulong Assemble(ReadOnlySpan<byte> bytes, bool bigEndian, int[]? permutation)
    {
        ulong value = 0;
        if (permutation is not null)
        {
            for (var i = 0; i < bytes.Length; i++) value |= (ulong)bytes[i] << (8 * permutation[i]);
        }
        else if (bigEndian)
        {
            foreach (var b in bytes) value = (value << 8) | b;
        }
        else
        {
            for (var i = bytes.Length - 1; i >= 0; i--) value = (value << 8) | bytes[i];
        }
        return value;
    }
}

/// <summary>
/// ASCII DATA ($DATATYPE = A): fixed-width fields or values separated by blanks, commas or line breaks.
/// </summary>
internal static class FcsAsciiDecoder
{
    public static EventTable Decode(IFcsByteSource source, FcsDataLayout layout, string[] names, int eventCount,
        long dataBegin, long dataEnd, string? path, bool[] selected)
    {
        var length = dataEnd - dataBegin + 1;
        var bytes = new byte[checked((int)length)];
        source.ReadExactly(dataBegin, bytes);
        var parameters = names.Length;
        var columns = new double[parameters][];
        for (var p = 0; p < parameters; p++) columns[p] = selected[p] ? new double[eventCount] : [];

        var delimited = layout.EventWidth == 0;
        var pos = 0;
        for (var e = 0; e < eventCount; e++)
        {
            for (var p = 0; p < parameters; p++)
            {
                ReadOnlySpan<byte> field;
                var at = pos;
                if (delimited)
                {
                    while (pos < bytes.Length && IsSeparator(bytes[pos])) pos++;
                    at = pos;
                    while (pos < bytes.Length && !IsSeparator(bytes[pos])) pos++;
                    field = bytes.AsSpan(at, pos - at);
                    if (field.IsEmpty)
                        throw new FcsFormatException(path, dataBegin + at, null,
                            $"ASCII DATA ended after {e} of {eventCount} events", "$TOT × $PAR delimited numbers");
                }
                else
                {
                    var w = layout.Widths[p];
                    if (pos + w > bytes.Length)
                        throw new FcsFormatException(path, dataBegin + pos, null,
                            $"ASCII DATA ended after {e} of {eventCount} events", "$TOT × $PAR fixed-width fields");
                    field = bytes.AsSpan(pos, w).Trim((byte)' ');
                    pos += w;
                }
                if (!Utf8Parser.TryParse(field, out double value, out var consumed) || consumed != field.Length)
                    throw new FcsFormatException(path, dataBegin + at, null,
                        $"ASCII value '{FcsHeader.Printable(field[..Math.Min(field.Length, 20)])}' of event {e + 1}, " +
                            $"parameter {names[p]} is not a number", "a decimal number");
                if (selected[p]) columns[p][e] = value;
            }
        }
        return EventTable.FromSelectedColumns(names, eventCount, null, columns, selected);
    }

    private static bool IsSeparator(byte b) => b is (byte)' ' or (byte)'\t' or (byte)',' or (byte)'\r' or (byte)'\n';
}

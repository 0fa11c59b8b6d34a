using System.Globalization;
using System.Numerics;

namespace Stroma.Cytometry.Formats.Fcs;

/// <summary>
/// <c>$BYTEORD</c> as parsed: the order class, and for legacy permutations the permutation itself
/// (byte i of a stored value carries significance <c>Permutation[i]</c>, 0 = least significant).
/// </summary>
internal readonly record struct FcsByteOrderInfo(FcsByteOrder Order, int[]? Permutation)
{
    public static FcsByteOrderInfo Parse(FcsKeywords keywords, FcsDataType dataType,
        IReadOnlyList<FcsParameter> parameters, string? path, long textOffset, List<string> warnings)
    {
        var text = keywords.GetTrimmed("$BYTEORD");
        if (text is null)
        {
            if (dataType == FcsDataType.Ascii) return new(FcsByteOrder.LittleEndian, null);
            throw new FcsFormatException(path, textOffset, "$BYTEORD", "the required keyword $BYTEORD is missing",
                "$BYTEORD = 1,2,3,4 (little-endian) or 4,3,2,1 (big-endian)");
        }
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var order = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out order[i])
                || order[i] < 1 || order[i] > parts.Length)
                throw new FcsFormatException(path, textOffset, "$BYTEORD",
                    $"$BYTEORD = '{FcsTextParser.Shorten(text)}'", "a permutation of 1..n such as 1,2,3,4 or 4,3,2,1");
        }
        if (order.Distinct().Count() != order.Length || order.Length == 0)
            throw new FcsFormatException(path, textOffset, "$BYTEORD", $"$BYTEORD = '{text}' repeats a byte",
                "a permutation of 1..n such as 1,2,3,4 or 4,3,2,1");

        var ascending = order.Select((v, i) => v == i + 1).All(x => x);
        var descending = order.Select((v, i) => v == order.Length - i).All(x => x);
        if (ascending) return new(FcsByteOrder.LittleEndian, null);
        if (descending && order.Length > 1) return new(FcsByteOrder.BigEndian, null);

        // A legacy order such as 3,4,1,2 describes whole words; it can only be applied to values of that width.
        var width = order.Length;
        int Stored(FcsParameter p) =>
            dataType == FcsDataType.Integer ? FcsDataLayout.IntegerStorageBytes(p.Bits) : p.Bits / 8;
        if (dataType != FcsDataType.Ascii && parameters.Any(p => Stored(p) != width))
            throw new FcsFormatException(path, textOffset, "$BYTEORD",
                $"$BYTEORD = '{text}' is a mixed byte order for {width}-byte words, but some parameters are not " +
                    $"{width * 8}-bit",
                "little-endian (1,2,…) or big-endian (…,2,1) order when parameter widths differ");
        warnings.Add($"$BYTEORD = '{text}' is a legacy mixed byte order; values are reassembled byte by byte.");
        return new(FcsByteOrder.Mixed, order.Select(v => v - 1).ToArray());
    }
}

/// <summary>How one event is laid out in DATA, derived and validated from TEXT before any event is read.</summary>
internal sealed class FcsDataLayout
{
    private FcsDataLayout(FcsDataType type, FcsByteOrderInfo byteOrder, int[] widths, ulong[] masks, bool useDouble,
        int[] nonByte)
    {
        NonByteParameters = nonByte;
        Type = type;
        ByteOrder = byteOrder;
        Widths = widths;
        Masks = masks;
        UseDouble = useDouble;
        EventWidth = widths.Contains(0) ? 0 : widths.Sum();
        Uniform = widths.Length > 0 && widths.All(w => w == widths[0]) ? widths[0] : 0;
    }

    public FcsDataType Type { get; }

    public FcsByteOrderInfo ByteOrder { get; }

    /// <summary>Bytes per value for each parameter (0 for delimited ASCII).</summary>
    public int[] Widths { get; }

    /// <summary>Bit mask per parameter for integer data (all ones when none applies).</summary>
    public ulong[] Masks { get; }

    /// <summary>Whether values need double precision to be held exactly.</summary>
    public bool UseDouble { get; }

    /// <summary>Bytes per event, 0 when variable (delimited ASCII).</summary>
    public int EventWidth { get; }

    /// <summary>The common width when every parameter has the same one, else 0.</summary>
    public int Uniform { get; }

    public bool BigEndian => ByteOrder.Order == FcsByteOrder.BigEndian;

    /// <summary>Indexes of integer parameters whose <c>$PnB</c> is not a multiple of 8 (each stored in a whole
    /// word).</summary>
    public IReadOnlyList<int> NonByteParameters { get; }

    /// <summary>
    /// Bytes that hold one integer value of <paramref name="bits"/> bits: bits/8 for a multiple of 8
    /// (FCS 3.1 §3.3.33), else the smallest 8-, 16-, 32- or 64-bit word that holds them, as FCS 2.0 list-mode
    /// writers store 10-, 12- or 14-bit ADC values; the decoder core confirms that reading against the DATA length.
    /// </summary>
    public static int IntegerStorageBytes(int bits) =>
        bits % 8 == 0 ? bits / 8 : (int)BitOperations.RoundUpToPowerOf2((uint)((bits + 7) / 8));

    // Largest integer that a float holds exactly: 2^24.
    private const ulong FloatExactLimit = 1UL << 24;

    public static FcsDataLayout Create(FcsDataType type, FcsByteOrderInfo byteOrder,
        IReadOnlyList<FcsParameter> parameters, bool applyRangeMask, string? path, long textOffset)
    {
        var widths = new int[parameters.Count];
        var masks = new ulong[parameters.Count];
        var useDouble = type is FcsDataType.Double or FcsDataType.Ascii;
        for (var i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i];
            widths[i] = type switch
            {
                FcsDataType.Ascii => p.Bits,
                FcsDataType.Integer => IntegerStorageBytes(p.Bits),
                _ => p.Bits / 8,
            };
            masks[i] = ulong.MaxValue;
            if (type != FcsDataType.Integer) continue;

            var full = p.Bits == 64 ? ulong.MaxValue : (1UL << p.Bits) - 1;
            var mask = full;
            // FCS 3.1 §3.3.39: integer values are masked to the bits needed for $PnR
            // (the next power of two at or above the range, minus one).
            if (applyRangeMask && p.Range >= 2 && p.Range < Math.Pow(2, p.Bits))
            {
                var needed = (int)Math.Ceiling(Math.Log2(Math.Ceiling(p.Range)));
                mask = needed >= 64 ? ulong.MaxValue : (1UL << needed) - 1;
                mask &= full;
            }
            masks[i] = mask;
            if (mask > FloatExactLimit) useDouble = true;
        }
        if (type == FcsDataType.Ascii && widths.Contains(0) && widths.Any(w => w != 0))
            throw new FcsFormatException(path, textOffset, "$PnB",
                "some ASCII parameters are delimited ('*') and others fixed-width", "all $PnB = '*' or all numeric");
        var nonByte = type == FcsDataType.Integer
            ? Enumerable.Range(0, parameters.Count).Where(i => parameters[i].Bits % 8 != 0).ToArray()
            : [];
        return new FcsDataLayout(type, byteOrder, widths, masks, useDouble, nonByte);
    }
}

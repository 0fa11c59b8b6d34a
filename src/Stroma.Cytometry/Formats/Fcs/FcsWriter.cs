using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Stroma.Cytometry.Compensation;
using Stroma.IO;

namespace Stroma.Cytometry.Formats.Fcs;

/// <summary>Describes one parameter to write.</summary>
/// <param name="Name"><c>$PnN</c>.</param>
/// <param name="Stain"><c>$PnS</c> (marker/stain label), optional.</param>
/// <param name="Range"><c>$PnR</c>.</param>
/// <param name="Amplification"><c>$PnE</c>; linear when null.</param>
/// <param name="Gain"><c>$PnG</c>; omitted when 1.</param>
/// <param name="Bits"><c>$PnB</c> for integer output (8, 16, 24, 32, … 64); ignored for float and double.</param>
public sealed record FcsChannel(string Name, string? Stain = null, double Range = 262144,
    FcsAmplification? Amplification = null, double Gain = 1, int Bits = 32);

/// <summary>What to write besides the event values.</summary>
public sealed record FcsWriteSettings
{
    /// <summary>Output <c>$DATATYPE</c>: Single (F, the default), Double (D) or Integer (I).</summary>
    public FcsDataType DataType { get; init; } = FcsDataType.Single;

    /// <summary>
    /// One entry per column of the event table; when null, names come from the table with default ranges.
    /// </summary>
    public IReadOnlyList<FcsChannel>? Channels { get; init; }

    /// <summary>Spillover matrix, written as <c>$SPILLOVER</c>.</summary>
    public SpilloverMatrix? Spillover { get; init; }

    /// <summary>Further keywords to write verbatim (structural keywords in it are ignored and regenerated).</summary>
    public IEnumerable<KeyValuePair<string, string>>? Keywords { get; init; }
}

/// <summary>
/// Writes FCS 3.1 files: HEADER, one TEXT segment and little-endian DATA. Files are written to a
/// temporary name and moved into place, so a failed write never leaves a half-written file.
/// </summary>
public static class FcsWriter
{
    /// <summary>Keywords that describe layout or offsets; the writer always regenerates them.</summary>
    private static readonly HashSet<string> Structural = new(StringComparer.OrdinalIgnoreCase)
    {
        "$BEGINANALYSIS", "$ENDANALYSIS", "$BEGINDATA", "$ENDDATA", "$BEGINSTEXT", "$ENDSTEXT",
        "$BYTEORD", "$DATATYPE", "$MODE", "$NEXTDATA", "$PAR", "$TOT",
    };

    private static readonly char[] DelimiterCandidates = ['/', '|', '\\', '!', '~', '^', '#', '\f', '\u0001'];

    /// <summary>
    /// Writes a data set read earlier (keywords kept; <paramref name="dataType"/> defaults to the data set's own, ASCII
    /// becoming double).
    /// </summary>
    public static void Write(string path, FcsDataset dataset, FcsDataType? dataType = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var events = dataset.RequireEvents();
        var type = dataType ?? (dataset.DataType == FcsDataType.Ascii ? FcsDataType.Double : dataset.DataType);
        var keywords = new FcsKeywords(dataset.Keywords.Where(k => !IsParameterLayoutKeyword(k.Key)));
        foreach (var p in dataset.Parameters)
            keywords.Set($"$P{p.Number}B", BitsFor(type, StoredBits(p.Bits)).ToString(CultureInfo.InvariantCulture));
        AtomicFile.Write(path, stream => WriteCore(stream, events, type,
            dataset.Parameters.Select(p => StoredBits(p.Bits)).ToArray(), keywords));
    }

    /// <summary>Writes an event table with the given settings.</summary>
    public static void Write(string path, EventTable events, FcsWriteSettings? settings = null) =>
        AtomicFile.Write(path, stream => Write(stream, events, settings));

    /// <summary>Writes an event table to a stream.</summary>
    public static void Write(Stream stream, EventTable events, FcsWriteSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(events);
        settings ??= new FcsWriteSettings();
        var channels = settings.Channels ?? events.Names.Select(n => new FcsChannel(n)).ToArray();
        if (channels.Count != events.ParameterCount)
            throw new ArgumentException($"{channels.Count} channels described for {events.ParameterCount} columns.",
                nameof(settings));

        if (channels.FirstOrDefault(c => string.IsNullOrWhiteSpace(c.Name)) is { } blank)
            throw new ArgumentException(
                $"Channel {channels.ToList().IndexOf(blank) + 1} has no name; $PnN is required.", nameof(settings));
        if (settings.Spillover?.Channels.FirstOrDefault(c => c.Contains(',', StringComparison.Ordinal)) is { } comma)
            throw new ArgumentException($"Spillover channel '{comma}' contains a comma, which $SPILLOVER cannot hold.",
                nameof(settings));
        var keywords = new FcsKeywords();
        if (settings.Keywords is not null)
            foreach (var (k, v) in settings.Keywords)
                if (!Structural.Contains(k)) keywords.Set(k, v);
        for (var i = 0; i < channels.Count; i++)
        {
            var c = channels[i];
            var n = i + 1;
            keywords.Set($"$P{n}N", c.Name);
            keywords.Set($"$P{n}B", BitsFor(settings.DataType, c.Bits).ToString(CultureInfo.InvariantCulture));
            keywords.Set($"$P{n}E", (c.Amplification ?? FcsAmplification.Linear).ToString());
            keywords.Set($"$P{n}R", c.Range.ToString("R", CultureInfo.InvariantCulture));
            if (!string.IsNullOrEmpty(c.Stain)) keywords.Set($"$P{n}S", c.Stain);
            if (c.Gain != 1) keywords.Set($"$P{n}G", c.Gain.ToString("R", CultureInfo.InvariantCulture));
        }
        if (settings.Spillover is not null) keywords.Set("$SPILLOVER", settings.Spillover.ToKeywordValue());
        WriteCore(stream, events, settings.DataType, channels.Select(c => c.Bits).ToArray(), keywords);
    }

    /// <summary>Writes to a byte array (for tests and uploads).</summary>
    public static byte[] WriteToArray(EventTable events, FcsWriteSettings? settings = null)
    {
        using var ms = new MemoryStream();
        Write(ms, events, settings);
        return ms.ToArray();
    }

    private static bool IsParameterLayoutKeyword(string key) =>
        Structural.Contains(key) || (key.Length > 3 && key.StartsWith("$P", StringComparison.OrdinalIgnoreCase)
            && key.EndsWith('B') && key.AsSpan(2, key.Length - 3).IndexOfAnyExceptInRange('0', '9') < 0);

    // A data set read with $PnB = 10 held its values in 16-bit words; FCS 3.1 output writes those words.
    private static int StoredBits(int bits) => bits is > 0 and <= 64 ? 8 * FcsDataLayout.IntegerStorageBytes(bits)
        : bits;

    private static int BitsFor(FcsDataType type, int requested) => type switch
    {
        FcsDataType.Single => 32,
        FcsDataType.Double => 64,
        FcsDataType.Integer when requested is >= 8 and <= 64 && requested % 8 == 0 => requested,
        FcsDataType.Integer => throw new ArgumentException(
            $"Integer output needs $PnB as a multiple of 8 from 8 to 64; {requested} given."),
        _ => throw new ArgumentException($"Writing {type} data is not supported; use Single, Double or Integer."),
    };

    private static void WriteCore(Stream stream, EventTable events, FcsDataType type, int[] bits, FcsKeywords keywords)
    {
        var widths = bits.Select(b => BitsFor(type, b) / 8).ToArray();
        var eventWidth = widths.Sum();
        var dataLength = (long)events.EventCount * eventWidth;

        keywords.Set("$BYTEORD", "1,2,3,4");
        keywords.Set("$DATATYPE", type switch { FcsDataType.Integer => "I", FcsDataType.Double => "D", _ => "F" });
        keywords.Set("$MODE", "L");
        keywords.Set("$NEXTDATA", "0");
        keywords.Set("$PAR", events.ParameterCount.ToString(CultureInfo.InvariantCulture));
        keywords.Set("$TOT", events.EventCount.ToString(CultureInfo.InvariantCulture));
        keywords.Set("$BEGINANALYSIS", "0");
        keywords.Set("$ENDANALYSIS", "0");
        keywords.Set("$BEGINSTEXT", "0");
        keywords.Set("$ENDSTEXT", "0");

        var delimiter = ChooseDelimiter(keywords);
        const long textBegin = FcsHeader.Size;
        long dataBegin = 0, dataEnd = 0;
        byte[] text = [];
        // $BEGINDATA/$ENDDATA are part of TEXT, whose length moves DATA: iterate until the digits settle.
        for (var iteration = 0; iteration < 8; iteration++)
        {
            keywords.Set("$BEGINDATA", dataBegin.ToString(CultureInfo.InvariantCulture));
            keywords.Set("$ENDDATA", dataEnd.ToString(CultureInfo.InvariantCulture));
            text = EncodeText(keywords, delimiter);
            var newBegin = dataLength == 0 ? 0 : textBegin + text.Length;
            var newEnd = dataLength == 0 ? 0 : newBegin + dataLength - 1;
            if (newBegin == dataBegin && newEnd == dataEnd) break;
            (dataBegin, dataEnd) = (newBegin, newEnd);
        }

        var header = new StringBuilder("FCS3.1    ");
        var textEnd = textBegin + text.Length - 1;
        // FCS 3.1 §3.1: offsets above 99,999,999 do not fit the HEADER; write 0 there and rely on TEXT.
        var fitsHeader = dataEnd <= 99_999_999;
        foreach (var value in new[] { textBegin, textEnd, fitsHeader ? dataBegin : 0, fitsHeader ? dataEnd : 0, 0, 0 })
            header.Append(value.ToString(CultureInfo.InvariantCulture).PadLeft(8));
        stream.Write(Encoding.ASCII.GetBytes(header.ToString()));
        stream.Write(text);
        WriteData(stream, events, type, widths);
    }

    private static char ChooseDelimiter(FcsKeywords keywords)
    {
        foreach (var c in DelimiterCandidates)
            if (!keywords.Any(k => k.Key.Contains(c, StringComparison.Ordinal)
                || k.Value.Contains(c, StringComparison.Ordinal)))
                return c;
        return '/';
    }

    private static byte[] EncodeText(FcsKeywords keywords, char delimiter)
    {
        var d = delimiter.ToString();
        var escaped = d + d;
        var sb = new StringBuilder(4096);
        sb.Append(delimiter);
        foreach (var (key, value) in keywords)
        {
            // FCS 3.1 §3.2.9: values are never empty; a single space stands for "no value".
            var v = value.Length == 0 ? " " : value;
            sb.Append(key.Replace(d, escaped, StringComparison.Ordinal)).Append(delimiter);
            sb.Append(v.Replace(d, escaped, StringComparison.Ordinal)).Append(delimiter);
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static void WriteData(Stream stream, EventTable events, FcsDataType type, int[] widths)
    {
        var parameters = events.ParameterCount;
        var eventWidth = widths.Sum();
        if (eventWidth == 0 || events.EventCount == 0) return;
        var chunkEvents = Math.Max(1, (1 << 20) / eventWidth);
        var buffer = ArrayPool<byte>.Shared.Rent(chunkEvents * eventWidth);
        var offsets = new int[parameters];
        for (int p = 0, o = 0; p < parameters; o += widths[p], p++) offsets[p] = o;
        try
        {
            for (var first = 0; first < events.EventCount; first += chunkEvents)
            {
                var n = Math.Min(chunkEvents, events.EventCount - first);
                var block = buffer.AsSpan(0, n * eventWidth);
                for (var p = 0; p < parameters; p++)
                    FillColumn(block, events, p, first, n, type, widths[p], offsets[p], eventWidth);
                stream.Write(block);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void FillColumn(Span<byte> block, EventTable events, int p, int first, int n, FcsDataType type,
        int width, int offset, int stride)
    {
        switch (type)
        {
            case FcsDataType.Single when !events.IsDoublePrecision:
                var singles = events.SingleColumn(p).Slice(first, n);
                for (var e = 0; e < n; e++)
                    BinaryPrimitives.WriteSingleLittleEndian(block[(e * stride + offset)..], singles[e]);
                return;
            case FcsDataType.Single:
                var narrowed = events.DoubleColumn(p).Slice(first, n);
                for (var e = 0; e < n; e++)
                    BinaryPrimitives.WriteSingleLittleEndian(block[(e * stride + offset)..], (float)narrowed[e]);
                return;
            case FcsDataType.Double:
                for (var e = 0; e < n; e++)
                    BinaryPrimitives.WriteDoubleLittleEndian(block[(e * stride + offset)..], events[first + e, p]);
                return;
            default:
                var max = width == 8 ? ulong.MaxValue : (1UL << (8 * width)) - 1;
                for (var e = 0; e < n; e++)
                {
                    var v = events[first + e, p];
                    if (v < 0 || v != Math.Floor(v) || v > max)
                        throw new ArgumentException($"Value {v.ToString(CultureInfo.InvariantCulture)} of event " +
                            $"{first + e + 1}, parameter {events.Names[p]} cannot be stored as a {width * 8}-bit " +
                            $"unsigned integer.");
                    var u = (ulong)v;
                    var slot = block.Slice(e * stride + offset, width);
                    for (var b = 0; b < width; b++) slot[b] = (byte)(u >> (8 * b));
                }
                return;
        }
    }
}

using System.Globalization;

namespace Stroma.Cytometry.Formats.Fcs;

/// <summary>
/// Per-call state of one read: walks the data sets of a file, validates every offset and size
/// against the real file length before allocating anything, and hands DATA to <see cref="FcsDataDecoder"/>.
/// </summary>
internal sealed class FcsDecoderCore(IFcsByteSource source, string? path, FcsReadOptions options)
{
    // A TEXT segment larger than this is not a TEXT segment (the largest real ones are a few MB).
    private const long MaxTextBytes = 256L * 1024 * 1024;
    private const int MaxDatasets = 10_000;

    public FcsFile ReadFile()
    {
        var datasets = new List<FcsDataset>();
        var visited = new HashSet<long>();
        long offset = 0;
        for (var index = 0; ; index++)
        {
            if (index >= MaxDatasets || !visited.Add(offset))
                throw Error(offset, "$NEXTDATA", "the data sets form a loop ($NEXTDATA points back to an earlier data set)", "$NEXTDATA pointing forward or 0");

            var wanted = options.DatasetIndex is null || options.DatasetIndex == index;
            var warnings = new List<string>();
            var (dataset, next) = ReadDataset(index, offset, wanted && options.ReadEvents, warnings);
            if (wanted) datasets.Add(dataset);
            if (options.DatasetIndex is { } chosen && index >= chosen) break;
            if (next == 0) break;
            if (next < 0)
            {
                // Offsets are relative to this data set and must point forward; a backward one would loop.
                warnings.Add($"$NEXTDATA = {next} points backwards; no further data sets were read.");
                break;
            }

            var nextOffset = offset + next;
            if (nextOffset + FcsHeader.Size > source.Length || next < FcsHeader.Size)
            {
                if (options.DatasetIndex is not null)
                    throw Error(offset, "$NEXTDATA", $"$NEXTDATA = {next} points outside the file ({source.Length} bytes)", "the offset of the next data set's HEADER, or 0");
                warnings.Add($"$NEXTDATA = {next} points outside the file ({source.Length} bytes); no further data sets were read.");
                break;
            }
            offset = nextOffset;
        }

        if (options.DatasetIndex is { } want && datasets.Count == 0)
            throw new FcsFormatException(path, null, null, $"data set {want} was requested but the file holds only {visited.Count}", $"a data set index from 0 to {visited.Count - 1}");
        return new FcsFile(path, datasets);
    }

    private (FcsDataset Dataset, long Next) ReadDataset(int index, long offset, bool readEvents, List<string> warnings)
    {
        var headerBytes = new byte[(int)Math.Min(FcsHeader.Size, Math.Max(0, source.Length - offset))];
        source.ReadExactly(offset, headerBytes);
        var header = FcsHeader.Parse(headerBytes, offset, path);

        var keywords = new FcsKeywords();
        var (textBegin, textEnd) = CheckSegment(offset, header.TextBegin, header.TextEnd, "TEXT", allowEmpty: false);
        if (textEnd - textBegin + 1 > MaxTextBytes)
            throw Error(textBegin, null, $"the TEXT segment claims {textEnd - textBegin + 1} bytes", $"a TEXT segment under {MaxTextBytes} bytes");
        var text = ReadBytes(textBegin, textEnd);
        var delimiter = FcsTextParser.Parse(text, textBegin, path, keywords, warnings, overwrite: true);
        ReadSupplementalText(offset, keywords, textBegin, textEnd, delimiter, warnings);

        var dataType = ParseDataType(keywords, textBegin);
        var mode = keywords.GetTrimmed("$MODE");
        if (mode is null)
            warnings.Add("$MODE is missing; list mode (L) assumed.");
        else if (!string.Equals(mode, "L", StringComparison.OrdinalIgnoreCase))
            throw Error(textBegin, "$MODE", $"$MODE is '{mode}' (histogram data, deprecated since FCS 3.1)", "list mode data ($MODE = L)");

        var parCount = RequireInt(keywords, "$PAR", textBegin, min: 1);
        var parameters = FcsParameterReader.Read(keywords, parCount, dataType, path, textBegin, warnings);
        var byteOrder = FcsByteOrderInfo.Parse(keywords, dataType, parameters, path, textBegin, warnings);
        var layout = FcsDataLayout.Create(dataType, byteOrder, parameters, options.ApplyRangeMask, path, textBegin);

        var totText = keywords.GetTrimmed("$TOT");
        long? declaredEvents = totText is null ? null : RequireLong(keywords, "$TOT", textBegin, min: 0);
        var (dataBegin, dataEnd) = ResolveDataOffsets(offset, header, keywords, layout, declaredEvents, warnings);
        var eventCount = CountEvents(layout, declaredEvents, dataBegin, dataEnd, warnings);

        var spillover = FcsSpilloverParser.Parse(keywords, parameters, warnings);
        var timestep = keywords.GetTrimmed("$TIMESTEP") is { } ts
            ? double.TryParse(ts, NumberStyles.Float, CultureInfo.InvariantCulture, out var t) && t > 0 && double.IsFinite(t)
                ? t
                : Warn<double?>(warnings, $"$TIMESTEP = '{FcsTextParser.Shorten(ts)}' is not a positive number; time is left unscaled.", null)
            : null;

        EventTable? events = null;
        if (readEvents)
        {
            events = FcsDataDecoder.Decode(source, layout, parameters, eventCount, dataBegin, dataEnd, options.MaxDegreeOfParallelism, path, warnings);
            if (options.Scale) FcsScaling.Apply(events, parameters, dataType, timestep, warnings);
        }

        var next = keywords.GetTrimmed("$NEXTDATA") is { } nd && long.TryParse(nd, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
        var dataset = new FcsDataset(index, offset, header, keywords, parameters, eventCount, dataType, byteOrder.Order,
            dataBegin, dataEnd, spillover, timestep, warnings, events, readEvents && options.Scale);
        return (dataset, next);
    }

    private static T Warn<T>(List<string> warnings, string message, T value)
    {
        warnings.Add(message);
        return value;
    }

    private void ReadSupplementalText(long offset, FcsKeywords keywords, long textBegin, long textEnd, byte delimiter, List<string> warnings)
    {
        var sBegin = keywords.GetTrimmed("$BEGINSTEXT");
        var sEnd = keywords.GetTrimmed("$ENDSTEXT");
        if (sBegin is null || sEnd is null) return;
        if (!long.TryParse(sBegin, NumberStyles.Integer, CultureInfo.InvariantCulture, out var b) ||
            !long.TryParse(sEnd, NumberStyles.Integer, CultureInfo.InvariantCulture, out var e))
        {
            warnings.Add($"$BEGINSTEXT/$ENDSTEXT ('{sBegin}', '{sEnd}') are not numbers; supplemental TEXT ignored.");
            return;
        }
        if (b == 0 && e == 0) return;
        var absBegin = offset + b;
        var absEnd = offset + e;
        if (absBegin == textBegin && absEnd == textEnd) return; // some writers point STEXT at the primary TEXT
        if (b < FcsHeader.Size || e < b || absEnd >= source.Length || e - b + 1 > MaxTextBytes)
        {
            warnings.Add($"supplemental TEXT [{b}, {e}] lies outside the file or overlaps the HEADER; ignored.");
            return;
        }
        var bytes = ReadBytes(absBegin, absEnd);
        // The supplemental TEXT repeats the primary delimiter as its first byte (FCS 3.1 §3.2.7); tolerate writers that omit it.
        if (bytes.Length > 0 && bytes[0] != delimiter)
        {
            var prefixed = new byte[bytes.Length + 1];
            prefixed[0] = delimiter;
            bytes.CopyTo(prefixed, 1);
            bytes = prefixed;
        }
        FcsTextParser.Parse(bytes, absBegin, path, keywords, warnings, overwrite: false);
    }

    private FcsDataType ParseDataType(FcsKeywords keywords, long textBegin) =>
        keywords.GetTrimmed("$DATATYPE")?.ToUpperInvariant() switch
        {
            "I" => FcsDataType.Integer,
            "F" => FcsDataType.Single,
            "D" => FcsDataType.Double,
            "A" => FcsDataType.Ascii,
            null => throw Error(textBegin, "$DATATYPE", "the required keyword $DATATYPE is missing", "$DATATYPE = I, F, D or A"),
            var other => throw Error(textBegin, "$DATATYPE", $"$DATATYPE is '{other}'", "I (integer), F (float), D (double) or A (ASCII)"),
        };

    private (long Begin, long End) ResolveDataOffsets(long offset, FcsHeader header, FcsKeywords keywords, FcsDataLayout layout, long? declaredEvents, List<string> warnings)
    {
        (long, long)? fromHeader = header.DataBegin != 0 || header.DataEnd != 0 ? (header.DataBegin, header.DataEnd) : null;
        (long, long)? fromText = null;
        var tb = keywords.GetTrimmed("$BEGINDATA");
        var te = keywords.GetTrimmed("$ENDDATA");
        if (tb is not null && te is not null)
        {
            if (long.TryParse(tb, NumberStyles.Integer, CultureInfo.InvariantCulture, out var b) &&
                long.TryParse(te, NumberStyles.Integer, CultureInfo.InvariantCulture, out var e))
            {
                if (b != 0 || e != 0) fromText = (b, e);
            }
            else if (fromHeader is null)
            {
                throw Error(offset, "$BEGINDATA", $"$BEGINDATA/$ENDDATA hold '{tb}'/'{te}'", "decimal byte offsets");
            }
            else
            {
                warnings.Add($"$BEGINDATA/$ENDDATA ('{tb}', '{te}') are not numbers; HEADER offsets used.");
            }
        }

        long? expected = layout.EventWidth > 0 && declaredEvents is { } tot ? tot * layout.EventWidth : null;
        (long, long) chosen;
        if (fromHeader is null && fromText is null)
        {
            if (declaredEvents == 0) return (offset, offset - 1);
            throw Error(offset, "$BEGINDATA", "neither the HEADER nor TEXT gives the DATA segment's offsets", "DATA offsets in the HEADER or $BEGINDATA/$ENDDATA in TEXT");
        }
        else if (fromHeader is null || fromText is null || fromHeader == fromText)
        {
            chosen = (fromHeader ?? fromText)!.Value;
        }
        else
        {
            chosen = options.OffsetPolicy switch
            {
                FcsOffsetPolicy.Header => fromHeader.Value,
                FcsOffsetPolicy.Text => fromText.Value,
                _ => ChooseConsistent(offset, fromHeader.Value, fromText.Value, expected),
            };
            warnings.Add($"HEADER gives DATA bytes [{fromHeader.Value.Item1}, {fromHeader.Value.Item2}] but TEXT gives [{fromText.Value.Item1}, {fromText.Value.Item2}]; " +
                         $"used [{chosen.Item1}, {chosen.Item2}] ({(chosen == fromText ? "TEXT" : "HEADER")}){(expected is { } x ? $", which fits $TOT × event width = {x} bytes" : "")}.");
        }

        if (declaredEvents == 0 && chosen.Item2 < chosen.Item1) return (offset + chosen.Item1, offset + chosen.Item1 - 1);
        return CheckSegment(offset, chosen.Item1, chosen.Item2, "DATA", allowEmpty: declaredEvents == 0);
    }

    private (long, long) ChooseConsistent(long offset, (long B, long E) header, (long B, long E) text, long? expected)
    {
        bool InFile((long B, long E) r) => r.B >= FcsHeader.Size && r.E >= r.B && offset + r.E < source.Length;
        bool Exact((long B, long E) r) => expected is { } x && r.E - r.B + 1 == x;
        bool Enough((long B, long E) r) => expected is not { } x || r.E - r.B + 1 >= x;

        (long, long)[] candidates = [header, text];
        foreach (var test in new Func<(long B, long E), bool>[] { r => InFile(r) && Exact(r), r => InFile(r) && Enough(r), InFile })
            foreach (var c in candidates)
                if (test(c)) return c;
        return header;
    }

    private int CountEvents(FcsDataLayout layout, long? declared, long dataBegin, long dataEnd, List<string> warnings)
    {
        var available = dataEnd - dataBegin + 1;
        if (layout.EventWidth == 0)
        {
            // Delimited ASCII: the number of events can only come from $TOT.
            if (declared is null) throw Error(dataBegin, "$TOT", "$TOT is missing and delimited ASCII data has no fixed event width", "$TOT");
            return CheckEventCount(declared.Value, dataBegin);
        }
        if (declared is null)
        {
            var derived = available / layout.EventWidth;
            warnings.Add($"$TOT is missing; {derived} events derived from the DATA segment length.");
            return CheckEventCount(derived, dataBegin);
        }
        var needed = declared.Value * layout.EventWidth;
        if (needed > available)
            throw Error(dataBegin, "$TOT",
                $"$TOT = {declared} events × {layout.EventWidth} bytes = {needed} bytes, but the DATA segment holds only {available} bytes",
                "a DATA segment at least as long as $TOT × the sum of $PnB/8");
        if (available - needed >= layout.EventWidth)
            warnings.Add($"the DATA segment holds {available - needed} bytes beyond $TOT = {declared} events; they were ignored.");
        return CheckEventCount(declared.Value, dataBegin);
    }

    private int CheckEventCount(long count, long at) =>
        count <= Array.MaxLength ? (int)count : throw Error(at, "$TOT", $"$TOT = {count} events", $"at most {Array.MaxLength} events per data set");

    private (long Begin, long End) CheckSegment(long offset, long begin, long end, string segment, bool allowEmpty)
    {
        var absBegin = offset + begin;
        var absEnd = offset + end;
        if (allowEmpty && end < begin) return (absBegin, absBegin - 1);
        if (begin < FcsHeader.Size || end < begin)
            throw Error(offset, null, $"the {segment} segment is given as bytes [{begin}, {end}]", $"{segment} offsets after the 58-byte HEADER with end ≥ start");
        if (absEnd >= source.Length)
            throw Error(absBegin, null,
                $"the {segment} segment ends at byte {absEnd} but the file has only {source.Length} bytes (the file is truncated or the offsets are wrong)",
                $"the whole {segment} segment inside the file");
        return (absBegin, absEnd);
    }

    private byte[] ReadBytes(long absBegin, long absEnd)
    {
        var bytes = new byte[checked((int)(absEnd - absBegin + 1))];
        source.ReadExactly(absBegin, bytes);
        return bytes;
    }

    private int RequireInt(FcsKeywords keywords, string keyword, long at, long min)
    {
        var value = RequireLong(keywords, keyword, at, min);
        return value <= 1_000_000 ? (int)value : throw Error(at, keyword, $"{keyword} = {value}", $"{keyword} at most 1,000,000");
    }

    private long RequireLong(FcsKeywords keywords, string keyword, long at, long min)
    {
        var text = keywords.GetTrimmed(keyword) ?? throw Error(at, keyword, $"the required keyword {keyword} is missing", $"{keyword} with a whole number");
        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            throw Error(at, keyword, $"{keyword} holds '{FcsTextParser.Shorten(text)}'", "a whole number");
        if (value < min) throw Error(at, keyword, $"{keyword} = {value}", $"a whole number ≥ {min}");
        return value;
    }

    private FcsFormatException Error(long offset, string? keyword, string problem, string expected) =>
        new(path, offset, keyword, problem, expected);
}

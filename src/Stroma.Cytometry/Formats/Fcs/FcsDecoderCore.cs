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

    // Each data set's HEADER, TEXT, supplemental TEXT and DATA once placed: FCS 3.1 §3.1 builds a data set from
    // these segments, so no two of them (in one data set or across data sets) share a byte. Checking this bounds
    // the work of a file by its size: no chain of data sets can decode the same bytes twice.
    private readonly List<Segment> _placed = [];

    // PaddingFrom: for a TEXT segment, the first byte after its last delimiter (padding up to End), else past End.
    private readonly record struct Segment(
        long Begin, long End, int Dataset, string Name, long PaddingFrom = long.MaxValue)
    {
        public bool Overlaps(long begin, long end) => begin <= End && end >= Begin;

        public override string ToString() => $"the {Name} of data set {Dataset} (bytes {Begin}–{End})";
    }

    private sealed record TextStage(FcsHeader Header, FcsKeywords Keywords, long TextBegin, long TextEnd, string? Next);

    public FcsFile ReadFile()
    {
        var datasets = new List<FcsDataset>();
        var failures = new List<FcsDatasetFailure>();
        var (count, stop, note) = Walk(datasets.Add, failures.Add);
        if (options.DatasetIndex is { } want)
        {
            if (failures.Find(f => f.Index == want) is { } own) throw own.Error;
            if (datasets.Count == 0)
            {
                var why = stop is not null ? $"; data set {stop.Index} could not be read ({stop.Error.Problem})"
                    : note is not null ? $"; {note}" : "";
                throw new FcsFormatException(path, stop?.Offset, null,
                    $"data set {want} was requested but the file holds only {count}{why}",
                    $"a data set index from 0 to {Math.Max(0, count - 1)}");
            }
        }
        if (datasets.Count == 0) throw failures[0].Error;
        return new FcsFile(path, datasets) { Failures = failures };
    }

    /// <summary>
    /// Reads the data sets one after another, handing each (or its failure) over before the next is read, so a
    /// caller that does not keep them holds one data set's events at a time. A data set whose TEXT cannot be read
    /// ends the walk (its <c>$NEXTDATA</c> is unknown); one that fails later does not stop the others.
    /// </summary>
    public (int Count, FcsDatasetFailure? Stop, string? Note) Walk(Action<FcsDataset> onDataset,
        Action<FcsDatasetFailure> onFailure)
    {
        long offset = 0;
        for (var index = 0; ; index++)
        {
            var wanted = options.DatasetIndex is null || options.DatasetIndex == index;
            var warnings = new List<string>();
            if (index >= MaxDatasets)
            {
                var tooMany = new FcsDatasetFailure(index, offset, null, null, warnings, Error(offset, "$NEXTDATA",
                    $"the file chains more than {MaxDatasets} data sets",
                        $"at most {MaxDatasets} data sets (real files hold a few)"));
                if (wanted) onFailure(tooMany);
                return (index, tooMany, null);
            }

            string? version = null;
            TextStage text;
            try
            {
                var header = ReadHeader(index, offset);
                version = header.Version;
                text = ReadText(index, offset, header, warnings);
            }
            catch (FcsFormatException ex)
            {
                var failure = new FcsDatasetFailure(index, offset, version, null, warnings, ex);
                if (wanted) onFailure(failure);
                return (index + 1, failure, null);
            }

            FcsDataset? dataset = null;
            FcsFormatException? error = null;
            try
            {
                dataset = ReadBody(index, offset, text, wanted && options.ReadEvents, warnings);
            }
            catch (FcsFormatException ex)
            {
                error = ex;
            }

            var (nextOffset, note) = options.DatasetIndex is { } chosen && index >= chosen ? (0, null)
                : FollowNext(offset, text.Next, warnings);
            if (wanted)
            {
                if (dataset is not null) onDataset(dataset);
                else onFailure(new FcsDatasetFailure(index, offset, version, text.Keywords, warnings, error!));
            }
            if (nextOffset == 0) return (index + 1, null, note);
            offset = nextOffset;
        }
    }

    /// <summary>The absolute offset of the next data set, or 0 (with a note) when there is none to read.</summary>
    private (long Offset, string? Note) FollowNext(long offset, string? nextText, List<string> warnings)
    {
        if (nextText is null) return (0, null);
        if (!long.TryParse(nextText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var next))
            return Stop(warnings,
                $"$NEXTDATA = '{FcsTextParser.Shorten(nextText)}' is not a number; no further data sets were read.");
        if (next == 0) return (0, null);
        // FCS 3.1 §3.2.18: $NEXTDATA is the offset of the next HEADER relative to this one; it must point forward,
        // past this HEADER, and leave room for a whole HEADER.
        if (next < 0)
            return Stop(warnings, $"$NEXTDATA = {next} points backwards; no further data sets were read.");
        if (next < FcsHeader.Size || next > source.Length - FcsHeader.Size - offset)
            return Stop(warnings,
                $"$NEXTDATA = {next} points outside the file ({source.Length} bytes); no further data sets were read.");
        return (offset + next, null);
    }

    private static (long, string?) Stop(List<string> warnings, string note)
    {
        warnings.Add(note);
        return (0, note);
    }

    private FcsHeader ReadHeader(int index, long offset)
    {
        var headerBytes = new byte[(int)Math.Min(FcsHeader.Size, Math.Max(0, source.Length - offset))];
        source.ReadExactly(offset, headerBytes);
        var header = FcsHeader.Parse(headerBytes, offset, path);
        Place(index, offset, offset + FcsHeader.Size - 1, "HEADER",
            "a HEADER apart from the segments of earlier data sets");
        return header;
    }

    private TextStage ReadText(int index, long offset, FcsHeader header, List<string> warnings)
    {
        var keywords = new FcsKeywords();
        var (textBegin, textEnd) = CheckSegment(offset, header.TextBegin, header.TextEnd, "TEXT", allowEmpty: false);
        if (textEnd - textBegin + 1 > MaxTextBytes)
            throw Error(textBegin, null, $"the TEXT segment claims {textEnd - textBegin + 1} bytes",
                $"a TEXT segment under {MaxTextBytes} bytes");
        Place(index, textBegin, textEnd, "TEXT",
            "a TEXT segment apart from the HEADER and the segments of earlier data sets");
        var text = ReadBytes(textBegin, textEnd);
        var delimiter = FcsTextParser.Parse(text, textBegin, path, keywords, warnings, overwrite: true);
        var placed = LastStartingAtOrBefore(textBegin);
        _placed[placed] = _placed[placed] with { PaddingFrom = textBegin + text.AsSpan().LastIndexOf(delimiter) + 1 };
        ReadSupplementalText(index, offset, keywords, textBegin, textEnd, delimiter, warnings);
        return new TextStage(header, keywords, textBegin, textEnd, keywords.GetTrimmed("$NEXTDATA"));
    }

    private FcsDataset ReadBody(int index, long offset, TextStage text, bool readEvents, List<string> warnings)
    {
        var (header, keywords, textBegin) = (text.Header, text.Keywords, text.TextBegin);
        var dataType = ParseDataType(keywords, textBegin);
        var mode = keywords.GetTrimmed("$MODE");
        if (mode is null)
            warnings.Add("$MODE is missing; list mode (L) assumed.");
        else if (!string.Equals(mode, "L", StringComparison.OrdinalIgnoreCase))
            throw Error(textBegin, "$MODE", $"$MODE is '{mode}' (histogram data, deprecated since FCS 3.1)",
                "list mode data ($MODE = L)");

        var parCount = RequireInt(keywords, "$PAR", textBegin, min: 1);
        // Every parameter needs its own $PnB keyword, so $PAR can never exceed the number of keywords.
        if (parCount > keywords.Count)
            throw Error(textBegin, "$PAR", $"$PAR = {parCount} but TEXT holds only {keywords.Count} keywords",
                "$PAR parameters, each with its $PnB keyword");
        var parameters = FcsParameterReader.Read(keywords, parCount, dataType, path, textBegin, warnings);
        var byteOrder = FcsByteOrderInfo.Parse(keywords, dataType, parameters, path, textBegin, warnings);
        var layout = FcsDataLayout.Create(dataType, byteOrder, parameters, options.ApplyRangeMask, path, textBegin);

        var totText = keywords.GetTrimmed("$TOT");
        long? declaredEvents = totText is null ? null : RequireLong(keywords, "$TOT", textBegin, min: 0);
        if (declaredEvents > Array.MaxLength)
            throw Error(textBegin, "$TOT", $"$TOT = {declaredEvents} events",
                $"at most {Array.MaxLength} events per data set");
        var (dataBegin, dataEnd) = ResolveDataOffsets(index, offset, header, keywords, layout, declaredEvents,
            warnings);
        var eventCount = CountEvents(layout, parameters, declaredEvents, dataBegin, dataEnd, warnings);

        var spillover = FcsSpilloverParser.Parse(keywords, parameters, warnings);
        var timestep = keywords.GetTrimmed("$TIMESTEP") is { } ts
            ? double.TryParse(ts, NumberStyles.Float, CultureInfo.InvariantCulture, out var t) && t > 0
                && double.IsFinite(t)
                ? t
                : Warn<double?>(warnings,
                    $"$TIMESTEP = '{FcsTextParser.Shorten(ts)}' is not a positive number; time is left unscaled.", null)
            : null;

        EventTable? events = null;
        if (readEvents)
        {
            var names = options.Parameters;
            if (options.SelectParameters is { } select)
                names = select(new FcsDataset(index, offset, header, keywords, parameters, eventCount, dataType,
                    byteOrder.Order, dataBegin, dataEnd, spillover, timestep, [.. warnings], null, false));
            var selected = names is null ? null : Select(parameters, names);
            events = FcsDataDecoder.Decode(source, layout, parameters, eventCount, dataBegin, dataEnd,
                options.MaxDegreeOfParallelism, path, warnings, selected);
            if (options.Scale) FcsScaling.Apply(events, parameters, dataType, timestep, warnings);
        }

        return new FcsDataset(index, offset, header, keywords, parameters, eventCount, dataType, byteOrder.Order,
            dataBegin, dataEnd, spillover, timestep, warnings, events, readEvents && options.Scale);
    }

    /// <summary>The columns a parameter selection names, refusing a name that is no parameter.</summary>
    private bool[] Select(IReadOnlyList<FcsParameter> parameters, IReadOnlyCollection<string> names)
    {
        var selected = new bool[parameters.Count];
        foreach (var name in names)
        {
            ArgumentNullException.ThrowIfNull(name, nameof(FcsReadOptions.Parameters));
            var i = FcsDataset.IndexOf(parameters, name);
            if (i < 0) throw new FcsParameterSelectionException(path, name, parameters.Select(p => p.Name).ToArray());
            selected[i] = true;
        }
        return selected;
    }

    /// <summary>Records a segment, refusing one that shares bytes with a segment placed before.</summary>
    private void Place(int index, long begin, long end, string name, string expected)
    {
        if (end < begin) return;
        if (Clash(begin, end) is { } clash)
            throw Error(begin, null, $"the {name} of data set {index} (bytes {begin}–{end}) overlaps {clash}",
                expected + " (FCS 3.1 §3.1)");
        _placed.Insert(LastStartingAtOrBefore(end) + 1, new Segment(begin, end, index, name));
    }

    // Placed segments are disjoint and kept sorted by start, so only the last one starting at or before `end`
    // can overlap [begin, end]: a check in O(log n) however long the chain of data sets.
    private Segment? Clash(long begin, long end)
    {
        var i = LastStartingAtOrBefore(end);
        return i >= 0 && _placed[i].Overlaps(begin, end) ? _placed[i] : null;
    }

    private int LastStartingAtOrBefore(long position)
    {
        int lo = 0, hi = _placed.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = lo + (hi - lo) / 2;
            if (_placed[mid].Begin <= position)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return found;
    }

    private static T Warn<T>(List<string> warnings, string message, T value)
    {
        warnings.Add(message);
        return value;
    }

    private void ReadSupplementalText(int index, long offset, FcsKeywords keywords, long textBegin, long textEnd,
        byte delimiter, List<string> warnings)
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
        if (b < FcsHeader.Size || e < b || e >= source.Length - offset || e - b + 1 > MaxTextBytes)
        {
            warnings.Add($"supplemental TEXT [{b}, {e}] lies outside the file or overlaps the HEADER; ignored.");
            return;
        }
        var absBegin = offset + b;
        var absEnd = offset + e;
        if (absBegin == textBegin && absEnd == textEnd) return; // some writers point STEXT at the primary TEXT
        if (Clash(absBegin, absEnd) is { } clash)
        {
            warnings.Add($"supplemental TEXT [{b}, {e}] overlaps {clash}; ignored.");
            return;
        }
        _placed.Insert(LastStartingAtOrBefore(absEnd) + 1, new Segment(absBegin, absEnd, index, "supplemental TEXT"));
        var bytes = ReadBytes(absBegin, absEnd);
        // The supplemental TEXT repeats the primary delimiter as its first byte (FCS 3.1 §3.2.7); tolerate writers
        // that omit it.
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
            null => throw Error(textBegin, "$DATATYPE", "the required keyword $DATATYPE is missing",
                "$DATATYPE = I, F, D or A"),
            var other => throw Error(textBegin, "$DATATYPE", $"$DATATYPE is '{other}'",
                "I (integer), F (float), D (double) or A (ASCII)"),
        };

    /// <summary>One reading of the DATA offsets (relative to the data set), judged before it is used.</summary>
    private sealed record Candidate(string Source, long B, long E, long GivenEnd, Segment? Clash)
    {
        public bool Trimmed => E != GivenEnd;
    }

    private (long Begin, long End) ResolveDataOffsets(int index, long offset, FcsHeader header, FcsKeywords keywords,
        FcsDataLayout layout,
        long? declaredEvents, List<string> warnings)
    {
        (long, long)? fromHeader = header.DataBegin != 0
            || header.DataEnd != 0 ? (header.DataBegin, header.DataEnd) : null;
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
        if (fromHeader is null && fromText is null)
        {
            if (declaredEvents == 0) return (offset, offset - 1);
            throw Error(offset, "$BEGINDATA", "neither the HEADER nor TEXT gives the DATA segment's offsets",
                "DATA offsets in the HEADER or $BEGINDATA/$ENDDATA in TEXT");
        }

        var candidates = new List<Candidate>(2);
        if (fromHeader is { } h) candidates.Add(Judge("HEADER", offset, h, expected));
        if (fromText is { } t && fromText != fromHeader) candidates.Add(Judge("TEXT", offset, t, expected));
        var chosen = candidates.Count == 1
            ? candidates[0]
            : options.OffsetPolicy switch
            {
                FcsOffsetPolicy.Header => candidates[0],
                FcsOffsetPolicy.Text => candidates[1],
                _ => ChooseConsistent(offset, candidates, expected),
            };
        if (candidates.Count == 2)
        {
            var other = candidates[0] == chosen ? candidates[1] : candidates[0];
            var rejected = other.Clash is { } c ? $"; {other.Source}'s range would overlap {c}" : "";
            var fits = expected is { } x && chosen.E - chosen.B + 1 >= x
                ? $", which fits $TOT × event width = {x} bytes"
                : "";
            warnings.Add($"HEADER gives DATA bytes [{candidates[0].B}, {candidates[0].GivenEnd}] " +
                         $"but TEXT gives [{candidates[1].B}, {candidates[1].GivenEnd}]; " +
                         $"used [{chosen.B}, {chosen.GivenEnd}] ({chosen.Source}){fits}{rejected}.");
        }

        if (chosen.Clash is { } padded && padded.Dataset == index && padded.Name == "TEXT" &&
            offset + chosen.B >= padded.PaddingFrom &&
            (offset + chosen.E <= padded.End || Clash(padded.End + 1, offset + chosen.E) is null))
        {
            // Writers that declare TEXT one byte (or a block) too long start DATA in what is only padding after the
            // last keyword: no keyword is lost, so the TEXT is taken to end before DATA.
            warnings.Add($"the DATA segment starts at byte {offset + chosen.B}, inside the TEXT segment as declared " +
                         $"(bytes {padded.Begin}–{padded.End}) but after its last keyword; TEXT was taken to end " +
                             $"there.");
            _placed[_placed.IndexOf(padded)] = padded with { End = offset + chosen.B - 1 };
            chosen = chosen with { Clash = null };
        }
        if (chosen.Clash is { } clash && chosen.E >= chosen.B)
            throw Error(offset + chosen.B, chosen.Source == "TEXT" ? "$BEGINDATA" : null,
                $"the DATA segment given by the {chosen.Source} " +
                $"(bytes {chosen.B}–{chosen.GivenEnd} of the data set) overlaps {clash}",
                "a DATA segment apart from the HEADER, TEXT and supplemental TEXT (FCS 3.1 §3.1)");
        if (chosen.Trimmed)
        {
            var what = expected is { } n ? $"$TOT × event width = {n} bytes" : "the data";
            warnings.Add($"the DATA segment is given as ending at byte {offset + chosen.GivenEnd}, " +
                         $"past the end of the file ({source.Length} bytes), but every byte of {what} is present; " +
                         "it was read up to the last byte (the common off-by-one in $ENDDATA).");
        }
        var result = CheckSegment(offset, chosen.B, chosen.E, "DATA", allowEmpty: declaredEvents == 0);
        if (result.End >= result.Begin) _placed.Insert(LastStartingAtOrBefore(result.End) + 1,
            new Segment(result.Begin, result.End, index, "DATA"));
        return result;
    }

    /// <summary>
    /// Reads a pair of DATA offsets: an end one byte past the file is pulled back to the last byte when every byte the
    /// events need is present (writers that count $ENDDATA exclusively: it is not truncation), and a range that would
    /// share bytes with a segment already placed is marked, since DATA can never overlap HEADER or TEXT.
    /// </summary>
    private Candidate Judge(string sourceName, long offset, (long B, long E) r, long? expected)
    {
        var end = r.E;
        var last = source.Length - 1 - offset;
        // Only the one-byte slip is tolerated: a range further past the end says the offsets are wrong.
        if (r.B >= FcsHeader.Size && r.B <= last && r.E == last + 1
            && (expected is not { } x || last - r.B + 1 >= x)) end = last;
        var clash = r.B >= FcsHeader.Size && end >= r.B && end <= last ? Clash(offset + r.B, offset + end) : null;
        return new Candidate(sourceName, r.B, end, r.E, clash);
    }

    private Candidate ChooseConsistent(long offset, List<Candidate> candidates, long? expected)
    {
        bool InFile(Candidate c) => c.B >= FcsHeader.Size && c.E >= c.B && c.E < source.Length - offset;
        bool Apart(Candidate c) => c.Clash is null;
        bool Exact(Candidate c) => expected is { } x && c.E - c.B + 1 == x;
        bool Enough(Candidate c) => expected is not { } x || c.E - c.B + 1 >= x;

        // A range overlapping HEADER or TEXT is ruled out first; then exact length, enough length, any in the file.
        foreach (var test in new Func<Candidate, bool>[]
                 {
                     c => InFile(c) && Apart(c) && Exact(c), c => InFile(c) && Apart(c) && Enough(c),
                         c => InFile(c) && Apart(c), InFile,
                 })
            foreach (var c in candidates)
                if (test(c)) return c;
        return candidates[0];
    }

    private int CountEvents(FcsDataLayout layout, IReadOnlyList<FcsParameter> parameters, long? declared,
        long dataBegin, long dataEnd, List<string> warnings)
    {
        var available = dataEnd - dataBegin + 1;
        if (layout.EventWidth == 0)
        {
            // Delimited ASCII: the number of events can only come from $TOT, and each value takes at least one
            // character plus a separator (FCS 3.1 §3.3.8), so the segment length bounds it before anything is
            // allocated.
            if (declared is null) throw Error(dataBegin, "$TOT",
                "$TOT is missing and delimited ASCII data has no fixed event width", "$TOT");
            var minimum = (Int128)declared.Value * layout.Widths.Length * 2 - 1;
            if (declared.Value > 0 && minimum > available)
                throw Error(dataBegin, "$TOT",
                    $"$TOT = {declared} events × $PAR = {layout.Widths.Length} delimited values " +
                    $"need at least {minimum} bytes, but the DATA segment holds only {available}",
                    "a DATA segment holding $TOT × $PAR numbers");
            return CheckEventCount(declared.Value, dataBegin);
        }
        var packed = layout.NonByteParameters;
        if (declared is null)
        {
            if (packed.Count > 0)
                throw Error(dataBegin, "$TOT",
                    $"$TOT is missing and {Describe(parameters, packed)} is not a whole number of bytes",
                    "$TOT, to tell how the values are stored");
            var derived = available / layout.EventWidth;
            warnings.Add($"$TOT is missing; {derived} events derived from the DATA segment length.");
            return CheckEventCount(derived, dataBegin);
        }
        var needed = declared.Value * layout.EventWidth;
        if (needed > available)
        {
            if (packed.Count > 0)
            {
                var bits = (Int128)declared.Value * parameters.Sum(p => p.Bits);
                throw Error(dataBegin, "$PnB",
                    $"{Describe(parameters, packed)} is not a whole number of bytes, " +
                    $"and the DATA segment ({available} bytes) " +
                    $"fits neither whole words ($TOT × {layout.EventWidth} bytes = {needed}) " +
                    $"nor packed bit fields ({(bits + 7) / 8} bytes; packed fields are not supported)",
                    "$PnB a multiple of 8 (FCS 3.1 §3.3.33), or values stored in whole 8-, 16-, 32- or 64-bit words");
            }
            throw Error(dataBegin, "$TOT",
                $"$TOT = {declared} events × {layout.EventWidth} bytes = {needed} bytes, but the DATA segment holds " +
                    $"only {available} bytes",
                "a DATA segment at least as long as $TOT × the sum of $PnB/8");
        }
        if (packed.Count > 0)
        {
            // FCS 2.0 list mode (Beckman Coulter and others) declares the ADC resolution, e.g. $PnB = 10, while
            // storing each value in a 16-bit word; the segment length shows which it is.
            warnings.Add($"{Describe(parameters, packed)} is not a multiple of 8, " +
                         $"but the DATA segment holds $TOT × {layout.EventWidth} bytes: " +
                         "each value was read as a whole word and masked to its $PnB bits and $PnR.");
        }
        if (available - needed >= layout.EventWidth)
            warnings.Add($"the DATA segment holds {available - needed} bytes beyond $TOT = {declared} events; they " +
                $"were ignored.");
        return CheckEventCount(declared.Value, dataBegin);
    }

    private static string Describe(IReadOnlyList<FcsParameter> parameters, IReadOnlyList<int> indexes) =>
        string.Join(", ", indexes.Take(3).Select(i => $"$P{parameters[i].Number}B = {parameters[i].Bits}"))
            + (indexes.Count > 3 ? $" (and {indexes.Count - 3} more)" : "");

    private int CheckEventCount(long count, long at) =>
        count <= Array.MaxLength ? (int)count
            : throw Error(at, "$TOT", $"$TOT = {count} events", $"at most {Array.MaxLength} events per data set");

    private (long Begin, long End) CheckSegment(long offset, long begin, long end, string segment, bool allowEmpty)
    {
        // Offsets from TEXT can be any long; add without overflow.
        var absBegin = (long)Int128.Clamp((Int128)offset + begin, 0, long.MaxValue);
        var absEnd = (long)Int128.Clamp((Int128)offset + end, 0, long.MaxValue);
        if (allowEmpty && end < begin) return (Math.Min(absBegin, source.Length),
            Math.Min(absBegin, source.Length) - 1);
        if (begin < FcsHeader.Size || end < begin)
            throw Error(offset, null, $"the {segment} segment is given as bytes [{begin}, {end}]",
                $"{segment} offsets after the 58-byte HEADER with end ≥ start");
        if (absEnd >= source.Length)
            throw Error(absBegin, null,
                $"the {segment} segment ends at byte {absEnd} but the file has only {source.Length} bytes (the file " +
                    $"is truncated or the offsets are wrong)",
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
        return value <= 1_000_000 ? (int)value
            : throw Error(at, keyword, $"{keyword} = {value}", $"{keyword} at most 1,000,000");
    }

    private long RequireLong(FcsKeywords keywords, string keyword, long at, long min)
    {
        var text = keywords.GetTrimmed(keyword)
            ?? throw Error(at, keyword, $"the required keyword {keyword} is missing", $"{keyword} with a whole number");
        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            throw Error(at, keyword, $"{keyword} holds '{FcsTextParser.Shorten(text)}'", "a whole number");
        if (value < min) throw Error(at, keyword, $"{keyword} = {value}", $"a whole number ≥ {min}");
        return value;
    }

    private FcsFormatException Error(long offset, string? keyword, string problem, string expected) =>
        new(path, offset, keyword, problem, expected);
}

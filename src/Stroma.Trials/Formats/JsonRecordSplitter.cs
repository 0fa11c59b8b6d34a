using System.Buffers;
using System.Text.Json;

namespace Stroma.Trials.Formats;

/// <summary>
/// Splits a JSON stream into one document per study without holding the whole stream: the elements
/// of a top-level array, the elements of a page's <c>"studies"</c> array, or a single top-level object.
/// The buffer holds at most one study (plus the read-ahead), so a page of 1,000 studies or a file of
/// 500,000 costs the same memory.
/// </summary>
internal static class JsonRecordSplitter
{
    private const int InitialBuffer = 1 << 16;

    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true };
    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true };

    private enum Mode { Start, Undecided, Elements, Skipping, Done }

    /// <summary>One study of the stream: its document, or why it was left out (the stream goes on after it).</summary>
    public readonly record struct Item(JsonDocument? Document, string? Skipped);

    /// <summary>
    /// The studies (caller disposes each document). Malformed JSON ends the sequence with a
    /// <see cref="TrialFormatException"/> naming the file and byte offset; a study of an array larger than
    /// <see cref="TrialLimits.MaxRecordBytes"/> is streamed past without being held and comes as a skipped item.
    /// </summary>
    public static IEnumerable<Item> Split(Stream stream, string file)
    {
        // Rented: a bulk zip opens one splitter per study, and a fresh 64 KB buffer each time is most of the garbage.
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
        try
        {
            foreach (var doc in Split(stream, file, buffer, b => buffer = b)) yield return doc;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static IEnumerable<Item> Split(Stream stream, string file, byte[] buffer, Action<byte[]> grown)
    {
        int start = 0, end = 0;
        var final = false;
        var cursor = new Cursor { State = new JsonReaderState(ReaderOptions) };
        long consumedBefore = 0;
        var ready = new List<JsonDocument>();
        long skipFrom = 0;
        while (cursor.Mode != Mode.Done)
        {
            if (!final && end < buffer.Length)
            {
                // Fill the buffer before parsing again: a study is re-parsed from its start after each read, so
                // parsing after every short read (a deflate stream gives a few KB) would be quadratic in its size.
                var n = stream.ReadAtLeast(buffer.AsSpan(end), buffer.Length - end, throwOnEndOfStream: false);
                if (n < buffer.Length - end) final = true;
                end += n;
            }
            int progress;
            try
            {
                progress = Step(buffer.AsSpan(start, end - start), final, ref cursor, ready);
                if (cursor.WholeObject)
                    ready.Add(JsonDocument.Parse(buffer.AsMemory(start, progress), DocumentOptions));
            }
            catch (JsonException ex)
            {
                foreach (var d in ready) d.Dispose();
                throw new TrialFormatException(file, null, null,
                    $"malformed JSON after byte {consumedBefore}: {ex.Message}", ex);
            }
            foreach (var doc in ready) yield return new Item(doc, null);
            ready.Clear();
            if (cursor.SkippedOne)
            {
                cursor.SkippedOne = false;
                yield return new Item(null,
                    $"the study at byte {skipFrom} is larger than {TrialLimits.MaxRecordBytes} bytes, " +
                    "the limit for one study; " +
                    "it was left out and the studies after it were read");
            }
            if (cursor.Mode == Mode.Done) break;
            if (cursor.Mode == Mode.Start)
            {
                // Still deciding whether the top-level object is one study or a page: it stays whole in the buffer.
                if (final)
                    throw new TrialFormatException(file, null, null, end == 0 ? "empty input; expected JSON"
                    : "JSON ends inside the top-level object");
                if (end == buffer.Length) buffer = Grow(buffer, end, grown, file, "the top-level JSON object");
                continue;
            }
            start += progress;
            consumedBefore += progress;
            if (final)
            {
                if (progress == 0)
                    throw new TrialFormatException(file, null, null,
                    $"JSON ends inside a study after byte {consumedBefore}");
                continue;
            }
            if (start > 0)
            {
                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
            if (progress == 0 && end == buffer.Length)
            {
                if (cursor.Mode == Mode.Elements && end >= TrialLimits.MaxRecordBytes)
                {
                    // One study of many is too large: stream past it token by token (the reader state carries over
                    // between buffers, so nothing of it is held) and go on with the next study.
                    cursor.Mode = Mode.Skipping;
                    skipFrom = consumedBefore;
                }
                else buffer = Grow(buffer, end, grown, file, $"the study after byte {consumedBefore}");
            }
        }
    }

    /// <summary>
    /// Maps every study of a JSON stream with <paramref name="parse"/>; a study that fails with a
    /// <see cref="TrialFormatException"/> becomes an error and the stream goes on.
    /// </summary>
    public static IEnumerable<TrialReadResult> ReadRecords(Stream stream, string file, string noun,
        Func<JsonElement, string, string, Model.ClinicalTrial> parse)
    {
        var position = 0;
        foreach (var (doc, skipped) in Split(stream, file))
        {
            position++;
            if (skipped is not null)
            {
                yield return TrialReadResult.Failed(new TrialReadError(file, $"{noun} {position}", null, skipped));
                continue;
            }
            using (doc)
            {
                TrialReadResult result;
                try { result = TrialReadResult.Ok(parse(doc!.RootElement, file, $"{noun} {position}")); }
                catch (TrialFormatException ex) { result = TrialReadResult.Failed(TrialReadError.From(file, ex)); }
                yield return result;
            }
        }
    }

    private static byte[] Grow(byte[] buffer, int used, Action<byte[]> grown, string file, string what)
    {
        if (used >= TrialLimits.MaxRecordBytes)
            throw new TrialFormatException(file, null, null,
                $"{what} is larger than {TrialLimits.MaxRecordBytes} bytes, the limit for one study");
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, TrialLimits.MaxRecordBytes));
        Buffer.BlockCopy(buffer, 0, bigger, 0, used);
        ArrayPool<byte>.Shared.Return(buffer);
        grown(bigger);
        return bigger;
    }

    private struct Cursor
    {
        public JsonReaderState State;
        public Mode Mode;
        public int ElementDepth;
        public int Depth;
        public bool WholeObject;
        public bool SkippedOne;
    }

    /// <summary>Reads as far as the data allows; returns the bytes consumed from <paramref name="data"/>.</summary>
    private static int Step(ReadOnlySpan<byte> data, bool final, ref Cursor cursor, List<JsonDocument> ready)
    {
        cursor.WholeObject = false;
        var reader = new Utf8JsonReader(data, final, cursor.State);
        while (true)
        {
            var safeState = reader.CurrentState;
            var safeConsumed = reader.BytesConsumed;
            if (!reader.Read())
            {
                if (cursor.Mode == Mode.Undecided) return Restart(ref cursor);
                cursor.State = reader.CurrentState;
                return (int)reader.BytesConsumed;
            }
            switch (cursor.Mode)
            {
                case Mode.Start:
                    if (reader.TokenType == JsonTokenType.StartArray)
                    {
                        cursor.Mode = Mode.Elements;
                        cursor.ElementDepth = 1;
                    }
                    else if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        cursor.Mode = Mode.Undecided;
                        cursor.Depth = 1;
                    }
                    else throw new JsonException($"expected a JSON object or array, found {reader.TokenType}");
                    break;
                case Mode.Undecided:
                    if (cursor.Depth == 1 && reader.TokenType == JsonTokenType.PropertyName && IsStudies(ref reader))
                    {
                        if (!reader.Read()) return Restart(ref cursor);
                        if (reader.TokenType == JsonTokenType.StartArray)
                        {
                            cursor.Mode = Mode.Elements;
                            cursor.ElementDepth = 2;
                        }
                        else if (reader.TokenType is JsonTokenType.StartObject) cursor.Depth++;
                        break;
                    }
                    if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) cursor.Depth++;
                    else if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray
                        && --cursor.Depth == 0)
                    {
                        cursor.Mode = Mode.Done;
                        cursor.WholeObject = true;
                        return (int)reader.BytesConsumed;
                    }
                    break;
                case Mode.Elements:
                    if (reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == cursor.ElementDepth - 1)
                    {
                        cursor.Mode = Mode.Done;
                        return (int)reader.BytesConsumed;
                    }
                    if (reader.TokenType != JsonTokenType.StartObject)
                        throw new JsonException($"expected each study to be a JSON object, found {reader.TokenType}");
                    if (!JsonDocument.TryParseValue(ref reader, out var doc))
                    {
                        // Not all of this study is buffered yet: resume before its opening brace.
                        cursor.State = safeState;
                        return (int)safeConsumed;
                    }
                    ready.Add(doc!);
                    break;
                case Mode.Skipping:
                    // The skipped study ends with the end of the object that opened at the elements' depth.
                    if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == cursor.ElementDepth)
                    {
                        cursor.Mode = Mode.Elements;
                        cursor.SkippedOne = true;
                        cursor.State = reader.CurrentState;
                        return (int)reader.BytesConsumed;
                    }
                    break;
                case Mode.Done:
                    return (int)reader.BytesConsumed;
            }
        }
    }

    /// <summary>Whether the property is "studies"; a name escaping an unpaired surrogate is not (the comparison throws
    /// on it).</summary>
    private static bool IsStudies(ref Utf8JsonReader reader)
    {
        try { return reader.ValueTextEquals("studies"u8); }
        catch (InvalidOperationException) { return false; }
    }

    private static int Restart(ref Cursor cursor)
    {
        cursor.Mode = Mode.Start;
        cursor.Depth = 0;
        cursor.State = new JsonReaderState(ReaderOptions);
        return 0;
    }
}

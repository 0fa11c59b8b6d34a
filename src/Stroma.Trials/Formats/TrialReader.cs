using Stroma.Trials.Formats.CtGovClassic;
using Stroma.Trials.Formats.CtGovCsv;
using Stroma.Trials.Formats.CtGovV2;
using Stroma.Trials.Formats.CtGovXml;

namespace Stroma.Trials.Formats;

/// <summary>
/// Reads trials from files, folders and zip archives in any supported format, one study at a time.
/// Each input is recognised from its first bytes. A malformed record becomes a <see cref="TrialReadError"/>
/// naming the file, record and field, and the read goes on; so does an unreadable input.
/// </summary>
public static class TrialReader
{
    /// <summary>Bytes looked at to recognise a format.</summary>
    public const int DetectionBytes = 4096;

    /// <summary>Recognises the format from the first bytes of an input.</summary>
    public static TrialFormat Detect(ReadOnlySpan<byte> head)
    {
        // v2 before classic: both are JSON objects, and v2's keys are camelCase so classic's test would fail anyway.
        if (CtGovV2Detector.TryDetect(head, out var f)) return f;
        if (CtGovClassicDetector.TryDetect(head, out f)) return f;
        if (CtGovXmlDetector.TryDetect(head, out f)) return f;
        if (CtGovCsvDetector.TryDetect(head, out f)) return f;
        return TrialFormat.Unknown;
    }

    /// <summary>Every study under the paths, in order (folders in ordinal file-name order).</summary>
    /// <param name="paths">Files, folders or zip archives.</param>
    /// <param name="inputDone">Called after each input unit (file or zip entry), e.g. to advance a progress
    /// bar.</param>
    public static IEnumerable<TrialReadResult> Read(IEnumerable<string> paths, Action<TrialInput>? inputDone = null)
    {
        foreach (var (input, error) in TrialSources.Enumerate(paths))
        {
            if (error is not null)
            {
                yield return TrialReadResult.Failed(error);
                continue;
            }
            foreach (var result in Read(input!)) yield return result;
            inputDone?.Invoke(input!);
        }
    }

    /// <summary>Every study in one input unit.</summary>
    public static IEnumerable<TrialReadResult> Read(TrialInput input)
    {
        IEnumerator<TrialReadResult>? records = null;
        TrialReadError? failure = null;
        PrefixedStream? stream = null;
        try
        {
            stream = PrefixedStream.Peek(input.Open(), DetectionBytes);
            var format = Detect(stream.Head);
            records = format switch
            {
                TrialFormat.CtGovClassic => CtGovClassicReader.Read(stream, input.Name).GetEnumerator(),
                TrialFormat.CtGovV2 => CtGovV2Reader.Read(stream, input.Name).GetEnumerator(),
                TrialFormat.CtGovXml => CtGovXmlReader.Read(stream, input.Name).GetEnumerator(),
                TrialFormat.CtGovCsv => CtGovCsvReader.Read(stream, input.Name).GetEnumerator(),
                _ => null,
            };
            if (records is null)
                failure = new TrialReadError(input.Name, null, null,
                    "not a recognised registry format; expected classic field-list JSON, API v2 JSON, " +
                    "clinical_study XML or the CSV download");
        }
        catch (Exception ex)
            when (ex is IOException or UnauthorizedAccessException or InvalidDataException or TrialFormatException)
        {
            failure = new TrialReadError(input.Name, null, null, ex is TrialFormatException tf ? tf.Problem
                : ex.Message);
        }
        if (failure is not null)
        {
            stream?.Dispose();
            yield return TrialReadResult.Failed(failure);
            yield break;
        }
        using (stream)
        using (records)
        {
            var read = 0;
            while (true)
            {
                TrialReadResult current = default;
                try
                {
                    if (!records!.MoveNext())
                    {
                        // Read what the reader left, so a zip entry's length and CRC-32 are checked (StreamingZip).
                        Drain(stream!);
                        yield break;
                    }
                    current = records.Current;
                }
                catch (TrialFormatException ex)
                {
                    failure = TrialReadError.From(input.Name, ex);
                }
                catch (Exception ex) when (ex is IOException or InvalidDataException)
                {
                    failure = new TrialReadError(input.Name, null, null, ex.Message);
                }
                if (failure is not null)
                {
                    // A structural error leaves the rest of the input unreadable: say so, and how far the read got.
                    yield return TrialReadResult.Failed(failure with { Error = failure.Error + Unread(read) });
                    yield break;
                }
                read++;
                yield return current;
            }
        }
    }

    private static string Unread(int read) => read == 0
        ? "; nothing in this input is read"
        : $"; the rest of this input is not read (after {read} record{(read == 1 ? "" : "s")})";

    private static void Drain(Stream stream)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            while (stream.Read(buffer, 0, buffer.Length) > 0) { }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

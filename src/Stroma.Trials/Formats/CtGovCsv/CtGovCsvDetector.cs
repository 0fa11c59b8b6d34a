namespace Stroma.Trials.Formats.CtGovCsv;

/// <summary>Recognises the registry's CSV download by its first header, "NCT Number" (optionally after
/// "Rank").</summary>
public static class CtGovCsvDetector
{
    /// <summary>True when the first line is a CSV header holding an "NCT Number" column.</summary>
    public static bool TryDetect(ReadOnlySpan<byte> head, out TrialFormat format)
    {
        format = TrialFormat.Unknown;
        if (head.StartsWith("\uFEFF"u8)) head = head[3..];
        var eol = head.IndexOfAny((byte)'\n', (byte)'\r');
        var first = eol >= 0 ? head[..eol] : head;
        if (first.IndexOf("NCT Number"u8) < 0 || first.IndexOf((byte)',') < 0) return false;
        format = TrialFormat.CtGovCsv;
        return true;
    }
}

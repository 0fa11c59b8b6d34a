namespace Stroma.Trials.Formats.CtGovClassic;

/// <summary>
/// Recognises the classic full-study JSON as the shared corpus stores it: one object whose properties are
/// PascalCase registry field names, each holding a list of strings (<c>{"Acronym":["…"],"NCTId":["NCT…"]}</c>).
/// </summary>
public static class CtGovClassicDetector
{
    /// <summary>True when the first bytes look like a classic field-list record.</summary>
    public static bool TryDetect(ReadOnlySpan<byte> head, out TrialFormat format)
    {
        format = TrialFormat.Unknown;
        var i = JsonSniff.SkipSpace(head, 0);
        if (i >= head.Length || head[i] != (byte)'{') return false;
        i = JsonSniff.SkipSpace(head, i + 1);
        if (!JsonSniff.TryReadName(head, ref i, out var name) || name.Length == 0
            || !char.IsAsciiLetterUpper((char)name[0])) return false;
        i = JsonSniff.SkipSpace(head, i);
        if (i >= head.Length || head[i] != (byte)':') return false;
        i = JsonSniff.SkipSpace(head, i + 1);
        if (i >= head.Length || head[i] != (byte)'[') return false;
        format = TrialFormat.CtGovClassic;
        return true;
    }
}

namespace Stroma.Trials.Formats.CtGovXml;

/// <summary>Recognises the legacy ClinicalTrials.gov <c>clinical_study</c> XML.</summary>
public static class CtGovXmlDetector
{
    /// <summary>True when the first bytes are XML with a <c>clinical_study</c> element.</summary>
    public static bool TryDetect(ReadOnlySpan<byte> head, out TrialFormat format)
    {
        format = TrialFormat.Unknown;
        var i = JsonSniff.SkipSpace(head, 0);
        if (i >= head.Length || head[i] != (byte)'<' || head.IndexOf("<clinical_study"u8) < 0) return false;
        format = TrialFormat.CtGovXml;
        return true;
    }
}

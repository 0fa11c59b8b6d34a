namespace Stroma.Trials.Formats.CtGovV2;

/// <summary>
/// Recognises ClinicalTrials.gov API v2 JSON: a study (<c>{"protocolSection":…}</c>), a page
/// (<c>{"studies":[…],"nextPageToken":…}</c>) or an array of studies.
/// </summary>
public static class CtGovV2Detector
{
    /// <summary>True when the first bytes are JSON mentioning the v2 study or page keys.</summary>
    public static bool TryDetect(ReadOnlySpan<byte> head, out TrialFormat format)
    {
        format = TrialFormat.Unknown;
        var i = JsonSniff.SkipSpace(head, 0);
        if (i >= head.Length || head[i] is not ((byte)'{' or (byte)'[')) return false;
        if (!JsonSniff.HasKey(head, "\"protocolSection\""u8) && !JsonSniff.HasKey(head, "\"studies\""u8)) return false;
        format = TrialFormat.CtGovV2;
        return true;
    }
}

namespace Stroma.Trials.Curation;

/// <summary>What a reviewer did with an extracted value.</summary>
public enum CurationAction
{
    /// <summary>The extracted value is right.</summary>
    Accept,

    /// <summary>The extracted value is wrong; the reviewer's value replaces it.</summary>
    Correct,
}

/// <summary>A reviewer's decision on one field of one trial, as stored.</summary>
/// <param name="NctId">The trial.</param>
/// <param name="Field">Curated field (<see cref="CurationFields"/>).</param>
/// <param name="Action">Accept or correct.</param>
/// <param name="Value">The reviewed value (the extracted one when accepted), canonical spelling.</param>
/// <param name="ExtractedValue">What the extractor said when the decision was taken.</param>
/// <param name="Fingerprint">The record's <see cref="TrialFingerprint"/> when the decision was taken.</param>
/// <param name="DecidedBy">Who decided.</param>
/// <param name="DecidedUtc">When (UTC).</param>
/// <param name="Reason">Why (required for a correction).</param>
/// <param name="Evidence">The quote the reviewer saw, or null.</param>
public sealed record CurationDecision(
    string NctId, string Field, CurationAction Action, string Value, string ExtractedValue, string Fingerprint,
    string DecidedBy, DateTime DecidedUtc, string? Reason, string? Evidence);

/// <summary>A decision about to be taken (validated by <see cref="CurationRequest.Validate"/>).</summary>
/// <param name="NctId">The trial.</param>
/// <param name="Field">Curated field.</param>
/// <param name="Action">Accept or correct.</param>
/// <param name="ExtractedValue">The extractor's current value of the field.</param>
/// <param name="Fingerprint">The record's current fingerprint.</param>
/// <param name="CorrectedValue">The reviewer's value (corrections only).</param>
/// <param name="Reason">Why (required for a correction).</param>
/// <param name="Evidence">The quote shown to the reviewer.</param>
public sealed partial record CurationRequest(
    string NctId, string Field, CurationAction Action, string ExtractedValue, string Fingerprint,
    string? CorrectedValue = null, string? Reason = null, string? Evidence = null)
{
    /// <summary>Longest reason kept (a paragraph; the audit trail stores it with every change).</summary>
    public const int MaxReasonLength = 2000;

    /// <summary>
    /// The request with its field and value in canonical spelling, or a <see cref="CurationException"/>: the field must
    /// be curated, a correction's value must come from the field's vocabulary and differ from the extracted value, and
    /// a correction must give a reason.
    /// </summary>
    public CurationRequest Validate()
    {
        var nct = (NctId ?? "").Trim().ToUpperInvariant();
        if (!NctPattern().IsMatch(nct))
            throw new CurationException(NctId, "nct_id", NctId, "an NCT id (NCT and 8 digits)");
        var field = CurationFields.Check(Field);
        if (Fingerprint is not { Length: 64 } || !Fingerprint.All(char.IsAsciiHexDigitLower))
            throw new CurationException(nct, "fingerprint", Fingerprint,
                "a SHA-256 in lower-case hexadecimal (64 characters)");
        var reason = string.IsNullOrWhiteSpace(Reason) ? null : Reason.Trim();
        if (reason is { Length: > MaxReasonLength })
            throw new CurationException(nct, field, null, $"a reason of at most {MaxReasonLength} characters");
        var extracted = CurationFields.Normalize(field, ExtractedValue, nct);
        if (Action == CurationAction.Accept)
            return this with { NctId = nct, Field = field, ExtractedValue = extracted, CorrectedValue = null,
                Reason = reason };
        if (reason is null) throw new CurationException(nct, field, CorrectedValue, "a reason for the correction");
        var corrected = CurationFields.Normalize(field, CorrectedValue, nct);
        if (corrected == extracted)
            throw new CurationException(nct, field, CorrectedValue,
                "a value other than the extracted one (accept it instead)");
        return this with { NctId = nct, Field = field, ExtractedValue = extracted, CorrectedValue = corrected,
            Reason = reason };
    }

    /// <summary>The value the decision records.</summary>
    public string Value => Action == CurationAction.Correct ? CorrectedValue ?? "" : ExtractedValue;

    [System.Text.RegularExpressions.GeneratedRegex("^NCT[0-9]{8}$",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex NctPattern();
}

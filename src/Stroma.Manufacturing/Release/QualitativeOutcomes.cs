namespace Stroma.Manufacturing.Release;

/// <summary>
/// The outcomes a qualitative release result may take: the outcome a specification expects (or a wording the
/// evaluator treats as the same) and its non-conforming counterparts, which may carry a detail after them (Ph. Eur.
/// 2.6.27 sterility "growth (organism)", Ph. Eur. 2.6.7 mycoplasma "detected", karyotype "abnormal", or an ISCN
/// karyotype such as "46,XX"). Anything else — a typing error such as "nromal" — is refused at entry instead of
/// being recorded and judged out of specification.
/// </summary>
public static class QualitativeOutcomes
{
    // Expected (conforming) outcome → its non-conforming counterparts.
    private static readonly Dictionary<string, string[]> Opposites = new(StringComparer.OrdinalIgnoreCase)
    {
        ["no growth"] = ["growth"],
        ["not detected"] = ["detected"],
        ["normal"] = ["abnormal"],
        ["negative"] = ["positive", "indeterminate"],
        ["pass"] = ["fail"],
    };

    /// <summary>The outcomes to offer for an item expecting <paramref name="expected"/> (expected first); empty when
    /// unknown.</summary>
    public static IReadOnlyList<string> For(string? expected) =>
        expected is not null && Opposites.TryGetValue(expected.Trim(), out var opposite)
            ? [expected.Trim(), .. opposite, "does not conform"] : [];

    /// <summary>
    /// Refuses a result text that is neither a conforming wording of <paramref name="expected"/> nor one of its
    /// non-conforming outcomes (with an optional detail); expectations outside the vocabulary are not checked.
    /// </summary>
    public static void Check(string field, string? expected, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (expected is null || !Opposites.TryGetValue(expected.Trim(), out var opposite)) return;
        var t = text.Trim();
        if (SpecificationEvaluator.Matches(expected, t)) return;
        if (opposite.Append("does not conform").Any(o => StartsWithWord(t, o))) return;
        // ISCN karyotype notation (chromosome count, comma, sex chromosomes, …), e.g. "46,XX" or "47,XY,+8".
        if (string.Equals(expected.Trim(), "normal", StringComparison.OrdinalIgnoreCase) && t.Length > 3
            && char.IsAsciiDigit(t[0])
            && char.IsAsciiDigit(t[1]) && t[2] == ',') return;
        throw new InvalidValueException(field, text, $"one of: {string.Join(", ", For(expected))}");
    }

    private static bool StartsWithWord(string text, string word) =>
        text.StartsWith(word, StringComparison.OrdinalIgnoreCase)
            && (text.Length == word.Length || !char.IsLetter(text[word.Length]));
}

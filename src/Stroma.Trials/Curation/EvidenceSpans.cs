using Stroma.Trials.Extraction;
using Stroma.Trials.Model;

namespace Stroma.Trials.Curation;

/// <summary>What a piece of shown evidence is.</summary>
public enum SpanKind
{
    /// <summary>Text around the quote.</summary>
    Context,

    /// <summary>The quoted evidence.</summary>
    Evidence,
}

/// <summary>A piece of plain text to show (renderers encode it; it never carries markup).</summary>
/// <param name="Text">The text.</param>
/// <param name="Kind">Context or the quote itself.</param>
public sealed record TextSpan(string Text, SpanKind Kind);

/// <summary>
/// A quote in its place: the registry field's text around an <see cref="Evidence"/> span, cut into plain-text pieces
/// so a renderer highlights the quote by encoding each piece and wrapping the quoted one (never by inserting markup
/// into the record's text).
/// </summary>
public static class EvidenceSpans
{
    /// <summary>Characters of context shown each side of a quote.</summary>
    public const int Context = 160;

    /// <summary>The registry field the evidence quotes, or null when the record has no such field.</summary>
    public static string? FieldText(ClinicalTrial trial, Evidence evidence)
    {
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(evidence);
        static string? At(IReadOnlyList<string?> list, int i) => i >= 0 && i < list.Count ? list[i] : null;
        return evidence.Field switch
        {
            "BriefTitle" => trial.BriefTitle,
            "OfficialTitle" => trial.OfficialTitle,
            "BriefSummary" => trial.BriefSummary,
            "DetailedDescription" => trial.DetailedDescription,
            "Keyword" => At(trial.Keywords, evidence.Index),
            "InterventionName" => At(trial.Interventions.Select(i => (string?)i.Name).ToList(), evidence.Index),
            "InterventionDescription" => At(trial.Interventions.Select(i => i.Description).ToList(), evidence.Index),
            // Other names are numbered across interventions, then those the record does not attribute.
            "InterventionOtherName" =>
                At(trial.Interventions.SelectMany(i => i.OtherNames).Concat(trial.UnattributedOtherNames).ToList(),
                evidence.Index),
            "ArmGroupLabel" => At(trial.ArmGroups.Select(a => (string?)a.Label).ToList(), evidence.Index),
            "ArmGroupDescription" => At(trial.ArmGroups.Select(a => a.Description).ToList(), evidence.Index),
            _ => null,
        };
    }

    /// <summary>
    /// The quote with up to <see cref="Context"/> characters of its field each side (cut at a word, marked with …).
    /// When the field no longer holds the quote at its offsets, the quote alone.
    /// </summary>
    public static IReadOnlyList<TextSpan> Of(ClinicalTrial trial, Evidence evidence)
    {
        var text = FieldText(trial, evidence);
        if (text is null || evidence.Start < 0 || evidence.End > text.Length || evidence.Start >= evidence.End
            || !Same(text[evidence.Start..evidence.End], evidence.Text))
            return [new TextSpan(evidence.Text, SpanKind.Evidence)];
        var spans = new List<TextSpan>();
        var from = Math.Max(0, evidence.Start - Context);
        if (from > 0) from = WordStart(text, from, evidence.Start);
        var to = Math.Min(text.Length, evidence.End + Context);
        if (to < text.Length) to = WordEnd(text, evidence.End, to);
        if (from < evidence.Start)
            spans.Add(new TextSpan((from > 0 ? "…" : "") + text[from..evidence.Start], SpanKind.Context));
        spans.Add(new TextSpan(text[evidence.Start..evidence.End], SpanKind.Evidence));
        if (evidence.End < to)
            spans.Add(new TextSpan(text[evidence.End..to] + (to < text.Length ? "…" : ""), SpanKind.Context));
        return spans;
    }

    // The extractor's quote has double quotes made single and line breaks made spaces (EXTRACTION.md evidence rule).
    private static bool Same(string source, string quote) =>
        string.Equals(source.Replace('"', '\'').ReplaceLineEndings(" "), quote, StringComparison.Ordinal);

    private static int WordStart(string text, int from, int limit)
    {
        var i = from;
        while (i < limit && !char.IsWhiteSpace(text[i - 1])) i++;
        return i;
    }

    private static int WordEnd(string text, int limit, int to)
    {
        var i = to;
        while (i > limit && !char.IsWhiteSpace(text[i])) i--;
        return i;
    }
}

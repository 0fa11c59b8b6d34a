using System.Text.RegularExpressions;

namespace Stroma.Trials.Extraction.Rules;

/// <summary>
/// passage, priming and engineered (EXTRACTION.md): how the released cells were cultured, conditioned
/// or modified, read from product sentences (interventions, arms, titles, and non-background summary
/// and description sentences).
/// </summary>
internal static partial class CultureRules
{
    private static IEnumerable<Sentence> ProductSentences(TrialText t, ExtractionVocabulary v, Regex? prefilter = null,
        string? keyword = null)
    {
        foreach (var s in t.In(Zone.Core, Zone.Title, Zone.Context))
            foreach (var sentence in t.Sentences(s))
            {
                if (keyword is not null
                    && sentence.Text.IndexOf(keyword, StringComparison.OrdinalIgnoreCase) < 0) continue;
                if (prefilter is not null && !t.IsMatch(prefilter, sentence)) continue;
                if (s.Zone == Zone.Context && t.IsBackground(sentence)) continue;
                if (s.Zone != Zone.Core && !t.HasMention(sentence) && !t.HasGenericCells(sentence)) continue;
                yield return sentence;
            }
    }

    /// <summary><c>P3</c>, <c>P2-P5</c>, <c>&lt;=P5</c> or <c>unspecified</c>.</summary>
    public static (string Passage, Evidence? Evidence) Passage(TrialText t, ExtractionVocabulary v)
    {
        foreach (var sentence in ProductSentences(t, v, PassageHint()))
        {
            var text = sentence.Text;
            string? value = null;
            Match m;
            if ((m = UpToPassage().Match(text)).Success) value = $"<=P{m.Groups["n"].Value}";
            else if ((m = PassageRange().Match(text)).Success) value = $"P{m.Groups["a"].Value}-P{m.Groups["b"].Value}";
            else if ((m = PassageNumber().Match(text)).Success) value = $"P{m.Groups["n"].Value}";
            else if ((m = OrdinalPassage().Match(text)).Success
                && v.NumberWords.TryGetValue(m.Groups["n"].Value, out var ord)) value = $"P{ord}";
            else if ((m = OrdinalPassage().Match(text)).Success
                && int.TryParse(m.Groups["d"].Value, out var d)) value = $"P{d}";
            else if (CultureContext().IsMatch(text) && (m = PCode().Match(text)).Success)
                value = m.Groups["b"].Success ? $"P{m.Groups["a"].Value}-P{m.Groups["b"].Value}"
                    : $"P{m.Groups["a"].Value}";
            if (value is not null) return (value, sentence.Segment.Quote(sentence.Start, sentence.End, "passage"));
        }
        return (ExtractionWords.Unspecified, null);
    }

    /// <summary>Priming words, or <c>none_stated</c>.</summary>
    public static (List<string> Priming, Evidence? Evidence) Priming(TrialText t, ExtractionVocabulary v)
    {
        var found = new Dictionary<string, Evidence>(StringComparer.Ordinal);
        foreach (var sentence in ProductSentences(t, v))
        {
            foreach (var (kind, rx) in v.Priming)
            {
                if (!t.MayMatch(sentence, v.FilterOf(rx))) continue;
                var m = rx.Match(sentence.Text);
                if (!m.Success) continue;
                var around = sentence.Text[Math.Max(0, m.Index - 30)..Math.Min(sentence.Text.Length,
                    m.Index + m.Length + 10)];
                if (v.PrimingNegations.IsMatch(around)) continue;
                found.TryAdd(kind, sentence.Segment.Quote(sentence.Start, sentence.End, "priming"));
            }
        }
        foreach (var p in v.Products)
            if (p.Priming is not null
                && t.In(Zone.Core, Zone.Title).FirstOrDefault(s => t.IsMatch(p.Pattern, s)) is { } s)
                found.TryAdd(p.Priming, s.Quote(0, s.Text.Length, "priming"));
        // "other" only when no named kind explains the conditioning.
        if (found.Count > 1) found.Remove("other");
        return found.Count == 0 ? ([ExtractionWords.NoneStated], null)
            : (ExtractionWords.InOrder(found.Keys, ExtractionWords.PrimingKinds), found.Values.First());
    }

    /// <summary>Genetically modified, or loaded with a drug or virus.</summary>
    public static (bool Engineered, Evidence? Evidence) Engineered(TrialText t, ExtractionVocabulary v)
    {
        foreach (var sentence in ProductSentences(t, v, v.Engineered))
        {
            foreach (Match m in v.Engineered.Matches(sentence.Text))
            {
                var around = sentence.Text[Math.Max(0, m.Index - 25)..Math.Min(sentence.Text.Length,
                    m.Index + m.Length + 25)];
                if (v.EngineeredExclusions.IsMatch(around)) continue;
                return (true, sentence.Segment.Quote(sentence.Start, sentence.End, "engineered"));
            }
        }
        return (false, null);
    }

    [GeneratedRegex(@"(?:not exceed\w*|no (?:more|later) than|up to|maximum(?: of)?|max\.?|≤|<=|below|less than"
        + @"|lower than|before|until|prior to|at most|not more than)\s*(?:the\s+)?"
        + @"(?:(?:passages?\s*(?:number\s*)?|P)(?<n>\d{1,2})\b|(?<n>\d{1,2})\s*passages\b)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UpToPassage();

    [GeneratedRegex(@"passages?\s*(?:number\s*)?(?:of\s*)?P?(?<a>\d{1,2})\s*(?:-|–|to|and)\s*P?(?<b>\d{1,2})\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PassageRange();

    [GeneratedRegex(@"passages?\s*(?:number\s*|no\.?\s*)?(?:of\s*)?(?:P\s*)?(?<n>\d{1,2})\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PassageNumber();

    [GeneratedRegex(@"\b(?:(?<n>first|second|third|fourth|fifth|sixth|two|three|four|five|six)"
        + @"|(?<d>\d{1,2})(?:st|nd|rd|th)?)\s+(?:culture\s+)?(?:expansion\s+)?passages?\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OrdinalPassage();

    [GeneratedRegex(@"(?<![\[(\w])P(?<a>\d{1,2})(?:\s*(?:-|–|to)\s*P?(?<b>\d{1,2}))?(?![\w(])",
        RegexOptions.CultureInvariant)]
    private static partial Regex PCode();

    [GeneratedRegex(@"passag|(?-i:\bP\d)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PassageHint();

    [GeneratedRegex(@"passag\w*|cultur\w*|expan\w*|amplif\w*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CultureContext();
}

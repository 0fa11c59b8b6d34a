using System.Text.RegularExpressions;

namespace Stroma.Trials.Extraction;

/// <summary>
/// Finds the words that qualify a product mention: inside it ("hUC-MSC", "allo-MSC"), in front of it
/// joined only by modifier words ("allogeneic umbilical cord-derived mesenchymal stem cells"), or after
/// it behind "derived from"/"from"/"of" ("MSCs isolated from the patient's bone marrow"). Words
/// elsewhere in the sentence ("allogeneic haematopoietic transplantation … MSCs") do not qualify it.
/// </summary>
internal static partial class MentionModifiers
{
    private const int Before = 70;
    private const int After = 100;

    /// <summary>Which of the keyed patterns qualify the mention, with the position of each hit.</summary>
    public static IEnumerable<(string Key, int Start, int End)> Find(TrialText t, ExtractionVocabulary v, Mention m, IReadOnlyList<(string Key, Regex Pattern)> terms)
    {
        var text = m.Segment.Text;
        var sentence = t.SentenceAt(m.Segment, m.Start);
        foreach (var (key, rx) in terms)
        {
            // Inside the mention.
            foreach (Match hit in rx.Matches(m.Text)) yield return (key, m.Start + hit.Index, m.Start + hit.Index + hit.Length);

            // In front, joined by modifiers only.
            var from = Math.Max(sentence.Start, m.Start - Before);
            var window = text[from..m.Start];
            foreach (Match hit in rx.Matches(window))
            {
                var gap = window[(hit.Index + hit.Length)..];
                gap = v.AnySource.Replace(gap, " ");
                gap = v.Autologous.Replace(gap, " ");
                gap = v.Allogeneic.Replace(gap, " ");
                if (Connector().IsMatch(gap) && !Blocked().IsMatch(gap)) yield return (key, from + hit.Index, from + hit.Index + hit.Length);
            }

            // Behind "derived from", "from", "of".
            var to = Math.Min(sentence.End, m.End + After);
            if (to <= m.End) continue;
            var after = text[m.End..to];
            var link = Link().Match(after);
            if (!link.Success) continue;
            var rest = after[(link.Index + link.Length)..];
            // The qualifier phrase ends at a conjunction or a new clause ("MSCs from third-party donors or MSCs combined with cord blood").
            var stop = PhraseEnd().Match(rest);
            if (stop.Success) rest = rest[..stop.Index];
            var first = rx.Match(rest);
            if (first.Success && first.Index <= 45)
            {
                var start = m.End + link.Index + link.Length + first.Index;
                yield return (key, start, start + first.Length);
            }
        }
    }

    // What may stand between a qualifier and the product noun: a few modifier words, none of them a verb,
    // preposition of purpose or another treatment ("allogeneic haematopoietic transplantation followed by MSCs").
    [GeneratedRegex(@"^[\s\-–—,/()'’.]*(?:[\w'’+]+[\s\-–—,/()'’.]*){0,7}$", RegexOptions.CultureInvariant)]
    private static partial Regex Connector();

    [GeneratedRegex(@"\b(?:with|for|after|before|versus|vs|plus|will|would|was|were|is|are|be|been|being|has|have|receiv\w*|undergo\w*|underwent|transplant\w*|therapy|therapies|treat\w*|patients?|subjects?|participants?|hematopoietic|haematopoietic|HSCT?|graft\w*|followed|then|than|compared|groups?|arms?|infus\w*|inject\w*|administ\w*|chondrocytes?|mononuclear|concentrate|aspirate|fraction|SVF|BMAC|islets?|kidney|liver|renal|organ|heart|lung)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Blocked();

    [GeneratedRegex(@"\b(?:or|and|but|with|combined|plus|versus|vs|to|in|for|will|are|is|were)\b|[,;(]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PhraseEnd();

    [GeneratedRegex(@"^\s*(?:\([^)]{0,60}\)\s*)?,?\s*(?:(?:that|which)\s+)?(?:(?:are|were|is|was|will be|to be|being|have been)\s+)?(?:\w+ly\s+)?(?:cells?\s+(?=from|derived|isolated|obtained))?(?:\w+ed\s+(?=from))?(?:derived|isolated|obtained|harvested|expanded|generated|prepared|collected|extracted|sourced|originat\w*|coming|cultured|purified|manufactured|produced|taken)?\s*(?:from|of)\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Link();
}

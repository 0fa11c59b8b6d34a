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
    /// <param name="t">The trial text.</param>
    /// <param name="v">The vocabulary.</param>
    /// <param name="m">The mention.</param>
    /// <param name="terms">Keyed patterns.</param>
    /// <param name="any">All of <paramref name="terms"/> as one pattern (one pass finds every hit; the key is then read
    /// off the hit).</param>
    public static IEnumerable<(string Key, int Start, int End)> Find(TrialText t, ExtractionVocabulary v, Mention m,
        IReadOnlyList<(string Key, Regex Pattern)> terms, Regex any)
    {
        var text = m.Segment.Text;
        var sentence = t.SentenceAt(m.Segment, m.Start);
        var from = Math.Max(sentence.Start, m.Start - Before);
        var to = Math.Max(m.End, Math.Min(sentence.End, m.End + After));
        var results = new List<(string, int, int)>();
        // A window inside the sentence holds none of the pattern's literal words when the sentence holds none.
        if (to <= sentence.End && !t.MayMatch(sentence, v.FilterOf(any))) return results;
        var hits = any.Matches(text[from..to]);
        if (hits.Count == 0) return results;

        // After the mention: only behind "derived from", "from", "of", and up to the end of that phrase.
        int afterStart = -1, afterEnd = -1;
        var link = Link().Match(text, m.End, to - m.End);
        if (link.Success && link.Index == m.End)
        {
            afterStart = link.Index + link.Length;
            var stop = PhraseEnd().Match(text, afterStart, to - afterStart);
            afterEnd = Math.Min(stop.Success ? stop.Index : to, afterStart + 45 + 30);
        }
        foreach (Match hit in hits)
        {
            var start = from + hit.Index;
            var end = start + hit.Length;
            bool qualifies;
            if (start >= m.Start && end <= m.End) qualifies = true;
            else if (end <= m.Start)
            {
                var gap = text[end..m.Start];
                // A nearer qualifier of the same kind wins: "amniotic membrane and adipose-derived MSCs" are adipose
                // MSCs.
                if (any.IsMatch(gap)) continue;
                gap = v.AnySource.Replace(gap, " ");
                gap = v.Autologous.Replace(gap, " ");
                gap = v.Allogeneic.Replace(gap, " ");
                // "Autologous transplantation of bone marrow-derived MSCs": the giving of the product itself, named
                // right before it, carries its qualifier.
                if (OwnAdministration().Match(gap) is { Success: true } own) gap = gap[(own.Index + own.Length)..];
                qualifies = Connector().IsMatch(gap) && !Blocked().IsMatch(gap);
            }
            // Romance-language word order puts the adjective after the noun ("MSC allogenic", "células autólogas"
            // written as "stem cells autologous"): only an auto-/allo- adjective right after the mention.
            else if (start >= m.End && PostposedGap().IsMatch(text[m.End..start])
                && PostposedAdjective().IsMatch(hit.Value)) qualifies = true;
            else qualifies = afterStart >= 0 && start >= afterStart && start - afterStart <= 45 && end <= afterEnd;
            if (!qualifies) continue;
            if (KeyOf(terms, hit.Value, text, start) is { } key) results.Add((key, start, end));
        }
        return results;
    }

    /// <summary>
    /// The key whose pattern reads the hit. A pattern that needs what stands before the hit ("from the patient")
    /// cannot match the hit alone, so it is tried in the whole text at the hit's start, and only then (a scan
    /// from that point).
    /// </summary>
    private static string? KeyOf(IReadOnlyList<(string Key, Regex Pattern)> terms, string hit, string text, int start)
    {
        foreach (var (key, rx) in terms)
            if (rx.IsMatch(hit)) return key;
        foreach (var (key, rx) in terms)
            if (rx.Match(text, start) is { Success: true } own && own.Index == start) return key;
        return null;
    }

    [GeneratedRegex(@"^\s*(?:\([^)]{0,20}\)\s*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex PostposedGap();

    [GeneratedRegex(@"^\s*(?:transplantation|infusion|injection|administration|implantation|transfusion)\s+of\s+"
        + @"(?:the\s+)?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OwnAdministration();

    [GeneratedRegex(@"^(?:auto|allo)\w*(?:ous|eic|enic)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PostposedAdjective();

    // What may stand between a qualifier and the product noun: a few modifier words, none of them a verb,
    // preposition of purpose or another treatment ("allogeneic haematopoietic transplantation followed by MSCs").
    [GeneratedRegex(@"^[\s\-–—,/()'’.]*(?:[\w'’+]+[\s\-–—,/()'’.]*){0,7}$", RegexOptions.CultureInvariant)]
    private static partial Regex Connector();

    [GeneratedRegex(@"\b(?:with|for|after|before|versus|vs|plus|will|would|was|were|is|are|be|been|being|has|have"
        + @"|receiv\w*|undergo\w*|underwent|transplant\w*|therapy|therapies|treat\w*|patients?|subjects?|participants?"
        + @"|hematopoietic|haematopoietic|HSCT?|graft\w*|followed|then|than|compared|groups?|arms?|infus\w*|inject\w*"
        + @"|administ\w*|chondrocytes?|mononuclear|concentrate|aspirate|fraction|SVF|BMAC|islets?|kidney|liver|renal"
        + @"|organ|heart|lung)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Blocked();

    [GeneratedRegex(@"\b(?:or|and|but|with|combined|plus|versus|vs|to|in|for|will|are|is|were)\b|[,;(]",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PhraseEnd();

    [GeneratedRegex(@"^\s*(?:\([^)]{0,60}\)\s*)?,?\s*(?:(?:that|which)\s+)?"
        + @"(?:(?:are|were|is|was|will be|to be|being|have been)\s+)?(?:\w+ly\s+)?"
        + @"(?:cells?\s+(?=from|derived|isolated|obtained))?(?:(?:\w+ed|grown|taken|made|drawn)\s+(?=from))?"
        + @"(?:\w+ed\s*(?:,|and|or)\s*)?(?:derived|isolated|obtained|harvested|expanded|generated|prepared|collected"
        + @"|extracted|sourced|originat\w*|coming|cultured|purified|manufactured|produced|taken)?\s*(?:from|of)\s+",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Link();
}

namespace Stroma.Trials.Extraction.Rules;

/// <summary>
/// tissue_source (EXTRACTION.md): the sources that qualify the product's mentions, taken from the
/// interventions and arms first, then the titles, then the summary and description (skipping
/// background sentences — previous studies, animal work, "MSCs can be isolated from …" — and
/// enumerations of three or more sources). Named products add the facts EXTRACTION.md gives for them.
/// </summary>
internal static class SourceRule
{
    public static (List<string> Sources, List<Evidence> Evidence) Decide(TrialText t, ExtractionVocabulary v)
    {
        foreach (var zone in new[] { Zone.Core, Zone.Title, Zone.Context })
        {
            var found = new Dictionary<string, Evidence>(StringComparer.Ordinal);
            foreach (var m in Mentions(t, v, zone))
            {
                var sentence = t.SentenceAt(m.Segment, m.Start);
                if (zone == Zone.Context && t.IsBackground(sentence)) continue;
                if (IsEnumeration(t, v, sentence)) continue;
                foreach (var (source, start, end) in MentionModifiers.Find(t, v, m, v.Sources, v.AnySource))
                    found.TryAdd(source,
                        m.Segment.Quote(Math.Min(start, m.Start), Math.Max(end, m.End), "tissueSource"));
                var mention = m.Text;
                foreach (var p in v.Products)
                    if (p.Source is not null && p.Pattern.IsMatch(mention))
                        found.TryAdd(p.Source, m.Segment.Quote(m.Start, m.End, "tissueSource"));
            }
            if (found.Count > 0) return (ExtractionWords.InOrder(found.Keys, ExtractionWords.TissueSources),
                found.Values.ToList());
        }
        return ([ExtractionWords.Unspecified], []);
    }

    /// <summary>
    /// The record's own names for its product (codes, coined names) in interventions and titles, where they stand
    /// for it ("Allogeneic XY-101 for pneumonia"); not where an MSC mention already is. Only match reads them: a
    /// combined intervention ("iliac crest graft + XY-101") names other components' tissues beside the code.
    /// </summary>
    internal static IEnumerable<Mention> NameMentions(TrialText t, Zone zone)
    {
        if (zone is not (Zone.Core or Zone.Title)) yield break;
        foreach (var s in t.In(zone))
        {
            var msc = t.MscMentions(s);
            foreach (var (start, end) in t.Links.NameHits(s.Text))
                if (TrialText.FirstOverlap(msc, start, end) < 0) yield return new Mention(s, start, end, true);
        }
    }

    /// <summary>"MSCs can come from bone marrow, adipose tissue or cord blood": three or more sources in one sentence
    /// list, they do not describe the product.</summary>
    private static bool IsEnumeration(TrialText t, ExtractionVocabulary v, Sentence sentence) =>
        t.Cached(("enumeration", sentence),
            // No source word in the sentence: no source named, so no enumeration.
            () => (object)(t.MayMatch(sentence, v.FilterOf(v.AnySource)) && v.AnySource.Matches(sentence.Text)
                .Select(h => v.Sources.FirstOrDefault(s => s.Pattern.IsMatch(h.Value)).Source).Distinct()
                .Count() >= 3)) is true;

    /// <summary>MSC and product mentions in a zone; in interventions and titles also the generic "stem cells" of an MSC
    /// trial.</summary>
    internal static IReadOnlyList<Mention> Mentions(TrialText t, ExtractionVocabulary v, Zone zone) =>
        t.Cached(("productMentions", zone), () => FindMentions(t, v, zone).ToList());

    private static IEnumerable<Mention> FindMentions(TrialText t, ExtractionVocabulary v, Zone zone)
    {
        foreach (var s in t.In(zone))
        {
            var msc = t.MscMentions(s);
            foreach (var m in msc) yield return m;
            // In the summary and description only sentences naming the product can hold its generic "cells".
            if (zone == Zone.Context && msc.Count == 0) continue;
            if (!t.MayMatch(s, v.FilterOf(v.GenericCells))) continue;
            foreach (System.Text.RegularExpressions.Match g in v.GenericCells.Matches(s.Text))
            {
                if (TrialText.FirstOverlap(msc, g.Index, g.Index + g.Length) >= 0) continue;
                var sentence = t.SentenceAt(s, g.Index);
                // In the summary and description "cells" stand for the product only beside an MSC mention.
                if (zone == Zone.Context && !t.HasMention(sentence)) continue;
                var lead = s.Text[Math.Max(sentence.Start, g.Index - 40)..g.Index];
                if (v.NotMscCells.IsMatch(lead)
                    || v.NotMscCells.IsMatch(s.Text.AsSpan(g.Index, Math.Min(30, s.Text.Length - g.Index))
                        .ToString())) continue;
                yield return new Mention(s, g.Index, g.Index + g.Length, true);
            }
        }
    }
}

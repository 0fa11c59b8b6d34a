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
                if (v.Sources.Count(s => s.Pattern.IsMatch(sentence.Text)) >= 3) continue;
                foreach (var (source, start, end) in MentionModifiers.Find(t, v, m, v.Sources))
                    found.TryAdd(source, m.Segment.Quote(Math.Min(start, m.Start), Math.Max(end, m.End), "tissueSource"));
                foreach (var p in v.Products)
                    if (p.Source is not null && p.Pattern.IsMatch(m.Text)) found.TryAdd(p.Source, m.Segment.Quote(m.Start, m.End, "tissueSource"));
            }
            if (found.Count > 0) return (ExtractionWords.InOrder(found.Keys, ExtractionWords.TissueSources), found.Values.ToList());
        }
        return ([ExtractionWords.Unspecified], []);
    }

    /// <summary>MSC and product mentions in a zone; in interventions and titles also the generic "stem cells" of an MSC trial.</summary>
    internal static IEnumerable<Mention> Mentions(TrialText t, ExtractionVocabulary v, Zone zone)
    {
        foreach (var s in t.In(zone))
        {
            var msc = t.MscMentions(s);
            foreach (var m in msc) yield return m;
            foreach (System.Text.RegularExpressions.Match g in v.GenericCells.Matches(s.Text))
            {
                if (msc.Any(x => g.Index < x.End && x.Start < g.Index + g.Length)) continue;
                var sentence = t.SentenceAt(s, g.Index);
                // In the summary and description "cells" stand for the product only beside an MSC mention.
                if (zone == Zone.Context && !msc.Any(x => x.Start >= sentence.Start && x.End <= sentence.End)) continue;
                var lead = s.Text[Math.Max(sentence.Start, g.Index - 40)..g.Index];
                if (v.NotMscCells.IsMatch(lead) || v.NotMscCells.IsMatch(s.Text.AsSpan(g.Index, Math.Min(30, s.Text.Length - g.Index)).ToString())) continue;
                yield return new Mention(s, g.Index, g.Index + g.Length, true);
            }
        }
    }
}

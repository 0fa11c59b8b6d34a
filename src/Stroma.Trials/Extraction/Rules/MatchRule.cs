namespace Stroma.Trials.Extraction.Rules;

/// <summary>
/// match (EXTRACTION.md): autologous or allogeneic words that qualify the product's mentions (see
/// <see cref="MentionModifiers"/>), interventions and arms first, then titles, then the summary and
/// description, each tier deciding alone when it says anything. Perinatal sources (umbilical cord, cord blood,
/// placenta, amniotic fluid) are allogeneic
/// unless the record says the patient's own; named products add their facts; a marrow or fat harvest from
/// the patient implies autologous when nothing else is said. Both kinds stated → <c>both</c>.
/// </summary>
internal static class MatchRule
{
    private static readonly string[] Perinatal = ["umbilical_cord", "cord_blood", "placenta", "amniotic_fluid"];

    public static (string Match, Evidence? Evidence) Decide(TrialText t, ExtractionVocabulary v,
        IReadOnlyList<string> sources)
    {
        var terms = new List<(string, System.Text.RegularExpressions.Regex)> { ("autologous", v.Autologous),
            ("allogeneic", v.Allogeneic) };
        var any = v.AnyMatchTerm;
        var found = new Dictionary<string, Evidence>(StringComparer.Ordinal);
        // The interventions and arms decide first (they say which arm gets which cells, so "both" comes from them);
        // titles speak of the whole trial ("donor stem cell transplantation" for the patients' other treatment).
        foreach (var zones in new[] { new[] { Zone.Core }, [Zone.Title], [Zone.Context] })
        {
            foreach (var zone in zones)
            {
                foreach (var m in SourceRule.Mentions(t, v, zone).Concat(SourceRule.NameMentions(t, zone)))
                {
                    var sentence = t.SentenceAt(m.Segment, m.Start);
                    if (zone == Zone.Context && t.IsBackground(sentence)) continue;
                    foreach (var (kind, start, end) in MentionModifiers.Find(t, v, m, terms, any))
                        found.TryAdd(kind, m.Segment.Quote(Math.Min(start, m.Start), Math.Max(end, m.End), "match"));
                    var mention = m.Text;
                    foreach (var p in v.Products)
                        if (p.Match is not null && p.Pattern.IsMatch(mention))
                            found.TryAdd(p.Match, m.Segment.Quote(m.Start, m.End, "match"));
                }
            }
            if (found.Count > 0) break;
        }
        if (!found.ContainsKey("autologous")
            && sources.Any(s => Perinatal.Contains(s))) found.TryAdd("allogeneic", null!);
        if (found.Count == 0 && HarvestFromPatient(t, v) is { } harvest) found["autologous"] = harvest;
        return found.Count switch
        {
            0 => (ExtractionWords.Unspecified, null),
            2 => ("both", found["autologous"] ?? found["allogeneic"]),
            _ => (found.Keys.First(), found.Values.First()),
        };
    }

    private static Evidence? HarvestFromPatient(TrialText t, ExtractionVocabulary v)
    {
        foreach (var s in t.Segments.Where(s => s.Zone != Zone.Title))
        {
            if (!t.MayMatch(s, v.FilterOf(v.Harvest))) continue;
            var hit = v.Harvest.Match(s.Text);
            if (!hit.Success) continue;
            var sentence = t.SentenceAt(s, hit.Index);
            if (t.IsBackground(sentence) || v.Allogeneic.IsMatch(sentence.Text)) continue;
            return s.Quote(sentence.Start, sentence.End, "match");
        }
        return null;
    }
}

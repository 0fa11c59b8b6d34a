namespace Stroma.Trials.Extraction.Rules;

/// <summary>
/// product (EXTRACTION.md): cells, ev (exosomes, extracellular vesicles, microvesicles) and/or
/// secretome (conditioned medium, secretome, lysate). An MSC mention tied to an EV or secretome term
/// ("MSC-derived exosomes", "secretome of MSCs") names the EVs' source, not cells given.
/// </summary>
internal static class ProductRule
{
    /// <summary>Characters between an MSC mention and an EV/secretome term that still tie them.</summary>
    private const int TieDistance = 60;

    public static List<string> Decide(TrialText t, ExtractionVocabulary v)
    {
        var products = new HashSet<string>(StringComparer.Ordinal);
        var interventions = t.Segments.Where(s => s.Zone is Zone.Core or Zone.Title
            || s.Field.StartsWith("Intervention", StringComparison.Ordinal));
        foreach (var s in interventions)
        {
            if (t.IsMatch(v.EvTerms, s)) products.Add("ev");
            if (t.IsMatch(v.SecretomeTerms, s)) products.Add("secretome");
        }
        foreach (var p in v.Products)
            if (p.Product != "cells"
                && t.In(Zone.Core, Zone.Title).Any(s => t.IsMatch(p.Pattern, s))) products.Add(p.Product);
        if (t.MscMentions(t.In(Zone.Core)).Any(m => !IsTiedToEvOrSecretome(t, v, m))
            || products.Count == 0) products.Add("cells");
        return ExtractionWords.InOrder(products, ExtractionWords.Products);
    }

    public static bool IsTiedToEvOrSecretome(TrialText t, ExtractionVocabulary v, Mention m)
    {
        var sentence = t.SentenceAt(m.Segment, m.Start);
        var text = m.Segment.Text;
        var from = Math.Max(sentence.Start, m.Start - TieDistance);
        var to = Math.Min(sentence.End, m.End + TieDistance);
        var window = text[from..to];
        return v.EvTerms.IsMatch(window) || v.SecretomeTerms.IsMatch(window) || v.EvTerms.IsMatch(m.Text);
    }
}

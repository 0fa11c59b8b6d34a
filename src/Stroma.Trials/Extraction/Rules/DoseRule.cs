using System.Text.RegularExpressions;

namespace Stroma.Trials.Extraction.Rules;

/// <summary>
/// dose_low/dose_high/dose_unit (EXTRACTION.md): the levels stated for the product, interventions and
/// arms first, else product sentences of the summary and description. Several levels → lowest and
/// highest; mixed units → the cells/kg levels; a total over several administrations is divided by
/// their number; a volume counts only when no cell number is stated anywhere.
/// </summary>
internal static partial class DoseRule
{
    private static readonly string[] Preference =
        [DoseParser.PerKg, DoseParser.Cells, DoseParser.PerCm2, DoseParser.Other, DoseParser.Particles,
            DoseParser.Micrograms];

    public static (DoseRange? Dose, Evidence? Evidence) Decide(TrialText t, ExtractionVocabulary v, int? count)
    {
        var tiers = new[] { Candidates(t, v, [Zone.Core]), Candidates(t, v, [Zone.Title, Zone.Context]) };
        foreach (var tier in tiers)
        {
            // The amount of one injection site or one vial is not the dose when the dose itself is stated.
            if (tier.Exists(c => !c.Dose.Part && c.Dose.Unit != DoseParser.Millilitres))
                tier.RemoveAll(c => c.Dose.Part);
            // "0.7 x 10^6 cells/kg per dose (cumulative dose 2.8 x 10^6 cells/kg)": a total beside the stated dose
            // in the same unit is that dose summed, not another level.
            tier.RemoveAll(c => c.Dose.Total && Cumulative(c)
                && tier.Exists(o => !o.Dose.Total && o.Dose.Unit == c.Dose.Unit));
            // EXTRACTION.md: doses set per weight range are "other".
            for (var i = 0; i < tier.Count; i++)
                if (tier[i].Dose.Unit == DoseParser.Cells && WeightBand().IsMatch(tier[i].Sentence.Text))
                    tier[i] = (tier[i].Dose with { Unit = DoseParser.Other }, tier[i].Sentence);
            foreach (var unit in Preference)
            {
                var levels = tier.Where(c => c.Dose.Unit == unit).ToList();
                if (levels.Count == 0) continue;
                var values = levels.SelectMany(c => PerAdministration(c.Dose, count)).ToList();
                var first = levels[0];
                return (new DoseRange(values.Min(), values.Max(), unit),
                    first.Sentence.Segment.Quote(first.Sentence.Start, first.Sentence.End, "dose"));
            }
        }
        // A volume (e.g. "1.2 ml MSC", "1.6 mL … secretome") when no cell number is given anywhere.
        foreach (var tier in tiers)
        {
            var volumes = tier.Where(c => c.Dose.Unit == DoseParser.Millilitres && NamesProduct(t, v, c)).ToList();
            if (volumes.Count == 0) continue;
            // "a single dose of 1.2 ml MSC divided into 12 parts of 0.1 ml": the stated dose, not its aliquots.
            var stated = volumes.Where(c => DoseOfBefore(c)).ToList();
            if (stated.Count > 0) volumes = stated;
            var first = volumes[0];
            return (new DoseRange(volumes.Min(c => c.Dose.Low), volumes.Max(c => c.Dose.High), DoseParser.Millilitres),
                first.Sentence.Segment.Quote(first.Sentence.Start, first.Sentence.End, "dose"));
        }
        return (null, null);
    }

    private static IEnumerable<double> PerAdministration(DoseMention d, int? count)
    {
        var divisor = d.Total && count is > 1 ? count.Value : 1;
        yield return d.Low / divisor;
        yield return d.High / divisor;
    }

    private static List<(DoseMention Dose, Sentence Sentence)> Candidates(TrialText t, ExtractionVocabulary v,
        Zone[] zones)
    {
        var list = new List<(DoseMention, Sentence)>();
        foreach (var s in t.In(zones))
        {
            foreach (var d in DoseParser.Find(s.Text, v.AnyProduct))
            {
                var sentence = t.SentenceAt(s, d.Start);
                // Mention linking (ProductLinks): another product's dose does not leak in, even inside the MSC arm.
                if (t.Links.Names(sentence) == Reference.Other) continue;
                if (s.Zone != Zone.Core)
                {
                    if (t.IsBackground(sentence)) continue;
                    // Outside the interventions, only sentences about the product (or giving cells) count.
                    if (!t.Links.About(sentence) && !t.HasAdministration(sentence)) continue;
                }
                list.Add((d, sentence));
            }
        }
        return list;
    }

    /// <summary>"cumulative dose": summed over administrations (a "total of" may be one session's
    /// injections).</summary>
    private static bool Cumulative((DoseMention Dose, Sentence Sentence) c) =>
        c.Sentence.Segment.Text.AsSpan(Math.Max(0, c.Dose.Start - 40), Math.Min(40, c.Dose.Start))
            .Contains("cumulative", StringComparison.OrdinalIgnoreCase);

    private static bool DoseOfBefore((DoseMention Dose, Sentence Sentence) c) =>
        Regex.IsMatch(c.Sentence.Segment.Text[Math.Max(0, c.Dose.Start - 30)..c.Dose.Start],
            @"\bdoses? (?:of|:)\s*$|\bdose is\s*$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private static bool NamesProduct(TrialText t, ExtractionVocabulary v, (DoseMention Dose, Sentence Sentence) c)
    {
        var text = c.Sentence.Segment.Text;
        var after = text[c.Dose.End..Math.Min(text.Length, c.Dose.End + 45)];
        var before = text[Math.Max(0, c.Dose.Start - 30)..c.Dose.Start];
        var probe = new Segment("", 0, after, Zone.Other);
        return t.MscMentions(probe).Count > 0 || v.SecretomeTerms.IsMatch(after) || v.EvTerms.IsMatch(after)
            || v.AnyProduct.IsMatch(after)
            || (Regex.IsMatch(before, @"dose of\s*$", RegexOptions.IgnoreCase)
                && t.MscMentions(new Segment("", 0, c.Sentence.Text, Zone.Other)).Count > 0);
    }

    // "patients weighing 40-60 kg receive …", "body weight < 50 kg: 50 million cells", "for 60–80 kg, …",
    // "100 million cells to subjects < 50 kg and 200 million to subjects 50-100 kg".
    [GeneratedRegex(@"\bweigh\w*\s+(?:(?:less|more) than|under|over|above|below|between|from"
        + @"|[<>≤≥]=?)?\s*\d{1,3}\s*(?:kg|-|–|to|and)|\b(?:body ?weight|BW)\s*(?:of\s*)?(?:[<>≤≥]=?|between)\s*\d{1,3}"
        + @"|\b\d{1,3}\s*(?:-|–|to)\s*\d{1,3}\s*kg\b|[<>≤≥]=?\s*\d{1,3}(?:[.,]\d+)?\s*kg\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WeightBand();
}

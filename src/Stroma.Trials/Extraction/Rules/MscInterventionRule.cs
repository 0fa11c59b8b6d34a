using System.Text.RegularExpressions;

namespace Stroma.Trials.Extraction.Rules;

/// <summary>
/// msc_intervention (EXTRACTION.md): does at least one arm give people an MSC-derived product?
/// No for observational studies, follow-up studies that give nothing, lab-only uses (isolation,
/// characterisation), and products that are not culture-expanded MSCs (SVF, BMAC, mononuclear cells,
/// fat grafts) when no MSC product is named beside them.
/// </summary>
internal static partial class MscInterventionRule
{
    public static (bool Yes, Evidence? Evidence) Decide(TrialText t, ExtractionVocabulary v)
    {
        var trial = t.Trial;
        if (trial.StudyType == "Observational" || (trial.StudyType is null && trial.ObservationalModel is not null))
            return (false, null);

        // Keywords are tags, not statements: they never decide on their own.
        var all = t.MscMentions(t.Segments.Where(s => s.Field != "Keyword")).ToList();
        var ev = t.Segments.Any(s => s.Zone is Zone.Core or Zone.Title
            && (t.IsMatch(v.EvTerms, s) || t.IsMatch(v.SecretomeTerms, s)));
        if (all.Count == 0 && !ev) return (false, null);

        // A follow-up or extension study that administers nothing itself.
        var titles = string.Join(" ", t.In(Zone.Title).Where(s => s.Field != "Keyword").Select(s => s.Text));
        if (v.FollowUpTitle.IsMatch(titles) && t.Segments.Any(s => t.IsMatch(v.NoProductGiven, s))
            && !GivesProductNow(t))
            return (false, null);

        // Only "adipose-derived stem cells"-type wording beside SVF/fat-graft wording, never culture: not an MSC
        // product.
        if (all.All(m => m.Weak))
        {
            var nonMsc = t.Segments.Any(s => v.NonMscProducts.Any(p => t.IsMatch(p.Pattern, s)));
            var cultured = all.Any(m => v.SaysCultured(t.SentenceAt(m.Segment, m.Start).Text));
            if (nonMsc && !cultured) return (false, null);
        }

        // SVF, BMAC, mononuclear cells or fat grafts named in the interventions or titles, and nothing said of
        // culture: the "mesenchymal stem cells" are what the uncultured product contains (EXTRACTION.md conventions).
        var namesNonMsc = t.In(Zone.Core, Zone.Title)
            .Any(s => s.Field != "Keyword" && v.NonMscProducts.Any(p => t.IsMatch(p.Pattern, s)));
        if (namesNonMsc && !t.Segments.Any(s => s.Zone != Zone.Other && v.SaysCultured(s.Text))
            && !MscAsAlternative(t, v) && !NamesMscProduct(t, v)) return (false, null);

        var inInterventions = all.Where(m => m.Segment.Zone == Zone.Core && !IsLabOnly(t, v, m)
                && !LabOnlyIntervention(t, v, m)).ToList();
        if (inInterventions.Count > 0) return (true, Quote(t, inInterventions[0]));
        if (ev && t.In(Zone.Core).Any()) return (true, null);
        // "bone substitute/secretome composite": an EV or secretome product in an intervention of a record that speaks
        // of MSCs.
        var evIntervention = t.Segments.FirstOrDefault(s => s.Field.StartsWith("Intervention", StringComparison.Ordinal)
            && (t.IsMatch(v.EvTerms, s) || t.IsMatch(v.SecretomeTerms, s)));
        if (evIntervention is not null && (all.Count > 0 || t.Segments.Any(s => t.IsMatch(v.MscStrong, s))))
            return (true, evIntervention.Quote(0, evIntervention.Text.Length, "mscIntervention"));

        // "Impact of a drug on the patients' fat-derived MSCs": when every intervention is a drug dosed by mass and
        // none names an MSC product, the MSCs the titles speak of are studied in the patients, not given to them.
        if (AllDrugsDosedByMass(t)) return (false, null);

        // No intervention or arm names the product: a sentence elsewhere must say it is given.
        foreach (var m in all.Where(m => m.Segment.Zone is Zone.Title or Zone.Context))
        {
            var sentence = t.SentenceAt(m.Segment, m.Start);
            if (t.IsBackground(sentence)) continue;
            if (m.Segment.Zone == Zone.Title || t.HasAdministration(sentence))
            {
                // Interventions that are all something else (BMAC, mononuclear cells, harvests) outweigh a title.
                var otherProducts = t.In(Zone.Other)
                    .Any(s => s.Field.StartsWith("Intervention", StringComparison.Ordinal)
                        && v.NonMscProducts.Any(p => t.IsMatch(p.Pattern, s)) && !v.SaysCultured(s.Text));
                if (otherProducts || LabOnlyTrial(t, v)) return (false, null);
                return (true, Quote(t, m));
            }
        }
        return (false, null);
    }

    /// <summary>
    /// An MSC product named beside the uncultured one rather than said to be inside it: in a different
    /// intervention ("MNC" | "MSC"), joined to it in one name ("Mononuclear and mesenchymal stem cells"), or from a
    /// perinatal source, which is only ever given cultured ("BM-MNC and UC-MSC").
    /// </summary>
    private static bool NamesMscProduct(TrialText t, ExtractionVocabulary v)
    {
        var ivs = t.Trial.Interventions;
        bool NonMsc(string? text) => text is not null && v.NonMscProducts.Any(p => p.Pattern.IsMatch(text));
        for (var i = 0; i < ivs.Count; i++)
        {
            if (!v.MscStrong.IsMatch(ivs[i].Name)) continue;
            if (ivs.Where((_, j) => j != i).Any(o => NonMsc(o.Name))) return true;
            if (NonMsc(ivs[i].Name) && Joined().IsMatch(ivs[i].Name)) return true;
        }
        return t.MscMentions(t.In(Zone.Core))
            .Any(m => !m.Weak && Perinatal().IsMatch(t.SentenceAt(m.Segment, m.Start).Text));
    }

    [GeneratedRegex(@"\b(?:and|or|plus|with|vs\.?|versus)\b|\+|/",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Joined();

    [GeneratedRegex(@"umbilical|wharton|(?-i:\bh?UC-?MSC)|placenta|amnio|cord tissue|decidua",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Perinatal();

    /// <summary>"scaffold with bone marrow mononuclear cells or mesenchymal stem cells": MSCs offered beside the
    /// uncultured product.</summary>
    private static bool MscAsAlternative(TrialText t, ExtractionVocabulary v) =>
        t.Sentences(t.In(Zone.Core, Zone.Title)).Any(sentence =>
        {
            var text = sentence.Text;
            var other = v.NonMscProducts.Select(p => p.Pattern.Match(text)).FirstOrDefault(m => m.Success);
            var msc = v.MscStrong.Match(text);
            if (other is null || !msc.Success) return false;
            var (from, to) = other.Index < msc.Index ? (other.Index + other.Length, msc.Index)
                : (msc.Index + msc.Length, other.Index);
            return to > from
                && Regex.IsMatch(text[from..to], @"\b(?:or|versus|vs\.?|compared|and/or)\b", RegexOptions.IgnoreCase);
        });

    private static bool GivesProductNow(TrialText t) =>
        t.In(Zone.Core).Any(s => Regex.IsMatch(s.Text,
            @"will (?:be )?(?:receive|infused|injected|administered|given|transplanted|implanted)"
            + @"|\bsingle (?:dose|injection|infusion)",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant));

    private static bool IsLabOnly(TrialText t, ExtractionVocabulary v, Mention m)
    {
        if (m.Segment.Field is "InterventionName" or "ArmGroupLabel") return false;
        var sentence = t.SentenceAt(m.Segment, m.Start);
        return v.LabOnly.IsMatch(sentence.Text) && !t.HasAdministration(sentence);
    }

    /// <summary>An intervention that only takes, grows or tests cells ("tissues … sent to the lab for cell
    /// culturing").</summary>
    private static bool LabOnlyIntervention(TrialText t, ExtractionVocabulary v, Mention m)
    {
        if (!m.Segment.Field.StartsWith("Intervention", StringComparison.Ordinal)) return false;
        var ivs = t.Trial.Interventions;
        if (m.Segment.Field == "InterventionOtherName")
            return ivs.Count > 0
                && ivs.All(i => i.Type == "Diagnostic Test"
                    || (v.LabOnly.IsMatch(i.Name + " " + i.Description)
                        && !StrictAdministration().IsMatch(i.Name + " " + i.Description)));
        var iv = ivs.ElementAtOrDefault(m.Segment.Index);
        if (iv is null) return false;
        // "Mesenchymal stem cells" as the name is the product, however its manufacture is described.
        if (t.HasMsc(iv.Name) && !v.LabOnly.IsMatch(iv.Name) && iv.Type != "Diagnostic Test") return false;
        var text = iv.Name + " " + iv.Description;
        return iv.Type == "Diagnostic Test" || (v.LabOnly.IsMatch(text) && !StrictAdministration().IsMatch(text));
    }

    [GeneratedRegex(@"inject\w*|infus\w*|transplant\w*|implant\w*|administ\w*|deliver\w*|given to|receiv\w*|graft\w*"
        + @"|applied|instill\w*|inhal\w*|nebuli\w*|placed|spread|seeded|put (?:on|in|over)|transferr?\w*",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StrictAdministration();

    private static bool AllDrugsDosedByMass(TrialText t)
    {
        var drugs = t.Trial.Interventions.Where(i => !TrialText.ComparatorName().IsMatch(i.Name)).ToList();
        if (drugs.Count == 0) return false;
        foreach (var iv in drugs)
        {
            if (iv.Type is not ("Drug" or "Dietary Supplement")) return false;
            if (t.HasMsc(iv.Name) || t.HasMsc(iv.Description) || t.IsCellText(iv.Name) || t.IsCellText(iv.Description))
                return false;
            if (MassDose().IsMatch(iv.Description ?? "")) continue;
            // The drug named in a sentence with a mass: "linagliptin, 5 mg by mouth".
            var words = Regex.Matches(iv.Name, @"[A-Za-z][\w\-]{3,}")
                .Select(w => w.Value).Where(w => !NotDrugName().IsMatch(w)).ToList();
            if (words.Count == 0) return false;
            var named = new Regex(
                @"\b(?:" + string.Join('|', words.Select(Regex.Escape)) + @")\b[^.;\n]{0,60}?"
                    + MassDosePattern,
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
            if (!t.Segments.Any(s => named.IsMatch(s.Text))) return false;
        }
        return true;
    }

    private const string MassDosePattern = @"\d\s*(?:mg|µg|μg|mcg|g|IU|units?)(?:\s*/\s*kg)?\b";

    [GeneratedRegex(MassDosePattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MassDose();

    [GeneratedRegex(@"^(?:group|arms?|cohort|phase|part|drug|oral|tablets?|capsules?|dose)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NotDrugName();

    private static bool LabOnlyTrial(TrialText t, ExtractionVocabulary v) =>
        t.Trial.Interventions.Count > 0 && t.Trial.Interventions.All(i => i.Type == "Diagnostic Test"
            || (v.LabOnly.IsMatch(i.Name + " " + i.Description)
                && !StrictAdministration().IsMatch(i.Name + " " + i.Description)));

    private static Evidence Quote(TrialText t, Mention m)
    {
        var s = t.SentenceAt(m.Segment, m.Start);
        return m.Segment.Quote(s.Start, s.End, "mscIntervention");
    }
}

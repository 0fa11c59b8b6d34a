using System.Text.RegularExpressions;

namespace Stroma.Trials.Extraction.Rules;

/// <summary>
/// route (EXTRACTION.md): every route named for the product — in its interventions and arms, its
/// titles, and summary/description sentences that speak of giving it (not background). "Infusion" with
/// no route named is intravenous; portal-vein, intrasplenic and intracerebral delivery are other.
/// </summary>
internal static partial class RouteRule
{
    public static (List<string> Routes, List<Evidence> Evidence) Decide(TrialText t, ExtractionVocabulary v)
    {
        var found = new Findings();
        // Mention linking (ProductLinks): a sentence of the MSC arm that names only another product is that product's.
        foreach (var s in t.In(Zone.Core, Zone.Title))
            foreach (var sentence in t.Sentences(s))
                if (t.Links.About(sentence)) Collect(t, v, sentence, found);
        var core = found.Count > 0;
        foreach (var s in t.In(Zone.Context))
        {
            foreach (var sentence in t.Sentences(s))
            {
                if (!t.Links.About(sentence)) continue;
                if (t.IsBackground(sentence) || !t.HasAdministration(sentence)) continue;
                // "After MSCs are injected intramyocardially, VEGF rises": what the cells do once given is
                // background when the product's own interventions and arms name how this trial gives them.
                if (core && t.IsMatch(v.Mechanism, sentence)) continue;
                Collect(t, v, sentence, found);
            }
        }
        // The scope is the way in wherever the record names the site: "via bronchoscopy" in the arm, "into the
        // lesion" in the summary.
        if (found.ContainsKey("other") && !found.OtherNamed && found.Keys.Any(k => k is not ("other" or "intravenous")))
            found.Remove("other");
        if (found.Count == 0) LocalDelivery(t, v, found);
        if (found.Count == 0)
        {
            // Nothing said beside the product: a route in a sentence about giving something ("6 intravenous
            // visits") is its route; a bare "transfusion" or "infusion" there may be any other treatment's.
            var loose = new Findings();
            foreach (var s in t.In(Zone.Context))
                foreach (var sentence in t.Sentences(s))
                    if (!t.IsBackground(sentence) && t.HasAdministration(sentence)
                        && t.Links.Names(sentence) != Reference.Other) Collect(t, v, sentence, loose);
            if (!loose.ExplicitIntravenous) loose.Remove("intravenous");
            foreach (var (route, e) in loose) found.TryAdd(route, e);
        }
        if (found.Count == 0) ConditionSite(t, v, found);
        // An "infusion" named beside an explicit other route elsewhere in the record is that route's infusion.
        if (found.ContainsKey("intravenous") && !found.ExplicitIntravenous
            && found.Keys.Any(k => k != "intravenous")) found.Remove("intravenous");
        if (found.Count == 0) return ([ExtractionWords.Unspecified], []);
        return (ExtractionWords.InOrder(found.Keys, ExtractionWords.Routes), found.Values.ToList());
    }

    /// <summary>
    /// No route word or target site: a product put in one place — on a scaffold, membrane or graft, at the end
    /// of a repair, during surgery — is given into that tissue (intralesional, EXTRACTION.md: "local injection
    /// into … lesion, bone defect, tissue"), or onto a surface when placed on a wound or the skin (topical).
    /// </summary>
    private static void LocalDelivery(TrialText t, ExtractionVocabulary v, Findings found)
    {
        // Titles name conditions and devices ("graft-versus-host", "tissue-engineered scaffold"), not how the product
        // is given.
        foreach (var s in t.In(Zone.Core, Zone.Context))
        {
            foreach (var sentence in t.Sentences(s))
            {
                if (!t.Links.About(sentence)) continue;
                if (s.Zone != Zone.Core && t.IsBackground(sentence)) continue;
                if (!t.IsMatch(v.LocalDelivery, sentence)) continue;
                var route = t.IsMatch(v.SurfaceDelivery, sentence) ? "topical" : "intralesional";
                found.TryAdd(route, sentence.Segment.Quote(sentence.Start, sentence.End, "route"));
                return;
            }
        }
    }

    /// <summary>
    /// No route and no site anywhere: the condition treated is the site when it is a local lesion and the product's own
    /// intervention or arm injects, implants or applies it (EXTRACTION.md intralesional: "local injection into a
    /// fistula, wound edge, lesion, bone defect"; topical: "applied on a wound"). An application onto a burn, ulcer or
    /// wound is topical; an injection, or an application to any other lesion, is intralesional. A bare
    /// "transplantation" names no way in, so it decides nothing.
    /// </summary>
    private static void ConditionSite(TrialText t, ExtractionVocabulary v, Findings found)
    {
        var sites = v.ConditionSites;
        var lesion = t.Trial.Conditions.Any(c => sites.Lesion.IsMatch(c));
        var surface = t.Trial.Conditions.Any(c => sites.Surface.IsMatch(c));
        if (!lesion && !surface) return;
        foreach (var s in t.In(Zone.Core))
        {
            foreach (var sentence in t.Sentences(s))
            {
                if (!t.Links.About(sentence)) continue;
                var route = sites.Injected.IsMatch(sentence.Text) ? "intralesional"
                    : sites.Applied.IsMatch(sentence.Text) ? surface ? "topical" : "intralesional"
                    : null;
                if (route is null) continue;
                found.TryAdd(route, sentence.Segment.Quote(sentence.Start, sentence.End, "route"));
                return;
            }
        }
    }

    /// <summary>Routes found so far, and whether intravenous was named explicitly rather than as a bare
    /// "infusion".</summary>
    private sealed class Findings : Dictionary<string, Evidence>
    {
        public Findings() : base(StringComparer.Ordinal) { }

        public bool ExplicitIntravenous { get; set; }

        /// <summary>"other" was named by a route word, not only by the scope used to reach the site.</summary>
        public bool OtherNamed { get; set; }
    }

    private static void Collect(TrialText t, ExtractionVocabulary v, Sentence sentence, Findings found)
    {
        var text = sentence.Text;
        var hits = new List<(string Route, Match Hit)>();
        for (var i = 0; i < v.Routes.Count; i++)
        {
            var (route, rx) = v.Routes[i];
            // The route's pattern cannot match a sentence without its literal words.
            if (!t.MayMatch(sentence, v.RouteFilters[i])) continue;
            foreach (Match hit in rx.Matches(text))
            {
                if (!Accept(v, route, hit, text)) continue;
                // "IA" beside a knee or a joint abbreviates intra-articular, elsewhere intra-arterial.
                var r = route == "intra_arterial" && hit.Value == "IA"
                    && v.JointContext.IsMatch(text) ? "intra_articular" : route;
                hits.Add((r, hit));
            }
        }
        // "Intra-articular infusion", "12 months post infusion" beside a named route: the infusion is that route's.
        if (hits.Any(h => h.Route != "intravenous"))
            hits.RemoveAll(h => h.Route == "intravenous" && WeakIntravenous().IsMatch(h.Hit.Value));
        // A scaffold, sheet or gel placed in a defect, the uterus or a joint is not a surface application.
        if (hits.Any(h => h.Route is not ("topical" or "intravenous")) )
            hits.RemoveAll(h => h.Route == "topical" && WeakTopical().IsMatch(h.Hit.Value));
        // "into the infarct zone of the myocardium", "placed on the wound bed": intralesional is the generic local
        // route, so a named route that reads the same words wins.
        hits.RemoveAll(h => h.Route == "intralesional" && hits.Any(o => o.Route is not ("intralesional" or "intravenous"
            or "other") && o.Hit.Index < h.Hit.Index + h.Hit.Length && h.Hit.Index < o.Hit.Index + o.Hit.Length));
        // "injected into the lesion by bronchoscopy": the site is the route, the scope only the way in.
        if (hits.Any(h => h.Route is not ("other" or "intravenous")))
            hits.RemoveAll(h => h.Route == "other" && Access().IsMatch(h.Hit.Value));
        foreach (var (route, hit) in hits)
        {
            if (route == "other") found.OtherNamed |= !Access().IsMatch(hit.Value);
            if (route == "intravenous" && !WeakIntravenous().IsMatch(hit.Value)) found.ExplicitIntravenous = true;
            found.TryAdd(route, sentence.Segment.Quote(sentence.Start, sentence.End, "route"));
        }
    }

    private static bool Accept(ExtractionVocabulary v, string route, Match hit, string text)
    {
        var before = text[Math.Max(0, hit.Index - 14)..hit.Index];
        // "intraventricular haemorrhage", "intraocular pressure", "intravenous immunoglobulin": a condition or another
        // drug.
        var next = hit.Index + hit.Length;
        if (v.RouteWordNotRoute.IsMatch(text.AsSpan(next, Math.Min(40, text.Length - next)))) return false;
        // "a stroke in the middle cerebral artery": a vessel named after the disease is where it is, not the route.
        // "PAIS (in the Middle Cerebral Artery region)": a vessel's territory is a place in the brain, not the route.
        if (route is "intra_arterial" && !hit.Value.StartsWith("intra", StringComparison.OrdinalIgnoreCase)
            && (v.SiteOfDisease.IsMatch(text.AsSpan(Math.Max(0, hit.Index - 60), Math.Min(60, hit.Index)))
                || VesselTerritory().IsMatch(text.AsSpan(next)))) return false;
        if (Abbreviation().IsMatch(hit.Value))
        {
            // "Phase IV", "grade III-IV", "stage IV"; "100 mg hydrocortisone iv" is a premedication's route.
            if (RomanContext().IsMatch(before) || text.AsSpan(hit.Index + hit.Length).StartsWith("-")) return false;
            if (v.DrugRouteAbbreviation.IsMatch(text[Math.Max(0, hit.Index - 40)..hit.Index])) return false;
        }
        if (route == "intravenous" && WeakIntravenous().IsMatch(hit.Value))
        {
            var from = Math.Max(0, hit.Index - 40);
            var to = Math.Min(text.Length, hit.Index + hit.Length + 40);
            if (v.InfusionOverride.IsMatch(text[from..to])) return false;
        }
        return true;
    }

    [GeneratedRegex(@"^(?:IV|I\.V\.?|i\.v\.?|iv|IM|I\.M\.?|i\.m\.?|IA)$", RegexOptions.CultureInvariant)]
    private static partial Regex Abbreviation();

    [GeneratedRegex(@"(?:phase|grade|grades|stage|type|class|level|NYHA|III|II)\s*[-/]?\s*$"
        + @"|\b(?:I|II|III|V)\s*(?:,|and|or|-|/|to)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RomanContext();

    [GeneratedRegex(@"^\s*(?:region|territor(?:y|ies)|distribution|area)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex VesselTerritory();

    [GeneratedRegex(@"^(?:infus\w*|vein|drip|transfus\w*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WeakIntravenous();

    [GeneratedRegex(@"scaffold|sheet|patch|gel|dressing|membrane|spray",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WeakTopical();

    [GeneratedRegex(@"(?:^|[\s\-])(?:bronch\w*|endoscop\w*|intra[- ]?bronch\w*)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Access();
}

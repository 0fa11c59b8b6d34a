using System.Text.RegularExpressions;

namespace Stroma.Trials.Extraction;

/// <summary>What a sentence itself speaks of.</summary>
internal enum Reference
{
    /// <summary>Names no product: it may carry on from the sentence before.</summary>
    Neither,

    /// <summary>Names the MSC product (an MSC term, a product name, the record's own name or code for it, "the
    /// cells").</summary>
    Product,

    /// <summary>Names only something else the trial gives (another cell product, a drug dosed by mass, a
    /// comparator).</summary>
    Other,
}

/// <summary>
/// Mention linking, once per record. The MSC product is mentioned by MSC terms and product names (the
/// vocabulary), by the record's own names and codes for it (the names and other names of its interventions:
/// "AC-607", "Stemchymal®"), and, once named, by words that stand for it ("the cells", "this product", "the
/// study drug"). Other things the trial gives are named by its other drug and biological interventions and
/// by the vocabulary's other products (cell products that are not MSCs, drugs dosed by mass). A fact — route,
/// dose, count — belongs to the product when its sentence names the product; when it names nothing, it
/// belongs to what the sentence before it in the same field spoke of ("MSCs are thawed at the bedside. The
/// infusion is repeated after 4 weeks."); a sentence naming only something else ("methotrexate IV on days 1,
/// 3 and 6", "the mononuclear cells are injected into the knee") speaks of that, even inside the MSC arm.
/// Placebo, saline and sham are not other products here: a blinded comparator is given as the product is.
/// </summary>
internal sealed partial class ProductLinks
{
    /// <summary>Most names taken from one record's interventions (each a literal in one pattern).</summary>
    private const int MaxNames = 64;

    /// <summary>Most lines looked back over for the heading of a labelled block.</summary>
    private const int MaxBlockLines = 8;

    private readonly TrialText _t;
    private readonly ExtractionVocabulary _v;
    private readonly Regex? _names;
    private readonly Regex? _others;
    private readonly bool _vesicles;
    private readonly Dictionary<Sentence, Reference> _references = [];

    public ProductLinks(TrialText t, ExtractionVocabulary v)
    {
        _t = t;
        _v = v;
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var others = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var s in t.Segments)
        {
            if (s.Field is not ("InterventionName" or "InterventionOtherName")) continue;
            var name = s.Text.Trim();
            if (name.Length is < 3 or > 80) continue;
            if (s.Zone == Zone.Core)
            {
                if (!v.OtherProducts.IsMatch(name) && Coined().IsMatch(name)
                    && !Generic().IsMatch(name)) names.Add(name);
                foreach (Match code in Code().Matches(name)) names.Add(code.Groups["c"].Value);
            }
            else if (s.Field == "InterventionName" && s.Index < t.Trial.Interventions.Count
                && t.Trial.Interventions[s.Index].Type is "Drug" or "Biological" or "Genetic" or "Combination Product"
                    or "Dietary Supplement"
                && !t.HasMsc(name) && !Comparator().IsMatch(name))
            {
                others.Add(name);
                // "Cyclophosphamide 50 mg/kg": the drug is named by its first word in the text.
                var first = FirstWord().Match(name);
                if (first.Success && !Generic().IsMatch(first.Value)) others.Add(first.Value);
            }
        }
        // A code that is the condition or the trial's acronym ("COVID-19") names the disease or the trial, not the
        // product.
        names.RemoveWhere(n => t.Trial.Conditions.Any(c => c.Contains(n, StringComparison.OrdinalIgnoreCase))
            || string.Equals(n, t.Trial.Acronym, StringComparison.OrdinalIgnoreCase));
        others.ExceptWith(names);
        // EVs and secretome name the product only in a record that gives them ("extracellular vesicles will be
        // measured in plasma" in a cell trial is a biomarker).
        _vesicles = t.In(Zone.Core).Any(s => t.IsMatch(v.EvTerms, s) || t.IsMatch(v.SecretomeTerms, s));
        _names = Literals(names);
        _others = Literals(others);
    }

    /// <summary>The record's own names for its product found in a text (codes, coined names).</summary>
    public bool NamesProduct(string text) => _names?.IsMatch(text) ?? false;

    /// <summary>Where the record's own names for its product stand in a text ("Allogeneic XY-101 for …").</summary>
    public IEnumerable<(int Start, int End)> NameHits(string text) =>
        _names is null ? [] : _names.Matches(text).Select(m => (m.Index, m.Index + m.Length));

    /// <summary>What the sentence itself names.</summary>
    public Reference Names(Sentence sentence)
    {
        if (_references.TryGetValue(sentence, out var known)) return known;
        var text = sentence.Text;
        Reference r;
        if (_t.HasMention(sentence)
            || (_vesicles && (_t.IsMatch(_v.EvTerms, sentence) || _t.IsMatch(_v.SecretomeTerms, sentence)))
            || NamesProduct(text))
            r = Reference.Product;
        else if (_t.IsMatch(_v.OtherProducts, sentence) || _t.IsMatch(_v.NotMscCells, sentence)
            || (_others?.IsMatch(text) ?? false))
            r = Reference.Other;
        else if (_t.IsMatch(_v.ProductAnaphora, sentence) || _t.HasGenericCells(sentence)) r = Reference.Product;
        else r = Reference.Neither;
        return _references[sentence] = r;
    }

    /// <summary>
    /// Whether the sentence's facts belong to the product: it names the product; or it names nothing and sits
    /// in the MSC product's own intervention or arm, or in a title, or right after a sentence naming the product.
    /// </summary>
    public bool About(Sentence sentence)
    {
        switch (Names(sentence))
        {
            case Reference.Product: return true;
            case Reference.Other: return false;
        }
        if (sentence.Zone is Zone.Core or Zone.Title) return true;
        if (sentence.Zone == Zone.Other) return false;
        if (Labelled().IsMatch(sentence.Text)) return InLabelledBlock(sentence);
        // Carried on only within a paragraph, by a sentence that opens as a continuation ("The infusion is repeated
        // …", "Each patient then receives …"), not by a new general statement ("Numerous therapies are available").
        if (_t.Previous(sentence) is not { } previous || Names(previous) != Reference.Product) return false;
        var gap = sentence.Segment.Text.AsSpan(previous.End, sentence.Start - previous.End);
        return !gap.Contains('\n') && Continuation().IsMatch(sentence.Text);
    }

    /// <summary>
    /// "Investigational product administration:" / "Route: Intravenous" / "Dose: 200 million": a labelled line
    /// belongs to the block its heading opens, so it speaks of the product when the heading or a line before it
    /// in the same block does.
    /// </summary>
    private bool InLabelledBlock(Sentence sentence)
    {
        var previous = _t.Previous(sentence);
        for (var hops = 0; previous is not null && hops < MaxBlockLines; hops++, previous = _t.Previous(previous))
        {
            switch (Names(previous))
            {
                case Reference.Product: return true;
                case Reference.Other: return false;
            }
            if (!Labelled().IsMatch(previous.Text) && !previous.Text.EndsWith(':')) return false;
        }
        return false;
    }

    private static Regex? Literals(HashSet<string> names)
    {
        if (names.Count == 0) return null;
        var alternatives = names.OrderByDescending(n => n.Length).Take(MaxNames).Select(Regex.Escape);
        // Literal alternatives only: matching is linear in the text.
        return new Regex(@"(?<![\w\-])(?:" + string.Join('|', alternatives) + @")(?![\w\-])",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    // A name the record coined for its product: a code with digits, a trademark, an acronym or a capitalised word
    // ("AC607", "Stemchymal®", "HB-adMSCs"); not a description in ordinary words ("Cell injection").
    [GeneratedRegex(@"\d|[®™]|\b[A-Z]{2,}|\b[A-Z][a-z]+[A-Z]|^[A-Z][a-z]{3,}[®™]?$", RegexOptions.CultureInvariant)]
    private static partial Regex Coined();

    // A product code inside a longer name: letters and digits ("CAP-1002", "AC607"), or a trademarked word.
    [GeneratedRegex(@"(?<![\w\-])(?<c>(?=[\w\-]{0,15}\d)[A-Za-z][A-Za-z0-9\-]{1,15}[A-Za-z0-9]"
        + @"|[A-Z][\w\-]{2,20}(?=[®™]))",
        RegexOptions.CultureInvariant)]
    private static partial Regex Code();

    [GeneratedRegex(@"^(?:standard|conventional|usual|best|supportive|medical|treatment|therapy|drug|control|normal|"
        + @"experimental|intervention|group|arm|cells?|stem|injection|infusion|transplantation|procedure|product|"
        + @"biological|placebo|low|high|dose|single|multiple|phase|part|cohort|study|active|basic|routine|"
        + @"comprehensive|combined|combination|[A-Z]{1,2}|\w{1,4})$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Generic();

    [GeneratedRegex(@"^(?:the|this|these|it|they|each|every|both|all|then|after\w*|afterwards|subsequently|next|later|"
        + @"thereafter|following|a (?:second|third|further|repeat\w*|booster)"
        + @"|an? (?:additional|booster|extra)|patients|"
        + @"subjects|participants|injections?|infusions?|doses?|dosing|administration|(?:\w+ )?dose)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Continuation();

    // "Route: IV", "Dose (cells/kg): 2 million", "Number of infusions: 2", "Mode of administration: …".
    [GeneratedRegex(@"^(?:route|dose|dosage|dosing|frequency|schedule|regimen|timing|volume|formulation|"
        + @"(?:mode|method|site|way) of (?:administration|delivery|injection)|administration|"
        + @"number of (?:doses|administrations|injections|infusions|treatments))\s*(?:\([^)]{0,30}\))?\s*:",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Labelled();

    [GeneratedRegex(@"^[A-Za-z][\w\-]{4,}", RegexOptions.CultureInvariant)]
    private static partial Regex FirstWord();

    [GeneratedRegex(@"placebo|saline|sham|vehicle|control|standard|conventional|usual care|best supportive",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Comparator();
}

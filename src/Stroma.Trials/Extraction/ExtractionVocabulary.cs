using System.Text.Json;
using System.Text.RegularExpressions;

namespace Stroma.Trials.Extraction;

/// <summary>
/// The extraction vocabularies and patterns (embedded <c>vocabulary.json</c>), compiled once. Immutable
/// and safe to share across threads.
/// </summary>
internal sealed class ExtractionVocabulary
{
    private const RegexOptions Options =
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled;

    private static readonly Lazy<ExtractionVocabulary> DefaultLazy = new(() => Load(OpenResource("vocabulary.json")));

    public static ExtractionVocabulary Default => DefaultLazy.Value;

    public required Regex MscStrong { get; init; }
    public required Regex MscWeak { get; init; }
    public required Regex MscExclusions { get; init; }
    public required IReadOnlyList<(string Kind, Regex Pattern)> NonMscProducts { get; init; }
    public required Regex CultureWords { get; init; }
    public required Regex CultureNegation { get; init; }

    /// <summary>Whether the text says the cells were cultured or expanded ("non-expanded culture" does not
    /// count).</summary>
    public bool SaysCultured(string text)
    {
        foreach (Match m in CultureWords.Matches(text))
            if (!CultureNegation.IsMatch(text.AsSpan(Math.Max(0, m.Index - 25), Math.Min(25, m.Index)))) return true;
        return false;
    }
    public required Regex GenericCells { get; init; }
    public required Regex NotMscCells { get; init; }

    /// <summary>Words that stand for the record's product once it is named ("the cells", "this product",
    /// "IMP").</summary>
    public required Regex ProductAnaphora { get; init; }

    /// <summary>Words naming something else a trial gives: comparators, other cell products, drugs dosed by
    /// mass.</summary>
    public required Regex OtherProducts { get; init; }
    public required Regex EvTerms { get; init; }
    public required Regex SecretomeTerms { get; init; }
    public required IReadOnlyList<ProductFacts> Products { get; init; }
    public required Regex AnyProduct { get; init; }
    public required IReadOnlyList<(string Source, Regex Pattern)> Sources { get; init; }
    public required Regex AnySource { get; init; }
    public required Regex Autologous { get; init; }
    public required Regex Allogeneic { get; init; }
    public required Regex Harvest { get; init; }
    public required Regex AnyMatchTerm { get; init; }
    public required IReadOnlyList<(string Route, Regex Pattern)> Routes { get; init; }
    public required Regex AnyRoute { get; init; }

    /// <summary>Words saying the product is put in one place (a scaffold, a graft, the end of a repair).</summary>
    public required Regex LocalDelivery { get; init; }

    /// <summary>Local delivery onto a surface (a wound, the skin) rather than into tissue.</summary>
    public required Regex SurfaceDelivery { get; init; }

    /// <summary>The condition treated as the site when no route or site is named (vocabulary conditionSites).</summary>
    public required ConditionSites ConditionSites { get; init; }
    public required Regex AnyPriming { get; init; }
    public required Regex DrugRouteAbbreviation { get; init; }

    /// <summary>What follows a route word that names a condition or another drug ("intraocular pressure", "intravenous
    /// immunoglobulin").</summary>
    public required Regex RouteWordNotRoute { get; init; }

    /// <summary>What stands before a vessel that is the site of the disease, not the route ("stroke in the middle
    /// cerebral artery").</summary>
    public required Regex SiteOfDisease { get; init; }

    /// <summary>Words that make "IA" intra-articular rather than intra-arterial.</summary>
    public required Regex JointContext { get; init; }
    public required Regex InfusionOverride { get; init; }
    public required Regex Background { get; init; }

    /// <summary>What MSCs do once given ("after MSCs are injected …, VEGF rises"): not this trial's route.</summary>
    public required Regex Mechanism { get; init; }
    public required Regex FollowUpTitle { get; init; }
    public required Regex NoProductGiven { get; init; }
    public required Regex Administration { get; init; }
    public required Regex LabOnly { get; init; }
    public required IReadOnlyList<(string Kind, Regex Pattern)> Priming { get; init; }
    public required Regex PrimingNegations { get; init; }
    public required Regex Engineered { get; init; }
    public required Regex EngineeredExclusions { get; init; }
    public required IReadOnlyDictionary<string, int> NumberWords { get; init; }

    /// <summary>The keywords of every pattern's literal prefilter, found in a sentence in one pass.</summary>
    public KeywordScanner Keywords { get; private set; } = new([]);

    /// <summary>The prefilter of each of <see cref="Routes"/> (null: always run).</summary>
    public IReadOnlyList<LiteralPrefilter?> RouteFilters { get; private set; } = [];

    private Dictionary<Regex, LiteralPrefilter> _filters = new(ReferenceEqualityComparer.Instance);

    /// <summary>The literal prefilter of one of the vocabulary's patterns, or null (always run the pattern).</summary>
    public LiteralPrefilter? FilterOf(Regex pattern) => _filters.GetValueOrDefault(pattern);

    /// <summary>Every pattern that has a prefilter, with it (tests check each filter against its pattern).</summary>
    internal IEnumerable<(Regex Pattern, LiteralPrefilter Filter)> Filtered => _filters.Select(x => (x.Key, x.Value));

    /// <summary>Derives the prefilters of the patterns (see <see cref="LiteralPrefilter"/>) and the scanner for their
    /// keywords.</summary>
    private ExtractionVocabulary WithFilters(bool enabled)
    {
        if (!enabled)
        {
            RouteFilters = [.. Routes.Select(_ => (LiteralPrefilter?)null)];
            return this;
        }
        var patterns = new List<Regex>
        {
            MscStrong, MscWeak, MscExclusions, CultureWords, CultureNegation, GenericCells, NotMscCells,
            ProductAnaphora, OtherProducts, EvTerms, SecretomeTerms, AnyProduct, AnySource, Autologous, Allogeneic,
            Harvest, AnyMatchTerm, LocalDelivery, SurfaceDelivery, AnyPriming, DrugRouteAbbreviation,
            RouteWordNotRoute, JointContext, InfusionOverride, Background, Mechanism, FollowUpTitle, NoProductGiven,
            Administration, LabOnly, PrimingNegations, Engineered, EngineeredExclusions,
        };
        patterns.AddRange(NonMscProducts.Select(x => x.Pattern));
        patterns.AddRange(Products.Select(x => x.Pattern));
        patterns.AddRange(Sources.Select(x => x.Pattern));
        patterns.AddRange(Routes.Select(x => x.Pattern));
        patterns.AddRange(Priming.Select(x => x.Pattern));
        var unbound = new Dictionary<Regex, LiteralPrefilter>(ReferenceEqualityComparer.Instance);
        foreach (var rx in patterns)
            if (!unbound.ContainsKey(rx) && LiteralPrefilter.For(rx) is { } f) unbound[rx] = f;
        Keywords = new KeywordScanner(unbound.Values.SelectMany(f => f.Keywords));
        _filters = new Dictionary<Regex, LiteralPrefilter>(ReferenceEqualityComparer.Instance);
        foreach (var (rx, f) in unbound) _filters[rx] = f.Bind(Keywords);
        RouteFilters = [.. Routes.Select(r => FilterOf(r.Pattern))];
        return this;
    }

    public static Stream OpenResource(string name) =>
        typeof(ExtractionVocabulary).Assembly.GetManifestResourceStream("Stroma.Trials.Extraction." + name)
        ?? throw new InvalidOperationException($"embedded resource {name} is missing from Stroma.Trials");

    /// <summary>
    /// Each route's own words plus its target sites: a verb of giving, a preposition and at most three words
    /// before the site ("injected directly into the patient's myocardium", "injection of the cells at the fracture
    /// site"), so the site decides the route when no route word is written. Words that start another clause
    /// ("patients with", "to treat") break the chain: "injected in patients with spinal cord injury" names no site.
    /// </summary>
    private static IEnumerable<(string Route, List<string> Patterns)> RoutesWithSites(JsonElement r)
    {
        var delivery = r.GetProperty("delivery").GetString()!;
        var sites = r.GetProperty("targetSites");
        // "transplantation in liver cirrhosis" names a disease, not where the cells go.
        var notDisease = r.GetProperty("siteNotDisease").GetString()!;
        const string NotSite = @"(?!(?:patients?|subjects?|participants?|people|children|adults|individuals|persons?|"
            + @"cases|those|who|with|and|or|for|"
            + @"treat\w*|improve|reduce|prevent|regenerat\w*|restore|promote|target|study|evaluate|assess|repair|heal|"
            + @"protect|enhance|support|increase|decrease|induce|inhibit|stimulate|modulate|suppress|replace|cure|"
            + @"relieve|alleviate)\s)";
        // The noun form names what is given between the verb and the site: "injection of 20 million autologous MSCs
        // (BM-MSC) at the fracture site" (at most eight words, brackets included).
        const string Given = @"(?:\s+of(?:\s+" + NotSite + @"[\w'’\-()/.,+×^]+){1,8}?)?";
        const string Link = Given + @"\s+(?:(?:directly|locally|slowly|surgically|percutaneously|gently|then)\s+)?"
            + @"(?:into|in|to|at|on|onto|within|under|over|inside|through)\s+"
            + @"(?:(?:the|each|a|an|both|their|his|her|its)\s+)?"
            + @"(?:" + NotSite + @"[\w'’\-]+\s+){0,3}?";
        foreach (var route in r.GetProperty("routes").EnumerateObject())
        {
            var patterns = route.Value.EnumerateArray().Select(x => x.GetString()!).ToList();
            if (sites.TryGetProperty(route.Name, out var own))
            {
                var site = string.Join('|', own.EnumerateArray().Select(x => x.GetString()));
                patterns.Add($@"\b{delivery}{Link}(?:{site})(?!{notDisease})");
            }
            yield return (route.Name, patterns);
        }
    }

    /// <summary>Reads the vocabularies.</summary>
    /// <param name="json">vocabulary.json.</param>
    /// <param name="prefilters">Whether to derive the literal prefilters (tests compare with the patterns run
    /// alone).</param>
    public static ExtractionVocabulary Load(Stream json, bool prefilters = true)
    {
        using var doc = JsonDocument.Parse(json);
        var r = doc.RootElement;
        static Regex Rx(string pattern) => new(pattern, Options);
        static string Str(JsonElement e, string name) => e.GetProperty(name).GetString()!;
        static Regex Any(IEnumerable<string> patterns) => Rx(string.Join('|', patterns.Select(p => $"(?:{p})")));
        static IEnumerable<string> List(JsonElement e) => e.EnumerateArray()
            .Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()! : x.GetProperty("pattern").GetString()!);

        var msc = r.GetProperty("mscTerms").EnumerateArray().ToList();
        var products = r.GetProperty("products").EnumerateArray().Select(p => new ProductFacts(
            Str(p, "name"), Rx(Str(p, "pattern")),
            p.TryGetProperty("product", out var pr) ? pr.GetString()! : "cells",
            p.TryGetProperty("source", out var s) ? s.GetString() : null,
            p.TryGetProperty("match", out var m) ? m.GetString() : null,
            p.TryGetProperty("route", out var rt) ? rt.GetString() : null,
            p.TryGetProperty("priming", out var pg) ? pg.GetString() : null)).ToList();
        var sources = r.GetProperty("sources").EnumerateObject().Select(o => (o.Name, Any(List(o.Value)))).ToList();
        var routes = RoutesWithSites(r).Select(x => (x.Route, Any(x.Patterns))).ToList();
        return new ExtractionVocabulary
        {
            MscStrong = Any(msc.Where(e => !(e.TryGetProperty("weak", out var w) && w.GetBoolean()))
                .Select(e => Str(e, "pattern"))),
            MscWeak = Any(msc.Where(e => e.TryGetProperty("weak", out var w) && w.GetBoolean())
                .Select(e => Str(e, "pattern"))),
            MscExclusions = Any(List(r.GetProperty("mscExclusions"))),
            NonMscProducts = r.GetProperty("nonMscProducts").EnumerateArray()
            .Select(e => (Str(e, "kind"), Rx(Str(e, "pattern")))).ToList(),
            CultureWords = Rx(Str(r, "cultureWords")),
            CultureNegation = Rx(Str(r, "cultureNegation")),
            GenericCells = Rx(Str(r, "genericCells")),
            NotMscCells = Rx(Str(r, "notMscCells")),
            ProductAnaphora = Rx(Str(r, "productAnaphora")),
            OtherProducts = Rx(Str(r, "otherProducts")),
            EvTerms = Rx(Str(r, "evTerms")),
            SecretomeTerms = Rx(Str(r, "secretomeTerms")),
            Products = products,
            AnyProduct = Any(products.Select(p => p.Pattern.ToString())),
            Sources = sources,
            AnySource = Any(sources.Select(s => s.Item2.ToString())),
            Autologous = Any(List(r.GetProperty("autologous"))),
            Allogeneic = Any(List(r.GetProperty("allogeneic"))),
            Harvest = Rx(Str(r, "harvest")),
            AnyMatchTerm = Any(List(r.GetProperty("autologous")).Concat(List(r.GetProperty("allogeneic")))),
            Routes = routes,
            AnyRoute = Any(routes.Select(x => x.Item2.ToString())),
            LocalDelivery = Rx(Str(r, "localDelivery")),
            SurfaceDelivery = Rx(Str(r, "surfaceDelivery")),
            ConditionSites = ConditionSites.Load(r.GetProperty("conditionSites"), Rx),
            AnyPriming = Any(r.GetProperty("priming").EnumerateObject().SelectMany(o => List(o.Value))),
            DrugRouteAbbreviation = Rx(Str(r, "drugRouteAbbreviation")),
            RouteWordNotRoute = Rx(Str(r, "routeWordNotRoute")),
            SiteOfDisease = Rx(Str(r, "siteOfDisease")),
            JointContext = Rx(Str(r, "jointContext")),
            InfusionOverride = Rx(Str(r, "infusionOverride")),
            Background = Rx(Str(r, "background")),
            Mechanism = Rx(Str(r, "mechanism")),
            FollowUpTitle = Rx(Str(r, "followUpTitle")),
            NoProductGiven = Rx(Str(r, "noProductGiven")),
            Administration = Rx(Str(r, "administration")),
            LabOnly = Rx(Str(r, "labOnly")),
            Priming = r.GetProperty("priming").EnumerateObject().Select(o => (o.Name, Any(List(o.Value)))).ToList(),
            PrimingNegations = Rx(Str(r, "primingNegations")),
            Engineered = Any(List(r.GetProperty("engineered"))),
            EngineeredExclusions = Rx(Str(r, "engineeredExclusions")),
            NumberWords = r.GetProperty("numberWords").EnumerateObject()
            .ToDictionary(o => o.Name, o => o.Value.GetInt32(), StringComparer.OrdinalIgnoreCase),
        }.WithFilters(prefilters);
    }
}

/// <summary>A named MSC product and the facts EXTRACTION.md allows annotators to use for it (null where it gives
/// none).</summary>
internal sealed record ProductFacts(string Name, Regex Pattern, string Product, string? Source, string? Match,
    string? Route, string? Priming);

/// <summary>
/// Conditions that are themselves the site of a local product (a fistula, a tendon, a burn), and the words that give
/// the product there: an injection or implantation into a lesion; onto a surface lesion, an application.
/// </summary>
internal sealed record ConditionSites(Regex Lesion, Regex Surface, Regex Injected, Regex Applied)
{
    /// <summary>The vocabulary's <c>conditionSites</c> object, each entry compiled by <paramref name="rx"/>.</summary>
    public static ConditionSites Load(JsonElement e, Func<string, Regex> rx) => new(rx(Entry(e, "lesion")),
        rx(Entry(e, "surface")), rx(Entry(e, "injected")), rx(Entry(e, "applied")));

    private static string Entry(JsonElement e, string name) => e.GetProperty(name).GetString()!;
}

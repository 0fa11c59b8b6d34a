using System.Text.Json;
using Stroma.Knowledge.Readiness;

namespace Stroma.Knowledge;

/// <summary>
/// The review's knowledge as cited, versioned data: one embedded JSON file per topic, loaded and cross-checked
/// once (ids unique, every fact cited, references between files resolved, rule conditions type-checked).
/// Immutable and safe to share; use <see cref="Default"/>.
/// </summary>
public sealed class KnowledgeBase
{
    private static readonly Lazy<KnowledgeBase> DefaultLazy = new(() => new KnowledgeBase());

    private KnowledgeBase()
    {
        TissueSources = Load<TissueSource>("tissue-sources.json");
        Markers = Load<Marker>("markers.json");
        CultureFactors = Load<CultureFactor>("culture-factors.json");
        Mediators = Load<Mediator>("mediators.json");
        Products = Load<ApprovedProduct>("products.json");
        Routes = Load<AdministrationRoute>("routes.json");
        QcTests = Load<QcTest>("qc-tests.json");
        CheckCrossReferences();
        ReadinessFields = new ReadinessFieldCatalog(this);
        ReadinessRules = ReadinessRuleSet.Parse(ReadResource("readiness-rules.json"), ReadinessFields);
        Topics = [TissueSources, Markers, CultureFactors, Mediators, Products, Routes, QcTests, ReadinessRules];
    }

    /// <summary>The knowledge base of the embedded data files.</summary>
    /// <exception cref="KnowledgeDataException">An embedded file is malformed or inconsistent (a build defect; tests
    /// catch it).</exception>
    public static KnowledgeBase Default => DefaultLazy.Value;

    /// <summary>Tissue sources (review 2.1).</summary>
    public KnowledgeCollection<TissueSource> TissueSources { get; }

    /// <summary>Markers (review 1.3, 2.2 / Table 4, 3.3–3.5).</summary>
    public KnowledgeCollection<Marker> Markers { get; }

    /// <summary>Culture and priming factors (review 2.4, 2.5, 3.1).</summary>
    public KnowledgeCollection<CultureFactor> CultureFactors { get; }

    /// <summary>Immunomodulatory and trophic mediators (review 2.3.2).</summary>
    public KnowledgeCollection<Mediator> Mediators { get; }

    /// <summary>Approved MSC products (review 1.4.2.2 / Table 3).</summary>
    public KnowledgeCollection<ApprovedProduct> Products { get; }

    /// <summary>Routes of administration (review 3.2).</summary>
    public KnowledgeCollection<AdministrationRoute> Routes { get; }

    /// <summary>Quality-control tests (review 1.3, 3.7.2).</summary>
    public KnowledgeCollection<QcTest> QcTests { get; }

    /// <summary>The fields readiness rules may test.</summary>
    public ReadinessFieldCatalog ReadinessFields { get; }

    /// <summary>The readiness rules and their parameters.</summary>
    public ReadinessRuleSet ReadinessRules { get; }

    /// <summary>All topics, in a fixed order.</summary>
    public IReadOnlyList<IKnowledgeTopic> Topics { get; }

    /// <summary>
    /// The topic with this id (e.g. "markers"), or the only one with a word of its id starting with it
    /// (e.g. "prod", "sources", "rules"); null otherwise.
    /// </summary>
    public IKnowledgeTopic? FindTopic(string id)
    {
        var exact = Topics.FirstOrDefault(t => string.Equals(t.Id, id, StringComparison.OrdinalIgnoreCase));
        if (exact is not null) return exact;
        var matches = Topics.Where(t => t.Id.Split('-')
            .Any(word => word.StartsWith(id, StringComparison.OrdinalIgnoreCase))).ToList();
        return matches.Count == 1 ? matches[0] : null;
    }

    /// <summary>
    /// The raw text of an embedded data file (e.g. "markers.json"), for readers that want the data itself.
    /// </summary>
    public static string ReadResource(string file)
    {
        using var stream = typeof(KnowledgeBase).Assembly.GetManifestResourceStream($"Stroma.Knowledge.Data.{file}")
            ?? throw new KnowledgeDataException(file, null, "no such embedded data file");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static KnowledgeCollection<T> Load<T>(string file) where T : class, IKnowledgeEntry
    {
        DataFile<T> data;
        try
        {
            data = JsonSerializer.Deserialize<DataFile<T>>(ReadResource(file), KnowledgeJson.Options)
                ?? throw new KnowledgeDataException(file, null, "empty file");
        }
        catch (JsonException ex)
        {
            throw new KnowledgeDataException(file, null, $"{ex.Path}: {ex.Message}", ex);
        }
        if (data.Topic + ".json" != file)
            throw new KnowledgeDataException(file, null, $"topic '{data.Topic}' does not match the file name");
        return new KnowledgeCollection<T>(file, data.Topic, data.Version, data.Title, data.Description, data.Entries);
    }

    private void CheckCrossReferences()
    {
        foreach (var factor in CultureFactors.Entries)
            foreach (var id in factor.Induces)
                if (Mediators.Find(id)?.Id != id && Markers.Find(id)?.Id != id)
                    throw new KnowledgeDataException("culture-factors.json", factor.Id,
                        $"induces '{id}', which is no mediator or marker id");

        string[] productFields = ["regions", "approvalYear", "tissueSource", "donorType", "route"];
        foreach (var product in Products.Entries)
        {
            if (product.TissueSource is { } source && TissueSources.Find(source)?.Id != source)
                throw new KnowledgeDataException("products.json", product.Id,
                    $"tissue source '{source}' is no tissue-sources id");
            if (product.Route is { } route && Routes.Find(route)?.Id != route)
                throw new KnowledgeDataException("products.json", product.Id, $"route '{route}' is no routes id");
            foreach (var field in product.ExternalFields)
                if (!productFields.Contains(field, StringComparer.Ordinal))
                    throw new KnowledgeDataException("products.json", product.Id,
                        $"external field '{field}' is not one of {string.Join(", ", productFields)}");
            if (product.ExternalFields.Count > 0 && !product.Facts.Any(f => f.Source.IsExternal))
                throw new KnowledgeDataException("products.json", product.Id,
                    "names external fields but cites no external source");
        }

        // The medium supplements of readiness inputs are culture factors: keep the enum and the data in step.
        foreach (var supplement in Enum.GetValues<MediumSupplement>())
        {
            var id = KnowledgeJson.EnumName(supplement);
            if (CultureFactors.Find(id) is not { Kind: CultureFactorKind.Supplement } factor || factor.Id != id)
                throw new KnowledgeDataException("culture-factors.json", id,
                    "medium supplement has no culture factor of kind supplement with this id");
        }
    }

    private sealed record DataFile<T>(string Topic, string Version, string Title, string Description,
        IReadOnlyList<T> Entries);
}

using Stroma.Knowledge.Tests.Support;
using Xunit;

namespace Stroma.Knowledge.Tests;

/// <summary>The schema and provenance of the embedded data files.</summary>
public sealed class KnowledgeDataTests
{
    private static readonly KnowledgeBase Kb = KnowledgeBase.Default;

    public static TheoryData<string> TopicIds => [.. KnowledgeBase.Default.Topics.Select(t => t.Id)];

    [Fact]
    public void Every_data_file_loads_into_its_topic()
    {
        Assert.Equal(
            ["tissue-sources", "markers", "culture-factors", "mediators", "products", "routes", "qc-tests", "readiness-rules"],
            Kb.Topics.Select(t => t.Id));
        Assert.All(Kb.Topics, t =>
        {
            Assert.NotEmpty(t.Entries);
            Assert.Matches(@"^\d+\.\d+\.\d+$", t.Version);
            Assert.False(string.IsNullOrWhiteSpace(t.Title));
            Assert.False(string.IsNullOrWhiteSpace(t.Description));
        });
    }

    [Theory]
    [MemberData(nameof(TopicIds))]
    public void Ids_are_unique_and_every_entry_has_cited_facts(string topic)
    {
        var entries = Kb.FindTopic(topic)!.Entries;
        Assert.Equal(entries.Count, entries.Select(e => e.Id).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(entries, e =>
        {
            Assert.NotEmpty(e.Facts);
            Assert.All(e.Facts, f =>
            {
                Assert.False(string.IsNullOrWhiteSpace(f.Text));
                Assert.False(string.IsNullOrWhiteSpace(f.Source.Section));
                Assert.True(f.Source.Quote is not null || f.Source.External is not null, $"{topic}/{e.Id}: a fact is neither quoted nor marked external");
            });
        });
    }

    [Theory]
    [MemberData(nameof(TopicIds))]
    public void Every_citation_names_a_review_section_and_quotes_it_verbatim(string topic)
    {
        var review = ReviewText.Load();
        var citations = Kb.FindTopic(topic)!.Entries.SelectMany(e => e.Facts.Select(f => (e.Id, f.Source)));
        if (topic == Kb.ReadinessRules.Id) citations = citations.Concat(Kb.ReadinessRules.Parameters.Select(p => ($"parameter {p.Name}", p.Source)));
        var problems = citations.SelectMany(c => review.Problems(c.Source).Select(p => $"{c.Item1}: {p}")).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_review_section_list_matches_the_reviews_headings()
    {
        var review = ReviewText.Load();
        Assert.Contains("2.1.1 Bone Marrow", review.Sections);
        Assert.Contains("1.4.2.1 Primed Mesenchymal Stem/Stromal Cells", review.Sections);
        Assert.Contains("3.7.2 Quality Control of Mesenchymal Stem/Stromal Cells", review.Sections);
        Assert.Equal(43, review.Sections.Count);
    }

    [Fact]
    public void A_made_up_quote_or_a_misplaced_reference_is_caught()
    {
        var review = ReviewText.Load();
        Assert.NotEmpty(review.Problems(new Citation("2.1.1 Bone Marrow", Quote: "MSCs are abundant in bone marrow")));
        Assert.NotEmpty(review.Problems(new Citation("2.1.1 Bone Marrow", "Seo et al., 2019", "decreases with age")));
        Assert.NotEmpty(review.Problems(new Citation("2.1.9 Nowhere", Quote: "decreases with age")));
        Assert.Empty(review.Problems(new Citation("2.1.1 Bone Marrow", "Yang et al., 2018", "decreases with age")));
    }

    [Fact]
    public void Entries_are_found_by_alias_ignoring_case_spacing_and_punctuation()
    {
        Assert.Equal("bone-marrow", Kb.TissueSources.Find("BM")!.Id);
        Assert.Equal("umbilical-cord", Kb.TissueSources.Find("Wharton's jelly")!.Id);
        Assert.Equal("umbilical-cord", Kb.TissueSources.Find("wharton’s JELLY")!.Id);
        Assert.Equal("CD142", Kb.Markers.Find("tissue factor")!.Id);
        Assert.Equal("ifn-gamma", Kb.CultureFactors.Find("IFN-γ")!.Id);
        Assert.Equal("ifn-gamma-tnf-alpha", Kb.CultureFactors.Find("IFN-γ+TNF-α")!.Id);
        Assert.Equal("intravenous", Kb.Routes.Find("i.v.")!.Id);
        Assert.Equal("alofisel", Kb.Products.Find("Alofistel")!.Id);
        Assert.Null(Kb.TissueSources.Find("spleen"));
        Assert.Throws<KeyNotFoundException>(() => Kb.Markers.Get("CD999"));
    }

    [Fact]
    public void Tissue_sources_carry_the_reviews_yield_and_tissue_factor_facts()
    {
        var bm = Kb.TissueSources.Get("bone-marrow");
        Assert.Equal(TissueFactorLevel.Lower, bm.TissueFactor);
        Assert.Contains(bm.Facts, f => f.Aspect == "yield" && f.Text.Contains("0.0001–0.01%", StringComparison.Ordinal) && f.Source.Reference == "Yang et al., 2018");
        var adipose = Kb.TissueSources.Get("adipose");
        Assert.Equal(TissueFactorLevel.Higher, adipose.TissueFactor);
        Assert.Contains(adipose.Facts, f => f.Aspect == "yield" && f.Text.Contains("550×", StringComparison.Ordinal));
        Assert.All(Kb.TissueSources.Entries.Where(t => t.Group == TissueGroup.Perinatal), t => Assert.Equal(TissueFactorLevel.Higher, t.TissueFactor));
        string[] expected = ["bone-marrow", "adipose", "umbilical-cord", "placenta", "cord-blood", "dental-pulp", "peripheral-blood", "menstrual-blood", "synovium"];
        Assert.All(expected, id => Assert.NotNull(Kb.TissueSources.Find(id)));
    }

    [Fact]
    public void Menstrual_blood_is_marked_as_not_covered_by_the_review()
    {
        var fact = Assert.Single(Kb.TissueSources.Get("menstrual-blood").Facts);
        Assert.True(fact.Source.IsExternal);
        Assert.Contains("Not covered by the review", fact.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Markers_hold_the_isct_panel_and_the_culture_changes_the_review_describes()
    {
        Assert.Equal(["CD73", "CD90", "CD105"], Kb.Markers.Entries.Where(m => m.IsctExpectation == IsctExpectation.Positive).Select(m => m.Id));
        Assert.Equal(["CD14", "CD11b", "CD19", "CD79a", "CD34", "CD45", "HLA-DR"], Kb.Markers.Entries.Where(m => m.IsctExpectation == IsctExpectation.Negative).Select(m => m.Id));
        Assert.All(Kb.Markers.Entries.Where(m => m.IsctExpectation == IsctExpectation.Positive), m => Assert.Equal(95, m.IsctLimitPercent));
        Assert.All(Kb.Markers.Entries.Where(m => m.IsctExpectation == IsctExpectation.Negative), m => Assert.Equal(2, m.IsctLimitPercent));
        Assert.Equal(CultureChange.Gained, Kb.Markers.Get("CD44").CultureChange);
        Assert.Equal(CultureChange.Lost, Kb.Markers.Get("CD106").CultureChange);
        Assert.Equal(CultureChange.Lost, Kb.Markers.Get("CD271").CultureChange);
        Assert.Equal(CultureChange.Lost, Kb.Markers.Get("STRO-1").CultureChange);
        Assert.All(new[] { "CD146", "NG2" }, id => Assert.Contains(Kb.Markers.Get(id).Facts, f => f.Text.Contains("inversely correlated with doubling time", StringComparison.Ordinal)));
        Assert.Equal(MarkerCategory.Safety, Kb.Markers.Get("CD142").Category);
    }

    [Fact]
    public void Isct_thresholds_not_in_the_reviews_text_are_marked_external()
    {
        var threshold = Kb.Markers.Get("CD73").Facts.Single(f => f.Text.Contains("95%", StringComparison.Ordinal));
        Assert.True(threshold.Source.IsExternal);
        Assert.Contains("Dominici", threshold.Source.External, StringComparison.Ordinal);
    }

    [Fact]
    public void Culture_factors_induce_only_known_mediators_or_markers_and_carry_the_reported_effects()
    {
        Assert.All(Kb.CultureFactors.Entries.SelectMany(f => f.Induces), id => Assert.True(Kb.Mediators.Find(id) is not null || Kb.Markers.Find(id) is not null, id));
        var hypoxia = Kb.CultureFactors.Get("hypoxia");
        Assert.Equal("HIF-1", hypoxia.Pathway);
        Assert.Contains("1–10%", hypoxia.Setting, StringComparison.Ordinal);
        Assert.Equal(["TSG-6", "PGE2", "IL-6", "STC-1", "CXCR4", "angiogenin", "VEGF"], Kb.CultureFactors.Get("spheroid-3d").Induces);
        var ifn = Kb.CultureFactors.Get("ifn-gamma");
        Assert.Equal("JAK/STAT1", ifn.Pathway);
        Assert.Contains("IDO", ifn.Induces);
        Assert.Equal(["CXCL9", "CXCL10", "CCL5", "CCL3", "CD54", "CD106", "IDO", "iNOS", "PGE2"], Kb.CultureFactors.Get("ifn-gamma-tnf-alpha").Induces);
        Assert.Contains("pro-inflammatory MSC1 phenotype", Kb.CultureFactors.Get("tlr4-lps").Effects);
        Assert.Contains("anti-inflammatory MSC2 phenotype", Kb.CultureFactors.Get("tlr3-poly-ic").Effects);
        Assert.Contains("proliferation ↑", Kb.CultureFactors.Get("human-platelet-lysate").Effects);
        Assert.Contains("proliferation ↑", Kb.CultureFactors.Get("platelet-rich-plasma").Effects);
    }

    [Fact]
    public void Mediators_include_the_reviews_immunomodulatory_list()
    {
        string[] listed = ["IDO", "PGE2", "TSG-6", "HLA-G5", "TGF-beta", "galectins", "adenosine", "FAS", "PD-1", "IL-1RA", "IL-10", "Notch"];
        Assert.All(listed, id => Assert.Equal(MediatorRole.Immunosuppressive, Kb.Mediators.Get(id).Role));
    }

    [Fact]
    public void The_ten_approved_products_are_listed_with_the_region_and_indication_the_review_states()
    {
        Assert.Equal(10, Kb.Products.Entries.Count);
        var temcell = Kb.Products.Get("temcell");
        Assert.Equal(["Japan"], temcell.Regions);
        Assert.Equal(2015, temcell.ApprovalYear);
        Assert.False(temcell.IsExternal("approvalYear"));
        Assert.Equal(DonorType.Allogeneic, Kb.Products.Get("alofisel").DonorType);
        Assert.Equal(["Canada", "New Zealand"], Kb.Products.Get("prochymal").Regions);
        Assert.Equal(["India"], Kb.Products.Get("stempeucel").Regions);
        Assert.True(Kb.Products.Get("prochymal").IsExternal("route"));
        Assert.All(Kb.Products.Entries, p =>
        {
            Assert.All(p.ExternalFields, f => Assert.Contains(p.Facts, x => x.Source.IsExternal));
            if (p.TissueSource is { } s) Assert.NotNull(Kb.TissueSources.Find(s));
            if (p.Route is { } r) Assert.NotNull(Kb.Routes.Find(r));
        });
    }

    [Fact]
    public void Routes_mark_the_ones_that_enter_the_bloodstream()
    {
        Assert.Equal(["intravenous", "intra-arterial", "intracoronary"], Kb.Routes.Entries.Where(r => r.Intravascular).Select(r => r.Id));
        Assert.Equal(RouteDelivery.Systemic, Kb.Routes.Get("inhalation").Delivery);
    }

    [Fact]
    public void Qc_tests_cover_the_contamination_genome_and_potency_tests_the_review_names()
    {
        Assert.All(new[] { "sterility", "endotoxin", "gram-stain", "mycoplasma" }, id => Assert.Equal(QcCategory.Safety, Kb.QcTests.Get(id).Category));
        Assert.All(new[] { "cgh", "fish" }, id => Assert.Equal(QcCategory.GenomeStability, Kb.QcTests.Get(id).Category));
        Assert.Contains(Kb.QcTests.Entries, t => t.Id == "ido-activity" && t.Category == QcCategory.Potency);
        Assert.Contains(Kb.QcTests.Get("endotoxin").Facts, f => f.Source.External is { } e && e.Contains("USP <85>", StringComparison.Ordinal) && f.Text.Contains("K = 5 EU/kg", StringComparison.Ordinal));
    }

    [Fact]
    public void Topics_are_found_by_id_or_a_unique_word_prefix()
    {
        Assert.Same(Kb.Products, Kb.FindTopic("products"));
        Assert.Same(Kb.Products, Kb.FindTopic("prod"));
        Assert.Same(Kb.ReadinessRules, Kb.FindTopic("readiness"));
        Assert.Same(Kb.ReadinessRules, Kb.FindTopic("rules"));
        Assert.Same(Kb.TissueSources, Kb.FindTopic("sources"));
        Assert.Null(Kb.FindTopic("m"));
        Assert.Null(Kb.FindTopic("nonsense"));
    }
}

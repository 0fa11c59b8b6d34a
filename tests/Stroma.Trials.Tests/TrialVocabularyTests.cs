using Stroma.Knowledge;
using Stroma.Trials.Extraction;
using Stroma.Trials.Model;
using Xunit;

namespace Stroma.Trials.Tests;

/// <summary>
/// The extraction words and the Knowledge ids are linked in one table: a new EXTRACTION.md word without a mapping,
/// a stale mapping, or an id the knowledge base does not hold fails here.
/// </summary>
public sealed class TrialVocabularyTests
{
    public static TheoryData<string> Fields => new() { "tissue source", "route", "priming" };

    private static (IReadOnlyList<string> Words, IReadOnlyDictionary<string, string?> Table, Func<string, string?> Find)
        Field(string name)
    {
        var k = KnowledgeBase.Default;
        return name switch
        {
            "tissue source" => (ExtractionWords.TissueSources, TrialVocabulary.TissueSources,
                id => k.TissueSources.Find(id)?.Id),
            "route" => (ExtractionWords.Routes, TrialVocabulary.Routes, id => k.Routes.Find(id)?.Id),
            "priming" => (ExtractionWords.PrimingKinds, TrialVocabulary.Priming, id => k.CultureFactors.Find(id)?.Id),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
        };
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public void Every_extraction_word_has_a_mapping_and_no_mapping_is_stale(string field)
    {
        var (words, table, _) = Field(field);
        var unmapped = words.Where(w => !table.ContainsKey(w)).ToList();
        var stale = table.Keys.Where(w => !words.Contains(w)).ToList();
        Assert.True(unmapped.Count == 0, $"{field} words without a Knowledge mapping: {string.Join(", ", unmapped)}");
        Assert.True(stale.Count == 0,
            $"{field} mappings for words EXTRACTION.md no longer has: {string.Join(", ", stale)}");
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public void Every_mapped_id_is_a_knowledge_id_as_spelled(string field)
    {
        var (_, table, find) = Field(field);
        var ids = table.Values.OfType<string>().ToList();
        Assert.NotEmpty(ids);
        // Find also accepts aliases; the table must hold the canonical id itself.
        Assert.All(ids, id => Assert.Equal(id, find(id)));
    }

    [Fact]
    public void Catch_all_words_have_no_knowledge_entry_and_words_map_to_their_ids()
    {
        Assert.Null(TrialVocabulary.TissueSourceId("other"));
        Assert.Null(TrialVocabulary.RouteId("other"));
        Assert.Null(TrialVocabulary.PrimingId(ExtractionWords.NoneStated));
        Assert.Equal("bone-marrow", TrialVocabulary.TissueSourceId("bone_marrow"));
        Assert.Equal("intra-articular", TrialVocabulary.RouteId("intra_articular"));
        Assert.Equal("human-platelet-lysate", TrialVocabulary.PrimingId("platelet_lysate"));
    }

    [Fact]
    public void A_word_outside_the_vocabulary_is_a_typed_error_naming_it()
    {
        // The Knowledge spelling is not an extraction word: no translation by string manipulation.
        var ex = Assert.Throws<TrialsException>(() => TrialVocabulary.TissueSourceId("bone-marrow"));
        Assert.Contains("'bone-marrow'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("bone_marrow", ex.Message, StringComparison.Ordinal);
    }
}

using System.Text;
using System.Text.RegularExpressions;
using Stroma.Trials.Extraction;
using Xunit;

namespace Stroma.Trials.Tests.Extraction;

/// <summary>
/// The literal prefilters may only skip a pattern that cannot match: every sentence a pattern matches must
/// pass its filter. Checked over sentences generated here (the filters' own keywords and other words, in
/// random case and spacing), and on patterns written for these tests.
/// </summary>
public sealed class LiteralPrefilterTests
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    private static LiteralPrefilter? Filter(string pattern) => LiteralPrefilter.For(pattern, Options);

    private static string Describe(LiteralPrefilter f) => string.Join(" || ",
        f.Branches.Select(b => string.Join(" & ", b.Select(c => "{" + string.Join('|', c) + "}"))));

    [Theory]
    [InlineData(@"intra[- ]?venous\w*", "{intra venous|intra-venous|intravenous}")]
    [InlineData(@"\binfus\w+|\bdrip\b", "{infus} || {drip}")]
    [InlineData(@"(?<!portal )veins?\b", "{vein|veins}")]
    [InlineData(@"(?-i:\bIV\b)", "{iv}")]
    [InlineData(@"eye ?(?:drops?|drip\w*)", "{drip|drop|drops} & {eye|eye }")]
    [InlineData(@"inject\w*\s+into\s+the\s+knee", "{inject} & {into} & {the} & {knee}")]
    [InlineData(@"nebuli[sz]\w+", "{nebulis|nebuliz}")]
    public void The_filter_is_the_literal_words_every_match_holds(string pattern, string expected)
    {
        var f = Filter(pattern);
        Assert.NotNull(f);
        Assert.Equal(expected, Describe(f));
    }

    [Theory]
    [InlineData(@"\d|\bonce\b")] // a digit alone is a match
    [InlineData(@"(?:stem )?cells?|\w+")] // a branch of no literal
    [InlineData(@"(a)\1")] // back-reference
    [InlineData(@"(?i)vein")] // an option for the rest of the pattern
    [InlineData(@"(?(x)a|b)")] // conditional
    [InlineData(@"[a-z-[aeiou]]+")] // class subtraction
    [InlineData(@"(?:vein)?")] // may match nothing
    [InlineData(@"κύτταρα")] // non-ASCII letters are not keywords
    public void A_pattern_the_reader_cannot_bound_has_no_filter(string pattern) => Assert.Null(Filter(pattern));

    [Fact]
    public void Culture_sensitive_or_free_spacing_patterns_have_no_filter()
    {
        Assert.Null(LiteralPrefilter.For("vein", RegexOptions.IgnoreCase));
        Assert.Null(LiteralPrefilter.For("vein", RegexOptions.IgnorePatternWhitespace));
        Assert.NotNull(LiteralPrefilter.For("vein", RegexOptions.None));
    }

    [Fact]
    public void The_scanner_finds_every_keyword_in_any_case_and_overlapping()
    {
        string[] keywords = ["he", "she", "his", "hers", "intra", "intravenous", "i.v."];
        var scanner = new KeywordScanner(keywords);
        var random = new Random(7);
        const string Alphabet = "hesirntavou. -IVHES";
        for (var n = 0; n < 2000; n++)
        {
            var text = new string([.. Enumerable.Range(0, random.Next(0, 40))
                .Select(_ => Alphabet[random.Next(Alphabet.Length)])]);
            var hits = scanner.Scan(text);
            foreach (var k in keywords)
                Assert.Equal(text.Contains(k, StringComparison.OrdinalIgnoreCase), hits.Contains(k));
        }
        // The Kelvin sign reads as "k" to a case-insensitive pattern, so it does to the scanner.
        Assert.True(new KeywordScanner(["knee"]).Scan("\u212Anee").Contains("knee"));
        Assert.Throws<ArgumentException>(() => new KeywordScanner(["Vein"]));
    }

    /// <summary>
    /// Every character outside ASCII that a case-insensitive invariant pattern matches for an ASCII character is
    /// folded by the scanner to that character (else a keyword written with it would be missed).
    /// </summary>
    [Fact]
    public void The_scanner_folds_every_character_the_regex_engine_equates_with_ascii()
    {
        var anyAscii = new Regex(@"[\x00-\x7F]", Options);
        var found = new Dictionary<char, char>();
        for (var c = 128; c <= char.MaxValue; c++)
        {
            var s = ((char)c).ToString();
            if (!anyAscii.IsMatch(s)) continue;
            for (var a = 0; a < 128; a++)
            {
                if (Regex.IsMatch(s, Regex.Escape(((char)a).ToString()), Options))
                    found[(char)c] = char.ToLowerInvariant((char)a);
            }
        }
        Assert.NotEmpty(found); // the Kelvin sign at least
        Assert.Equal(found.OrderBy(x => x.Key), KeywordScanner.AsciiFolds.OrderBy(x => x.Key));
    }

    /// <summary>
    /// Sentences for the property test: keywords of the filters and other words joined in random case, with
    /// hyphens, spaces, stops and parentheses, some letters written as the Kelvin sign.
    /// </summary>
    private static List<string> Sentences(IReadOnlyList<string> keywords, int count, int seed)
    {
        string[] words =
        [
            "the", "cells", "are", "given", "into", "patients", "with", "mesenchymal", "stem", "stromal", "MSCs",
            "bone", "marrow", "adipose", "derived", "umbilical", "cord", "injected", "infused", "knee", "joint",
            "vein", "IV", "i.v.", "dose", "million", "per", "kg", "twice", "weekly", "for", "weeks", "placebo",
            "saline", "previous", "studies", "showed", "animal", "models", "autologous", "allogeneic", "donor",
            "culture", "expanded", "passage", "P3", "hypoxia", "IFN-γ", "primed", "transfected", "exosomes",
            "secretome", "conditioned", "medium", "scaffold", "wound", "bed", "applied", "on", "to", "in", "of",
            "and", "or", "a", "an", "×", "10^6", "cells/kg", "µL", "intra", "arterial", "coronary", "lesion",
        ];
        var random = new Random(seed);
        var list = new List<string>(count);
        var sb = new StringBuilder();
        for (var n = 0; n < count; n++)
        {
            sb.Clear();
            var length = random.Next(1, 14);
            for (var w = 0; w < length; w++)
            {
                if (w > 0) sb.Append(random.Next(10) switch { 0 => "-", 1 => ", ", 2 => " (", 3 => "  ", _ => " " });
                var word = random.Next(3) == 0 ? words[random.Next(words.Length)]
                    : keywords[random.Next(keywords.Count)];
                foreach (var ch in word)
                {
                    var c = random.Next(4) switch
                    {
                        0 => char.ToUpperInvariant(ch),
                        1 => char.ToLowerInvariant(ch),
                        _ => ch,
                    };
                    if (c is 'k' or 'K' && random.Next(8) == 0) c = '\u212A';
                    sb.Append(c);
                }
            }
            if (random.Next(3) == 0) sb.Append('.');
            list.Add(sb.ToString());
        }
        return list;
    }

    /// <summary>Sentences a pattern matches that its filter would skip (none for a sound filter).</summary>
    private static List<string> Violations(Regex pattern, LiteralPrefilter filter, KeywordScanner scanner,
        IEnumerable<string> sentences) =>
        [.. sentences.Where(s => pattern.IsMatch(s) && !filter.MayMatch(scanner.Scan(s)))];

    [Fact]
    public void No_vocabulary_pattern_matches_a_sentence_its_filter_skips()
    {
        var v = ExtractionVocabulary.Default;
        var filtered = v.Filtered.ToList();
        Assert.True(filtered.Count > 40, $"only {filtered.Count} patterns have a filter");
        var keywords = filtered.SelectMany(x => x.Filter.Keywords).Distinct().Order(StringComparer.Ordinal).ToList();
        var sentences = Sentences(keywords, 4000, 11);
        var matched = 0;
        var skipped = 0;
        foreach (var (pattern, filter) in filtered)
        {
            var bad = Violations(pattern, filter, v.Keywords, sentences);
            Assert.True(bad.Count == 0, $"{pattern} matches \"{bad.FirstOrDefault()}\" but its filter skips it");
            matched += sentences.Count(pattern.IsMatch);
            skipped += sentences.Count(s => !filter.MayMatch(v.Keywords.Scan(s)));
        }
        // The check is not empty: the sentences match the patterns often, and the filters skip many of them.
        Assert.True(matched > 10_000, $"only {matched} matches");
        Assert.True(skipped > 10_000, $"only {skipped} skips");
    }

    [Fact]
    public void No_count_pattern_matches_a_sentence_its_filter_skips()
    {
        var filters = Stroma.Trials.Extraction.Rules.DoseCountRule.CountFilters;
        var filtered = filters.Filtered.ToList();
        Assert.True(filtered.Count > 10, $"only {filtered.Count} count patterns have a filter");
        var keywords = filtered.SelectMany(x => x.Filter.Keywords)
            .Concat(["4", "12", "0, 4 and 8", "day 0", "week", "months", "times", "doses"])
            .Distinct().Order(StringComparer.Ordinal).ToList();
        var sentences = Sentences(keywords, 6000, 23);
        var matched = 0;
        foreach (var (pattern, filter) in filtered)
        {
            var bad = Violations(pattern, filter, filters.Scanner, sentences);
            Assert.True(bad.Count == 0, $"{pattern} matches \"{bad.FirstOrDefault()}\" but its filter skips it");
            matched += sentences.Count(pattern.IsMatch);
        }
        Assert.True(matched > 1000, $"only {matched} matches");
    }

    [Fact]
    public void The_check_finds_a_filter_that_skips_a_match()
    {
        // The filter of "intravenous" alone does not cover "\bvein\b": the check must report it.
        var wrong = Filter("intravenous")!;
        var scanner = new KeywordScanner(wrong.Keywords);
        var bound = wrong.Bind(scanner);
        var pattern = new Regex(@"intravenous|\bvein\b", Options);
        Assert.NotEmpty(Violations(pattern, bound, scanner, Sentences(["vein", "intravenous"], 200, 3)));
    }

    [Fact]
    public void Extraction_with_and_without_filters_is_the_same_on_sentences_written_here()
    {
        // Every rule's result over generated records: the filters skip patterns only where they cannot match, so
        // the default extractor agrees with one whose patterns all run.
        var v = ExtractionVocabulary.Default;
        var keywords = v.Filtered.SelectMany(x => x.Filter.Keywords).Distinct().Order(StringComparer.Ordinal).ToList();
        var random = new Random(5);
        var sentences = Sentences(keywords, 600, 17);
        var unfiltered = MscExtractor.WithoutPrefilters();
        for (var n = 0; n < 150; n++)
        {
            string Pick() => string.Join(". ", Enumerable.Range(0, random.Next(1, 4))
                .Select(_ => sentences[random.Next(sentences.Count)]));
            var trial = new Stroma.Trials.Model.ClinicalTrial
            {
                NctId = "NCT90000900",
                BriefTitle = "Mesenchymal stem cells " + Pick(),
                StudyType = "Interventional",
                Interventions =
                [
                    new Stroma.Trials.Model.TrialIntervention
                        { Name = "MSC " + Pick(), Description = Pick(), Type = "Biological" },
                ],
                BriefSummary = Pick() + ". " + Pick(),
                DetailedDescription = Pick() + "\n" + Pick(),
            };
            var a = System.Text.Json.JsonSerializer.Serialize(MscExtractor.Default.Extract(trial));
            var b = System.Text.Json.JsonSerializer.Serialize(unfiltered.Extract(trial));
            Assert.Equal(b, a);
        }
    }
}

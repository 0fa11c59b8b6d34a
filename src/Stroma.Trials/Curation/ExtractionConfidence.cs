using System.Globalization;
using System.Text.RegularExpressions;
using Stroma.Trials.Extraction;
using Stroma.Trials.Model;

namespace Stroma.Trials.Curation;

/// <summary>How sure the extractor can be of a field, in three bands for people.</summary>
public enum ConfidenceLevel
{
    /// <summary>Score below 0.45: review first.</summary>
    Low,

    /// <summary>Score from 0.45 to below 0.7.</summary>
    Medium,

    /// <summary>Score 0.7 and above.</summary>
    High,
}

/// <summary>One signal that moved a field's confidence, with its weight.</summary>
/// <param name="Weight">What it added (negative: took away).</param>
/// <param name="Reason">Why, in words.</param>
public sealed record ConfidenceSignal(double Weight, string Reason);

/// <summary>The confidence of one extracted field.</summary>
/// <param name="Field">Curated field (<see cref="CurationFields"/>).</param>
/// <param name="Score">From 0 (guess) to 1 (stated plainly, in several places, about the product).</param>
/// <param name="Signals">The signals that made the score, in the order applied.</param>
/// <param name="Evidence">The extractor's evidence for the field.</param>
public sealed record FieldConfidence(string Field, double Score, IReadOnlyList<ConfidenceSignal> Signals,
    IReadOnlyList<Evidence> Evidence)
{
    /// <summary>The score's band.</summary>
    public ConfidenceLevel Level => ExtractionConfidence.LevelOf(Score);
}

/// <summary>
/// A deterministic confidence per extracted field, computed from the evidence the extractor keeps and the record's
/// text (never from the gold files). Every field starts at <see cref="Base"/> and each signal adds or takes away:
/// <list type="table">
/// <item><term>where the evidence is</term><description>an intervention or arm +0.20, a title or keyword +0.10, the
/// summary or description 0 (the review's authors read the intervention first)</description></item>
/// <item><term>what the evidence sentence names</term><description>the MSC product (its vocabulary terms or a named
/// product) +0.15; only "the cells" +0.05; neither −0.10 (the fact may belong to another
/// treatment)</description></item>
/// <item><term>default used</term><description>a value the extractor falls back to when nothing was found
/// (<c>unspecified</c>, <c>none_stated</c>, no dose, no count, not engineered): −0.20 when the record still speaks of
/// the field's topic (a route or source word, "passage", a cell count, …: something was missed or could not be read),
/// +0.15 when it never does (the default is then what EXTRACTION.md prescribes)</description></item>
/// <item><term>agreement</term><description>each extracted word of a vocabulary field (route, tissue source, match,
/// priming, product) named in two or more fields of the record +0.10</description></item>
/// <item><term>conflict</term><description>a sentence naming the MSC product also names another word of the same
/// field that was not extracted −0.20 each, at most −0.40</description></item>
/// <item><term>several values</term><description>two or more words (or a dose range) −0.05: each must be
/// checked</description></item>
/// <item><term>catch-all</term><description>a value of <c>other</c> (route, source, priming, dose unit)
/// −0.15</description></item>
/// </list>
/// The score is clamped to [0, 1] and rounded to two decimals. <c>msc_intervention</c> is judged from the MSC terms:
/// yes with an intervention naming MSCs +0.20; no while the interventions name MSCs −0.30.
/// </summary>
public static partial class ExtractionConfidence
{
    /// <summary>Score before any signal.</summary>
    public const double Base = 0.5;

    /// <summary>Upper bound (exclusive) of <see cref="ConfidenceLevel.Low"/>.</summary>
    public const double LowBelow = 0.45;

    /// <summary>Upper bound (exclusive) of <see cref="ConfidenceLevel.Medium"/>.</summary>
    public const double MediumBelow = 0.7;

    /// <summary>The band of a score.</summary>
    public static ConfidenceLevel LevelOf(double score) =>
        score < LowBelow ? ConfidenceLevel.Low : score < MediumBelow ? ConfidenceLevel.Medium : ConfidenceLevel.High;

    private static readonly Dictionary<string, string> SupportsField = new(StringComparer.Ordinal)
    {
        ["mscIntervention"] = CurationFields.MscIntervention,
        ["tissueSource"] = CurationFields.TissueSource,
        ["match"] = CurationFields.Match,
        ["route"] = CurationFields.Route,
        ["dose"] = CurationFields.Dose,
        ["doseCount"] = CurationFields.DoseCount,
        ["passage"] = CurationFields.Passage,
        ["priming"] = CurationFields.Priming,
        ["engineered"] = CurationFields.Engineered,
    };

    /// <summary>The confidence of every curated field of an extraction, in <see cref="CurationFields.All"/>
    /// order.</summary>
    public static IReadOnlyList<FieldConfidence> Assess(ClinicalTrial trial, TrialExtraction extraction)
    {
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(extraction);
        var text = new RecordText(trial);
        return CurationFields.All.Select(f => Assess(text, extraction, f)).ToList();
    }

    private static FieldConfidence Assess(RecordText text, TrialExtraction e, string field)
    {
        var v = ExtractionVocabulary.Default;
        var signals = new List<ConfidenceSignal>();
        var evidence = e.Evidence.Where(x => SupportsField.TryGetValue(x.Supports, out var f) && f == field).ToList();
        if (field == CurationFields.MscIntervention) MscSignals(text, e, signals);
        else if (!e.MscIntervention) signals.Add(new(0, "not an MSC trial: follows msc_intervention"));
        else
        {
            if (evidence.Count > 0) EvidenceSignals(v, evidence, signals);
            else if (IsFallback(e, field))
            {
                signals.Add(Topic(v, field) is { } topic && text.Segments.Any(s => topic.IsMatch(s.Text))
                    ? new ConfidenceSignal(-0.2, "default value used although the record speaks of the field's topic")
                    : new ConfidenceSignal(0.15, "default value: the record never speaks of the field's topic"));
            }
            if (Patterns(v, field) is { } patterns)
                VocabularySignals(text, CurationFields.ValueOf(e, field), patterns, signals);
            if (field == CurationFields.Dose && e.Dose is { } d)
            {
                if (d.Low != d.High) signals.Add(new(-0.05, "a range of dose levels: check both ends"));
                if (d.Unit == "other") signals.Add(new(-0.15, "dose unit 'other'"));
            }
        }
        var score = Math.Round(Math.Clamp(Base + signals.Sum(s => s.Weight), 0, 1), 2, MidpointRounding.AwayFromZero);
        return new FieldConfidence(field, score, signals, evidence);
    }

    private static void MscSignals(RecordText text, TrialExtraction e, List<ConfidenceSignal> signals)
    {
        var v = ExtractionVocabulary.Default;
        var inInterventions = text.Segments.Count(s => s.Core
            && (v.MscStrong.IsMatch(s.Text) || v.AnyProduct.IsMatch(s.Text)));
        if (e.MscIntervention)
        {
            if (inInterventions > 0)
                signals.Add(new(0.2,
                $"an intervention or arm names an MSC product ({Count(inInterventions, "field")})"));
            else signals.Add(new(-0.15, "no intervention or arm names an MSC product: decided from other text"));
            if (text.Segments.Any(s => v.NonMscProducts.Any(p => p.Pattern.IsMatch(s.Text))))
                signals.Add(new(-0.1,
                    "the record also names a product that is not MSCs (SVF, BMAC, mononuclear cells)"));
        }
        else if (inInterventions > 0)
            signals.Add(new(-0.3,
            $"extracted 'no' although an intervention or arm names MSCs ({Count(inInterventions, "field")})"));
        else if (text.Segments.Any(s => v.MscStrong.IsMatch(s.Text)))
            signals.Add(new(0.1, "MSCs are named only outside the interventions"));
        else signals.Add(new(0.3, "the record does not name MSCs"));
    }

    private static void EvidenceSignals(ExtractionVocabulary v, List<Evidence> evidence, List<ConfidenceSignal> signals)
    {
        var best = evidence.Min(x => ZoneRank(x.Field));
        signals.Add(best switch
        {
            0 => new ConfidenceSignal(0.2, "stated in an intervention or arm"),
            1 => new ConfidenceSignal(0.1, "stated in a title or keyword"),
            _ => new ConfidenceSignal(0, "stated only in the summary or description"),
        });
        if (evidence.All(x => v.MscStrong.IsMatch(x.Text) || v.AnyProduct.IsMatch(x.Text)))
            signals.Add(new(0.15, "the evidence names the MSC product"));
        else if (evidence.All(x => v.MscStrong.IsMatch(x.Text) || v.AnyProduct.IsMatch(x.Text)
            || v.GenericCells.IsMatch(x.Text)))
            signals.Add(new(0.05, "the evidence speaks of 'the cells'"));
        else signals.Add(new(-0.1, "the evidence does not name the MSC product"));
    }

    private static void VocabularySignals(RecordText text, string value,
        IReadOnlyList<(string Word, Regex Pattern)> patterns,
        List<ConfidenceSignal> signals)
    {
        var words = value.Split(';', StringSplitOptions.RemoveEmptyEntries);
        var named = words.Where(w => patterns.Any(p => p.Word == w)).ToList();
        if (named.Count > 0 && named.All(w => text.FieldsNaming(patterns.First(p => p.Word == w).Pattern) >= 2))
            signals.Add(new(0.1, $"{string.Join(", ", named)} named in two or more fields"));
        var others = patterns.Where(p => !words.Contains(p.Word)
            && text.ProductSentences.Any(s => p.Pattern.IsMatch(s)))
            .Select(p => p.Word).Distinct(StringComparer.Ordinal).ToList();
        if (others.Count > 0)
            signals.Add(new(-Math.Min(0.4, 0.2 * others.Count),
                $"a sentence about the product also names {string.Join(", ", others)}"));
        if (words.Length > 1) signals.Add(new(-0.05, $"{words.Length} values: check each"));
        if (words.Contains("other")) signals.Add(new(-0.15, "catch-all value 'other'"));
    }

    /// <summary>The words of a vocabulary field and the patterns that find them in text (null for other
    /// fields).</summary>
    private static IReadOnlyList<(string, Regex)>? Patterns(ExtractionVocabulary v, string field) => field switch
    {
        CurationFields.Route => v.Routes,
        CurationFields.TissueSource => v.Sources,
        CurationFields.Priming => v.Priming,
        CurationFields.Match => [("autologous", v.Autologous), ("allogeneic", v.Allogeneic)],
        CurationFields.Product => [("cells", v.MscStrong), ("ev", v.EvTerms), ("secretome", v.SecretomeTerms)],
        _ => null,
    };

    /// <summary>Words that show a record speaks of a field at all (its vocabulary, or the words EXTRACTION.md's
    /// examples use).</summary>
    private static Regex? Topic(ExtractionVocabulary v, string field) => field switch
    {
        CurationFields.Route => v.AnyRoute,
        CurationFields.TissueSource => v.AnySource,
        CurationFields.Match => v.AnyMatchTerm,
        CurationFields.Priming => v.AnyPriming,
        CurationFields.Engineered => v.Engineered,
        CurationFields.Passage => PassageTopic(),
        CurationFields.Dose => DoseTopic(),
        CurationFields.DoseCount => CountTopic(),
        _ => null,
    };

    // EXTRACTION.md passage examples: "P3", "P2-P5", "<=P5"; and the word itself.
    [GeneratedRegex(@"\bpassages?\b|\bP\d{1,2}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PassageTopic();

    // EXTRACTION.md dose notations: "10^6", "x10(6)", "10E6", "million", "cells/kg".
    [GeneratedRegex(@"\d\s*(?:x|×|\*)\s*10|\b10\s*(?:\^|e|E)\s*\d|\d\s*(?:million|billion)\b|" +
        @"cells\s*/\s*kg|per\s+kilogram",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DoseTopic();

    // EXTRACTION.md dose_count examples: "two infusions", "single injection", "once every 4 weeks", "repeated".
    [GeneratedRegex(@"\b(?:single|once|twice|repeated|doses|infusions|injections|administrations)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CountTopic();

    private static bool IsFallback(TrialExtraction e, string field) => field switch
    {
        CurationFields.Dose => e.Dose is null,
        CurationFields.DoseCount => e.DoseCount is null,
        CurationFields.Engineered => !e.Engineered,
        _ => CurationFields.ValueOf(e, field) is ExtractionWords.Unspecified or ExtractionWords.NoneStated,
    };

    // 0: interventions and arms; 1: titles and keywords; 2: summary and description.
    private static int ZoneRank(string field) => field switch
    {
        "BriefTitle" or "OfficialTitle" or "Keyword" => 1,
        "BriefSummary" or "DetailedDescription" => 2,
        _ => 0,
    };

    private static string Count(int n, string what) =>
        $"{n.ToString(CultureInfo.InvariantCulture)} {what}{(n == 1 ? "" : "s")}";

    /// <summary>A record's text fields, and the sentences that name the MSC product (computed once per
    /// assessment).</summary>
    private sealed class RecordText
    {
        public RecordText(ClinicalTrial t)
        {
            var v = ExtractionVocabulary.Default;
            var segments = new List<(string, bool)>();
            void Add(string? s, bool core)
            {
                if (!string.IsNullOrWhiteSpace(s)) segments.Add((s, core));
            }
            Add(t.BriefTitle, false);
            Add(t.OfficialTitle, false);
            foreach (var k in t.Keywords) Add(k, false);
            foreach (var iv in t.Interventions)
            {
                Add(iv.Name, true);
                Add(iv.Description, true);
                foreach (var o in iv.OtherNames) Add(o, true);
            }
            foreach (var o in t.UnattributedOtherNames) Add(o, true);
            foreach (var arm in t.ArmGroups)
            {
                Add(arm.Label, true);
                Add(arm.Description, true);
            }
            Add(t.BriefSummary, false);
            Add(t.DetailedDescription, false);
            Segments = segments.Select(s => new TextField(s.Item1, s.Item2)).ToList();
            ProductSentences = Segments.SelectMany(s => SentenceEnd().Split(s.Text))
                .Where(s => v.MscStrong.IsMatch(s) || v.AnyProduct.IsMatch(s)).ToList();
        }

        public IReadOnlyList<TextField> Segments { get; }

        public IReadOnlyList<string> ProductSentences { get; }

        public int FieldsNaming(Regex pattern) => Segments.Count(s => pattern.IsMatch(s.Text));
    }

    private sealed record TextField(string Text, bool Core);

    // A sentence ends at . ! ? or ; followed by white space, or at a line break.
    [GeneratedRegex(@"(?<=[.!?;])\s+|[\r\n]+", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceEnd();
}

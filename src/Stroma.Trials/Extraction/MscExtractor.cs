using Stroma.Trials.Extraction.Rules;
using Stroma.Trials.Model;

namespace Stroma.Trials.Extraction;

/// <summary>
/// Extracts the review-table facts of EXTRACTION.md from a trial record by small composable rules over
/// the embedded vocabularies (<c>Extraction/Data/vocabulary.json</c>). Built once, immutable, safe to use
/// from several threads.
/// </summary>
public sealed class MscExtractor
{
    /// <summary>
    /// Longest text field extracted. ClinicalTrials.gov caps the detailed description, its longest free-text field,
    /// at 32,000 characters (PRS data element definitions); three times that leaves room for other registries.
    /// </summary>
    public const int MaxFieldLength = 100_000;

    /// <summary>Most text, all fields together, in one record (the corpus's largest record is ~140,000).</summary>
    public const int MaxRecordLength = 500_000;

    private readonly ExtractionVocabulary _v;
    private readonly int _maxField;
    private readonly int _maxRecord;

    private MscExtractor(ExtractionVocabulary vocabulary, int maxField = MaxFieldLength,
        int maxRecord = MaxRecordLength)
    {
        _v = vocabulary;
        _maxField = maxField;
        _maxRecord = maxRecord;
    }

    /// <summary>The extractor over the built-in vocabularies.</summary>
    public static MscExtractor Default { get; } = new(ExtractionVocabulary.Default);

    /// <summary>The default rules with other size limits (tests measure how work grows past the real ones).</summary>
    internal static MscExtractor WithLimits(int maxField, int maxRecord) =>
        new(ExtractionVocabulary.Default, maxField, maxRecord);

    /// <summary>The default rules with every pattern run, no literal prefilter (tests compare the two).</summary>
    internal static MscExtractor WithoutPrefilters() =>
        new(ExtractionVocabulary.Load(ExtractionVocabulary.OpenResource("vocabulary.json"), prefilters: false));

    /// <summary>Extracts the facts of one trial.</summary>
    /// <exception cref="TrialExtractionException">A text field or the record is larger than any real one.</exception>
    public TrialExtraction Extract(ClinicalTrial trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        CheckSize(trial);
        var text = new TrialText(trial, _v);
        var (yes, why) = MscInterventionRule.Decide(text, _v);
        if (!yes)
        {
            return new TrialExtraction
            {
                NctId = trial.NctId,
                MscIntervention = false,
                Product = [ExtractionWords.None],
                TissueSource = [ExtractionWords.None],
                Match = ExtractionWords.None,
                Route = [ExtractionWords.None],
                Passage = ExtractionWords.Unspecified,
                Priming = [ExtractionWords.NoneStated],
                Engineered = false,
                Evidence = why is null ? [] : [why],
            };
        }
        var product = ProductRule.Decide(text, _v);
        var (sources, sourceEvidence) = SourceRule.Decide(text, _v);
        var (match, matchEvidence) = MatchRule.Decide(text, _v, sources);
        var (routes, routeEvidence) = RouteRule.Decide(text, _v);
        var (count, countEvidence) = DoseCountRule.Decide(text, _v);
        var (dose, doseEvidence) = DoseRule.Decide(text, _v, count);
        var (passage, passageEvidence) = CultureRules.Passage(text, _v);
        var (priming, primingEvidence) = CultureRules.Priming(text, _v);
        var (engineered, engineeredEvidence) = CultureRules.Engineered(text, _v);

        var evidence = new List<Evidence>();
        void Add(Evidence? e)
        {
            if (e is not null
                && !evidence.Any(x => x.Field == e.Field && x.Index == e.Index && x.Start == e.Start
                    && x.Supports == e.Supports)) evidence.Add(e);
        }
        Add(doseEvidence);
        foreach (var e in sourceEvidence) Add(e);
        foreach (var e in routeEvidence) Add(e);
        Add(matchEvidence);
        Add(countEvidence);
        Add(passageEvidence);
        Add(primingEvidence);
        Add(engineeredEvidence);
        if (evidence.Count == 0) Add(why);

        return new TrialExtraction
        {
            NctId = trial.NctId,
            MscIntervention = true,
            Product = product,
            TissueSource = sources,
            Match = match,
            Route = routes,
            Dose = dose,
            DoseCount = count,
            Passage = passage,
            Priming = priming,
            Engineered = engineered,
            Evidence = evidence,
        };
    }

    private void CheckSize(ClinicalTrial trial)
    {
        long total = 0;
        void Field(string name, string? text)
        {
            if (text is null) return;
            if (text.Length > _maxField) throw new TrialExtractionException(trial.NctId, name, text.Length, _maxField);
            total += text.Length;
        }
        Field("BriefTitle", trial.BriefTitle);
        Field("OfficialTitle", trial.OfficialTitle);
        Field("BriefSummary", trial.BriefSummary);
        Field("DetailedDescription", trial.DetailedDescription);
        foreach (var k in trial.Keywords) Field("Keyword", k);
        foreach (var o in trial.UnattributedOtherNames) Field("InterventionOtherName", o);
        foreach (var iv in trial.Interventions)
        {
            Field("InterventionName", iv.Name);
            Field("InterventionDescription", iv.Description);
            foreach (var o in iv.OtherNames) Field("InterventionOtherName", o);
        }
        foreach (var arm in trial.ArmGroups)
        {
            Field("ArmGroupLabel", arm.Label);
            Field("ArmGroupDescription", arm.Description);
        }
        if (total > _maxRecord) throw new TrialExtractionException(trial.NctId, "record", total, _maxRecord);
    }
}

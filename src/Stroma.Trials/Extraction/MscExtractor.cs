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
    private readonly ExtractionVocabulary _v;

    private MscExtractor(ExtractionVocabulary vocabulary) => _v = vocabulary;

    /// <summary>The extractor over the built-in vocabularies.</summary>
    public static MscExtractor Default { get; } = new(ExtractionVocabulary.Default);

    /// <summary>Extracts the facts of one trial.</summary>
    public TrialExtraction Extract(ClinicalTrial trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
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
            if (e is not null && !evidence.Any(x => x.Field == e.Field && x.Index == e.Index && x.Start == e.Start && x.Supports == e.Supports)) evidence.Add(e);
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
}

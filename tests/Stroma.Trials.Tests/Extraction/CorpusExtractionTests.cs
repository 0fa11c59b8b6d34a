using Stroma.Trials.Extraction;
using Stroma.Trials.Formats;
using Stroma.Testing;
using Xunit;

namespace Stroma.Trials.Tests.Extraction;

public sealed class CorpusExtractionTests
{
    [Fact]
    public void Every_corpus_record_extracts_with_specification_words_and_evidence_quoted_from_its_field()
    {
        var folder = Corpus.Require("corpus", "trials", "ctgov-classic");
        var count = 0;
        foreach (var r in TrialReader.Read([folder]))
        {
            var t = r.Trial!;
            var e = MscExtractor.Default.Extract(t);
            count++;
            Assert.Equal(t.NctId, e.NctId);
            if (!e.MscIntervention)
            {
                Assert.Equal(["none"], e.Product);
                continue;
            }
            Assert.All(e.Product, p => Assert.Contains(p, ExtractionWords.Products));
            Assert.All(e.TissueSource, s => Assert.True(s == "unspecified" || ExtractionWords.TissueSources.Contains(s), s));
            Assert.All(e.Route, x => Assert.True(x == "unspecified" || ExtractionWords.Routes.Contains(x), x));
            Assert.Contains(e.Match, new[] { "autologous", "allogeneic", "both", "unspecified" });
            Assert.All(e.Priming, p => Assert.Contains(p, ExtractionWords.PrimingKinds));
            if (e.Dose is { } d)
            {
                Assert.Contains(d.Unit, ExtractionWords.DoseUnits);
                Assert.True(d.Low > 0 && d.Low <= d.High, $"{t.NctId}: {d}");
            }
            foreach (var ev in e.Evidence)
            {
                Assert.True(ev.Text.Length <= 200);
                Assert.DoesNotContain("\"", ev.Text, StringComparison.Ordinal);
                var source = FieldText(t, ev.Field, ev.Index);
                Assert.NotNull(source);
                Assert.Equal(source![ev.Start..ev.End].Replace('"', '\'').ReplaceLineEndings(" "), ev.Text);
            }
        }
        Assert.True(count > 1000);
    }

    private static string? FieldText(Model.ClinicalTrial t, string field, int index) => field switch
    {
        "BriefTitle" => t.BriefTitle,
        "OfficialTitle" => t.OfficialTitle,
        "BriefSummary" => t.BriefSummary,
        "DetailedDescription" => t.DetailedDescription,
        "Keyword" => t.Keywords[index],
        "InterventionName" => t.Interventions[index].Name,
        "InterventionDescription" => t.Interventions[index].Description,
        "InterventionOtherName" => t.Interventions.SelectMany(i => i.OtherNames).Concat(t.UnattributedOtherNames).ElementAt(index),
        "ArmGroupLabel" => t.ArmGroups[index].Label,
        "ArmGroupDescription" => t.ArmGroups[index].Description,
        _ => null,
    };
}

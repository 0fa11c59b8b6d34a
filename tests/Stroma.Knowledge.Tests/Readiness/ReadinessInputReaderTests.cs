using Stroma.Knowledge.Readiness;
using Stroma.Testing;
using Xunit;

namespace Stroma.Knowledge.Tests.Readiness;

/// <summary>Readiness inputs as JSON, and the sample files shipped under samples/readiness.</summary>
public sealed class ReadinessInputReaderTests
{
    [Fact]
    public void A_full_input_reads_with_kebab_case_values_and_iso_dates()
    {
        var input = ReadinessInputReader.Parse("""
            {
              "lot": {
                "lotId": "L-7", "tissueSource": "umbilical-cord", "donorType": "allogeneic", "donorAgeYears": 0,
                "species": "human", "cellType": "stromal", "passage": 5, "cumulativePopulationDoublings": 18.5,
                "mediumSupplement": "human-ab-serum", "oxygenPercent": 5, "cultureFormat": "3d",
                "primingSteps": [ { "agent": "IFN-γ", "dose": "25 ng/mL", "durationHours": 48, "date": "2025-04-02" } ],
                "cryopreserved": true, "infusedDirectlyAfterThaw": true, "postThawViabilityPercent": 88,
                "markers": { "CD142": 41.5 }, "identityAnalysisDate": "2025-03-30", "lastPassageDate": "2025-03-28",
                "qcTests": ["sterility"], "potencyTests": [], "claimedMechanisms": ["immunomodulation", "trophic"]
              },
              "plan": { "route": "IV", "cellsPerKg": 2e6, "numberOfDoses": 2, "intervalDays": 7 },
              "patient": { "ageYears": 8, "weightKg": 25, "immuneStatus": "immunocompromised", "bloodGroup": "AB" }
            }
            """);
        Assert.Equal(MediumSupplement.HumanAbSerum, input.Lot.MediumSupplement);
        Assert.Equal(CultureFormat.Spheroid, input.Lot.CultureFormat);
        Assert.Equal(new DateOnly(2025, 4, 2), input.Lot.PrimingSteps![0].Date);
        Assert.Equal(41.5, input.Lot.Markers!["CD142"]);
        Assert.Equal([ClaimedMechanism.Immunomodulation, ClaimedMechanism.Trophic], input.Lot.ClaimedMechanisms);
        Assert.Equal(2e6, input.Plan!.CellsPerKg);
        Assert.Equal(ImmuneStatus.Immunocompromised, input.Patient!.ImmuneStatus);
        var report = new ReadinessChecker().Evaluate(input);
        Assert.Equal("L-7", report.LotId);
        Assert.Contains(report.Flags, f => f.RuleId == "hla-class-ii-allogeneic" && f.Message.Contains("ifn-gamma", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{ "lot": { "tisueSource": "adipose" } }""", "$.lot.tisueSource")]
    [InlineData("""{ "lot": { "mediumSupplement": "FBS" } }""", "$.lot.mediumSupplement")]
    [InlineData("""{ "lot": { "passage": "five" } }""", "$.lot.passage")]
    [InlineData("""{ "lot": { "identityAnalysisDate": "10/03/2025" } }""", "$.lot.identityAnalysisDate")]
    [InlineData("""{ "plan": { "route": "intravenous" } }""", "$")]
    [InlineData("""{ "lot": { "primingSteps": [ { "dose": "1" } ] } }""", "$.lot.primingSteps[0]")]
    public void A_malformed_input_fails_with_the_json_path_at_fault(string json, string path)
    {
        var ex = Assert.Throws<ReadinessInputException>(() => ReadinessInputReader.Parse(json, "x.json"));
        Assert.Equal(path, Assert.Single(ex.Problems).Path);
        Assert.Equal("x.json", ex.Origin);
    }

    [Fact]
    public void A_missing_file_is_an_input_error()
    {
        var ex = Assert.Throws<ReadinessInputException>(() => ReadinessInputReader.Read("/nonexistent/lot.json"));
        Assert.Contains("cannot read the file", ex.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> Samples => [.. Directory.EnumerateFiles(SampleFolder, "*.json").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    private static string SampleFolder => Path.Combine(Corpus.RepositoryRoot, "samples", "readiness");

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_sample_file_reads_and_evaluates(string file)
    {
        var path = Path.Combine(SampleFolder, file);
        if (file.StartsWith("plan-", StringComparison.Ordinal))
        {
            Assert.NotNull(ReadinessInputReader.ReadPlan(path).Route);
            return;
        }
        var report = new ReadinessChecker().Evaluate(ReadinessInputReader.Read(path), path);
        Assert.NotNull(report.LotId);
        Assert.True(report.Label.IsComplete, string.Join(", ", report.Label.MissingTerms));
    }

    [Fact]
    public void The_samples_together_raise_every_severity_and_every_rule()
    {
        var checker = new ReadinessChecker();
        var reports = Directory.EnumerateFiles(SampleFolder, "lot-*.json").Select(p => checker.Evaluate(ReadinessInputReader.Read(p), p)).ToList();
        var plan = ReadinessInputReader.ReadPlan(Path.Combine(SampleFolder, "plan-iv-repeated.json"));
        reports.Add(checker.Evaluate(ReadinessInputReader.Read(Path.Combine(SampleFolder, "lot-bm-autologous-local.json")) with { Plan = plan }));
        var flags = reports.SelectMany(r => r.Flags).ToList();
        Assert.Equal([ReadinessSeverity.Info, ReadinessSeverity.Caution, ReadinessSeverity.Stop], flags.Select(f => f.Severity).Distinct().Order());
        Assert.Equal(["caution", "info", "stop"], reports.Take(3).Select(r => r.Verdict).Order());
        Assert.Equal(KnowledgeBase.Default.ReadinessRules.Rules.Select(r => r.Id).Order(), flags.Select(f => f.RuleId).Distinct().Order());
    }
}

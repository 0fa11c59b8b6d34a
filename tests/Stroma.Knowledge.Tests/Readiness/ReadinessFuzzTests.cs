using System.Text;
using Stroma.Knowledge.Readiness;
using Stroma.Testing;
using Xunit;

namespace Stroma.Knowledge.Tests.Readiness;

/// <summary>
/// Seeded mutation fuzzing of readiness input JSON, read and then evaluated: every mutated file ends as a report
/// or a <see cref="ReadinessInputException"/> naming its JSON path, within time and allocation bounds.
/// </summary>
public sealed class ReadinessFuzzTests
{
    private const string Input = """
        {
          "lot": {
            "lotId": "L-7", "tissueSource": "umbilical-cord", "donorType": "allogeneic", "donorAgeYears": 0,
            "species": "human", "cellType": "stromal", "passage": 5, "cumulativePopulationDoublings": 18.5,
            "mediumSupplement": "human-ab-serum", "oxygenPercent": 5, "cultureFormat": "3d",
            "primingSteps": [ { "agent": "IFN-γ", "dose": "25 ng/mL", "durationHours": 48, "date": "2025-04-02" } ],
            "cryopreserved": true, "infusedDirectlyAfterThaw": true, "postThawViabilityPercent": 88,
            "markers": { "CD142": 41.5, "CD73": 98 }, "identityAnalysisDate": "2025-03-30",
            "lastPassageDate": "2025-03-28", "qcTests": ["sterility"], "potencyTests": [],
            "claimedMechanisms": ["immunomodulation", "trophic"]
          },
          "plan": { "route": "IV", "cellsPerKg": 2e6, "numberOfDoses": 2, "intervalDays": 7 },
          "patient": { "ageYears": 8, "weightKg": 25, "immuneStatus": "immunocompromised", "bloodGroup": "AB" }
        }
        """;

    private static readonly ReadinessChecker Checker = new();

    private static FuzzResult ReadAndEvaluate(byte[] bytes)
    {
        var input = ReadinessInputReader.Parse(Encoding.UTF8.GetString(bytes), "fuzz.json");
        var report = Checker.Evaluate(input, "fuzz.json");
        if (report.Flags is null) throw new InvalidOperationException("a report without flags");
        return FuzzResult.Accepted;
    }

    [Theory]
    [InlineData(2101)]
    [InlineData(2102)]
    public void Mutated_readiness_inputs_end_as_reports_or_input_errors_within_bounds(int seed)
    {
        var outcome = MutationFuzzer.Run(Encoding.UTF8.GetBytes(Input), seed, MutationFuzzer.Iterations(1_000),
            ReadAndEvaluate, ex => ex is ReadinessInputException, tokens: ["\"lot\"", "\"markers\"", "2026-13-45", "\"\""]);
        Assert.True(outcome.Failures.Count == 0, outcome.Describe());
        // Both outcomes occur, so the mutations reach the checker rather than all being refused by the parser.
        Assert.True(outcome.Accepted > 0 && outcome.Refused > 0, $"accepted {outcome.Accepted}, refused {outcome.Refused}");
    }

    [Fact]
    public void The_harness_names_an_undocumented_exception_with_its_seed_and_iteration()
    {
        var outcome = MutationFuzzer.Run(Encoding.UTF8.GetBytes(Input), 9, 2,
            _ => throw new FormatException("escaped"), ex => ex is ReadinessInputException);
        Assert.Equal(2, outcome.Failures.Count);
        Assert.StartsWith("seed 9, iteration 0:", outcome.Failures[0], StringComparison.Ordinal);
        Assert.Contains("FormatException", outcome.Failures[0], StringComparison.Ordinal);
    }

    [Fact]
    public void The_harness_flags_an_input_that_takes_longer_than_its_bound()
    {
        var outcome = MutationFuzzer.Run(Encoding.UTF8.GetBytes(Input), 9, 1,
            _ => { Thread.Sleep(30); return FuzzResult.Accepted; }, _ => false, timeBound: TimeSpan.FromMilliseconds(1));
        Assert.Contains("took", Assert.Single(outcome.Failures), StringComparison.Ordinal);
    }
}

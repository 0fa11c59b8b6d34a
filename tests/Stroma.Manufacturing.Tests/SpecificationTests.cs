using System.Globalization;
using System.Text;
using Stroma.Manufacturing;
using Stroma.Manufacturing.Records;
using Stroma.Manufacturing.Release;
using Stroma.Testing;
using Xunit;
using TestResult = Stroma.Manufacturing.Records.TestResult;

namespace Stroma.Manufacturing.Tests;

public sealed class SpecificationTests
{
    [Fact]
    public void The_default_specification_holds_the_issue_defaults()
    {
        var spec = SpecificationDefinition.Default.ToRecord();
        Assert.Equal("stroma-default", spec.Code);
        var viability = spec.Items.Single(i => i.Test == ReleaseTest.Viability);
        Assert.Equal((Comparator.AtLeast, 70.0, "%"), (viability.Comparator, viability.Limit!.Value, viability.Unit));
        Assert.Equal("no growth", spec.Items.Single(i => i.Test == ReleaseTest.Sterility).Expected);
        Assert.Equal("not detected", spec.Items.Single(i => i.Test == ReleaseTest.Mycoplasma).Expected);
        Assert.Equal("normal", spec.Items.Single(i => i.Test == ReleaseTest.Karyotype).Expected);
        Assert.Equal("K/M", spec.Items.Single(i => i.Test == ReleaseTest.Endotoxin).ComputedLimit);
        Assert.Equal("isct-2006", spec.Items.Single(i => i.Test == ReleaseTest.Identity).Panel);
        Assert.False(spec.Items.Single(i => i.Test == ReleaseTest.Potency).Required);
        Assert.Equal(30, spec.Items.Single(i => i.Test == ReleaseTest.PopulationDoublings).Limit);
    }

    [Fact]
    public void A_definition_round_trips_through_its_record_with_the_same_content_hash()
    {
        var record = SpecificationDefinition.Default.ToRecord();
        var back = SpecificationDefinition.FromRecord(record);
        Assert.Equal(SpecificationDefinition.Default.ContentHash(), back.ContentHash());
    }

    [Theory]
    [InlineData("""{"code":"x","items":[{"test":"viability","comparator":">=","limit":170}]}""", "outside 0–100")]
    [InlineData("""{"code":"x","items":[{"test":"marker","name":"CD999x","limit":95}]}""", "not a recognised marker")]
    [InlineData("""{"code":"x","items":[{"test":"potency","limit":30}]}""", "needs a name")]
    [InlineData("""{"code":"x","items":[{"test":"endotoxin","comparator":">=","limit":1}]}""", "endotoxin takes <= or <")]
    [InlineData("""{"code":"x","items":[{"test":"sterility","comparator":">=","limit":1}]}""", "qualitative test")]
    [InlineData("""{"code":"x","items":[{"test":"viability","limit":"high"}]}""", "is not a number")]
    [InlineData("""{"code":"x y","items":[{"test":"viability","limit":70}]}""", "must be letters")]
    [InlineData("""{"code":"x","items":[]}""", "has no items")]
    [InlineData("""{"code":"x","items":[{"test":"viability","limit":70},{"test":"viability","limit":80}]}""", "twice")]
    [InlineData("""{"code":"x","items":[{"test":"colour","limit":70}]}""", "is not recognised")]
    [InlineData("""{"code":"x","items":[""", "not valid")]
    public void Bad_specifications_are_refused_with_the_reason(string json, string reason)
    {
        var ex = Assert.Throws<ManufacturingException>(() => SpecificationDefinition.Parse(json, "test.json").ToRecord());
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    private static ReleaseSpecification Spec(params SpecificationItemDefinition[] items) => new SpecificationDefinition { Code = "t", Version = 1, Items = items }.ToRecord();

    private static TestResult Result(ReleaseTest test, string name, double? value = null, string? text = null, string unit = "") =>
        new() { Test = test, Name = name, Value = value, Text = text, Unit = unit, EnteredBy = "olga", EnteredUtc = DateTime.UtcNow };

    [Theory]
    [InlineData(">", 70, 70, ItemStatus.OutOfSpecification)]
    [InlineData(">=", 70, 70, ItemStatus.Pass)]
    [InlineData("<", 2, 2, ItemStatus.OutOfSpecification)]
    [InlineData("<=", 2, 2, ItemStatus.Pass)]
    [InlineData("minimum", 95, 94.9, ItemStatus.OutOfSpecification)]
    [InlineData("maximum", 2, 1.5, ItemStatus.Pass)]
    public void Limits_compare_strictly_or_inclusively_as_written(string comparator, double limit, double value, ItemStatus expected)
    {
        var spec = Spec(new SpecificationItemDefinition { Test = "viability", Comparator = comparator, Limit = limit.ToString(CultureInfo.InvariantCulture) });
        var outcome = SpecificationEvaluator.Evaluate(spec, [Result(ReleaseTest.Viability, "viability", value, unit: "%")], 0, null).Items.Single();
        Assert.Equal(expected, outcome.Status);
    }

    [Fact]
    public void Qualitative_results_accept_laboratory_wording_and_flag_anything_else()
    {
        var spec = Spec(new() { Test = "sterility" }, new() { Test = "mycoplasma" }, new() { Test = "karyotype" });
        var pass = SpecificationEvaluator.Evaluate(spec, [Result(ReleaseTest.Sterility, "sterility", text: "Negative"), Result(ReleaseTest.Mycoplasma, "mycoplasma", text: "not detected"),
            Result(ReleaseTest.Karyotype, "karyotype", text: "46,XY")], 0, null);
        Assert.True(pass.Releasable);
        var fail = SpecificationEvaluator.Evaluate(spec, [Result(ReleaseTest.Sterility, "sterility", text: "growth (S. epidermidis)"), Result(ReleaseTest.Mycoplasma, "mycoplasma", text: "not detected"),
            Result(ReleaseTest.Karyotype, "karyotype", text: "normal")], 0, null);
        Assert.Equal(["sterility growth (S. epidermidis) is out of specification (no growth)"], fail.Blocking);
    }

    [Fact]
    public void Missing_required_results_block_and_optional_ones_do_not()
    {
        var spec = Spec(new() { Test = "viability", Limit = "70" }, new() { Test = "potency", Name = "IDO activity", Limit = "10", Unit = "pg/mL", Required = false });
        var evaluation = SpecificationEvaluator.Evaluate(spec, [], 0, null);
        Assert.Equal(["viability: no result (≥ 70 %)"], evaluation.Blocking);
        evaluation = SpecificationEvaluator.Evaluate(spec, [Result(ReleaseTest.Viability, "viability", 80, unit: "%"), Result(ReleaseTest.Potency, "IDO activity", 3, unit: "pg/mL")], 0, null);
        Assert.True(evaluation.Releasable);
        Assert.Equal(ItemStatus.OutOfSpecification, evaluation.Items[1].Status);
    }

    [Fact]
    public void Superseded_results_are_ignored_and_population_doublings_come_from_the_lot()
    {
        var spec = Spec(new() { Test = "viability", Limit = "70" }, new() { Test = "population_doublings", Limit = "30" });
        var old = Result(ReleaseTest.Viability, "viability", 50, unit: "%");
        old.Superseded = true;
        var evaluation = SpecificationEvaluator.Evaluate(spec, [old, Result(ReleaseTest.Viability, "viability", 90, unit: "%")], 31.5, null);
        Assert.Equal(ItemStatus.Pass, evaluation.Items[0].Status);
        Assert.Equal(ItemStatus.OutOfSpecification, evaluation.Items[1].Status);
        Assert.Equal("31.5 PD", evaluation.Items[1].Result);
    }

    [Fact]
    public void A_computed_endotoxin_limit_needs_a_plan_and_then_judges_the_result()
    {
        var spec = Spec(new SpecificationItemDefinition { Test = "endotoxin", Limit = "K/M", Unit = "EU/mL" });
        var result = Result(ReleaseTest.Endotoxin, "endotoxin", 4, unit: "EU/mL");
        Assert.Equal(ItemStatus.Missing, SpecificationEvaluator.Evaluate(spec, [result], 0, null).Items[0].Status);
        var evaluation = SpecificationEvaluator.Evaluate(spec, [result], 0, new EndotoxinPlan(AdministrationRoute.Intravenous, 70, 7e7, 100));
        Assert.Equal("≤ 3.5 EU/mL", evaluation.Items[0].Criterion);
        Assert.Equal(ItemStatus.OutOfSpecification, evaluation.Items[0].Status);
    }

    [Fact]
    public void Results_are_checked_for_test_unit_and_range_before_they_are_stored()
    {
        var spec = SpecificationDefinition.Default.ToRecord();
        Assert.Equal("viability", SpecificationEvaluator.CheckResult(spec, ReleaseTest.Viability, null, 80, null, "%").Name);
        Assert.Equal("EU/mL", SpecificationEvaluator.CheckResult(spec, ReleaseTest.Endotoxin, null, 0.5, null, "eu/ml").Unit);
        Assert.Contains("does not match the specification unit", Assert.Throws<ManufacturingException>(() => SpecificationEvaluator.CheckResult(spec, ReleaseTest.Viability, null, 80, null, "cells")).Message, StringComparison.Ordinal);
        Assert.Contains("needs a numeric result", Assert.Throws<ManufacturingException>(() => SpecificationEvaluator.CheckResult(spec, ReleaseTest.Viability, null, null, "good", null)).Message, StringComparison.Ordinal);
        Assert.Contains("qualitative", Assert.Throws<ManufacturingException>(() => SpecificationEvaluator.CheckResult(spec, ReleaseTest.Sterility, null, 0, null, null)).Message, StringComparison.Ordinal);
        Assert.Contains("has no marker", Assert.Throws<ManufacturingException>(() => SpecificationEvaluator.CheckResult(spec, ReleaseTest.Marker, "CD73", 97, null, "%")).Message, StringComparison.Ordinal);
        Assert.Contains("computed", Assert.Throws<ManufacturingException>(() => SpecificationEvaluator.CheckResult(spec, ReleaseTest.PopulationDoublings, null, 3, null, null)).Message, StringComparison.Ordinal);
    }

    // ---- CIDMap: every published release specification of the 84 trials must be expressible ----

    private const string CidMap = "cidmap_msc_trial_reports.csv";

    private static readonly string[] Markers =
        ["CD73", "CD90", "CD105", "CD34", "CD45", "CD11b", "CD14", "CD79a", "CD19", "HLA-DR", "CD3", "CD31", "CD133", "CD166", "CD29", "CD44"];

    public static TheoryData<string> CidMapTrials()
    {
        var data = new TheoryData<string>();
        if (Corpus.Root is null || !File.Exists(Path.Combine(Corpus.Root, "corpus", "specs", CidMap)))
        {
            data.Add(Corpus.Placeholder);
            return data;
        }
        foreach (var row in ReadCidMap().Rows) data.Add(row["ref_number"]);
        return data;
    }

    [Theory]
    [MemberData(nameof(CidMapTrials))]
    public void Every_CIDMap_trial_release_specification_is_expressible(string reference)
    {
        if (reference == Corpus.Placeholder) Requirement.Missing(Corpus.MissingMessage);
        var row = ReadCidMap().Rows.Single(r => r["ref_number"] == reference);
        Assert.True(Terms.TryParse<AdministrationRoute>(row["route"], out _), $"route '{row["route"]}' is not in the vocabulary");
        Assert.True(Terms.TryParse<TissueSource>(row["source"], out _), $"source '{row["source"]}' is not in the vocabulary");
        var items = SpecItems(row).ToList();
        if (items.Count == 0) return; // this trial published no release limits (only measured values or none)
        var spec = new SpecificationDefinition { Code = $"cidmap-{reference}", Version = 1, Title = row["ref_title"], Source = row["ref_url"], Items = items }.ToRecord();
        Assert.Equal(items.Count, spec.Items.Count);
        foreach (var (definition, item) in items.Zip(spec.Items))
        {
            Assert.Equal(double.Parse(definition.Limit!, CultureInfo.InvariantCulture), item.Limit);
            Assert.Equal(Terms.Parse<Comparator>(definition.Comparator, "comparator"), item.Comparator);
        }
        // Round trip: what is stored prints back as the same definition.
        Assert.Equal(new SpecificationDefinition { Code = spec.Code, Version = 1, Title = spec.Title, Source = spec.Source, Items = items }.ToRecord().ContentSha256, spec.ContentSha256);
    }

    [Fact]
    public void The_CIDMap_corpus_yields_release_limits_for_viability_and_markers()
    {
        var path = Corpus.Require("corpus", "specs", CidMap);
        Assert.True(File.Exists(path));
        var (rows, _) = ReadCidMap();
        Assert.Equal(84, rows.Count);
        var items = rows.SelectMany(SpecItems).ToList();
        Assert.Contains(items, i => i.Test == "viability");
        Assert.Contains(items, i => i.Test == "marker" && i.Name == "HLA-DR");
        Assert.True(items.Count > 100, $"{items.Count} release limits found");
    }

    /// <summary>The row's release limits: qualifier (greater than, minimum, less than, maximum) with a number, status "release" (or no status column).</summary>
    private static IEnumerable<SpecificationItemDefinition> SpecItems(IReadOnlyDictionary<string, string> row)
    {
        foreach (var test in new[] { "viability" }.Concat(Markers))
        {
            var qualifier = row.GetValueOrDefault($"{test}_qualifier") ?? row.GetValueOrDefault($"{test}_qualifer");
            var value = row.GetValueOrDefault($"{test}_value");
            var status = row.GetValueOrDefault($"{test}_status");
            if (qualifier is not ("greater than" or "minimum" or "less than" or "maximum")) continue;
            if (status is not null && status != "release") continue;
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) continue;
            yield return test == "viability"
                ? new SpecificationItemDefinition { Test = "viability", Comparator = qualifier, Limit = value, Unit = "%" }
                : new SpecificationItemDefinition { Test = "marker", Name = test, Comparator = qualifier, Limit = value, Unit = "%" };
        }
    }

    private static (List<Dictionary<string, string>> Rows, string[] Header) ReadCidMap()
    {
        var lines = Csv.Read(Corpus.Require("corpus", "specs", CidMap));
        var header = lines[1]; // line 0 holds the human-readable headers, line 1 the machine names
        var rows = lines.Skip(2).Where(l => l.Length == header.Length)
            .Select(l => header.Zip(l).GroupBy(p => p.First, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Second, StringComparer.Ordinal)).ToList();
        return (rows, header);
    }
}

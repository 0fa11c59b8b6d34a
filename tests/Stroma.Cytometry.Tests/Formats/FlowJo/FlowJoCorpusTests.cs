using System.Globalization;
using Stroma.Cytometry.Formats.FlowJo;
using Stroma.Cytometry.Formats.GatingMl;
using Stroma.Cytometry.Formats.Fcs;
using Stroma.Testing;
using Xunit;

namespace Stroma.Cytometry.Tests.Formats.FlowJo;

/// <summary>The shared FlowJo 10 workspaces: Stroma's counts against FlowJo's own (flowjo_counts.csv).</summary>
public sealed class FlowJoCorpusTests
{
    private const string Folder = "corpus/wsp";

    /// <summary>One case per row of flowjo_counts.csv that FlowJo computed (count above 0).</summary>
    public static TheoryData<string, string, string> ComputedCounts()
    {
        var data = new TheoryData<string, string, string>();
        var csv = Corpus.Root is null ? null : Path.Combine(Corpus.Root, Folder, "flowjo_counts.csv");
        if (csv is null || !File.Exists(csv))
        {
            data.Add(Corpus.Placeholder, "", "");
            return data;
        }
        foreach (var row in Csv.Read(csv).Skip(1))
            if (row[3] != "(root)" && int.Parse(row[4], CultureInfo.InvariantCulture) > 0) data.Add($"{row[0]}/{row[1]}", row[2], row[3]);
        return data;
    }

    private static int FlowJoCount(string workspace, string population)
    {
        var rows = Csv.Read(Corpus.Require(Folder, "flowjo_counts.csv")).Skip(1);
        return int.Parse(rows.Single(r => $"{r[0]}/{r[1]}" == workspace && r[3] == population)[4], CultureInfo.InvariantCulture);
    }

    [Theory]
    [MemberData(nameof(ComputedCounts))]
    public void Every_population_FlowJo_computed_matches_within_a_tenth_of_a_percent_of_the_events(string workspace, string fcs, string population)
    {
        if (workspace == Corpus.Placeholder) Assert.Skip(Corpus.MissingMessage);
        var path = Corpus.Require(Folder, workspace);
        var ws = FlowJoReader.Read(path);
        var sample = ws.Samples.Single(s => s.FileName == fcs);
        var data = FcsReader.ReadDataset(Path.Combine(Path.GetDirectoryName(path)!, fcs));
        var counts = FlowJoAnalysis.Count(sample, data, fcs);
        var mine = counts.Populations.Single(p => p.Path == population);
        var expected = FlowJoCount(workspace, population);
        Assert.True(Math.Abs(mine.Count - expected) <= 0.001 * data.EventCount,
            $"{population}: Stroma {mine.Count}, FlowJo {expected} of {data.EventCount} events");
    }

    public static TheoryData<string> Workspaces()
    {
        var data = new TheoryData<string>();
        var root = Corpus.Root is null ? null : Path.Combine(Corpus.Root, Folder);
        if (root is null || !Directory.Exists(root))
        {
            data.Add(Corpus.Placeholder);
            return data;
        }
        foreach (var f in Directory.EnumerateFiles(root, "*.wsp", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(root, f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Workspaces))]
    public void Exported_GatingML_reproduces_the_imported_counts_of_every_population(string workspace)
    {
        if (workspace == Corpus.Placeholder) Assert.Skip(Corpus.MissingMessage);
        var path = Corpus.Require(Folder, workspace);
        var report = FlowJoAnalysis.Run(FlowJoReader.Read(path), path, []);
        Assert.Empty(report.Missing);
        foreach (var sample in report.Samples)
        {
            var imported = FlowJoReader.Read(path).FindSample(sample.Sample)!;
            var strategy = GatingMlReader.Parse(FlowJoAnalysis.ExportGatingMl(imported), "export.xml");
            var results = strategy.Apply(FcsReader.ReadDataset(sample.File));
            foreach (var (population, count) in imported.Populations.Zip(sample.Populations))
                Assert.Equal(count.Count, results[population.GateId].Count);
        }
    }
}

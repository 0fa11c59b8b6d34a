using System.Globalization;
using System.Text;
using Stroma.Testing;
using Xunit;

namespace Stroma.Knowledge.Tests;

/// <summary>Figures the data files quote from the CIDMap trial-report table, recomputed from the shared copy.</summary>
public sealed class CidmapFigureTests
{
    [Fact]
    public void Most_trial_reports_never_measured_function_as_the_potency_rule_states()
    {
        var rows = Rows();
        Assert.Equal(84, rows.Count);
        Assert.Equal(77, rows.Count(r => r["Other functionality assay"] == "Not mentioned"));
        var immune = rows.Where(r => r["Mechanism of action"] == "Immune").ToList();
        Assert.Equal(12, immune.Count);
        Assert.Equal(11, immune.Count(r => r["Other functionality assay"] == "Not mentioned"));
        var fact = KnowledgeBase.Default.ReadinessRules.Find("potency-not-measured")!.Facts.Single(f => f.Source.IsExternal);
        Assert.Contains("77 of 84", fact.Text, StringComparison.Ordinal);
        Assert.Contains("11 of the 12", fact.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Viability_release_specifications_range_from_70_to_95_percent()
    {
        var specs = Rows()
            .Where(r => r["Viability qualifier"] is "greater than" or "minimum" && r["Viability status"] == "release")
            .Select(r => double.Parse(r["Viability value"], CultureInfo.InvariantCulture))
            .ToList();
        Assert.Equal(70, specs.Min());
        Assert.Equal(95, specs.Max());
        Assert.Equal(70, KnowledgeBase.Default.ReadinessRules.Parameters.Single(p => p.Name == "viabilityPercentMin").Value);
    }

    [Fact]
    public void Routes_not_named_by_the_review_are_counted_as_the_routes_file_states()
    {
        var routes = Rows().GroupBy(r => r["Route of administration"]).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(16, routes["Intrathecal"]);
        Assert.Equal(4, routes["Intracoronary"]);
        Assert.Contains("16 of 84", KnowledgeBase.Default.Routes.Get("intrathecal").Facts[0].Text, StringComparison.Ordinal);
        Assert.Contains("4 of 84", KnowledgeBase.Default.Routes.Get("intracoronary").Facts[0].Text, StringComparison.Ordinal);
    }

    // The first line holds the long column names used here; the second, short names; then one report per line.
    private static List<Dictionary<string, string>> Rows()
    {
        var lines = Csv.Parse(File.ReadAllText(Corpus.Require("corpus", "specs", "cidmap_msc_trial_reports.csv"), Encoding.Latin1));
        var header = lines[0];
        return [.. lines.Skip(2).Where(l => l.Length == header.Length).Select(l => header.Zip(l).GroupBy(p => p.First).ToDictionary(g => g.Key, g => g.First().Second))];
    }
}

using System.Globalization;
using System.Text;
using Stroma.Identity.Panels;
using Stroma.Testing;
using Xunit;

namespace Stroma.Identity.Tests.Panels;

/// <summary>Built-in panels, custom panel files, and the published threshold variants of 84 trials.</summary>
public sealed class PanelTests
{
    [Fact]
    public void Isct_2006_holds_the_minimal_criteria()
    {
        var panel = IdentityPanel.Load("isct-2006");
        Assert.Equal(8, panel.Criteria.Count);
        var cd105 = panel.Criteria.Single(c => c.Markers.Contains("CD105"));
        Assert.Equal((CriterionDirection.Positive, ">=", 95.0), (cd105.Direction, cd105.Comparison, cd105.Limit!.Value));
        Assert.Equal(["CD14", "CD11b"], panel.Criteria.Single(c => c.Markers.Contains("CD14")).Markers);
        Assert.All(panel.Criteria, c => Assert.False(string.IsNullOrWhiteSpace(c.Source)));
    }

    [Fact]
    public void Ifats_isct_2013_judges_cd44_and_reports_cd34()
    {
        var panel = IdentityPanel.Load("ifats-isct-2013");
        Assert.Equal(80, panel.Criteria.Single(c => c.Markers.Contains("CD44")).Limit);
        Assert.Equal(CriterionDirection.Report, panel.Criteria.Single(c => c.Markers.Contains("CD34")).Direction);
        Assert.Equal(2, panel.Criteria.Single(c => c.Markers.Contains("CD31")).Limit);
    }

    [Fact]
    public void Panels_declare_each_criterions_control_kind_and_what_borderline_does()
    {
        var builtIn = IdentityPanel.Load("isct-2006");
        Assert.Equal(BorderlinePolicy.Inconclusive, builtIn.Borderline);
        Assert.All(builtIn.Criteria, c => Assert.Equal(ControlRequirement.Any, c.Control));
        var custom = IdentityPanel.Parse("""
            {"id":"x","title":"t","borderline":"point-estimate","criteria":[
              {"markers":["CD73"],"direction":"positive","comparison":">=","limit":95,"control":"fmo"},
              {"markers":["CD45"],"direction":"negative","comparison":"<=","limit":2,"control":"isotype"},
              {"markers":["CD34"],"direction":"negative","comparison":"<=","limit":2}]}
            """, "custom.json");
        Assert.Equal(BorderlinePolicy.PointEstimate, custom.Borderline);
        Assert.Equal([ControlRequirement.Fmo, ControlRequirement.Isotype, ControlRequirement.Any],
            custom.Criteria.Select(c => c.Control));
        var unsaid = IdentityPanel.Parse(
            """{"id":"x","title":"t","criteria":[{"markers":["CD34"],"direction":"report"}]}""", "p");
        Assert.Equal(BorderlinePolicy.Inconclusive, unsaid.Borderline);
    }

    [Theory]
    [InlineData("""{"id":"x","title":"t","criteria":[{"markers":["CD73"],"direction":"report","control":"blank"}]}""",
        "not a valid panel")]
    [InlineData("""{"id":"x","title":"t","borderline":"maybe","criteria":[{"markers":["CD73"],"direction":"report"}]}""",
        "not a valid panel")]
    [InlineData("""{"id":"x","title":"t","criteria":[]}""", "no criteria")]
    [InlineData("""{"id":"x","title":"t","criteria":[{"markers":["CD73"],"direction":"positive","comparison":"<=","limit":95}]}""", "does not fit a positive criterion")]
    [InlineData("""{"id":"x","title":"t","criteria":[{"markers":["CD73"],"direction":"negative","comparison":"<","limit":120}]}""", "between 0 and 100")]
    [InlineData("""{"id":"x","title":"t","criteria":[{"markers":["Fibro7"],"direction":"report"}]}""", "not a recognised marker")]
    [InlineData("""{"id":"x",""", "not a valid panel")]
    public void Invalid_custom_panels_are_refused_with_the_reason(string json, string expected)
    {
        var ex = Assert.Throws<IdentityException>(() => IdentityPanel.Parse(json, "custom.json"));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains("custom.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_cidmap_threshold_variant_is_expressible_as_a_panel()
    {
        var path = Corpus.Require("corpus", "specs", "cidmap_msc_trial_reports.csv");
        var rows = Csv.Read(path);
        var header = rows[1];
        string[] markers = ["CD73", "CD90", "CD105", "CD34", "CD45", "CD11b", "CD14", "CD79a", "CD19", "HLA-DR", "CD3", "CD31", "CD133", "CD166", "CD29", "CD44"];
        var expressed = 0;
        foreach (var row in rows.Skip(2))
        {
            var criteria = new List<string>();
            foreach (var marker in markers)
            {
                var q = Column(header, row, $"{marker}_qualifier") ?? Column(header, row, $"{marker}_qualifer");
                var v = Column(header, row, $"{marker}_value");
                var comparison = q switch { "greater than" => ">", "minimum" => ">=", "less than" => "<", "maximum" => "<=", _ => null };
                if (comparison is null || !double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var limit)) continue;
                var direction = comparison.StartsWith('>') ? "positive" : "negative";
                criteria.Add($$"""{"markers":["{{marker}}"],"direction":"{{direction}}","comparison":"{{comparison}}","limit":{{limit.ToString(CultureInfo.InvariantCulture)}}}""");
            }
            if (criteria.Count == 0) continue;
            var panel = IdentityPanel.Parse($$"""{"id":"cidmap-{{row[0]}}","title":"{{row[2]}} {{row[5]}}","criteria":[{{string.Join(',', criteria)}}]}""", $"CIDMap row {row[0]}");
            Assert.Equal(criteria.Count, panel.Criteria.Count);
            expressed++;
        }
        Assert.True(expressed >= 20, $"only {expressed} trials carried numeric marker specifications");
    }

    private static string? Column(string[] header, string[] row, string name)
    {
        var i = Array.IndexOf(header, name);
        return i >= 0 && i < row.Length ? row[i] : null;
    }
}

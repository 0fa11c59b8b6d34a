using System.Text.Json.Nodes;
using Stroma.Trials.Extraction;
using Stroma.Trials.Formats;
using Stroma.Trials.Landscape;
using Stroma.Testing;
using Xunit;

namespace Stroma.Trials.Tests.Landscape;

/// <summary>The table writers publish their files only when the run has finished.</summary>
public sealed class LandscapeWriterTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Records that fail part-way through the run, as a crash or a full disk would.</summary>
    private static IEnumerable<TrialReadResult> FailingAfterOneStudy()
    {
        foreach (var r in TrialReader.Read([Fixtures.V2Study])) yield return r;
        throw new IOException("disk full");
    }

    [Fact]
    public void A_failed_run_leaves_no_csv_tables_and_keeps_the_previous_ones()
    {
        var folder = _dir.File("tables");
        using (var writer = new CsvLandscapeWriter(folder)) LandscapeRun.Run(TrialReader.Read([Fixtures.V2Study]), MscExtractor.Default, writer);
        var before = File.ReadAllText(Path.Combine(folder, "counts.csv"));

        Assert.Throws<IOException>(() =>
        {
            using var writer = new CsvLandscapeWriter(folder);
            LandscapeRun.Run(FailingAfterOneStudy(), MscExtractor.Default, writer);
        });

        Assert.Equal(before, File.ReadAllText(Path.Combine(folder, "counts.csv")));
        Assert.Equal(["approved-products.csv", "counts.csv", "table1-cells.csv", "table2-secretome.csv"],
            Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Registry_text_that_a_spreadsheet_would_run_is_defused_in_every_table()
    {
        const string formula = "=HYPERLINK(\"http://example.invalid/x\",\"open\")";
        var study = JsonNode.Parse(File.ReadAllText(Fixtures.V2Study))!;
        var protocol = study["protocolSection"]!;
        protocol["identificationModule"]!["briefTitle"] = formula + " MSCs for knee osteoarthritis";
        protocol["conditionsModule"]!["conditions"] = new JsonArray(formula);
        protocol["sponsorCollaboratorsModule"]!["leadSponsor"]!["name"] = "@SUM(1+1)";
        var input = _dir.File("formula-study.json");
        File.WriteAllText(input, study.ToJsonString());
        var folder = _dir.File("guarded");

        using (var writer = new CsvLandscapeWriter(folder))
            LandscapeRun.Run(TrialReader.Read([input]), MscExtractor.Default, writer);

        var table1 = File.ReadAllText(Path.Combine(folder, "table1-cells.csv"));
        // The condition cell: guarded, then quoted (it holds quotes and a comma) as RFC 4180 asks.
        var guarded = "\"'" + formula.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        Assert.Contains(guarded, table1, StringComparison.Ordinal);
        Assert.Contains(",'@SUM(1+1),", table1, StringComparison.Ordinal);
        foreach (var file in Directory.GetFiles(folder))
        {
            foreach (var line in File.ReadAllLines(file))
            {
                Assert.DoesNotContain(",=", line, StringComparison.Ordinal);
                Assert.DoesNotContain(",\"=", line, StringComparison.Ordinal);
                Assert.DoesNotContain(",@", line, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void A_failed_run_leaves_no_workbook_and_no_temporary_file()
    {
        var path = _dir.File("landscape.xlsx");
        Assert.Throws<IOException>(() =>
        {
            using var writer = new XlsxLandscapeWriter(path);
            LandscapeRun.Run(FailingAfterOneStudy(), MscExtractor.Default, writer);
        });
        Assert.Empty(Directory.GetFiles(_dir.Path));

        using (var writer = new XlsxLandscapeWriter(path)) LandscapeRun.Run(TrialReader.Read([Fixtures.V2Study]), MscExtractor.Default, writer);
        Assert.Equal(["landscape.xlsx"], Directory.GetFiles(_dir.Path).Select(Path.GetFileName));
    }
}

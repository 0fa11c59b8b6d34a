using System.IO.Compression;
using System.Text.Json;
using System.Xml.Linq;
using Stroma.Trials.Extraction;
using Stroma.Trials.Formats;
using Stroma.Trials.Landscape;
using Stroma.Testing;
using Xunit;

namespace Stroma.Trials.Tests.Landscape;

public sealed class LandscapeTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static LandscapeReport CorpusReport(ILandscapeTableSink? sink = null) =>
        LandscapeRun.Run(TrialReader.Read([Corpus.Require("corpus", "trials", "ctgov-classic")]), MscExtractor.Default, sink);

    /// <summary>Counts computed a different way: straight from the raw field lists, without the readers or the model.</summary>
    private static Dictionary<string, Dictionary<string, int>> RawCounts()
    {
        var counts = new[] { "status", "phase", "branch", "country", "year" }.ToDictionary(k => k, _ => new Dictionary<string, int>());
        void Count(string map, string key) => counts[map][key] = counts[map].GetValueOrDefault(key) + 1;
        foreach (var file in Directory.GetFiles(Corpus.Require("corpus", "trials", "ctgov-classic"), "*.json"))
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            var root = doc.RootElement;
            string[] List(string name) => root.TryGetProperty(name, out var v) ? v.EnumerateArray().Select(x => x.GetString()!).ToArray() : [];
            Count("status", List("OverallStatus").FirstOrDefault() ?? "(none)");
            var phases = List("Phase");
            Count("phase", phases.Length == 0 ? "(none)" : string.Join("|", phases));
            foreach (var b in List("ConditionBrowseBranchName").Distinct().Where(b => b != "All Conditions")) Count("branch", b);
            foreach (var c in List("LocationCountry").Distinct()) Count("country", c);
            var start = List("StartDate").FirstOrDefault();
            Count("year", start is null ? "(none)" : start[^4..]);
        }
        return counts;
    }

    [Fact]
    public void Registry_counts_match_an_independent_scan_of_the_raw_records()
    {
        var report = CorpusReport();
        var raw = RawCounts();
        Assert.Equal(Directory.GetFiles(Corpus.Require("corpus", "trials", "ctgov-classic"), "*.json").Length, report.Trials);
        Assert.Equal(raw["status"], report.ByStatus);
        Assert.Equal(raw["phase"], report.ByPhase);
        Assert.Equal(raw["branch"], report.ByConditionCategory);
        Assert.Equal(raw["country"], report.ByCountry);
        Assert.Equal(raw["year"], report.ByStartYear);
        Assert.Contains("Phase 1|Phase 2", report.ByPhase.Keys);
        Assert.Contains("Active, not recruiting", report.ByStatus.Keys);
    }

    [Fact]
    public void Phase_groups_follow_the_review_and_add_up_to_all_records()
    {
        var report = CorpusReport();
        Assert.Equal(report.Trials, report.ByPhaseGroup.Values.Sum());
        Assert.Equal(report.ByPhase.GetValueOrDefault("Phase 1|Phase 2"), report.ByPhaseGroup["I-II"]);
        Assert.Equal(report.ByPhase.GetValueOrDefault("Early Phase 1"), report.ByPhaseGroup["early phase I"]);
        Assert.Equal(report.ByPhase.GetValueOrDefault("Not Applicable") + report.ByPhase.GetValueOrDefault("(none)"), report.ByPhaseGroup["n.a."]);
    }

    [Fact]
    public void Extracted_counts_cover_the_msc_trials_only()
    {
        var report = CorpusReport();
        var extractions = TrialReader.Read([Corpus.Require("corpus", "trials", "ctgov-classic")]).Select(r => MscExtractor.Default.Extract(r.Trial!)).ToList();
        Assert.Equal(extractions.Count(e => e.MscIntervention), report.MscTrials);
        Assert.Equal(extractions.Count(e => e.Product.Contains("ev")), report.ByProduct.GetValueOrDefault("ev"));
        Assert.Equal(extractions.Where(e => e.MscIntervention).Sum(e => e.Route.Count), report.ByRoute.Values.Sum());
        Assert.Equal(extractions.Where(e => e.MscIntervention).Sum(e => e.TissueSource.Count), report.BySourceAndMatch.Values.Sum());
        Assert.Equal(extractions.Count(e => e.Dose?.Unit == "cells_per_kg"), report.ByDoseCellsPerKg.Values.Sum());
        Assert.Equal(extractions.Count(e => e.Dose?.Unit == "cells"), report.ByDoseTotalCells.Values.Sum());
    }

    [Fact]
    public void The_ten_approved_products_of_the_review_are_linked_to_the_records_naming_them()
    {
        var report = CorpusReport();
        Assert.Equal(["Alofisel", "Prochymal", "Temcell HS Inj", "Queencell", "Cupistem", "Neuronata-R", "Cartistem", "Stemirac", "Stempeucel", "Cellgram-AMI"],
            report.ApprovedProducts.Select(p => p.Product.Name));
        Assert.Equal(2015, report.ApprovedProducts.Single(p => p.Product.Name == "Temcell HS Inj").Product.Year);
        Assert.Equal("Europe", report.ApprovedProducts.Single(p => p.Product.Name == "Alofisel").Product.Region);
        // Independent check: every raw record whose text says "Prochymal" or "remestemcel" is linked, and no other.
        var raw = Directory.GetFiles(Corpus.Require("corpus", "trials", "ctgov-classic"), "*.json")
            .Where(f => File.ReadAllText(f) is var s && (s.Contains("Prochymal", StringComparison.OrdinalIgnoreCase) || s.Contains("remestemcel", StringComparison.OrdinalIgnoreCase) || s.Contains("Ryoncil", StringComparison.OrdinalIgnoreCase)))
            .Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("NCTId")[0].GetString()).ToHashSet();
        var linked = report.ApprovedProducts.Single(p => p.Product.Name == "Prochymal").Trials.ToHashSet();
        Assert.Subset(raw!, linked);
        Assert.NotEmpty(linked);
    }

    [Fact]
    public void Csv_tables_follow_the_review_layout_with_one_row_per_msc_trial_and_table()
    {
        var folder = _dir.File("csv");
        LandscapeReport report;
        using (var writer = new CsvLandscapeWriter(folder)) report = CorpusReport(writer);
        var table1 = File.ReadAllLines(Path.Combine(folder, "table1-cells.csv"));
        Assert.StartsWith("NCT Number,Disease,Phase,Status,Location,Start Date,Sponsor", table1[0], StringComparison.Ordinal);
        // A UTF-8 byte-order mark so spreadsheet programs read the accents right.
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, File.ReadAllBytes(Path.Combine(folder, "table1-cells.csv"))[..3]);
        Assert.Equal(report.ByProduct.GetValueOrDefault("cells") + 1, CountRecords(Path.Combine(folder, "table1-cells.csv")));
        var secretome = report.ByProduct.GetValueOrDefault("ev") + report.ByProduct.GetValueOrDefault("secretome");
        Assert.InRange(CountRecords(Path.Combine(folder, "table2-secretome.csv")) - 1, 1, secretome);
        Assert.Equal(11, File.ReadAllLines(Path.Combine(folder, "approved-products.csv")).Length);
        Assert.Contains(File.ReadAllLines(Path.Combine(folder, "counts.csv")), l => l == $"summary,mscTrials,{report.MscTrials}");
    }

    [Fact]
    public void The_xlsx_workbook_holds_both_tables_the_approved_products_and_the_counts()
    {
        var path = _dir.File("landscape.xlsx");
        LandscapeReport report;
        using (var writer = new XlsxLandscapeWriter(path)) report = CorpusReport(writer);
        using var zip = ZipFile.OpenRead(path);
        XNamespace ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        var book = XDocument.Load(zip.GetEntry("xl/workbook.xml")!.Open());
        Assert.Equal(["Table 1 (cells)", "Table 2 (secretome, EV)", "Approved products", "Counts"], book.Descendants(ns + "sheet").Select(s => (string)s.Attribute("name")!));
        int Rows(int sheet) => XDocument.Load(zip.GetEntry($"xl/worksheets/sheet{sheet}.xml")!.Open()).Descendants(ns + "row").Count();
        Assert.Equal(report.ByProduct.GetValueOrDefault("cells") + 1, Rows(1));
        Assert.Equal(11, Rows(3));
        Assert.Equal(3 + LandscapeRun.Sections(report).Sum(s => s.Counts.Count) + 1, Rows(4));
        var first = XDocument.Load(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open()).Descendants(ns + "row").First();
        Assert.Equal("NCT Number", first.Descendants(ns + "t").First().Value);
    }

    [Fact]
    public void Markdown_and_html_list_every_section_and_the_approved_products()
    {
        var report = LandscapeRun.Run(TrialReader.Read([Fixtures.V2Page, Fixtures.CsvCurrent]), MscExtractor.Default);
        var md = new StringWriter();
        LandscapeText.WriteMarkdown(md, report);
        var html = new StringWriter();
        LandscapeText.WriteHtml(html, report);
        foreach (var (key, title, _) in LandscapeRun.Sections(report))
        {
            Assert.Contains($"## {title}", md.ToString(), StringComparison.Ordinal);
            Assert.Contains($"id=\"{key}\"", html.ToString(), StringComparison.Ordinal);
        }
        Assert.Contains("| Alofisel | Europe |", md.ToString(), StringComparison.Ordinal);
        Assert.Contains("NCT90000005", md.ToString(), StringComparison.Ordinal);
        // Two malformed studies in the page, one malformed row in the CSV.
        Assert.Equal(3, report.Skipped);
    }

    [Fact]
    public void Decade_bins_hold_their_lower_bound() =>
        Assert.Equal(["<1e5", "1e5-1e6", "1e6-1e7", "1e6-1e7", "1e8-1e9", ">=1e9"], new[] { 5e4, 1e5, 1e6, 9.99e6, 1.2e8, 1e9 }.Select(LandscapeBuilder.Decade));

    private static int CountRecords(string csv)
    {
        using var reader = new StreamReader(csv);
        var n = 0;
        var r = new DelimitedReader(reader);
        while (r.ReadRow() is not null) n++;
        return n;
    }
}

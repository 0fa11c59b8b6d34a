using System.IO.Compression;
using Stroma.Testing;
using Stroma.Trials.Extraction;
using Stroma.Trials.Registry;
using Xunit;

namespace Stroma.Trials.Tests.Registry;

/// <summary>Comparing two snapshots, and a snapshot with other sources.</summary>
public sealed class TrialDiffTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> Snapshot(string name, List<string> studies, string date)
    {
        using var api = new FakeRegistry(studies, date);
        var path = _dir.File(name);
        await new RegistryFetcher(new RegistryFetchOptions { BaseUrl = api.BaseUrl, PageSize = 2,
            RetryDelay = TimeSpan.Zero })
            .FetchAsync(RegistryQuery.Create("mesenchymal"), path, null, Ct);
        return path;
    }

    /// <summary>
    /// Old: studies 1–5. New: 1 unchanged, 2 terminated with a reason, 3 with results and a new country, 4 given by
    /// another route, 5 gone, 6 new.
    /// </summary>
    private async Task<TrialDiffReport> Diff()
    {
        var old = await Snapshot("old.zip", V2Studies.Many(5), "2026-06-01T09:00:00");
        var changed = new List<string>
        {
            V2Studies.Study(1),
            V2Studies.Study(2, status: "TERMINATED", whyStopped: "Sponsor ended funding", enrollment: 12),
            V2Studies.Study(3, status: "COMPLETED", resultsPosted: "2026-10-15", countries: ["France", "Belgium"]),
            V2Studies.Study(4, route: "intra-articular injection"),
            V2Studies.Study(6, phase: "PHASE3", branch: "Nervous System Diseases"),
        };
        var @new = await Snapshot("new.zip", changed, "2026-12-01T09:00:00");
        return TrialDiffer.Diff(old, @new, MscExtractor.Default);
    }

    [Fact]
    public async Task Diff_lists_added_and_removed_studies_and_the_data_dates_of_both_sides()
    {
        var r = await Diff();

        Assert.Equal("2026-06-01T09:00:00", r.Old.DataDate);
        Assert.Equal("2026-12-01T09:00:00", r.New.DataDate);
        Assert.Equal("query.term=mesenchymal", r.New.Query);
        Assert.Equal([V2Studies.Id(6)], r.Added.Select(s => s.NctId));
        Assert.Equal("Phase 3", r.Added[0].Phase);
        Assert.Equal([V2Studies.Id(5)], r.Removed.Select(s => s.NctId));
        Assert.Equal(1, r.Unchanged);
        Assert.Equal([V2Studies.Id(2), V2Studies.Id(3), V2Studies.Id(4)], r.Changed.Select(c => c.NctId));
        Assert.Empty(r.Skipped);
    }

    [Fact]
    public async Task Diff_shows_status_why_stopped_enrollment_results_and_countries_as_registry_changes()
    {
        var r = await Diff();

        var stopped = r.Changed.Single(c => c.NctId == V2Studies.Id(2)).Changes.ToDictionary(c => c.Field);
        Assert.Equal(("Recruiting", "Terminated"), (stopped["overallStatus"].Old, stopped["overallStatus"].New));
        Assert.Equal((null, "Sponsor ended funding"), (stopped["whyStopped"].Old, stopped["whyStopped"].New));
        Assert.Equal(("40 (anticipated)", "12 (anticipated)"), (stopped["enrollment"].Old, stopped["enrollment"].New));
        Assert.All(stopped.Values, c => Assert.Equal("registry", c.Kind));
        var results = r.Changed.Single(c => c.NctId == V2Studies.Id(3)).Changes.ToDictionary(c => c.Field);
        Assert.Equal("2026-10-15 (actual)", results["resultsFirstPosted"].New);
        Assert.Equal(("France", "Belgium, France"), (results["countries"].Old, results["countries"].New));
    }

    [Fact]
    public async Task Diff_runs_the_extractor_on_both_sides_and_shows_a_changed_route()
    {
        var r = await Diff();

        var route = Assert.Single(r.Changed.Single(c => c.NctId == V2Studies.Id(4)).Changes);
        Assert.Equal(("route", "extraction"), (route.Field, route.Kind));
        Assert.Equal(("intravenous", "intra_articular"), (route.Old, route.New));
    }

    [Fact]
    public async Task Diff_counts_by_status_phase_and_category_on_both_sides_with_the_difference()
    {
        var r = await Diff();

        var status = r.Counts.Single(s => s.Key == "byStatus").Rows.ToDictionary(c => c.Label);
        Assert.Equal((5, 3, -2), (status["Recruiting"].Old, status["Recruiting"].New, status["Recruiting"].Difference));
        Assert.Equal((0, 1, 1), (status["Terminated"].Old, status["Terminated"].New, status["Terminated"].Difference));
        var phase = r.Counts.Single(s => s.Key == "byPhase").Rows.ToDictionary(c => c.Label);
        Assert.Equal(1, phase["Phase 3"].Difference);
        var category = r.Counts.Single(s => s.Key == "byConditionCategory").Rows.ToDictionary(c => c.Label);
        Assert.Equal((0, 1), (category["Nervous System Diseases"].Old, category["Nervous System Diseases"].New));
        Assert.Equal(-1, category["Muscle, Bone, and Cartilage Diseases"].Difference);
    }

    [Fact]
    public async Task A_snapshot_and_a_folder_of_the_same_v2_records_differ_in_nothing()
    {
        var studies = V2Studies.Many(3);
        var snapshot = await Snapshot("s.zip", studies, "2026-06-01T09:00:00");
        var folder = Directory.CreateDirectory(_dir.File("folder")).FullName;
        for (var i = 0; i < studies.Count; i++) File.WriteAllText(Path.Combine(folder, $"{i}.json"), studies[i]);
        var bulk = _dir.File("bulk.zip");
        ZipFile.CreateFromDirectory(folder, bulk);

        var r = TrialDiffer.Diff(folder, snapshot, MscExtractor.Default);
        var z = TrialDiffer.Diff(bulk, folder, MscExtractor.Default);

        Assert.Equal((0, 0, 0, 3), (r.Added.Count, r.Removed.Count, r.Changed.Count, r.Unchanged));
        Assert.Null(r.Old.DataDate);
        Assert.Null(r.Old.Query);
        Assert.Equal(3, z.Unchanged);
        Assert.All(r.Counts.SelectMany(s => s.Rows), c => Assert.Equal(0, c.Difference));
    }

    [Fact]
    public void A_folder_of_classic_records_compared_with_itself_has_no_changes_and_its_records_data_date()
    {
        var folder = Directory.CreateDirectory(_dir.File("classic")).FullName;
        File.Copy(Fixtures.Classic, Path.Combine(folder, "a.json"));

        var r = TrialDiffer.Diff(folder, folder, MscExtractor.Default);

        Assert.Equal(1, r.Unchanged);
        Assert.Empty(r.Changed);
        Assert.Equal(r.Old.DataDate, r.New.DataDate);
    }

    [Fact]
    public async Task Markdown_html_and_xlsx_renderings_carry_the_changes()
    {
        var r = await Diff();
        var md = new StringWriter();
        DiffText.WriteMarkdown(md, r);
        var html = new StringWriter();
        DiffText.WriteHtml(html, r);
        var xlsx = _dir.File("diff.xlsx");
        XlsxDiffWriter.Write(xlsx, r);

        Assert.Contains($"| {V2Studies.Id(2)} | whyStopped | registry | — | Sponsor ended funding |", md.ToString(),
            StringComparison.Ordinal);
        Assert.Contains("| Terminated | 0 | 1 | +1 |", md.ToString(), StringComparison.Ordinal);
        Assert.Contains("<td>intra_articular</td>", html.ToString(), StringComparison.Ordinal);
        using var zip = ZipFile.OpenRead(xlsx);
        var sheets = zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, sheets.Count);
        using var shared = new StreamReader(zip.Entries.Single(e => e.FullName == "xl/worksheets/sheet4.xml").Open());
        Assert.Contains("Sponsor ended funding", shared.ReadToEnd(), StringComparison.Ordinal);
    }
}

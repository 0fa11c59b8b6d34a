using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace Stroma.Web.Tests;

/// <summary>Lists of lots, results, audit entries and trials: search, filter, sort, pages and CSV export.</summary>
public sealed partial class ListTests(WebAppFixture app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<string> TextAsync(HttpResponseMessage response) => await response.Content.ReadAsStringAsync(Ct);

    private static string[] Codes(string html, string table) =>
        CodeCell().Matches(html[html.IndexOf($"id=\"{table}\"", StringComparison.Ordinal)..]).Select(m => m.Groups[1].Value).ToArray();

    [Fact]
    public async Task The_lot_list_sorts_by_cumulative_pd_and_filters_by_text()
    {
        using var viewer = await app.SessionAsync("vera");
        using var api = await viewer.GetAsync("/api/lots");
        using var json = JsonDocument.Parse(await TextAsync(api));
        var highest = json.RootElement.EnumerateArray().OrderByDescending(l => l.GetProperty("cumulativePd").GetDouble()).First().GetProperty("code").GetString();
        using var sorted = await viewer.GetAsync("/lots?sort=pd&dir=desc");
        Assert.Equal(highest, Codes(await TextAsync(sorted), "lots")[0]);
        using var filtered = await viewer.GetAsync("/lots?q=AD-201");
        var codes = Codes(await TextAsync(filtered), "lots");
        Assert.NotEmpty(codes);
        Assert.All(codes, c => Assert.Contains("AD-201", c, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_audit_trail_is_paged_and_the_next_page_continues_where_the_first_ended()
    {
        using var viewer = await app.SessionAsync("vera");
        // Oldest first, so entries other tests add meanwhile land after both pages.
        using var first = await viewer.GetAsync("/audit?dir=asc");
        var page1 = await TextAsync(first);
        Assert.Contains("page 1 of", page1, StringComparison.Ordinal);
        var sequences1 = Sequences(page1);
        Assert.Equal(25, sequences1.Length);
        using var second = await viewer.GetAsync("/audit?dir=asc&p=2");
        var sequences2 = Sequences(await TextAsync(second));
        Assert.Equal(sequences1[^1] + 1, sequences2[0]);
    }

    private static long[] Sequences(string html) =>
        SequenceCell().Matches(html).Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();

    [Fact]
    public async Task The_lot_export_is_csv_of_the_filtered_rows_with_a_header()
    {
        using var viewer = await app.SessionAsync("vera");
        using var response = await viewer.GetAsync("/lots?handler=Csv&q=BM-101");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync(Ct)).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("lot,kind,parent,donor", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("PC-BM-101,", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("PC-AD-201,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_results_export_lists_current_results_of_the_chosen_test_only()
    {
        using var viewer = await app.SessionAsync("vera");
        using var response = await viewer.GetAsync("/results?handler=Csv&test=viability");
        var lines = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync(Ct)).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length > 1, "no viability results exported");
        Assert.All(lines.Skip(1), l => Assert.Equal("viability", l.Split(',')[1]));
    }

    [Fact]
    public async Task The_audit_export_has_one_row_per_changed_field_with_old_and_new_values()
    {
        using var viewer = await app.SessionAsync("vera");
        using var response = await viewer.GetAsync("/audit?handler=Csv&entity=Lot&key=PC-BM-101");
        var lines = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync(Ct)).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("sequence,when (UTC),who,action,record,key,field,old,new,reason", lines[0]);
        Assert.Contains(lines, l => l.Contains(",insert,Lot,PC-BM-101,Code,,PC-BM-101,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_trials_export_has_a_row_per_matching_msc_trial()
    {
        using var viewer = await app.SessionAsync("vera");
        using var page = await viewer.GetAsync("/trials");
        var count = Regex.Match(await TextAsync(page), "id=\"trial-count\">([0-9,]+) MSC trials").Groups[1].Value.Replace(",", "", StringComparison.Ordinal);
        using var response = await viewer.GetAsync("/trials?handler=Csv");
        var lines = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync(Ct)).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("nct id,title,status,phase", lines[0], StringComparison.Ordinal);
        Assert.Equal(count.Length == 0 ? 0 : int.Parse(count, CultureInfo.InvariantCulture), lines.Length - 1);
    }

    [GeneratedRegex("<tr><td><a href=\"/lots/([^\"]+)\">")]
    private static partial Regex CodeCell();

    [GeneratedRegex("<tr><td>([0-9]+)</td><td><time")]
    private static partial Regex SequenceCell();
}

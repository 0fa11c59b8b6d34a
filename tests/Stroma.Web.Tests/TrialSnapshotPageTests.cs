using System.Net;
using Microsoft.AspNetCore.Builder;
using Stroma.Testing;
using Stroma.Trials.Registry;
using Stroma.Trials.Tests.Registry;
using Xunit;

namespace Stroma.Web.Tests;

/// <summary>
/// The snapshot list, the landscape of a chosen snapshot and the diff page, over HTTP: a second app on the demo
/// database with a snapshot folder holding two snapshots fetched from a fake API v2 on loopback.
/// </summary>
public sealed class TrialSnapshotPageTests(WebAppFixture fixture) : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private WebApplication _app = null!;
    private Uri _base = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = Directory.CreateDirectory(_dir.File("snapshots")).FullName;
        var query = RegistryQuery.Create("mesenchymal");
        using (var api = new FakeRegistry(V2Studies.Many(3), "2026-06-01T09:00:00"))
            await new RegistryFetcher(new RegistryFetchOptions { BaseUrl = api.BaseUrl }).FetchAsync(query,
                Path.Combine(folder, "june.zip"), null, ct);
        var later = new List<string> { V2Studies.Study(1, status: "TERMINATED", whyStopped: "Made-up reason to stop"),
            V2Studies.Study(2), V2Studies.Study(4) };
        using (var api = new FakeRegistry(later, "2026-12-01T09:00:00"))
            await new RegistryFetcher(new RegistryFetchOptions { BaseUrl = api.BaseUrl }).FetchAsync(query,
                Path.Combine(folder, "december.zip"), null, ct);
        File.WriteAllText(Path.Combine(folder, "not-a-snapshot.zip"), "no zip here");
        _app = StromaWebApp.Build(new WebAppOptions
        {
            Database = fixture.Demo.Database,
            Urls = "http://127.0.0.1:0",
            SnapshotFolder = folder,
            KeyFolder = _dir.File("keys"),
            UploadFolder = _dir.File("uploads"),
        });
        await _app.StartAsync(ct);
        _base = new Uri(_app.Urls.First().TrimEnd('/') + "/");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _dir.Dispose();
    }

    private async Task<(HttpStatusCode, string)> Get(string path)
    {
        using var session = new Session(_base);
        var viewer = fixture.Demo.Users.First(u => u.Role == Stroma.Storage.StromaRoles.Viewer).UserName;
        await session.SignInAsync(viewer, fixture.Password(viewer));
        using var response = await session.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Snapshots_page_lists_each_snapshot_with_its_data_date_newest_first_and_names_an_unreadable_one()
    {
        var (status, html) = await Get("/trials/snapshots");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(html.IndexOf("december.zip", StringComparison.Ordinal) < html.IndexOf("june.zip",
            StringComparison.Ordinal));
        Assert.Contains("2026-12-01T09:00:00", html, StringComparison.Ordinal);
        Assert.Contains("query.term=mesenchymal", html, StringComparison.Ordinal);
        Assert.Contains("not-a-snapshot.zip", html, StringComparison.Ordinal);
        Assert.Contains("not readable", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Landscape_runs_on_a_chosen_snapshot_and_shows_its_data_date()
    {
        var (status, html) = await Get("/trials?snapshot=june.zip");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<strong id=\"data-date\">2026-06-01T09:00:00</strong>", html, StringComparison.Ordinal);
        Assert.Contains("3 registry records read", html, StringComparison.Ordinal);
        // The filters stay on the snapshot.
        Assert.Contains("<input type=\"hidden\" name=\"snapshot\" value=\"june.zip\" />", html,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_page_shows_added_removed_and_changed_studies_between_two_snapshots()
    {
        var (status, html) = await Get("/trials/diff?old=june.zip&new=december.zip");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("1 added, 1 removed, 1 changed, 1 unchanged.", html, StringComparison.Ordinal);
        Assert.Contains(V2Studies.Id(4), html, StringComparison.Ordinal);
        Assert.Contains("Made-up reason to stop", html, StringComparison.Ordinal);
        // Razor writes "+" as an entity.
        Assert.Contains("<td>Terminated</td><td>0</td><td>1</td><td>&#x2B;1</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_page_answers_404_for_a_name_outside_the_folder_list()
    {
        var (status, html) = await Get("/trials/diff?old=..%2F..%2Fjune.zip&new=december.zip");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("Unknown snapshot", html, StringComparison.Ordinal);
    }
}

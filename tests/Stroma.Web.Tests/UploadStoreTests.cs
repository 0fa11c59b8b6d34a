using System.Text;
using Microsoft.AspNetCore.Http;
using Stroma.Testing;
using Stroma.Web.Infrastructure;
using Xunit;

namespace Stroma.Web.Tests;

/// <summary>
/// Identical uploads that run at the same time share one content-addressed file: a request that is not recorded
/// never deletes a file another request still holds or recorded.
/// </summary>
public sealed class UploadStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly byte[] _tube = Encoding.ASCII.GetBytes("FCS3.1    " + new string(' ', 80) + "identical tube");

    public void Dispose() => _dir.Dispose();

    private static FormFile Form(byte[] content, string name) =>
        new(new MemoryStream(content), 0, content.Length, "files", name);

    private async Task<string> AddAsync(UploadBatch batch) =>
        (await batch.AddAsync([Form(_tube, "tube.fcs")], CancellationToken.None)).Single();

    [Fact]
    public async Task A_user_holds_at_most_the_per_user_bound_in_flight_and_a_finished_request_frees_it()
    {
        var store = new UploadStore(_dir.Path);
        // Each form declares 500 MB (the bound is checked against the declared size before a byte is written).
        const long declared = 500L * 1024 * 1024;
        FormFile Big(int i) => new(new MemoryStream(_tube), 0, declared, "files", $"tube{i}.fcs");
        var running = new List<UploadBatch>();
        for (var i = 0; i < UploadStore.MaxBytesPerUser / declared; i++)
        {
            var batch = store.Begin("alice");
            running.Add(batch);
            await batch.AddAsync([Big(i)], CancellationToken.None);
        }
        Assert.Equal(4 * declared, store.InFlight("alice"));
        using (var over = store.Begin("alice"))
        {
            var refused = await Assert.ThrowsAsync<InvalidDataException>(() =>
                over.AddAsync([Big(9)], CancellationToken.None));
            Assert.Contains("wait for the running analyses to finish", refused.Message, StringComparison.Ordinal);
        }
        using (var other = store.Begin("bob")) await other.AddAsync([Big(10)], CancellationToken.None);

        running[0].Dispose();
        using (var again = store.Begin("alice")) await again.AddAsync([Big(11)], CancellationToken.None);
        foreach (var batch in running) batch.Dispose();
        Assert.Equal(0, store.InFlight("alice"));
        Assert.Equal(0, store.InFlight("bob"));
        Assert.Empty(Directory.GetFiles(_dir.Path));
    }

    [Fact]
    public async Task A_request_that_is_not_recorded_leaves_the_shared_file_to_the_request_that_records_it()
    {
        var store = new UploadStore(_dir.Path);
        var recording = store.Begin("alice");
        var failing = store.Begin("bob");
        var path = await AddAsync(recording);
        Assert.Equal(path, await AddAsync(failing));

        failing.Dispose();
        Assert.True(File.Exists(path), "the file another request still holds was deleted");
        recording.Keep();
        recording.Dispose();
        Assert.True(File.Exists(path), "a recorded upload was deleted");
    }

    [Fact]
    public async Task The_shared_file_survives_when_the_request_that_created_it_ends_first_unrecorded()
    {
        var store = new UploadStore(_dir.Path);
        var creator = store.Begin("alice");
        var path = await AddAsync(creator);
        var joiner = store.Begin("bob");
        await AddAsync(joiner);
        creator.Dispose();
        Assert.True(File.Exists(path));
        joiner.Keep();
        joiner.Dispose();
        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task When_no_holder_records_it_the_shared_file_is_deleted_once_the_last_one_ends()
    {
        var store = new UploadStore(_dir.Path);
        var a = store.Begin("alice");
        var b = store.Begin("bob");
        var path = await AddAsync(a);
        await AddAsync(b);
        a.Dispose();
        Assert.True(File.Exists(path));
        b.Dispose();
        Assert.False(File.Exists(path));
        Assert.Empty(Directory.GetFiles(_dir.Path));
    }

    [Fact]
    public async Task A_file_recorded_by_an_earlier_request_is_never_deleted_by_a_later_unrecorded_one()
    {
        var store = new UploadStore(_dir.Path);
        using (var first = store.Begin("alice"))
        {
            await AddAsync(first);
            first.Keep();
        }
        var later = store.Begin("bob");
        var path = await AddAsync(later);
        later.Dispose();
        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task Concurrent_identical_uploads_all_succeed_and_share_one_file()
    {
        var store = new UploadStore(_dir.Path);
        var batches = Enumerable.Range(0, 8).Select(i => store.Begin($"user{i}")).ToList();
        var paths = await Task.WhenAll(batches.Select(b => Task.Run(() => AddAsync(b))));
        Assert.Single(paths.Distinct(StringComparer.Ordinal));
        batches[3].Keep();
        foreach (var b in batches) b.Dispose();
        Assert.True(File.Exists(paths[0]));
        Assert.Single(Directory.GetFiles(_dir.Path));
    }
}

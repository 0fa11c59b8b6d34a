using System.Text.Json;
using Stroma.Trials.Extraction;
using Stroma.Trials.Formats;
using Stroma.Trials.Landscape;
using Stroma.Testing;
using Xunit;

namespace Stroma.Trials.Tests.Landscape;

/// <summary>The entry point hosts use to keep a landscape in memory counts exactly as the streaming run does.</summary>
public sealed class LandscapeCollectTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string MixedFolder()
    {
        var folder = _dir.File("mixed");
        Directory.CreateDirectory(folder);
        // The fixtures share one NCT id; the copy gets its own so each kept record can be told apart.
        File.WriteAllText(Path.Combine(folder, "a-v2.json"),
            File.ReadAllText(Fixtures.V2Study).Replace("NCT90000001", "NCT90000002", StringComparison.Ordinal));
        File.Copy(Fixtures.Classic, Path.Combine(folder, "b-classic.json"));
        File.WriteAllText(Path.Combine(folder, "c-broken.json"), "{ \"protocolSection\": ");
        return folder;
    }

    [Fact]
    public void Collect_keeps_every_readable_record_and_reports_the_same_counts_as_run()
    {
        var folder = MixedFolder();
        var errors = new List<TrialReadError>();
        var collected = LandscapeRun.Collect(TrialReader.Read([folder]), MscExtractor.Default, errors.Add);
        var streamed = LandscapeRun.Run(TrialReader.Read([folder]), MscExtractor.Default);

        Assert.Equal(JsonSerializer.Serialize(streamed), JsonSerializer.Serialize(collected.Report));
        Assert.Equal(1, collected.Report.Skipped);
        Assert.Single(errors);
        var direct = TrialReader.Read([folder]).Where(r => r.Trial is not null).Select(r => r.Trial!).ToArray();
        Assert.Equal(["NCT90000001", "NCT90000002"], direct.Select(t => t.NctId).Order(StringComparer.Ordinal));
        Assert.Equal(direct.Select(t => t.NctId).Order(StringComparer.Ordinal),
            collected.Trials.Select(t => t.Trial.NctId).Order(StringComparer.Ordinal));
        foreach (var kept in collected.Trials)
        {
            var expected = MscExtractor.Default.Extract(direct.Single(t => t.NctId == kept.Trial.NctId));
            Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(kept.Extraction));
        }
    }
}

using System.Diagnostics;
using System.IO.Compression;
using Stroma.Trials.Formats;
using Stroma.Testing;
using Xunit;

namespace Stroma.Trials.Tests.Formats;

/// <summary>
/// Seeded mutation fuzzing of every trial format. Each mutated input must read to the end without an
/// exception escaping (bad input is a <see cref="TrialReadError"/>, the only documented outcome besides a
/// trial), within a time and an allocation bound. The seeds are fixed, so a failure names the seed and
/// iteration that reproduce it.
/// </summary>
public sealed class TrialFuzzTests : IDisposable
{
    // Per fixture; STROMA_FUZZ_ITERATIONS runs a longer campaign with the same seeds.
    private static readonly int Iterations =
        int.TryParse(Environment.GetEnvironmentVariable("STROMA_FUZZ_ITERATIONS"), out var n) && n > 0 ? n : 1_500;

    // Generous ceilings that only a pathological path reaches (the inputs are a few kilobytes): they catch
    // allocations and run times sized by the input's claims, not slowness. Speed targets live in bench/.
    private static readonly TimeSpan TimeBound = TimeSpan.FromSeconds(10);
    private const long AllocationBound = 64L << 20;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly string[] Files =
        ["classic-study.json", "v2-study.json", "v2-page.json", "legacy-study.xml", "download-current.csv", "download-classic.csv"];

    /// <summary>Each fixture with its own fixed seed.</summary>
    public static TheoryData<string, int> Formats => new(Files.Select((file, i) => (file, 1101 + i)));

    [Theory]
    [MemberData(nameof(Formats))]
    public void Mutated_records_end_as_trials_or_typed_errors_within_bounds(string fixture, int seed)
    {
        var original = File.ReadAllBytes(Path.Combine(Fixtures.Folder, fixture));
        var outcome = Fuzz(original, seed, Iterations, bytes => TrialReader.Read(new TrialInput(fixture, () => new MemoryStream(bytes))));
        Assert.True(outcome.Failures.Count == 0, string.Join("\n\n", outcome.Failures.Take(3)));
        // The mutations reach both outcomes, so the readers are exercised rather than refusing everything.
        Assert.True(outcome.Trials > 0 && outcome.Errors > 0, $"trials {outcome.Trials}, errors {outcome.Errors}");
    }

    [Theory]
    [InlineData(CompressionLevel.Optimal, 1201)]
    [InlineData(CompressionLevel.NoCompression, 1202)]
    public void Mutated_zips_of_every_format_end_as_trials_or_typed_errors_within_bounds(CompressionLevel level, int seed)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var name in Files)
                zip.CreateEntryFromFile(Path.Combine(Fixtures.Folder, name), "NCT9000xxxx/" + name, level);
        var path = _dir.File("fuzz.zip");
        var outcome = Fuzz(buffer.ToArray(), seed, Iterations / 2, bytes =>
        {
            File.WriteAllBytes(path, bytes);
            return TrialReader.Read([path]);
        });
        Assert.True(outcome.Failures.Count == 0, string.Join("\n\n", outcome.Failures.Take(3)));
        Assert.True(outcome.Trials > 0 && outcome.Errors > 0, $"trials {outcome.Trials}, errors {outcome.Errors}");
    }

    [Fact]
    public void The_fuzzer_reports_an_undocumented_exception_with_its_seed_and_iteration()
    {
        // The harness must be able to fail: a reader that lets an exception escape is caught and named.
        var outcome = Fuzz(File.ReadAllBytes(Fixtures.V2Study), 7, 3, bytes => Throwing(bytes.Length));
        Assert.Equal(3, outcome.Failures.Count);
        Assert.StartsWith("seed 7, iteration 0:", outcome.Failures[0], StringComparison.Ordinal);
        Assert.Contains("InvalidOperationException", outcome.Failures[0], StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_seed_gives_the_same_mutations()
    {
        var original = File.ReadAllBytes(Fixtures.Classic);
        var a = Enumerable.Range(0, 20).Select(i => Convert.ToHexString(Mutate(original, 5, i))).ToList();
        var b = Enumerable.Range(0, 20).Select(i => Convert.ToHexString(Mutate(original, 5, i))).ToList();
        Assert.Equal(a, b);
        Assert.True(a.Distinct(StringComparer.Ordinal).Count() > 15);
    }

    private static IEnumerable<TrialReadResult> Throwing(int length)
    {
        yield return TrialReadResult.Failed(new TrialReadError("x", null, null, "first"));
        throw new InvalidOperationException($"escaped after {length} bytes");
    }

    private sealed record Outcome(List<string> Failures, int Trials, int Errors);

    private static Outcome Fuzz(byte[] original, int seed, int iterations, Func<byte[], IEnumerable<TrialReadResult>> read)
    {
        var failures = new List<string>();
        int trials = 0, errors = 0;
        for (var i = 0; i < iterations; i++)
        {
            // One generator per iteration: any failing case replays from (seed, iteration) alone.
            var input = Mutate(original, seed, i);
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            try
            {
                foreach (var r in read(input))
                {
                    if (r.Trial is { } t)
                    {
                        if (!t.NctId.StartsWith("NCT", StringComparison.Ordinal) || t.NctId.Length != 11) failures.Add($"seed {seed}, iteration {i}: bad NCT id {t.NctId}");
                        trials++;
                    }
                    else if (r.Error is { } e)
                    {
                        if (string.IsNullOrWhiteSpace(e.Error) || string.IsNullOrEmpty(e.File)) failures.Add($"seed {seed}, iteration {i}: error without a message or file");
                        errors++;
                    }
                    else failures.Add($"seed {seed}, iteration {i}: a result with neither trial nor error");
                }
            }
            catch (Exception ex)
            {
                failures.Add($"seed {seed}, iteration {i}: {ex}");
            }
            var took = clock.Elapsed;
            var bytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
            if (took > TimeBound) failures.Add($"seed {seed}, iteration {i}: took {took.TotalSeconds:F1} s");
            if (bytes > AllocationBound + 1000L * input.Length) failures.Add($"seed {seed}, iteration {i}: allocated {bytes >> 20} MB for {input.Length} bytes");
        }
        return new Outcome(failures, trials, errors);
    }

    // The trial formats' own delimiters, spliced in beside the harness's common ones.
    private static readonly string[] Tokens = ["<", ">", "</", "<clinical_study>", "&amp;", "<![CDATA[", "|", "PK\u0001\u0002"];

    private static byte[] Mutate(byte[] original, int seed, int iteration) => MutationFuzzer.Replay(original, seed, iteration, Tokens);
}

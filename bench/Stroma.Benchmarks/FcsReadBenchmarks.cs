using BenchmarkDotNet.Attributes;
using Stroma.Cytometry.Formats.Fcs;

namespace Stroma.Benchmarks;

/// <summary>
/// Whole-file read of the 2,000,000 × 14 float32 file against the floor of reading its bytes into
/// memory (<see cref="File.ReadAllBytes(string)"/>), in the same run.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 12)]
public class FcsReadBenchmarks
{
    private string _path = "";

    [GlobalSetup]
    public void Setup() => _path = BenchFiles.Ensure();

    [Benchmark(Baseline = true, Description = "File.ReadAllBytes")]
    public int ReadAllBytes() => File.ReadAllBytes(_path).Length;

    [Benchmark(Description = "FcsReader.Read (all cores)")]
    public int Read() => FcsReader.Read(_path).First.EventCount;

    [Benchmark(Description = "FcsReader.Read (1 thread)")]
    public int ReadSingleThread() => FcsReader.Read(_path, new FcsReadOptions { MaxDegreeOfParallelism = 1 }).First.EventCount;
}

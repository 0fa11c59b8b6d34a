using BenchmarkDotNet.Attributes;
using Stroma.Cytometry.Formats.Fcs;
using Stroma.Cytometry.Formats.GatingMl;
using Stroma.Cytometry.Gating;

namespace Stroma.Benchmarks.Gating;

/// <summary>
/// Gate kernels on 2,000,000 double values (range, polygon), and the whole engine on the benchmark file's
/// gate job (rectangle → compensated logicle polygon) in process, against the read alone.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 8)]
public class GatingBenchmarks
{
    private double[] _x = [];
    private double[] _y = [];
    private bool[] _inside = [];
    private FcsDataset _sample = null!;
    private GatingStrategy _strategy = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(11);
        _x = Enumerable.Range(0, BenchFiles.Events).Select(_ => random.NextDouble()).ToArray();
        _y = Enumerable.Range(0, BenchFiles.Events).Select(_ => random.NextDouble()).ToArray();
        _inside = new bool[BenchFiles.Events];
        var path = BenchFiles.Ensure();
        _sample = FcsReader.Read(path).First;
        var xml = Path.Combine(Path.GetTempPath(), $"stroma-bench-gate-{Environment.ProcessId}.xml");
        BenchFiles.WriteGatingMl(xml);
        _strategy = GatingMlReader.Read(xml);
        File.Delete(xml);
    }

    [Benchmark(Description = "range kernel, 2 M values")]
    public void Range()
    {
        _inside.AsSpan().Fill(true);
        GateKernels.Range<double>(_x, 0.2, 0.8, _inside);
    }

    [Benchmark(Description = "polygon kernel, 2 M points")]
    public void Polygon()
    {
        _inside.AsSpan().Fill(true);
        GateKernels.Polygon<double>(_x, _y, Pipeline.Polygon, _inside);
    }

    [Benchmark(Description = "GatingEngine.Apply, gate job")]
    public int Engine() => GatingEngine.Apply(_strategy, _sample).Populations[^1].Count;
}

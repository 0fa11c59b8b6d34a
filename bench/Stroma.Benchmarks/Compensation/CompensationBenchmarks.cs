using BenchmarkDotNet.Attributes;
using Stroma.Cytometry.Compensation;

namespace Stroma.Benchmarks.Compensation;

/// <summary>Compensation of 10 channels × 2,000,000 events (float and double) against a plain copy of the same columns.</summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 8)]
public class CompensationBenchmarks
{
    private const int Events = 2_000_000;
    private Compensator _compensator = null!;
    private Memory<float>[] _single = [];
    private Memory<float>[] _singleOut = [];
    private Memory<double>[] _double = [];
    private Memory<double>[] _doubleOut = [];

    [GlobalSetup]
    public void Setup()
    {
        var names = BenchFiles.Fluorescence;
        var d = names.Length;
        var spill = new double[d * d];
        for (var i = 0; i < d; i++)
            for (var j = 0; j < d; j++) spill[i * d + j] = i == j ? 1 : Math.Abs(i - j) == 1 ? 0.05 : 0.005;
        _compensator = new Compensator(new SpilloverMatrix(names, spill, "bench"));
        var random = new Random(7);
        _single = names.Select(_ => (Memory<float>)Enumerable.Range(0, Events).Select(_ => (float)(random.NextDouble() * 1000)).ToArray()).ToArray();
        _singleOut = names.Select(_ => (Memory<float>)new float[Events]).ToArray();
        _double = _single.Select(c => (Memory<double>)c.ToArray().Select(v => (double)v).ToArray()).ToArray();
        _doubleOut = names.Select(_ => (Memory<double>)new double[Events]).ToArray();
    }

    [Benchmark(Baseline = true, Description = "copy 10 float columns")]
    public void Copy()
    {
        for (var i = 0; i < _single.Length; i++) _single[i].CopyTo(_singleOut[i]);
    }

    [Benchmark(Description = "compensate 10 float columns")]
    public void CompensateSingle() => _compensator.Apply(_single, _singleOut);

    [Benchmark(Description = "compensate 10 double columns")]
    public void CompensateDouble() => _compensator.Apply(_double, _doubleOut);
}

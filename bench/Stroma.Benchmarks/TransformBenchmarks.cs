using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Stroma.Cytometry.Transforms;

namespace Stroma.Benchmarks;

/// <summary>
/// Logicle (T = 262144, W = 0.5, M = 4.5, A = 0) over 20,000,000 float values — ten fluorescence channels
/// of 2,000,000 events, drawn like the pipeline benchmark's file — forward and inverse: the vectorised span
/// path (at the machine's width, and at 128 and 256 bits explicitly) against the scalar loop (one
/// <see cref="ScaleTransform.Apply(double)"/> per value) in the same run, plus the chunked parallel helper. Divide the mean by 20,000,000 for ns/value.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 6)]
public class TransformBenchmarks
{
    public const int Channels = 10;
    public const int Values = Channels * BenchFiles.Events;

    private readonly LogicleTransform _logicle = new("logicle", 262144, 0.5, 4.5, 0);
    private float[] _data = [];
    private float[] _scaled = [];
    private float[] _output = [];
    private double[] _doubles = [];
    private double[] _doublesOut = [];

    [GlobalSetup]
    public void Setup()
    {
        _data = Data();
        _scaled = new float[Values];
        _logicle.Apply(_data, _scaled);
        _output = new float[Values];
    }

    /// <summary>The benchmark data: e^U(0,9) − 50 + U(0,100), as in <see cref="BenchFiles"/> (negatives included).</summary>
    public static float[] Data()
    {
        var random = new Random(2024);
        var data = new float[Values];
        for (var i = 0; i < data.Length; i++) data[i] = (float)(Math.Exp(random.NextDouble() * 9) - 50 + random.NextDouble() * 100);
        return data;
    }

    [Benchmark(Baseline = true, Description = "logicle scalar loop")]
    public float ApplyScalar()
    {
        _logicle.ApplyScalar(_data, _output);
        return _output[^1];
    }

    [Benchmark(Description = "logicle SIMD (1 thread)")]
    public float Apply()
    {
        _logicle.Apply(_data, _output);
        return _output[^1];
    }

    [Benchmark(Description = "logicle Vector128 (1 thread)")]
    public float Apply128()
    {
        _logicle.Apply(_data, _output, SimdWidth.Vector128);
        return _output[^1];
    }

    [Benchmark(Description = "logicle Vector256 (1 thread)")]
    public float Apply256()
    {
        _logicle.Apply(_data, _output, SimdWidth.Vector256);
        return _output[^1];
    }

    [Benchmark(Description = "logicle SIMD ApplyParallel")]
    public float ApplyParallel()
    {
        _logicle.ApplyParallel(_data, _output);
        return _output[^1];
    }

    [Benchmark(Description = "inverse scalar loop")]
    public float InverseScalar()
    {
        for (var i = 0; i < _scaled.Length; i++) _output[i] = (float)_logicle.Inverse(_scaled[i]);
        return _output[^1];
    }

    [Benchmark(Description = "inverse SIMD (1 thread)")]
    public float Inverse()
    {
        _logicle.Inverse(_scaled, _output);
        return _output[^1];
    }

    /// <summary>A quick stopwatch run of the same cases (no BenchmarkDotNet), printing ns/value.</summary>
    public static int Quick()
    {
        var b = new TransformBenchmarks();
        b.Setup();
        b._doubles = b._data.Select(v => (double)v).ToArray();
        b._doublesOut = new double[Values];
        (string Name, Func<float> Run)[] cases =
        [
            ("logicle scalar loop", b.ApplyScalar),
            ($"logicle SIMD (1 thread, {Elementwise.Width})", b.Apply),
            ("logicle Vector128 (1 thread)", b.Apply128),
            ("logicle Vector256 (1 thread)", b.Apply256),
            ($"logicle SIMD ApplyParallel ({Environment.ProcessorCount} cores)", b.ApplyParallel),
            ("linear SIMD (1 thread, memory-bound reference)", () => { new LinearTransform(null, 262144, 0).Apply(b._data, b._output); return 0; }),
            ("logicle SIMD doubles (1 thread)", () => { b._logicle.Apply(b._doubles, b._doublesOut); return 0; }),
            ("inverse scalar loop", b.InverseScalar),
            ("inverse SIMD (1 thread)", b.Inverse),
        ];
        Console.WriteLine($"table spacing b·Δδ = {b._logicle.Scale.TableSpacing:G3}");
        foreach (var (name, run) in cases)
        {
            run();
            var best = double.MaxValue;
            for (var i = 0; i < 7; i++)
            {
                var watch = Stopwatch.StartNew();
                run();
                best = Math.Min(best, watch.Elapsed.TotalMilliseconds);
            }
            Console.WriteLine($"{name,-40} {best,8:F1} ms   {best * 1e6 / Values,6:F2} ns/value");
        }
        return 0;
    }
}

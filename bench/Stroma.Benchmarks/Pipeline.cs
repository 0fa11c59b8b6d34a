using System.Diagnostics;
using Stroma.Cytometry.Compensation;
using Stroma.Cytometry.Formats.Fcs;
using Stroma.Cytometry.Gating;
using Stroma.Cytometry.Transforms;

namespace Stroma.Benchmarks;

/// <summary>
/// The analysis pipeline on the 2,000,000 × 14 float32 file, as FlowKit was measured doing it:
/// read → compensate the 10 fluorescence channels (file spillover) → logicle (T=262144, W=0.5, M=4.5, A=0)
/// on those 10 → rectangle gate on FSC-A/SSC-A → polygon gate under it on two logicle channels.
/// Runs in place on float columns, parallel over event chunks, SIMD kernels.
/// </summary>
public static class Pipeline
{
    public static readonly (double X, double Y)[] Polygon = [(0.25, 0.25), (0.85, 0.3), (0.9, 0.85), (0.4, 0.9), (0.2, 0.6)];

    public sealed record Result(double ReadMs, double CompensateMs, double LogicleMs, double GateMs, int Events, int InRectangle, int InPolygon);

    public static Result Run(string path)
    {
        var watch = Stopwatch.StartNew();
        var dataset = FcsReader.Read(path).First;
        var events = dataset.RequireEvents();
        var read = watch.Elapsed.TotalMilliseconds;

        watch.Restart();
        var spillover = dataset.Spillover ?? throw new InvalidOperationException("The benchmark file declares no spillover.");
        new Compensator(spillover).ApplyInPlace(events);
        var compensate = watch.Elapsed.TotalMilliseconds;

        watch.Restart();
        var logicle = new LogicleTransform("bench", 262144, 0.5, 4.5, 0);
        foreach (var channel in spillover.Channels)
        {
            var column = events.WritableSingleMemory(events.IndexOf(channel));
            logicle.ApplyParallel(column, column);
        }
        var transform = watch.Elapsed.TotalMilliseconds;

        watch.Restart();
        var n = events.EventCount;
        var fsc = events.SingleMemory(events.IndexOf("FSC-A"));
        var ssc = events.SingleMemory(events.IndexOf("SSC-A"));
        var x = events.SingleMemory(events.IndexOf("PE-A"));
        var y = events.SingleMemory(events.IndexOf("APC-A"));
        var rectangle = new bool[n];
        var polygon = new bool[n];
        GateKernels.ForChunks(n, (start, count) =>
        {
            var inRect = rectangle.AsSpan(start, count);
            inRect.Fill(true);
            GateKernels.Range(fsc.Span.Slice(start, count), 2000, 200_000, inRect);
            GateKernels.Range(ssc.Span.Slice(start, count), 2000, 200_000, inRect);
            var inPoly = polygon.AsSpan(start, count);
            inRect.CopyTo(inPoly);
            GateKernels.Polygon(x.Span.Slice(start, count), y.Span.Slice(start, count), Polygon, inPoly);
        });
        var gate = watch.Elapsed.TotalMilliseconds;
        return new Result(read, compensate, transform, gate, n, rectangle.Count(b => b), polygon.Count(b => b));
    }

    public static int RunAndReport(string path)
    {
        var total = Stopwatch.StartNew();
        var r = Run(path);
        total.Stop();
        if (Environment.GetEnvironmentVariable("STROMA_PIPELINE_WARM") == "1")
        {
            var warm = Run(path);
            Console.WriteLine($"warm: read_ms={warm.ReadMs:F1} compensate_ms={warm.CompensateMs:F1} logicle_ms={warm.LogicleMs:F1} gate_ms={warm.GateMs:F1}");
        }
        Console.WriteLine($"read_ms={r.ReadMs:F1}");
        Console.WriteLine($"compensate_ms={r.CompensateMs:F1}");
        Console.WriteLine($"logicle_ms={r.LogicleMs:F1}");
        Console.WriteLine($"gate_ms={r.GateMs:F1}");
        Console.WriteLine($"in_process_ms={total.Elapsed.TotalMilliseconds:F1}");
        Console.WriteLine($"events={r.Events} rectangle={r.InRectangle} polygon={r.InPolygon}");
        Console.WriteLine($"peak_rss_bytes={PeakMemory.PeakRss()}");
        return 0;
    }
}

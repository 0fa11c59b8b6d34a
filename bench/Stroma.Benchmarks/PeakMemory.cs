using System.Diagnostics;
using Stroma.Cytometry.Formats.Fcs;

namespace Stroma.Benchmarks;

/// <summary>Peak-memory figures measured in child processes (one read per process, so the peak is the read's own).</summary>
public static class PeakMemory
{
    public static int ReadAndReport(string path)
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        var ds = FcsReader.Read(path).First;
        watch.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        var events = ds.RequireEvents();
        Console.WriteLine($"peak_rss_bytes={PeakRss()}");
        Console.WriteLine($"allocated_bytes={allocated}");
        Console.WriteLine($"data_bytes={events.DataBytes}");
        Console.WriteLine($"read_ms={watch.Elapsed.TotalMilliseconds:F1}");
        GC.KeepAlive(events);
        return 0;
    }

    public static int ReadBytesAndReport(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Console.WriteLine($"bytes={bytes.Length}");
        return 0;
    }

    public static int Baseline()
    {
        // Touch the same code paths' assemblies without reading events.
        _ = typeof(FcsReader).Assembly.GetName();
        Console.WriteLine($"peak_rss_bytes={PeakRss()}");
        return 0;
    }

    /// <summary>VmHWM from /proc/self/status: the process's peak resident set size.</summary>
    public static long PeakRss()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        return -1;
    }
}

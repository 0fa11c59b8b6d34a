using Stroma.Cytometry;
using Stroma.Cytometry.Compensation;
using Stroma.Cytometry.Formats.Fcs;

namespace Stroma.Benchmarks;

/// <summary>The benchmark input: 2,000,000 events × 14 float32 parameters, written with Stroma's writer.</summary>
public static class BenchFiles
{
    public const int Events = 2_000_000;
    public const int Parameters = 14;

    public static readonly string[] Names =
    [
        "FSC-A", "FSC-H", "SSC-A", "FITC-A", "PE-A", "PE-Texas Red-A", "PerCP-Cy5-5-A", "PE-Cy7-A",
        "APC-A", "Alexa Fluor 700-A", "APC-Cy7-A", "BV421-A", "BV510-A", "Time",
    ];

    /// <summary>The ten fluorescence channels (compensated and logicle-transformed in the pipeline benchmark).</summary>
    public static string[] Fluorescence => Names[3..13];

    public static string DefaultPath => Path.Combine(Path.GetTempPath(), "stroma-bench-2M-14.fcs");

    public static string Ensure()
    {
        var path = DefaultPath;
        if (!File.Exists(path) || new FileInfo(path).Length < (long)Events * Parameters * 4) WriteLarge(path);
        return path;
    }

    public static int WriteLarge(string path)
    {
        var random = new Random(2024);
        var columns = new float[Parameters][];
        for (var p = 0; p < Parameters; p++)
        {
            var column = columns[p] = new float[Events];
            for (var e = 0; e < Events; e++)
                column[e] = p == Parameters - 1 ? e * 0.01f : (float)(Math.Exp(random.NextDouble() * 9) - 50 + random.NextDouble() * 100);
        }
        var fluor = Fluorescence;
        var spill = new double[fluor.Length * fluor.Length];
        for (var i = 0; i < fluor.Length; i++)
            for (var j = 0; j < fluor.Length; j++)
                spill[i * fluor.Length + j] = i == j ? 1 : Math.Abs(i - j) == 1 ? 0.05 : 0.005;
        FcsWriter.Write(path, EventTable.FromColumns(Names, Events, columns), new FcsWriteSettings
        {
            Channels = Names.Select(n => new FcsChannel(n, Range: 262144)).ToArray(),
            Spillover = new SpilloverMatrix(fluor, spill, "bench"),
        });
        Console.WriteLine($"wrote {path} ({new FileInfo(path).Length:N0} bytes)");
        return 0;
    }
}

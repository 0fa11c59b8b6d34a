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

    public static int WriteLarge(string path) => WriteLarge(path, Events);

    /// <summary>Writes <paramref name="events"/> events × 14 float32 parameters with a 10×10 spillover matrix.</summary>
    public static int WriteLarge(string path, int events)
    {
        var random = new Random(2024);
        var columns = new float[Parameters][];
        for (var p = 0; p < Parameters; p++)
        {
            var column = columns[p] = new float[events];
            for (var e = 0; e < events; e++)
                column[e] = p == Parameters - 1 ? e * 0.01f : (float)(Math.Exp(random.NextDouble() * 9) - 50 + random.NextDouble() * 100);
        }
        var fluor = Fluorescence;
        var spill = new double[fluor.Length * fluor.Length];
        for (var i = 0; i < fluor.Length; i++)
            for (var j = 0; j < fluor.Length; j++)
                spill[i * fluor.Length + j] = i == j ? 1 : Math.Abs(i - j) == 1 ? 0.05 : 0.005;
        FcsWriter.Write(path, EventTable.FromColumns(Names, events, columns), new FcsWriteSettings
        {
            Channels = Names.Select(n => new FcsChannel(n, Range: 262144)).ToArray(),
            Spillover = new SpilloverMatrix(fluor, spill, "bench"),
        });
        Console.WriteLine($"wrote {path} ({new FileInfo(path).Length:N0} bytes)");
        return 0;
    }

    /// <summary>
    /// The issue-18 gate job as GatingML 2.0: a rectangle on uncompensated FSC-A/SSC-A and, under it, a polygon on
    /// PE-A/APC-A compensated with the file's spillover ("FCS") and logicle-scaled (T=262144, W=0.5, M=4.5, A=0).
    /// </summary>
    public static int WriteGatingMl(string path)
    {
        static string Dim(string name, string compensation, string extra = "") =>
            $"""<gating:dimension gating:compensation-ref="{compensation}"{extra}><data-type:fcs-dimension data-type:name="{name}" /></gating:dimension>""";
        var logicle = """ gating:transformation-ref="L" """.TrimEnd();
        var vertices = string.Concat(Pipeline.Polygon.Select(v => System.FormattableString.Invariant(
            $"""<gating:vertex><gating:coordinate data-type:value="{v.X}" /><gating:coordinate data-type:value="{v.Y}" /></gating:vertex>""")));
        var xml = $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <gating:Gating-ML xmlns:gating="http://www.isac-net.org/std/Gating-ML/v2.0/gating"
                xmlns:transforms="http://www.isac-net.org/std/Gating-ML/v2.0/transformations"
                xmlns:data-type="http://www.isac-net.org/std/Gating-ML/v2.0/datatypes">
              <transforms:transformation transforms:id="L">
                <transforms:logicle transforms:T="262144" transforms:W="0.5" transforms:M="4.5" transforms:A="0" />
              </transforms:transformation>
              <gating:RectangleGate gating:id="Cells">
                {Dim("FSC-A", "uncompensated", " gating:min=\"2000\" gating:max=\"200000\"")}
                {Dim("SSC-A", "uncompensated", " gating:min=\"2000\" gating:max=\"200000\"")}
              </gating:RectangleGate>
              <gating:PolygonGate gating:id="Target" gating:parent_id="Cells">
                {Dim("PE-A", "FCS", logicle)}
                {Dim("APC-A", "FCS", logicle)}
                {vertices}
              </gating:PolygonGate>
            </gating:Gating-ML>
            """;
        File.WriteAllText(path, xml);
        return 0;
    }
}

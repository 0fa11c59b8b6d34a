using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using BenchmarkDotNet.Attributes;
using Stroma.Trials.Extraction;
using Stroma.Trials.Formats;
using Stroma.Trials.Landscape;

namespace Stroma.Benchmarks;

/// <summary>
/// All classic records of the shared corpus (1,536 studies): read only (the baseline), read + extract +
/// landscape counts, which is what <c>stroma trials landscape</c> does, and extraction alone of the records read
/// beforehand, on one thread (records/s per core = 1,536 / its time).
/// </summary>
[MemoryDiagnoser, MedianColumn]
[SimpleJob(warmupCount: 2, iterationCount: 8)]
public class TrialsBenchmarks
{
    private string _folder = "";
    private Stroma.Trials.Model.ClinicalTrial[] _records = [];

    [GlobalSetup]
    public void Setup()
    {
        _folder = TrialsScale.CorpusFolder();
        // The extractor's vocabularies are compiled once per process, as in the CLI.
        _ = MscExtractor.Default;
        _records = TrialReader.Read([_folder]).Where(r => r.Trial is not null).Select(r => r.Trial!).ToArray();
    }

    [Benchmark(Baseline = true, Description = "read 1,536 records")]
    public int Read() => TrialReader.Read([_folder]).Count(r => r.Trial is not null);

    [Benchmark(Description = "read + extract + landscape")]
    public int Landscape() => LandscapeRun.Run(TrialReader.Read([_folder]), MscExtractor.Default).MscTrials;

    [Benchmark(Description = "extract 1,536 records, one thread")]
    public int Extract()
    {
        var msc = 0;
        foreach (var trial in _records)
            if (MscExtractor.Default.Extract(trial).MscIntervention) msc++;
        return msc;
    }
}

/// <summary>The scale run: a generated bulk zip, streamed through the whole pipeline in a child process.</summary>
public static class TrialsScale
{
    public static string CorpusFolder()
    {
        var root = Environment.GetEnvironmentVariable("STROMA_CORPUS_ROOT");
        var candidates = new[] { root, Path.Combine(AppContext.BaseDirectory, "../../../../../../shared"), "/work/shared" };
        foreach (var c in candidates)
        {
            if (c is null) continue;
            var folder = Path.GetFullPath(Path.Combine(c, "corpus", "trials", "ctgov-classic"));
            if (Directory.Exists(folder)) return folder;
        }
        throw new DirectoryNotFoundException("shared corpus not found: set STROMA_CORPUS_ROOT to the 'shared' folder");
    }

    /// <summary>
    /// Writes <paramref name="count"/> studies into a zip, one file per study as the registry's bulk downloads lay
    /// them out, cycling through the corpus records and giving each copy a fresh NCT id. Studies are written one at
    /// a time; only the 1,536 source records are held.
    /// </summary>
    public static int Write(string zipPath, int count)
    {
        var sources = Directory.GetFiles(CorpusFolder(), "*.json").Order(StringComparer.Ordinal)
            .Select(f => (Id: Path.GetFileNameWithoutExtension(f), Text: File.ReadAllText(f))).ToArray();
        var watch = Stopwatch.StartNew();
        using (var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create))
        {
            for (var i = 0; i < count; i++)
            {
                var (id, text) = sources[i % sources.Length];
                var fresh = $"NCT{60000000 + i:D8}";
                var entry = zip.CreateEntry($"{fresh[..7]}xxxx/{fresh}.json", CompressionLevel.Fastest);
                using var stream = entry.Open();
                // The id in the record (the file name is not always the record's own id in the corpus).
                var body = text.Replace(id, fresh, StringComparison.Ordinal);
                using var doc = System.Text.Json.JsonDocument.Parse(body);
                var own = doc.RootElement.GetProperty("NCTId")[0].GetString()!;
                stream.Write(Encoding.UTF8.GetBytes(own == fresh ? body : body.Replace(own, fresh, StringComparison.Ordinal)));
            }
        }
        Console.WriteLine($"wrote {zipPath}: {count:N0} studies, {new FileInfo(zipPath).Length:N0} bytes in {watch.Elapsed.TotalSeconds:F0} s");
        return 0;
    }

    /// <summary>Reads, extracts and counts every study of the zip; prints the figures run.sh parses.</summary>
    public static int Run(string zipPath)
    {
        var watch = Stopwatch.StartNew();
        var report = LandscapeRun.Run(TrialReader.Read([zipPath]), MscExtractor.Default);
        watch.Stop();
        Console.WriteLine($"studies={report.Trials}");
        Console.WriteLine($"msc_trials={report.MscTrials}");
        Console.WriteLine($"skipped={report.Skipped}");
        Console.WriteLine($"seconds={watch.Elapsed.TotalSeconds:F1}");
        Console.WriteLine($"studies_per_second={report.Trials / watch.Elapsed.TotalSeconds:F0}");
        Console.WriteLine($"peak_rss_bytes={PeakMemory.PeakRss()}");
        return 0;
    }
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Stroma.Identity.Panels;
using Stroma.IO;

namespace Stroma.Identity.Analysis;

/// <summary>One sample of a batch manifest.</summary>
/// <param name="Sample">Sample name (output file stem).</param>
/// <param name="Stained">Stained tube paths.</param>
/// <param name="Controls">Control tube paths.</param>
/// <param name="Panel">Panel id or file, when given per sample.</param>
/// <param name="Markers">Marker → channel overrides.</param>
public sealed record BatchSample(string Sample, IReadOnlyList<string> Stained, IReadOnlyList<string> Controls,
    string? Panel, IReadOnlyDictionary<string, string> Markers);

/// <summary>Outcome of one batch sample.</summary>
/// <param name="Sample">Sample name.</param>
/// <param name="Result">The analysis result, or null on error.</param>
/// <param name="Error">Why the sample could not be analysed.</param>
public sealed record BatchOutcome(string Sample, IdentityResult? Result, string? Error);

/// <summary>
/// Runs identity analyses for every row of a manifest CSV (<c>sample,stained,control[,panel][,markers]</c>;
/// several files joined with ';', markers as <c>CD73=APC-A;CD90=FITC-A</c>, paths relative to the manifest),
/// in parallel, writing &lt;sample&gt;.json per sample and summary.csv.
/// </summary>
public static class IdentityBatch
{
    /// <summary>JSON options of every identity JSON file and <c>--json</c> output.</summary>
    public static JsonSerializerOptions Json { get; } =
        new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };

    /// <summary>
    /// Reads a manifest (CSV: <c>sample,stained,control[,panel][,markers]</c>; files relative to it).
    /// </summary>
    /// <exception cref="IdentityException">The file cannot be read, or a line names no sample, an unusable file
    /// path or a malformed or repeated marker mapping; the message names the file and line.</exception>
    public static IReadOnlyList<BatchSample> ReadManifest(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        string[] text;
        try
        {
            text = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IdentityException($"{path}: cannot read the manifest ({ex.Message}).", ex);
        }
        var lines = text.Select((l, i) => (Text: l.Trim(), Line: i + 1))
            .Where(l => l.Text.Length > 0 && !l.Text.StartsWith('#')).ToList();
        if (lines.Count == 0) throw new IdentityException($"{path}: the manifest is empty.");
        var header = lines[0].Text.Split(',').Select(h => h.Trim().ToLowerInvariant()).ToArray();
        int Col(string name, bool required)
        {
            var i = Array.IndexOf(header, name);
            return i >= 0
                || !required ? i
                : throw new IdentityException($"{path}: the header needs a '{name}' column (columns: " +
                $"sample,stained,control[,panel][,markers]).");
        }
        var (cSample, cStained, cControl, cPanel, cMarkers) = (Col("sample", true), Col("stained", true),
            Col("control", true), Col("panel", false), Col("markers", false));
        var samples = new List<BatchSample>();
        foreach (var (line, number) in lines.Skip(1))
        {
            var cells = line.Split(',').Select(c => c.Trim()).ToArray();
            string Cell(int i) => i >= 0 && i < cells.Length ? cells[i] : "";
            string Where() => $"{path}, line {number}";
            if (string.IsNullOrEmpty(Cell(cSample))) throw new IdentityException($"{Where()}: no sample name.");
            samples.Add(new BatchSample(Cell(cSample), Files(Cell(cStained), folder, Where),
                Files(Cell(cControl), folder, Where),
                string.IsNullOrEmpty(Cell(cPanel)) ? null : Cell(cPanel), Markers(Cell(cMarkers), Where)));
        }
        return samples;
    }

    private static string[] Files(string cell, string folder, Func<string> where) =>
        cell.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(f =>
        {
            // A NUL or another character the file system refuses is a manifest error, not an ArgumentException.
            if (f.IndexOfAny(Path.GetInvalidPathChars()) >= 0 || f.Contains('\0', StringComparison.Ordinal))
                throw new IdentityException($"{where()}: '{Printable(f)}' is not a usable file path.");
            return Path.GetFullPath(Path.Combine(folder, f));
        }).ToArray();

    private static Dictionary<string, string> Markers(string cell, Func<string> where)
    {
        var markers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var mapping in cell.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = mapping.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
                throw new IdentityException($"{where()}: marker mapping '{Printable(mapping)}' needs the form " +
                    $"MARKER=CHANNEL.");
            if (!markers.TryAdd(parts[0], parts[1]))
                throw new IdentityException($"{where()}: marker '{Printable(parts[0])}' is mapped twice.");
        }
        return markers;
    }

    private static string Printable(string text) =>
        new(text.Select(c => char.IsControl(c) ? '?' : c).Take(80).ToArray());

    /// <summary>
    /// Analyses every sample in parallel; <paramref name="afterEach"/> runs per sample (e.g. to write its
    /// HTML report) and <paramref name="progress"/> counts finished samples.
    /// </summary>
    public static IReadOnlyList<BatchOutcome> Run(IReadOnlyList<BatchSample> samples, string outputFolder,
        IdentityRequest template,
        Action<BatchOutcome, string>? afterEach = null, IProgress<int>? progress = null,
            int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(template);
        Directory.CreateDirectory(outputFolder);
        var outcomes = new ConcurrentDictionary<int, BatchOutcome>();
        var done = 0;
        Parallel.For(0, samples.Count, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, i =>
        {
            var sample = samples[i];
            BatchOutcome outcome;
            try
            {
                var request = template with
                {
                    Stained = sample.Stained,
                    Controls = sample.Controls,
                    Panel = sample.Panel is null ? template.Panel : IdentityPanel.Load(sample.Panel),
                    MarkerChannels = sample.Markers.Count > 0 ? sample.Markers : template.MarkerChannels,
                };
                var result = IdentityAnalyzer.Analyze(request);
                AtomicFile.WriteAllText(Path.Combine(outputFolder, Safe(sample.Sample) + ".json"),
                    JsonSerializer.Serialize(result, Json));
                outcome = new BatchOutcome(sample.Sample, result, null);
            }
            catch (IdentityException ex)
            {
                outcome = new BatchOutcome(sample.Sample, null, ex.Message);
            }
            afterEach?.Invoke(outcome, Path.Combine(outputFolder, Safe(sample.Sample)));
            outcomes[i] = outcome;
            progress?.Report(Interlocked.Increment(ref done));
        });
        var ordered = Enumerable.Range(0, samples.Count).Select(i => outcomes[i]).ToArray();
        WriteSummary(Path.Combine(outputFolder, "summary.csv"), ordered);
        return ordered;
    }

    private static void WriteSummary(string path, IReadOnlyList<BatchOutcome> outcomes)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        // Sample names are the user's (OWASP "CSV Injection": formula cells defused, numbers kept).
        CsvWriter.WriteRow(text, ["sample", "panel", "verdict", "reason", "markers"], CsvDialect.UnixSpreadsheet);
        foreach (var o in outcomes)
        {
            var markers = o.Result is null ? ""
                : string.Join(';', o.Result.Markers.Where(m => m.PercentPositive is not null)
                .Select(m => $"{m.Marker}={m.PercentPositive!.Value.ToString("0.00", CultureInfo.InvariantCulture)}"));
            var verdict = o.Result?.Verdict.ToString().ToLowerInvariant() ?? "error";
            CsvWriter.WriteRow(text, [o.Sample, o.Result?.Panel, verdict, o.Result?.Reason ?? o.Error, markers],
                CsvDialect.UnixSpreadsheet);
        }
        AtomicFile.WriteAllText(path, text.ToString());
    }

    private static string Safe(string name) =>
        string.Concat(name.Select(c => Path.GetInvalidFileNameChars().Contains(c) || c == ' ' ? '_' : c));
}

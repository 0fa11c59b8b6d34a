using Stroma.Trials.Extraction;
using Stroma.Trials.Formats;
using Stroma.Trials.Landscape;
using Stroma.Trials.Model;

namespace Stroma.Web.Infrastructure;

/// <summary>A registry record with what was extracted from it.</summary>
/// <param name="Trial">The normalised record.</param>
/// <param name="Extraction">Extracted fields with evidence.</param>
public sealed record TrialEntry(ClinicalTrial Trial, TrialExtraction Extraction)
{
    /// <summary>The API shape (the same as <c>stroma trials extract --json</c>).</summary>
    public TrialExtraction Summary => Extraction;
}

/// <summary>
/// The trial landscape the web app shows: the records of the configured sources (files, folders or zips of any
/// supported ClinicalTrials.gov format) read, extracted and counted once, on first use, then served from memory.
/// </summary>
public sealed class TrialLandscapeCache(WebAppOptions options)
{
    private readonly Lazy<(IReadOnlyList<TrialEntry> Trials, LandscapeReport Landscape)> _data = new(() =>
        Load(options.TrialSources));

    /// <summary>Where the records come from.</summary>
    public IReadOnlyList<string> Sources => options.TrialSources;

    /// <summary>Every readable record.</summary>
    public IReadOnlyList<TrialEntry> Trials => _data.Value.Trials;

    /// <summary>Counts over all records.</summary>
    public LandscapeReport Landscape => _data.Value.Landscape;

    /// <summary>Records with an MSC intervention matching the filters (all optional; text search over id, titles and
    /// conditions).</summary>
    public IEnumerable<TrialEntry> Filter(string? q, string? source, string? match, string? route, string? status) =>
        Trials.Where(t =>
            (string.IsNullOrWhiteSpace(q) || Contains(t.Trial.NctId, q) || Contains(t.Trial.BriefTitle, q)
                || Contains(t.Trial.OfficialTitle, q) || t.Trial.Conditions.Any(c => Contains(c, q)))
            && (string.IsNullOrWhiteSpace(source) || t.Extraction.TissueSource.Contains(source, StringComparer.Ordinal))
            && (string.IsNullOrWhiteSpace(match) || string.Equals(t.Extraction.Match, match, StringComparison.Ordinal))
            && (string.IsNullOrWhiteSpace(route) || t.Extraction.Route.Contains(route, StringComparer.Ordinal))
            && (string.IsNullOrWhiteSpace(status) || string.Equals(t.Trial.OverallStatus, status,
                StringComparison.Ordinal)));

    private static bool Contains(string? text, string q) =>
        text?.Contains(q.Trim(), StringComparison.OrdinalIgnoreCase) == true;

    private static (IReadOnlyList<TrialEntry>, LandscapeReport) Load(IReadOnlyList<string> sources)
    {
        var existing = sources.Where(s => File.Exists(s) || Directory.Exists(s)).ToArray();
        var landscape = LandscapeRun.Collect(TrialReader.Read(existing), MscExtractor.Default);
        return (landscape.Trials.Select(t => new TrialEntry(t.Trial, t.Extraction)).ToArray(), landscape.Report);
    }
}

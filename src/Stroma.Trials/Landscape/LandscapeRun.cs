using Stroma.Trials.Extraction;
using Stroma.Trials.Formats;

namespace Stroma.Trials.Landscape;

/// <summary>Receives the review-table rows of a landscape run as they are produced, then the finished report.</summary>
public interface ILandscapeTableSink : IDisposable
{
    /// <summary>One row of Table 1 or Table 2 (cells in <see cref="ReviewTables.Header"/> order).</summary>
    void Add(ReviewTable table, IReadOnlyList<string> row);

    /// <summary>Called once after the last row with the counts.</summary>
    void Finish(LandscapeReport report);
}

/// <summary>Reads, extracts and counts in one streaming pass.</summary>
public static class LandscapeRun
{
    /// <summary>
    /// Extracts every readable record, counts it, and passes its review-table rows to <paramref name="tables"/>
    /// (when given). Unreadable records count as skipped and are handed to <paramref name="skipped"/>. With a
    /// <paramref name="curation"/>, reviewed values replace extracted ones in the counts and tables, and each table
    /// row names its reviewed cells.
    /// </summary>
    public static LandscapeReport Run(IEnumerable<TrialReadResult> records, MscExtractor extractor,
        ILandscapeTableSink? tables = null,
        Action<TrialReadError>? skipped = null, Curation.CurationBook? curation = null) =>
        Run(records, extractor, tables, skipped, curation, kept: null);

    /// <summary>
    /// The same pass as <see cref="Run(IEnumerable{TrialReadResult}, MscExtractor, ILandscapeTableSink?,
    /// Action{TrialReadError}?, Curation.CurationBook?)"/>, keeping every readable record with its extraction in
    /// memory as well (for a host that serves and filters them, such as the web app).
    /// </summary>
    public static LandscapeCollection Collect(IEnumerable<TrialReadResult> records, MscExtractor extractor,
        Action<TrialReadError>? skipped = null, Curation.CurationBook? curation = null)
    {
        var trials = new List<LandscapeTrial>();
        var report = Run(records, extractor, tables: null, skipped, curation, kept: trials.Add);
        return new LandscapeCollection(trials, report);
    }

    private static LandscapeReport Run(IEnumerable<TrialReadResult> records, MscExtractor extractor,
        ILandscapeTableSink? tables,
        Action<TrialReadError>? skipped, Curation.CurationBook? curation, Action<LandscapeTrial>? kept)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(extractor);
        var builder = new LandscapeBuilder();
        foreach (var r in Unwrapped(ExtractionPipeline.Extract(records, extractor)))
        {
            if (r.Trial is not { } trial)
            {
                builder.AddSkipped();
                skipped?.Invoke(r.Error!);
                continue;
            }
            var e = r.Extraction!;
            IReadOnlySet<string>? reviewed = null;
            if (curation is { Count: > 0 })
            {
                var curated = curation.Apply(trial, e);
                e = curated.Extraction;
                reviewed = curated.Reviewed;
            }
            builder.Add(trial, e);
            kept?.Invoke(new LandscapeTrial(trial, e));
            if (tables is null) continue;
            var tablesFor = ReviewTables.TablesFor(e).ToList();
            if (tablesFor.Count == 0) continue;
            var row = ReviewTables.Row(trial, e, reviewed);
            foreach (var table in tablesFor) tables.Add(table, row);
        }
        var report = builder.Build();
        tables?.Finish(report);
        return report;
    }

    /// <summary>
    /// The pipeline's items; an error raised inside it (the readers report bad input as items, so this is an
    /// I/O failure or a bug) comes out as itself rather than as the parallel query's AggregateException.
    /// </summary>
    private static IEnumerable<ExtractedTrial> Unwrapped(IEnumerable<ExtractedTrial> items)
    {
        using var e = items.GetEnumerator();
        while (true)
        {
            try
            {
                if (!e.MoveNext()) yield break;
            }
            catch (AggregateException ex) when (ex.Flatten().InnerExceptions is [var single])
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(single).Throw();
                throw;
            }
            yield return e.Current;
        }
    }

    /// <summary>The count tables of a report, titled, in display order.</summary>
    public static IEnumerable<(string Key, string Title,
        IReadOnlyDictionary<string, int> Counts)> Sections(LandscapeReport r)
    {
        yield return ("byStatus", "Overall status", r.ByStatus);
        yield return ("byPhase", "Phase (registry)", r.ByPhase);
        yield return ("byPhaseGroup", "Phase (review grouping)", r.ByPhaseGroup);
        yield return ("byConditionCategory", "Condition category (MeSH browse branch)", r.ByConditionCategory);
        yield return ("byReviewIndication", "Review indications (MeSH terms, msc-review.txt §1.4.2)",
            r.ByReviewIndication);
        yield return ("byProduct", "Product (MSC trials)", r.ByProduct);
        yield return ("bySourceAndMatch", "Tissue source | match (MSC trials)", r.BySourceAndMatch);
        yield return ("byRoute", "Route (MSC trials)", r.ByRoute);
        yield return ("byDoseCellsPerKg", "Dose, cells/kg per administration (MSC trials)", r.ByDoseCellsPerKg);
        yield return ("byDoseTotalCells", "Dose, total cells per administration (MSC trials)", r.ByDoseTotalCells);
        yield return ("byStartYear", "Start year", r.ByStartYear);
        yield return ("byCountry", "Country", r.ByCountry);
    }
}

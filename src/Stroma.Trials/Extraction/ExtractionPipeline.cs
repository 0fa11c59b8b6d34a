using Stroma.Trials.Formats;
using Stroma.Trials.Model;

namespace Stroma.Trials.Extraction;

/// <summary>
/// A read result with its extraction (trial and extraction null for a record that could not be read or was refused).
/// </summary>
/// <param name="Trial">The trial, or null.</param>
/// <param name="Extraction">Its extraction, or null.</param>
/// <param name="Error">The read error, or null.</param>
public readonly record struct ExtractedTrial(ClinicalTrial? Trial, TrialExtraction? Extraction, TrialReadError? Error);

/// <summary>
/// Extracts a stream of records on all cores, keeping input order. Reading stays on one thread (it is
/// I/O and parsing of one input at a time); rules run in parallel. Unbuffered merging keeps the number of
/// records in flight small, so memory does not grow with the input.
/// </summary>
public static class ExtractionPipeline
{
    /// <summary>Extractions of the records, in input order.</summary>
    public static IEnumerable<ExtractedTrial> Extract(IEnumerable<TrialReadResult> records, MscExtractor extractor,
        int? degreeOfParallelism = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(extractor);
        var degree = degreeOfParallelism ?? Environment.ProcessorCount;
        if (degree <= 1) return records.Select(r => One(r, extractor));
        return records.AsParallel().AsOrdered()
            .WithDegreeOfParallelism(degree)
            .WithMergeOptions(ParallelMergeOptions.NotBuffered)
            .Select(r => One(r, extractor));
    }

    /// <summary>A record the extractor refuses (larger than any real one) is skipped with its reason.</summary>
    private static ExtractedTrial One(TrialReadResult r, MscExtractor extractor)
    {
        if (r.Trial is not { } t) return new ExtractedTrial(null, null, r.Error);
        try
        {
            return new ExtractedTrial(t, extractor.Extract(t), null);
        }
        catch (TrialExtractionException ex)
        {
            return new ExtractedTrial(null, null, new TrialReadError(t.Source, ex.NctId, ex.Field, ex.Message));
        }
    }
}

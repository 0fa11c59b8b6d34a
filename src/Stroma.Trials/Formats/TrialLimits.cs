namespace Stroma.Trials.Formats;

/// <summary>
/// Bounds every reader enforces, so that no input sizes an allocation or a run time. Each is far beyond
/// any real registry record: a record that exceeds one is refused with a <see cref="TrialReadError"/>
/// naming the limit, and the run goes on.
/// </summary>
public static class TrialLimits
{
    /// <summary>
    /// Bytes of one study (a JSON object, a <c>clinical_study</c> element, a CSV row). The largest study of
    /// the shared corpus is 136 KB and full API v2 records with posted results run to a few megabytes.
    /// </summary>
    public const int MaxRecordBytes = 32 << 20;

    /// <summary>
    /// Characters of one text field (a title, a summary, one intervention description). The registry caps
    /// its longest free-text fields at 32,000 characters (ClinicalTrials.gov PRS Protocol Data Element
    /// Definitions: detailed description); six times that leaves room for older records and entities.
    /// </summary>
    public const int MaxTextChars = 200_000;

    /// <summary>Characters of one CSV cell: list cells ("Locations") join every site of a study with "|".</summary>
    public const int MaxCellChars = 1 << 20;

    /// <summary>Cells of one CSV row (the registry's download has about 30 columns).</summary>
    public const int MaxCells = 1_000;

    /// <summary>Element nesting inside one <c>clinical_study</c> (public.xsd nests about ten levels, in
    /// clinical_results).</summary>
    public const int MaxXmlDepth = 64;

    /// <summary>
    /// Decompressed bytes of one zip entry. Bulk downloads hold one study per entry; a zipped page or
    /// CSV download is at most a few hundred megabytes.
    /// </summary>
    public const long MaxEntryBytes = 4L << 30;
}

namespace Stroma.Trials.Formats;

/// <summary>The registry formats Stroma reads.</summary>
public enum TrialFormat
{
    /// <summary>Not recognised.</summary>
    Unknown,

    /// <summary>Classic full-study JSON flattened to field lists (<c>{"NCTId":["NCT…"],"Condition":[…]}</c>).</summary>
    CtGovClassic,

    /// <summary>ClinicalTrials.gov API v2 JSON: one study, a page <c>{"studies":[…]}</c>, or an array of
    /// studies.</summary>
    CtGovV2,

    /// <summary>Legacy <c>clinical_study</c> XML (one study per file, or several under one root).</summary>
    CtGovXml,

    /// <summary>The CSV download ("NCT Number","Study Title",… or the classic "NCT Number","Title",…
    /// columns).</summary>
    CtGovCsv,
}

/// <summary>An input unit: a file, or one entry of a zip archive.</summary>
/// <param name="Name">File path, or <c>archive.zip!entry</c>.</param>
/// <param name="Open">Opens the content for reading (forward only).</param>
public sealed record TrialInput(string Name, Func<Stream> Open);

/// <summary>A record (or a whole input) that could not be read; the run continues without it.</summary>
/// <param name="File">File path or <c>archive.zip!entry</c>.</param>
/// <param name="Record">NCT id or position of the record, when the problem concerns one record.</param>
/// <param name="Field">Registry field involved, when known.</param>
/// <param name="Error">What is wrong.</param>
public sealed record TrialReadError(string File, string? Record, string? Field, string Error)
{
    /// <summary>The error of a <see cref="TrialFormatException"/>.</summary>
    public static TrialReadError From(string file, TrialFormatException ex) =>
        new(ex.File ?? file, ex.Record, ex.Field, ex.Message);
}

/// <summary>One item of a read: a trial, or the error that replaced it.</summary>
public readonly record struct TrialReadResult(Model.ClinicalTrial? Trial, TrialReadError? Error)
{
    /// <summary>A successfully read trial.</summary>
    public static TrialReadResult Ok(Model.ClinicalTrial trial) => new(trial, null);

    /// <summary>A skipped record or input.</summary>
    public static TrialReadResult Failed(TrialReadError error) => new(null, error);
}

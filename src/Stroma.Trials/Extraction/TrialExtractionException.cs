using System.Globalization;

namespace Stroma.Trials.Extraction;

/// <summary>
/// A record the extractor refuses: a text field or the whole record is larger than any real registry record,
/// so it is malformed or hostile input rather than a trial to tabulate.
/// </summary>
public sealed class TrialExtractionException : Exception
{
    /// <summary>
    /// A refusal of <paramref name="nctId"/>: <paramref name="field"/> holds <paramref name="length"/>
    /// characters, more than <paramref name="limit"/>.
    /// </summary>
    public TrialExtractionException(string nctId, string field, long length, long limit)
        : base(Describe(nctId, field, length, limit))
    {
        NctId = nctId;
        Field = field;
        Length = length;
        Limit = limit;
    }

    private static string Describe(string nctId, string field, long length, long limit) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{nctId}: {field} holds {length:N0} characters, more than the {limit:N0}")
        + " any real registry record has; not extracted";

    /// <summary>The refused record.</summary>
    public string NctId { get; }

    /// <summary>The registry field that is too long, or <c>record</c> for the sum of the text fields.</summary>
    public string Field { get; }

    /// <summary>Characters found.</summary>
    public long Length { get; }

    /// <summary>Characters allowed.</summary>
    public long Limit { get; }
}

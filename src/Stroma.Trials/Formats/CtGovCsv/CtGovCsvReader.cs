using System.Text;
using System.Text.RegularExpressions;
using Stroma.Trials.Model;

namespace Stroma.Trials.Formats.CtGovCsv;

/// <summary>
/// Reads the registry's CSV download, row by row. Both header sets are understood: the current one
/// ("NCT Number","Study Title","Study URL","Acronym","Study Status","Brief Summary",…,"Sponsor",
/// "Collaborators","Sex","Age","Phases","Enrollment","Funder Type","Study Type",…,"Locations") and the
/// classic one ("NCT Number","Title","Status",…,"Sponsor/Collaborators","Gender","Funded Bys",…). Lists inside
/// a cell are joined with "|"; interventions are "TYPE: name"; locations "Facility, City, State, Zip, Country".
/// The download has no descriptions of interventions or arms, no MeSH terms and no browse branches.
/// </summary>
public static partial class CtGovCsvReader
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false,
        throwOnInvalidBytes: true);

    /// <summary>Reads every row.</summary>
    public static IEnumerable<TrialReadResult> Read(Stream stream, string file)
    {
        // Invalid bytes are an error, not U+FFFD: replacing them would change the record without a word.
        using var text = new StreamReader(stream, Strict, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16,
            leaveOpen: true);
        var reader = new DelimitedReader(text);
        using var rows = reader.ReadRecords().GetEnumerator();
        while (true)
        {
            (long Line, Dictionary<string, string> Row) current;
            try
            {
                if (!rows.MoveNext()) yield break;
                current = rows.Current;
            }
            catch (FormatException ex)
            {
                throw new TrialFormatException(file, null, null, ex.Message, ex);
            }
            catch (DecoderFallbackException ex)
            {
                throw new TrialFormatException(file, null, null,
                    $"invalid UTF-8 in the row starting on line {reader.RowLine} (byte {ex.Index})", ex);
            }
            TrialReadResult result;
            try { result = TrialReadResult.Ok(Parse(current.Row, file, current.Line)); }
            catch (TrialFormatException ex) { result = TrialReadResult.Failed(TrialReadError.From(file, ex)); }
            yield return result;
        }
    }

    /// <summary>Maps one row (header → cell).</summary>
    public static ClinicalTrial Parse(IReadOnlyDictionary<string, string> row, string file, long line)
    {
        var position = $"line {line}";
        string? Raw(string[] names, out string column)
        {
            foreach (var n in names)
                if (row.TryGetValue(n, out var v) && !string.IsNullOrWhiteSpace(v)) { column = n; return v.Trim(); }
            column = names[0];
            return null;
        }
        string? Cell(params string[] names) => Raw(names, out var column) is { } v
            ? RecordParts.Bounded(v, file, position, column) : null;
        // A list cell may hold many entries (every site of a study); each entry is a field of its own.
        IReadOnlyList<string> List(params string[] names) =>
            Raw(names, out var column)?.Split('|',
                StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(v => RecordParts.Bounded(v, file, position, column)).ToList() ?? [];

        var nct = RecordParts.NctId(Cell("NCT Number"), file, position, "NCT Number");
        var where = $"{file}, line {line}";

        var sponsorCell = Cell("Sponsor");
        var collaborators = List("Collaborators");
        var funders = List("Funder Type", "Funded Bys");
        if (sponsorCell is null && List("Sponsor/Collaborators") is { Count: > 0 } both)
        {
            // Classic download: lead sponsor first, collaborators after.
            sponsorCell = both[0];
            collaborators = both.Skip(1).ToList();
        }
        var (min, max) = Ages(Cell("Age"));
        return new ClinicalTrial
        {
            NctId = nct,
            Source = where,
            BriefTitle = Cell("Study Title", "Title"),
            Acronym = Cell("Acronym"),
            OverallStatus = RegistryLabels.Status(Cell("Study Status", "Status")),
            Phases = RegistryLabels.Phases(List("Phases", "Phase")),
            StudyType = RegistryLabels.Title(Cell("Study Type")),
            StartDate = RecordParts.Date(Cell("Start Date"), null, file, nct, "Start Date"),
            PrimaryCompletionDate = RecordParts.Date(Cell("Primary Completion Date"), null, file, nct,
                "Primary Completion Date"),
            CompletionDate = RecordParts.Date(Cell("Completion Date"), null, file, nct, "Completion Date"),
            ResultsFirstPosted =
                RecordParts.Date(Cell("Results First Posted"), null, file, nct, "Results First Posted"),
            EnrollmentCount = RecordParts.Int(Cell("Enrollment"), file, nct, "Enrollment"),
            LeadSponsor = sponsorCell is null ? null
                : new TrialOrganization(sponsorCell, RegistryLabels.AgencyClass(funders.FirstOrDefault())),
            Collaborators = collaborators.Select(c => new TrialOrganization(c, null)).ToList(),
            Countries = RecordParts.Distinct(List("Locations").Select(Country)),
            Conditions = List("Conditions"),
            Interventions = List("Interventions").Select(Intervention).ToList(),
            BriefSummary = Cell("Brief Summary"),
            Sex = RegistryLabels.Sex(Cell("Sex", "Gender")),
            MinimumAge = min,
            MaximumAge = max,
            Outcomes =
            [
                .. List("Primary Outcome Measures", "Outcome Measures")
                    .Select(m => new TrialOutcome(OutcomeKind.Primary, m, null, null)),
                .. List("Secondary Outcome Measures")
                    .Select(m => new TrialOutcome(OutcomeKind.Secondary, m, null, null)),
                .. List("Other Outcome Measures").Select(m => new TrialOutcome(OutcomeKind.Other, m, null, null)),
            ],
        };
    }

    /// <summary>"BIOLOGICAL: UC-MSC" (current) or "Biological: UC-MSC" (classic).</summary>
    private static TrialIntervention Intervention(string cell)
    {
        var colon = cell.IndexOf(':', StringComparison.Ordinal);
        var type = colon > 0 ? cell[..colon].Trim() : null;
        // Only a known type word before the colon is a type; "Cx601: allogeneic ASC" is a name.
        if (type is not null && !type.All(c => char.IsAsciiLetter(c) || c is ' ' or '_')) type = null;
        return new TrialIntervention
        {
            Type = RegistryLabels.Title(type?.Replace(' ', '_').ToUpperInvariant()),
            Name = type is null ? cell : cell[(colon + 1)..].Trim(),
        };
    }

    /// <summary>The country is the last comma-separated part of a location.</summary>
    private static string Country(string location)
    {
        var comma = location.LastIndexOf(',');
        return (comma >= 0 ? location[(comma + 1)..] : location).Trim();
    }

    /// <summary>The classic download's "18 Years to 65 Years   (Adult, Older Adult)"; the current one lists only age
    /// groups.</summary>
    private static (string? Min, string? Max) Ages(string? cell)
    {
        if (cell is null) return (null, null);
        var m = AgeRange().Match(cell);
        if (!m.Success) return (null, null);
        return (m.Groups["min"].Success ? m.Groups["min"].Value : null, m.Groups["max"].Success ? m.Groups["max"].Value
            : null);
    }

    [GeneratedRegex(@"^\s*(?:(?<min>\d+ \w+) to (?<max>\d+ \w+)|(?<min>\d+ \w+) and older|up to (?<max>\d+ \w+))",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AgeRange();
}

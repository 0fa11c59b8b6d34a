using Stroma.IO;
using Stroma.Trials.Extraction;
using Stroma.Trials.Landscape;

namespace Stroma.Trials.Curation;

/// <summary>What a gold export wrote.</summary>
/// <param name="Trials">Trials written (their review is complete).</param>
/// <param name="Incomplete">Trials left out because some required field is not decided on the latest record
/// version.</param>
public sealed record GoldExportResult(int Trials, IReadOnlyList<string> Incomplete);

/// <summary>
/// Writes reviewed trials as a gold annotation file in the columns of EXTRACTION.md (<see cref="GoldStandard"/> reads
/// it back, so <c>stroma trials score</c> scores the extractor against the reviewers). A trial is written when every
/// field its review requires is decided on the same record version (the most recent decision's fingerprint): all fields
/// for an MSC trial; msc_intervention, product and match for one that is not, the others then taking the values
/// EXTRACTION.md gives a non-MSC trial (none, unspecified, none_stated, no, empty dose).
/// </summary>
public static class CurationGold
{
    /// <summary>Writes the header and one row per completely reviewed trial, by NCT id.</summary>
    public static GoldExportResult Write(TextWriter writer, CurationBook book)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(book);
        // Evidence is reviewers' and registry text, and the file is opened in spreadsheets: cells are formula-guarded
        // (OWASP CSV injection); GoldStandard.Read unguards every cell, so the values read back exactly.
        CsvWriter.WriteRow(writer, GoldStandard.Columns, CsvDialect.Spreadsheet);
        var incomplete = new List<string>();
        var written = 0;
        foreach (var trial in book.Decisions.GroupBy(d => d.NctId, StringComparer.OrdinalIgnoreCase))
        {
            var latest = trial.MaxBy(d => d.DecidedUtc)!.Fingerprint;
            var fields = trial.Where(d => d.Fingerprint == latest).ToDictionary(d => d.Field, StringComparer.Ordinal);
            var msc = fields.TryGetValue(CurationFields.MscIntervention, out var m) ? m.Value == "yes" : (bool?)null;
            if (msc is null || CurationFields.Required(msc.Value).Any(f => !fields.ContainsKey(f)))
            {
                incomplete.Add(trial.Key);
                continue;
            }
            string V(string field, string notMsc) => msc.Value || CurationFields.OnAllTrials.Contains(field)
                ? fields[field].Value : notMsc;
            var dose = CurationFields.ParseDose(V(CurationFields.Dose, ""));
            var evidence = new[] { CurationFields.Dose, CurationFields.TissueSource, CurationFields.Route,
                CurationFields.MscIntervention }
                .Select(f => fields.TryGetValue(f, out var d) ? d.Evidence : null)
                    .FirstOrDefault(e => !string.IsNullOrWhiteSpace(e)) ?? "";
            // EXTRACTION.md: evidence is at most 200 characters, double quotes replaced by single quotes.
            evidence = evidence.Replace('"', '\'').ReplaceLineEndings(" ");
            if (evidence.Length > 200) evidence = evidence[..200];
            CsvWriter.WriteRow(writer,
            [
                trial.Key, V(CurationFields.MscIntervention, "no"), V(CurationFields.Product, "none"),
                V(CurationFields.TissueSource, ExtractionWords.None), V(CurationFields.Match, ExtractionWords.None),
                V(CurationFields.Route, ExtractionWords.None),
                dose is null ? "" : ExtractionScorer.Number(dose.Low), dose is null ? ""
                    : ExtractionScorer.Number(dose.High), dose?.Unit ?? "",
                V(CurationFields.DoseCount, ""), V(CurationFields.Passage, ExtractionWords.Unspecified),
                V(CurationFields.Priming, ExtractionWords.NoneStated), V(CurationFields.Engineered, "no"), evidence,
            ], CsvDialect.Spreadsheet);
            written++;
        }
        return new GoldExportResult(written, incomplete);
    }
}

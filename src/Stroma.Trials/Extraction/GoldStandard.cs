using System.Globalization;
using Stroma.IO;
using Stroma.Trials.Formats;

namespace Stroma.Trials.Extraction;

/// <summary>One hand-annotated trial of a gold file (EXTRACTION.md header), values as written.</summary>
public sealed record GoldRow(
    string NctId, string MscIntervention, string Product, string TissueSource, string Match, string Route,
    string DoseLow, string DoseHigh, string DoseUnit, string DoseCount, string Passage, string Priming,
    string Engineered, string Evidence);

/// <summary>Reads gold annotation files (<c>nct_id,msc_intervention,product,…,evidence</c>).</summary>
public static class GoldStandard
{
    /// <summary>The columns of a gold file, in EXTRACTION.md order.</summary>
    public static readonly IReadOnlyList<string> Columns =
        ["nct_id", "msc_intervention", "product", "tissue_source", "match", "route", "dose_low", "dose_high",
            "dose_unit", "dose_count", "passage", "priming", "engineered", "evidence"];

    /// <summary>Reads a gold CSV; a missing column or a row without an NCT id raises
    /// <see cref="TrialFormatException"/>. Cells a formula guard prefixed (<see cref="CsvWriter.Unguard"/>) are read
    /// as they were before it, so a file Stroma exported reads back exactly.</summary>
    public static IReadOnlyList<GoldRow> Read(string path)
    {
        using var reader = new StreamReader(path);
        var rows = new List<GoldRow>();
        var header = true;
        foreach (var (line, row) in new DelimitedReader(reader).ReadRecords())
        {
            if (header)
            {
                var missing = Columns.Where(c => !row.ContainsKey(c)).ToList();
                if (missing.Count > 0) throw new TrialFormatException(path, null, missing[0],
                    $"gold file lacks column(s) {string.Join(", ", missing)}");
                header = false;
            }
            string C(string name) => row.TryGetValue(name, out var v) ? CsvWriter.Unguard(v).Trim() : "";
            var nct = C("nct_id");
            if (nct.Length == 0) throw new TrialFormatException(path,
                $"line {line.ToString(CultureInfo.InvariantCulture)}", "nct_id", "missing NCT id");
            rows.Add(new GoldRow(nct, C("msc_intervention"), C("product"), C("tissue_source"), C("match"), C("route"),
                C("dose_low"), C("dose_high"),
                C("dose_unit"), C("dose_count"), C("passage"), C("priming"), C("engineered"), C("evidence")));
        }
        return rows;
    }
}

using System.Globalization;

namespace Stroma.Trials.Extraction;

/// <summary>Accuracy of one field.</summary>
/// <param name="Field">Gold column name (plus <c>dose</c>: low, high and unit all right).</param>
/// <param name="Correct">Trials scored right.</param>
/// <param name="Total">Trials scored.</param>
public sealed record FieldScore(string Field, int Correct, int Total)
{
    /// <summary>Correct / Total (1 when nothing was scored).</summary>
    public double Accuracy => Total == 0 ? 1 : (double)Correct / Total;
}

/// <summary>A value that differs from the gold annotation.</summary>
public sealed record ScoreMismatch(string NctId, string Field, string Gold, string Extracted);

/// <summary>Per-field accuracy against a gold file.</summary>
/// <param name="Fields">One score per field, in gold-column order.</param>
/// <param name="Mismatches">Every differing value.</param>
/// <param name="Scored">Gold trials found in the input and scored.</param>
/// <param name="Missing">Gold trials absent from the input (not scored).</param>
public sealed record ScoreReport(IReadOnlyList<FieldScore> Fields, IReadOnlyList<ScoreMismatch> Mismatches, int Scored,
    IReadOnlyList<string> Missing);

/// <summary>
/// Scores extractions against gold rows exactly as EXTRACTION.md's "How software is scored" says:
/// per field, exact match after normalisation (case, spaces); multi-valued fields as sets; doses as
/// numbers within 1% relative; msc_intervention, product and match on every trial, the other fields on
/// trials whose gold msc_intervention is yes. Evidence is not scored.
/// </summary>
public static class ExtractionScorer
{
    /// <summary>Scoring order of the fields.</summary>
    public static readonly IReadOnlyList<string> FieldNames =
        ["msc_intervention", "product", "tissue_source", "match", "route", "dose_low", "dose_high", "dose_unit", "dose",
            "dose_count", "passage", "priming", "engineered"];

    private static readonly HashSet<string> OnAllTrials = ["msc_intervention", "product", "match"];

    /// <summary>Scores the extractions (keyed by NCT id) against the gold rows.</summary>
    public static ScoreReport Score(IReadOnlyList<GoldRow> gold, IReadOnlyDictionary<string, TrialExtraction> extracted)
    {
        var correct = FieldNames.ToDictionary(f => f, _ => 0);
        var total = FieldNames.ToDictionary(f => f, _ => 0);
        var mismatches = new List<ScoreMismatch>();
        var missing = new List<string>();
        var scored = 0;
        foreach (var g in gold)
        {
            if (!extracted.TryGetValue(g.NctId, out var e))
            {
                missing.Add(g.NctId);
                continue;
            }
            scored++;
            var goldYes = Norm(g.MscIntervention) == "yes";
            foreach (var field in FieldNames)
            {
                if (!goldYes && !OnAllTrials.Contains(field)) continue;
                var (goldValue, value, same) = Compare(field, g, e);
                total[field]++;
                if (same) correct[field]++;
                else mismatches.Add(new ScoreMismatch(g.NctId, field, goldValue, value));
            }
        }
        return new ScoreReport(FieldNames.Select(f => new FieldScore(f, correct[f], total[f])).ToList(), mismatches,
            scored, missing);
    }

    /// <summary>The gold-file spelling of each extracted field.</summary>
    public static IReadOnlyDictionary<string, string> AsGoldValues(TrialExtraction e) => new Dictionary<string, string>
    {
        ["msc_intervention"] = e.MscIntervention ? "yes" : "no",
        ["product"] = string.Join(';', e.Product),
        ["tissue_source"] = string.Join(';', e.TissueSource),
        ["match"] = e.Match,
        ["route"] = string.Join(';', e.Route),
        ["dose_low"] = e.Dose is null ? "" : Number(e.Dose.Low),
        ["dose_high"] = e.Dose is null ? "" : Number(e.Dose.High),
        ["dose_unit"] = e.Dose?.Unit ?? "",
        ["dose_count"] = e.DoseCount?.ToString(CultureInfo.InvariantCulture) ?? "",
        ["passage"] = e.Passage,
        ["priming"] = string.Join(';', e.Priming),
        ["engineered"] = e.Engineered ? "yes" : "no",
    };

    /// <summary>Scientific notation as the gold files write doses (<c>1e6</c>, <c>1.2e8</c>).</summary>
    public static string Number(double v)
    {
        if (v == 0) return "0";
        var s = v.ToString("0.###e0", CultureInfo.InvariantCulture);
        return s;
    }

    private static (string Gold, string Value, bool Same) Compare(string field, GoldRow g, TrialExtraction e)
    {
        var values = AsGoldValues(e);
        switch (field)
        {
            case "dose":
                var goldDose = $"{g.DoseLow}|{g.DoseHigh}|{g.DoseUnit}";
                var dose = $"{values["dose_low"]}|{values["dose_high"]}|{values["dose_unit"]}";
                return (goldDose, dose, SameNumber(g.DoseLow, values["dose_low"])
                    && SameNumber(g.DoseHigh, values["dose_high"]) && Norm(g.DoseUnit) == Norm(values["dose_unit"]));
            case "dose_low": return (g.DoseLow, values[field], SameNumber(g.DoseLow, values[field]));
            case "dose_high": return (g.DoseHigh, values[field], SameNumber(g.DoseHigh, values[field]));
            case "dose_count": return (g.DoseCount, values[field], SameNumber(g.DoseCount, values[field]));
            case "product" or "tissue_source" or "route" or "priming":
                var gold = Gold(field, g);
                return (gold, values[field], SameSet(gold, values[field]));
            default:
                var single = Gold(field, g);
                return (single, values[field], Norm(single) == Norm(values[field]));
        }
    }

    private static string Gold(string field, GoldRow g) => field switch
    {
        "msc_intervention" => g.MscIntervention,
        "product" => g.Product,
        "tissue_source" => g.TissueSource,
        "match" => g.Match,
        "route" => g.Route,
        "dose_unit" => g.DoseUnit,
        "passage" => g.Passage,
        "priming" => g.Priming,
        "engineered" => g.Engineered,
        _ => "",
    };

    private static string Norm(string s) => s.Trim().ToLowerInvariant().Replace(" ", "", StringComparison.Ordinal)
        .Replace('–', '-');

    private static bool SameSet(string a, string b) =>
        a.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(Norm).ToHashSet()
            .SetEquals(b.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(Norm));

    private static bool SameNumber(string a, string b)
    {
        a = a.Trim();
        b = b.Trim();
        if (a.Length == 0 || b.Length == 0) return a.Length == b.Length;
        if (!double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
            || !double.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var y))
            return Norm(a) == Norm(b);
        return x == y || Math.Abs(x - y) <= 0.01 * Math.Max(Math.Abs(x), Math.Abs(y));
    }
}

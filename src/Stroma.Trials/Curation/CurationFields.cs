using System.Globalization;
using System.Text.RegularExpressions;
using Stroma.Trials.Extraction;

namespace Stroma.Trials.Curation;

/// <summary>
/// The fields a reviewer accepts or corrects, named as the gold files' columns (EXTRACTION.md), with the
/// vocabulary each value must come from. The three dose columns are reviewed together as one <c>dose</c> field,
/// written <c>LOW UNIT</c> or <c>LOW-HIGH UNIT</c> (<c>1e6 cells_per_kg</c>, <c>1e7-1e8 cells</c>), empty when the
/// record states no dose: a reviewer judges the amount, not three numbers apart.
/// </summary>
public static partial class CurationFields
{
    /// <summary>At least one arm gives an MSC product: <c>yes</c> or <c>no</c>.</summary>
    public const string MscIntervention = "msc_intervention";

    /// <summary>cells;ev;secretome, or none.</summary>
    public const string Product = "product";

    /// <summary>Tissue sources.</summary>
    public const string TissueSource = "tissue_source";

    /// <summary>autologous, allogeneic, both, unspecified, none.</summary>
    public const string Match = "match";

    /// <summary>Routes.</summary>
    public const string Route = "route";

    /// <summary>Dose per administration (the gold file's dose_low, dose_high and dose_unit).</summary>
    public const string Dose = "dose";

    /// <summary>Administrations per patient.</summary>
    public const string DoseCount = "dose_count";

    /// <summary>Culture passage.</summary>
    public const string Passage = "passage";

    /// <summary>Priming kinds.</summary>
    public const string Priming = "priming";

    /// <summary>Genetically modified or loaded: yes or no.</summary>
    public const string Engineered = "engineered";

    /// <summary>Every curated field, in gold-column order.</summary>
    public static readonly IReadOnlyList<string> All =
        [MscIntervention, Product, TissueSource, Match, Route, Dose, DoseCount, Passage, Priming, Engineered];

    /// <summary>
    /// Fields that mean something on every trial; the others only when an MSC product is given (EXTRACTION.md,
    /// "How software is scored": msc_intervention, product and match on all trials, the rest when msc_intervention is
    /// yes).
    /// </summary>
    public static readonly IReadOnlyList<string> OnAllTrials = [MscIntervention, Product, Match];

    /// <summary>Most administrations a correction may state (no schedule in the corpus comes near it).</summary>
    public const int MaxDoseCount = 1000;

    private static readonly string[] YesNo = ["yes", "no"];

    /// <summary>The fields a review of a trial must decide: all of them for an MSC trial, else <see
    /// cref="OnAllTrials"/>.</summary>
    public static IReadOnlyList<string> Required(bool mscIntervention) => mscIntervention ? All : OnAllTrials;

    /// <summary>Whether a field holds several vocabulary words joined with <c>;</c>.</summary>
    public static bool IsMultiValued(string field) => field is Product or TissueSource or Route or Priming;

    /// <summary>
    /// The vocabulary words a field's value is chosen from, in EXTRACTION.md order (a select list); empty for
    /// fields written as numbers or passages (<see cref="Dose"/>, <see cref="DoseCount"/>, <see cref="Passage"/>).
    /// </summary>
    public static IReadOnlyList<string> Choices(string field) => Check(field) switch
    {
        MscIntervention or Engineered => YesNo,
        Product => [.. ExtractionWords.Products, ExtractionWords.None],
        TissueSource => [.. ExtractionWords.TissueSources, ExtractionWords.Unspecified, ExtractionWords.None],
        Match => [.. ExtractionWords.Matches, ExtractionWords.Unspecified, ExtractionWords.None],
        Route => [.. ExtractionWords.Routes, ExtractionWords.Unspecified, ExtractionWords.None],
        Priming => ExtractionWords.PrimingKinds,
        _ => [],
    };

    /// <summary>Words that stand alone in a multi-valued field (they cannot be joined with another).</summary>
    private static bool Alone(string word) =>
        word is ExtractionWords.None or ExtractionWords.Unspecified or ExtractionWords.NoneStated;

    /// <summary>The field name as written, or a <see cref="CurationException"/> naming the fields there are.</summary>
    public static string Check(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        var name = field.Trim().ToLowerInvariant().Replace('-', '_');
        return All.Contains(name) ? name
            : throw new CurationException(null, field, null, "one of " + string.Join(", ", All));
    }

    /// <summary>A field's value in an extraction, spelled as the gold files spell it.</summary>
    public static string ValueOf(TrialExtraction extraction, string field)
    {
        ArgumentNullException.ThrowIfNull(extraction);
        return Check(field) switch
        {
            MscIntervention => extraction.MscIntervention ? "yes" : "no",
            Product => string.Join(';', extraction.Product),
            TissueSource => string.Join(';', extraction.TissueSource),
            Match => extraction.Match,
            Route => string.Join(';', extraction.Route),
            Dose => FormatDose(extraction.Dose),
            DoseCount => extraction.DoseCount?.ToString(CultureInfo.InvariantCulture) ?? "",
            Passage => extraction.Passage,
            Priming => string.Join(';', extraction.Priming),
            _ => extraction.Engineered ? "yes" : "no",
        };
    }

    /// <summary>A dose as the review tables write it (<c>1e6 cells_per_kg</c>, <c>1e7-1e8 cells</c>), empty for
    /// none.</summary>
    public static string FormatDose(DoseRange? dose) => dose is null ? ""
        : dose.Low == dose.High ? $"{ExtractionScorer.Number(dose.Low)} {dose.Unit}"
        : $"{ExtractionScorer.Number(dose.Low)}-{ExtractionScorer.Number(dose.High)} {dose.Unit}";

    /// <summary>
    /// The canonical spelling of a reviewer's value for a field, or a <see cref="CurationException"/> saying what the
    /// vocabulary allows. Multi-valued fields accept words separated by <c>;</c> or <c>,</c> and come back in
    /// EXTRACTION.md order; <c>none</c>, <c>unspecified</c> and <c>none_stated</c> stand alone.
    /// </summary>
    public static string Normalize(string field, string? value, string? nctId = null)
    {
        field = Check(field);
        var text = (value ?? "").Trim();
        switch (field)
        {
            case MscIntervention or Engineered:
                return OneOf(nctId, field, text.ToLowerInvariant(), YesNo);
            case Match:
                return OneOf(nctId, field, text.ToLowerInvariant(), Choices(field));
            case Product or TissueSource or Route or Priming:
                var choices = Choices(field);
                var words = text.Split([';', ','],
                    StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(w => OneOf(nctId, field, w.ToLowerInvariant(), choices)).Distinct(StringComparer.Ordinal)
                        .ToList();
                if (words.Count == 0)
                    throw new CurationException(nctId, field, text, "one or more of " + string.Join(", ", choices));
                if (words.Count > 1 && words.FirstOrDefault(Alone) is { } alone)
                    throw new CurationException(nctId, field, text, $"'{alone}' alone, or words without it");
                return string.Join(';', ExtractionWords.InOrder(words, choices));
            case Dose:
                return FormatDose(ParseDose(text, nctId));
            case DoseCount:
                if (text.Length == 0) return "";
                return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                    && n is >= 1 and <= MaxDoseCount
                    ? n.ToString(CultureInfo.InvariantCulture)
                    : throw new CurationException(nctId, field, text,
                        $"a whole number from 1 to {MaxDoseCount}, or empty when not stated");
            default:
                return NormalizePassage(nctId, text);
        }
    }

    /// <summary>
    /// Parses a dose as <see cref="FormatDose"/> writes it (also <c>LOW..HIGH</c> and <c>LOW to HIGH</c>); empty is no
    /// dose. Numbers are plain or scientific (<c>2000000</c>, <c>2e6</c>, <c>2.5E+6</c>), positive, low not above high.
    /// </summary>
    public static DoseRange? ParseDose(string? text, string? nctId = null)
    {
        var t = (text ?? "").Trim();
        if (t.Length == 0) return null;
        const string Expected = "LOW UNIT or LOW-HIGH UNIT (e.g. '1e6 cells_per_kg', '1e7-1e8 cells'), unit one of ";
        var m = DoseText().Match(t);
        if (!m.Success)
            throw new CurationException(nctId, Dose, t, Expected + string.Join(", ", ExtractionWords.DoseUnits));
        var unit = m.Groups["unit"].Value.ToLowerInvariant();
        if (!ExtractionWords.DoseUnits.Contains(unit))
            throw new CurationException(nctId, Dose, t, "a unit from " + string.Join(", ", ExtractionWords.DoseUnits));
        var low = double.Parse(m.Groups["low"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        var high = m.Groups["high"].Success
            ? double.Parse(m.Groups["high"].Value, NumberStyles.Float, CultureInfo.InvariantCulture) : low;
        if (!double.IsFinite(low) || !double.IsFinite(high) || low <= 0 || high < low)
            throw new CurationException(nctId, Dose, t, "positive finite numbers with LOW not above HIGH");
        return new DoseRange(low, high, unit);
    }

    private static string NormalizePassage(string? nctId, string text)
    {
        if (text.Equals(ExtractionWords.Unspecified, StringComparison.OrdinalIgnoreCase))
            return ExtractionWords.Unspecified;
        var m = PassageText().Match(text);
        if (!m.Success)
            throw new CurationException(nctId, Passage, text,
                "unspecified, or a passage as EXTRACTION.md writes it: P3, P2-P5, <=P5");
        var first = int.Parse(m.Groups["a"].Value, CultureInfo.InvariantCulture);
        if (m.Groups["le"].Success && m.Groups["b"].Success)
            throw new CurationException(nctId, Passage, text,
                "either an upper bound (<=P5) or a range (P2-P5), not both");
        if (m.Groups["b"].Success)
        {
            var second = int.Parse(m.Groups["b"].Value, CultureInfo.InvariantCulture);
            if (second < first)
                throw new CurationException(nctId, Passage, text, "a range whose first passage is not above the last");
            return $"P{first}-P{second}";
        }
        return (m.Groups["le"].Success ? "<=" : "") + $"P{first}";
    }

    private static string OneOf(string? nctId, string field, string word, IReadOnlyList<string> choices) =>
        choices.Contains(word) ? word
            : throw new CurationException(nctId, field, word, "one of " + string.Join(", ", choices));

    /// <summary>
    /// The extraction with one field replaced by a (normalized) value. Setting <c>msc_intervention</c> alone changes
    /// nothing else: the reviewer decides the other fields one by one.
    /// </summary>
    public static TrialExtraction With(TrialExtraction extraction, string field, string value)
    {
        ArgumentNullException.ThrowIfNull(extraction);
        var v = Normalize(field, value, extraction.NctId);
        static List<string> Words(string s) => [.. s.Split(';')];
        return Check(field) switch
        {
            MscIntervention => extraction with { MscIntervention = v == "yes" },
            Product => extraction with { Product = Words(v) },
            TissueSource => extraction with { TissueSource = Words(v) },
            Match => extraction with { Match = v },
            Route => extraction with { Route = Words(v) },
            Dose => extraction with { Dose = ParseDose(v) },
            DoseCount => extraction with { DoseCount = v.Length == 0 ? null
                : int.Parse(v, CultureInfo.InvariantCulture) },
            Passage => extraction with { Passage = v },
            Priming => extraction with { Priming = Words(v) },
            _ => extraction with { Engineered = v == "yes" },
        };
    }

    // Numbers: a plain or scientific decimal; the range separator may be '-', '–', '..' or 'to'.
    [GeneratedRegex(@"^(?<low>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)" +
        @"(?:\s*(?:-|–|\.\.|to)\s*(?<high>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?))?\s+(?<unit>[A-Za-z_0-9]+)$",
        RegexOptions.CultureInvariant)]
    private static partial Regex DoseText();

    [GeneratedRegex(@"^(?:(?<le><=|≤)\s*)?[Pp]\s*(?<a>\d{1,3})(?:\s*[-–]\s*[Pp]\s*(?<b>\d{1,3}))?$",
        RegexOptions.CultureInvariant)]
    private static partial Regex PassageText();
}

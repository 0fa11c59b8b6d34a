using System.Globalization;

namespace Stroma.Manufacturing.Records;

// The correction rules: a reason is required, the new value passes the same checks as when it was first recorded, a
// closed lot's record is not corrected, and the old value is kept in a correction row. Each method checks everything
// before it changes anything, so a refused correction leaves the record (and the database) as it was.
public sealed partial class RecordCorrection
{
    /// <summary>Longest reason accepted.</summary>
    public const int MaxReasonLength = 1000;

    /// <summary>Fields of a passage that can be corrected.</summary>
    public static readonly IReadOnlyList<string> PassageFields =
    [
        "date", "seeded_cells", "harvested_cells", "viability_percent", "culture_days", "surface_area_cm2",
            "oxygen_percent",
        "vessel", "supplement", "system",
    ];

    /// <summary>Fields of a lot that can be corrected.</summary>
    public static readonly IReadOnlyList<string> LotFields = ["source", "isolation", "cell_type"];

    /// <summary>The donor field whose "screening:TEST" form corrects one screening result.</summary>
    public const string ScreeningField = "screening";

    internal const string ScreeningPrefix = ScreeningField + ":";

    /// <summary>The donor field that corrects the screening result of <paramref name="test"/>.</summary>
    public static string ScreeningFieldOf(string? test) => ScreeningPrefix + test;

    /// <summary>Fields of a donor that can be corrected ("screening:TEST" corrects one screening result).</summary>
    public static readonly IReadOnlyList<string> DonorFields = ["age_years", "sex", "species", "type", "consent_date",
        "screening:TEST"];

    /// <summary>Human label of a field token.</summary>
    public static string FieldLabel(string field) => field switch
    {
        "date" => "Harvest date",
        "seeded_cells" => "Seeded cells",
        "harvested_cells" => "Harvested cells",
        "viability_percent" => "Viability (%)",
        "culture_days" => "Days in culture",
        "surface_area_cm2" => "Surface area (cm²)",
        "oxygen_percent" => "O2 (%)",
        "vessel" => "Vessel",
        "supplement" => "Medium supplement",
        "system" => "Culture format",
        "source" => "Tissue source",
        "isolation" => "Isolation method",
        "cell_type" => "Cell type",
        "age_years" => "Age (years)",
        "sex" => "Sex",
        "species" => "Species",
        "type" => "Donor type",
        "consent_date" => "Consent date",
        _ when field.StartsWith(ScreeningPrefix, StringComparison.Ordinal) =>
            $"Screening {field[ScreeningPrefix.Length..]}",
        _ => field,
    };

    /// <summary>The reason, trimmed; refused when empty or too long.</summary>
    public static string CheckedReason(string? reason)
    {
        var text = (reason ?? "").Trim();
        if (text.Length == 0)
            throw new InvalidValueException("Reason", "nothing",
                "why the value is corrected (a correction needs a reason)");
        if (text.Length > MaxReasonLength)
            throw new InvalidValueException("Reason", $"{text.Length} characters",
                $"at most {MaxReasonLength} characters");
        return text;
    }

    // Corrections read typed values with the same parser as the faces (Inputs/InputText.cs).
    internal static string? Text(double? value) => InputText.Text(value);

    internal static string Text(DateOnly value) => InputText.Text(value);

    internal static double? OptionalNumber(string? value, string field) => InputText.OptionalNumber(value, field);

    internal static double Number(string? value, string field) => InputText.Number(value, field);

    internal static DateOnly Date(string? value, string field) => InputText.Date(value, field);

    internal static RecordCorrection Make(CorrectedRecord record, string key, string field, string? oldValue,
        string? newValue,
        string reason, string user, DateTime nowUtc)
    {
        if (string.Equals(oldValue, newValue, StringComparison.Ordinal))
            throw new ManufacturingException($"{FieldLabel(field)} of {key} is already {newValue ?? "empty"}; there " +
                $"is nothing to correct.")
                { Subject = key };
        return new RecordCorrection
        {
            Record = record, RecordKey = key, Field = field, OldValue = oldValue, NewValue = newValue, Reason = reason,
            CorrectedBy = user, CorrectedUtc = nowUtc,
        };
    }

    internal static ManufacturingException UnknownField(string field, IEnumerable<string> fields) =>
        new($"Field '{field}' cannot be corrected; use one of: {string.Join(", ", fields)}.");
}

public sealed partial class Lot
{
    /// <summary>
    /// Corrects one recorded value of passage <paramref name="number"/>: the new value passes the checks of
    /// <see cref="RecordPassage"/> (counts, harvested ≥ seeded, dates in order), the lot must be open and a reason
    /// given.
    /// Returns the correction row carrying the old value; the passage carries the new one.
    /// </summary>
    public RecordCorrection CorrectPassage(int number, string field, string? value, string reason, string user,
        DateTime nowUtc, DateOnly today)
    {
        var why = RecordCorrection.CheckedReason(reason);
        EnsureOpen();
        var passage = Passages.SingleOrDefault(p => p.Number == number)
                      ?? throw new ManufacturingException($"Lot {Code} has no passage {number}.") { Subject = Code };
        var key = $"{Code}/passage {number}";
        var label = RecordCorrection.FieldLabel(field);
        string? old, now;
        Action apply;
        switch (field)
        {
            case "date":
            {
                var date = Checks.Date(RecordCorrection.Date(value, label), label, today);
                var before = Passages.Where(p => p.Number < number).MaxBy(p => p.Number);
                var after = Passages.Where(p => p.Number > number).MinBy(p => p.Number);
                if (before is not null && date < before.Date)
                    throw new InvalidValueException(label, RecordCorrection.Text(date),
                        $"on or after the harvest of passage {before.Number} ({RecordCorrection.Text(before.Date)})");
                if (after is not null && date > after.Date)
                    throw new InvalidValueException(label, RecordCorrection.Text(date),
                        $"on or before the harvest of passage {after.Number} ({RecordCorrection.Text(after.Date)})");
                (old, now, apply) = (RecordCorrection.Text(passage.Date), RecordCorrection.Text(date), () =>
                    passage.Date = date);
                break;
            }
            case "seeded_cells" or "harvested_cells":
            {
                var cells = Checks.Cells(RecordCorrection.Number(value, label), label);
                var seeded = field == "seeded_cells" ? cells : passage.SeededCells;
                var harvested = field == "harvested_cells" ? cells : passage.HarvestedCells;
                if (harvested < seeded)
                    throw new InvalidValueException(label, RecordCorrection.Text(cells)!,
                        field == "seeded_cells"
                            ? $"at most the {RecordCorrection.Text(harvested)} cells harvested"
                            : $"at least the {RecordCorrection.Text(seeded)} cells seeded");
                old = RecordCorrection.Text(field == "seeded_cells" ? passage.SeededCells : passage.HarvestedCells);
                now = RecordCorrection.Text(cells);
                apply = field == "seeded_cells" ? () => passage.SeededCells = cells : () =>
                    passage.HarvestedCells = cells;
                break;
            }
            case "viability_percent":
            {
                var v = Checks.ViabilityPercent(RecordCorrection.OptionalNumber(value, label), label);
                (old, now, apply) = (RecordCorrection.Text(passage.ViabilityPercent), RecordCorrection.Text(v), () =>
                    passage.ViabilityPercent = v);
                break;
            }
            case "culture_days":
            {
                var v = Checks.Positive(RecordCorrection.OptionalNumber(value, label), label, MaxCultureDays);
                (old, now, apply) = (RecordCorrection.Text(passage.CultureDays), RecordCorrection.Text(v), () =>
                    passage.CultureDays = v);
                break;
            }
            case "surface_area_cm2":
            {
                var v = Checks.Positive(RecordCorrection.OptionalNumber(value, label), label, 1e7);
                (old, now, apply) = (RecordCorrection.Text(passage.SurfaceAreaCm2), RecordCorrection.Text(v), () =>
                    passage.SurfaceAreaCm2 = v);
                break;
            }
            case "oxygen_percent":
            {
                var v = Checks.Percent(RecordCorrection.OptionalNumber(value, label), label);
                (old, now, apply) = (RecordCorrection.Text(passage.OxygenPercent), RecordCorrection.Text(v), () =>
                    passage.OxygenPercent = v);
                break;
            }
            case "vessel":
            {
                var v = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
                if (v is { Length: > 200 }) throw new InvalidValueException(label, $"{v.Length} characters",
                    "at most 200 characters");
                (old, now, apply) = (passage.Vessel, v, () => passage.Vessel = v);
                break;
            }
            case "supplement":
            {
                var v = Terms.Parse<MediumSupplement>(value, label);
                (old, now, apply) = (Terms.Token(passage.Supplement), Terms.Token(v), () => passage.Supplement = v);
                break;
            }
            case "system":
            {
                var v = Terms.Parse<CultureFormat>(value, label);
                (old, now, apply) = (Terms.Token(passage.System), Terms.Token(v), () => passage.System = v);
                break;
            }
            default:
                throw RecordCorrection.UnknownField(field, RecordCorrection.PassageFields);
        }
        var correction = RecordCorrection.Make(CorrectedRecord.Passage, key, field, old, now, why, user, nowUtc);
        apply();
        correction.LotId = Id;
        correction.PassageId = passage.Id;
        return correction;
    }

    /// <summary>
    /// Corrects one recorded attribute of the lot (tissue source, isolation method, cell type). Source and isolation
    /// are the primary culture's facts, inherited by every lot derived from it, so they are corrected on a primary
    /// culture with no derived lots (<paramref name="hasDerivedLots"/>); the lot must be open and a reason given.
    /// </summary>
    public RecordCorrection Correct(string field, string? value, string reason, string user, DateTime nowUtc,
        bool hasDerivedLots)
    {
        var why = RecordCorrection.CheckedReason(reason);
        EnsureOpen();
        var label = RecordCorrection.FieldLabel(field);
        if (field is "source" or "isolation")
        {
            if (Kind != LotKind.PrimaryCulture)
                throw new ManufacturingException($"{label} of {Code} is inherited from its primary culture; correct " +
                    $"it there.") { Subject = Code };
            if (hasDerivedLots)
                throw new ManufacturingException($"{label} of {Code} was inherited by the lots derived from it; it " +
                    $"can no longer be corrected " +
                                                 "here (record a deviation).") { Subject = Code };
        }
        string? old, now;
        Action apply;
        switch (field)
        {
            case "source":
            {
                var v = Terms.Parse<TissueSource>(value, label);
                (old, now, apply) = (Terms.Token(Source), Terms.Token(v), () => Source = v);
                break;
            }
            case "isolation":
            {
                var v = Terms.Parse<IsolationMethod>(value, label);
                (old, now, apply) = (Terms.Token(Isolation), Terms.Token(v), () => Isolation = v);
                break;
            }
            case "cell_type":
            {
                var v = Terms.Parse<MscCellType>(value, label);
                (old, now, apply) = (Terms.Token(CellType), Terms.Token(v), () => CellType = v);
                break;
            }
            default:
                throw RecordCorrection.UnknownField(field, RecordCorrection.LotFields);
        }
        var correction = RecordCorrection.Make(CorrectedRecord.Lot, Code, field, old, now, why, user, nowUtc);
        apply();
        correction.LotId = Id;
        return correction;
    }
}

public sealed partial class Donor
{
    /// <summary>
    /// Corrects one recorded fact of the donor: age (0–120), sex, species, donor type, consent date (not in the future;
    /// only with consent recorded) or one screening result ("screening:TEST"). A reason is required; the eligibility
    /// determination is made again from the values in force.
    /// </summary>
    public RecordCorrection Correct(string field, string? value, string reason, string user, DateTime nowUtc,
        DateOnly today)
    {
        var why = RecordCorrection.CheckedReason(reason);
        var label = RecordCorrection.FieldLabel(field);
        string? old, now;
        Action apply;
        switch (field)
        {
            case "age_years":
            {
                int? age = null;
                if (!string.IsNullOrWhiteSpace(value))
                {
                    age = int.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var a)
                        && a is >= 0 and <= 120 ? a
                        : throw new InvalidValueException(label, value, "a whole number of 0–120 years");
                }
                (old, now, apply) = (AgeYears?.ToString(CultureInfo.InvariantCulture),
                    age?.ToString(CultureInfo.InvariantCulture), () => AgeYears = age);
                break;
            }
            case "sex":
            {
                var v = Terms.Parse<DonorSex>(value, label);
                (old, now, apply) = (Terms.Token(Sex), Terms.Token(v), () => Sex = v);
                break;
            }
            case "type":
            {
                var v = Terms.Parse<DonorType>(value, label);
                (old, now, apply) = (Terms.Token(Type), Terms.Token(v), () => Type = v);
                break;
            }
            case "species":
            {
                var v = (value ?? "").Trim().ToLowerInvariant();
                if (v.Length is 0 or > 80) throw new InvalidValueException(label, value ?? "nothing",
                    "a species name of 1–80 characters (e.g. human)");
                (old, now, apply) = (Species, v, () => Species = v);
                break;
            }
            case "consent_date":
            {
                if (!ConsentObtained)
                    throw new ManufacturingException($"Donor {Code} has no consent recorded; record consent instead " +
                        $"of correcting its date.")
                        { Subject = Code };
                var date = Checks.Date(RecordCorrection.Date(value, label), label, today);
                (old, now, apply) = (ConsentDate is { } d ? RecordCorrection.Text(d) : null,
                    RecordCorrection.Text(date), () => ConsentDate = date);
                break;
            }
            case var f when f.StartsWith(RecordCorrection.ScreeningPrefix, StringComparison.Ordinal):
            {
                var test = f[RecordCorrection.ScreeningPrefix.Length..].Trim();
                var result = Screening.FirstOrDefault(s => string.Equals(s.Test, test,
                    StringComparison.OrdinalIgnoreCase))
                             ?? throw new ManufacturingException($"Donor {Code} has no {test} result to correct; " +
                                 $"record it as a new screening result.")
                                 { Subject = Code };
                var v = Terms.Parse<ScreeningOutcome>(value, label);
                field = RecordCorrection.ScreeningFieldOf(result.Test);
                (old, now, apply) = (Terms.Token(result.Outcome), Terms.Token(v), () => result.Outcome = v);
                break;
            }
            default:
                throw RecordCorrection.UnknownField(field, RecordCorrection.DonorFields);
        }
        var correction = RecordCorrection.Make(CorrectedRecord.Donor, Code, field, old, now, why, user, nowUtc);
        apply();
        correction.DonorId = Id;
        return correction;
    }
}

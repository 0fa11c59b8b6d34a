using System.Globalization;

namespace Stroma.Manufacturing;

/// <summary>
/// Reads numbers and dates as people type them, the one parser behind web forms, command-line options and
/// corrections: invariant culture (a point for decimals), "1e6" or "1000000", finite values only, and dates written
/// YYYY-MM-DD. Range checks stay with the aggregate that records the value.
/// </summary>
public static class InputText
{
    /// <summary>The date format every face reads and writes.</summary>
    public const string DateFormat = "yyyy-MM-dd";

    /// <summary>Reads a finite number (surrounding blanks ignored); false when blank or not a number.</summary>
    /// <param name="text">The text typed.</param>
    /// <param name="value">The number read.</param>
    public static bool TryNumber(string? text, out double value)
    {
        value = 0;
        return !string.IsNullOrWhiteSpace(text)
               && double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value)
               && double.IsFinite(value);
    }

    /// <summary>Reads a date written YYYY-MM-DD (surrounding blanks ignored); false when blank or not such a
    /// date.</summary>
    /// <param name="text">The text typed.</param>
    /// <param name="value">The date read.</param>
    public static bool TryDate(string? text, out DateOnly value)
    {
        value = default;
        return !string.IsNullOrWhiteSpace(text)
               && DateOnly.TryParseExact(text.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None,
                   out value);
    }

    /// <summary>A number, or an <see cref="InvalidValueException"/> naming <paramref name="field"/>.</summary>
    /// <param name="text">The text typed.</param>
    /// <param name="field">The field's name for the message, e.g. "Seeded cells".</param>
    public static double Number(string? text, string field) =>
        TryNumber(text, out var v) ? v : throw new InvalidValueException(field, Given(text), "a number (e.g. 2.5e6)");

    /// <summary>A number, null when blank; an <see cref="InvalidValueException"/> naming the field when not a
    /// number.</summary>
    /// <param name="text">The text typed.</param>
    /// <param name="field">The field's name for the message.</param>
    public static double? OptionalNumber(string? text, string field) =>
        string.IsNullOrWhiteSpace(text) ? null : Number(text, field);

    /// <summary>A date written YYYY-MM-DD, or an <see cref="InvalidValueException"/> naming <paramref
    /// name="field"/>.</summary>
    /// <param name="text">The text typed.</param>
    /// <param name="field">The field's name for the message, e.g. "Harvest date".</param>
    public static DateOnly Date(string? text, string field) =>
        TryDate(text, out var d) ? d : throw new InvalidValueException(field, Given(text), "a date as YYYY-MM-DD");

    /// <summary>A number as text that <see cref="Number"/> reads back exactly.</summary>
    /// <param name="value">The number.</param>
    public static string? Text(double? value) => value?.ToString("G", CultureInfo.InvariantCulture);

    /// <summary>A date as text that <see cref="Date"/> reads back.</summary>
    /// <param name="value">The date.</param>
    public static string Text(DateOnly value) => value.ToString(DateFormat, CultureInfo.InvariantCulture);

    private static string Given(string? text) => string.IsNullOrWhiteSpace(text) ? "nothing" : text;
}

using Stroma.Manufacturing;

namespace Stroma.Web.Infrastructure;

/// <summary>Reads optional text and numbers typed into forms (invariant culture, "1e6" style allowed).</summary>
public static class FormValues
{
    /// <summary>The trimmed text, or null when blank.</summary>
    public static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>The number, null when blank; a <see cref="ManufacturingException"/> naming <paramref name="what"/> when
    /// not a number.</summary>
    public static double? Number(string? value, string what)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        return InputText.TryNumber(value, out var v)
            ? v : throw new ManufacturingException($"{what} '{value}' is not a number (use e.g. 1e6 or 1000000).");
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Stroma.Knowledge;

/// <summary>
/// JSON settings shared by the data files and readiness inputs, and the name matching used for ids and aliases.
/// </summary>
internal static class KnowledgeJson
{
    /// <summary>
    /// Strict reading: unknown members, missing required values and nulls in non-nullable places are errors,
    /// so a typo in a data file or an input fails loudly instead of silently becoming "unknown".
    /// </summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
    };

    /// <summary>
    /// The kebab-case name an enum value has in JSON (honouring <see cref="JsonStringEnumMemberNameAttribute"/>).
    /// </summary>
    public static string EnumName<TEnum>(TEnum value) where TEnum : struct, Enum
        => JsonSerializer.Serialize(value, Options).Trim('"');

    /// <summary>
    /// The key ids and aliases are matched by: letters and digits only, lower case. "Bone marrow", "bone-marrow"
    /// and "BONE_MARROW" match; Greek letters are kept so IFN-γ and IFN-α stay distinct.
    /// </summary>
    public static string NameKey(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var rune in name.Normalize(NormalizationForm.FormKC).EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune)) builder.Append(Rune.ToLowerInvariant(rune).ToString());
        }
        return builder.ToString();
    }

    /// <summary>Formats a number the way messages and tables show it (invariant, at most 2 decimals).</summary>
    public static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}

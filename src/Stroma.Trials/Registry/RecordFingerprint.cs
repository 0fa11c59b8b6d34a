using System.Buffers;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Stroma.Trials.Registry;

/// <summary>
/// The canonical form of a study's JSON and its fingerprint. Canonical: object members sorted by name (ordinal,
/// stable for repeated names), no whitespace, strings re-escaped one way, numbers as the API wrote them — in the
/// spirit of RFC 8785 (JSON Canonicalization Scheme) §3.2.3, without its number rewriting, which a record
/// never needs because the same registry value is always written the same way. A snapshot stores each study in this
/// form, so the fingerprint is the SHA-256 of the entry's bytes and two snapshots' records compare by it: the same
/// fingerprint means the registry record did not change (curated values can carry over).
/// </summary>
public static class RecordFingerprint
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = false,
        // One fixed escaping; relaxed keeps non-ASCII text readable in the entry.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = false,
    };

    /// <summary>The canonical UTF-8 bytes of a JSON value.</summary>
    public static byte[] Canonical(JsonElement element)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, Options)) Write(writer, element);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Lower-case hex SHA-256 of bytes (the fingerprint of a canonical entry).</summary>
    public static string Of(ReadOnlySpan<byte> canonical) => Convert.ToHexStringLower(SHA256.HashData(canonical));

    /// <summary>The fingerprint of a JSON value (its canonical form's SHA-256).</summary>
    public static string Of(JsonElement element) => Of(Canonical(element));

    // Recursion is bounded by the document: JsonDocument refuses nesting deeper than its MaxDepth (64 by default).
    private static void Write(Utf8JsonWriter w, JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                w.WriteStartObject();
                foreach (var p in e.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    w.WritePropertyName(p.Name);
                    Write(w, p.Value);
                }
                w.WriteEndObject();
                break;
            case JsonValueKind.Array:
                w.WriteStartArray();
                foreach (var item in e.EnumerateArray()) Write(w, item);
                w.WriteEndArray();
                break;
            case JsonValueKind.String:
                w.WriteStringValue(e.GetString());
                break;
            default:
                // Numbers, true, false, null: their text as written.
                e.WriteTo(w);
                break;
        }
    }
}

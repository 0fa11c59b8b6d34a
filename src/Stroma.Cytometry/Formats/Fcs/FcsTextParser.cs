using System.Text;

namespace Stroma.Cytometry.Formats.Fcs;

/// <summary>
/// Splits a TEXT (or supplemental TEXT) segment into keyword/value pairs. The first byte is the
/// delimiter; a doubled delimiter inside a keyword or value stands for one literal delimiter
/// (FCS 3.1 §3.2.9). Values are UTF-8 (FCS 3.1) with a Latin-1 fallback for older writers.
/// </summary>
internal static class FcsTextParser
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Parses <paramref name="segment"/>, adding pairs to <paramref name="into"/>.</summary>
    /// <param name="segment">The segment bytes, starting with the delimiter.</param>
    /// <param name="absoluteOffset">File offset of the segment's first byte (for messages).</param>
    /// <param name="filePath">File name for messages.</param>
    /// <param name="into">Where pairs go.</param>
    /// <param name="warnings">Receives notes about tolerated irregularities.</param>
    /// <param name="overwrite">Whether later pairs replace existing ones (primary TEXT) or not (supplemental TEXT).</param>
    public static byte Parse(ReadOnlySpan<byte> segment, long absoluteOffset, string? filePath, FcsKeywords into, List<string> warnings, bool overwrite)
    {
        if (segment.IsEmpty)
            throw new FcsFormatException(filePath, absoluteOffset, null, "the TEXT segment is empty", "a delimiter character followed by keyword/value pairs");
        var delimiter = segment[0];
        if (delimiter is 0 or >= 127)
            throw new FcsFormatException(filePath, absoluteOffset, null,
                $"the TEXT segment starts with byte 0x{delimiter:X2}", "an ASCII delimiter character (1–126) as the first byte of TEXT");

        var tokens = new List<string>(256);
        var buffer = new List<byte>(64);
        var pos = 1;
        var tokenStart = 1;
        while (pos < segment.Length)
        {
            var b = segment[pos];
            if (b == delimiter)
            {
                if (pos + 1 < segment.Length && segment[pos + 1] == delimiter && !(buffer.Count == 0 && IsValuePosition(tokens) && LooksLikeEmptyValue(segment, pos, delimiter)))
                {
                    buffer.Add(delimiter);
                    pos += 2;
                    continue;
                }
                tokens.Add(Decode(buffer));
                buffer.Clear();
                pos++;
                tokenStart = pos;
                continue;
            }
            buffer.Add(b);
            pos++;
        }

        // Bytes after the last delimiter: trailing padding (spaces, NULs) is common; anything else is a final
        // token that lacks its closing delimiter.
        if (buffer.Count > 0)
        {
            var tail = Decode(buffer);
            if (tail.Trim(' ', '\0', '\r', '\n', '\t').Length > 0)
            {
                tokens.Add(tail);
                warnings.Add($"TEXT at byte {absoluteOffset + tokenStart}: the last value is not closed by the delimiter; read as '{Shorten(tail)}'.");
            }
        }

        if (tokens.Count % 2 != 0)
        {
            var dangling = tokens[^1];
            tokens.RemoveAt(tokens.Count - 1);
            if (dangling.Trim().Length > 0)
                warnings.Add($"TEXT at byte {absoluteOffset}: keyword '{Shorten(dangling)}' has no value and was ignored.");
        }

        for (var i = 0; i < tokens.Count; i += 2)
        {
            var key = tokens[i];
            var value = tokens[i + 1];
            if (key.Trim().Length == 0)
            {
                warnings.Add($"TEXT at byte {absoluteOffset}: a value '{Shorten(value)}' has an empty keyword and was ignored.");
                continue;
            }
            if (overwrite)
            {
                if (into.TryGetValue(key, out var old) && !string.Equals(old, value, StringComparison.Ordinal))
                    warnings.Add($"keyword {key} appears twice with different values ('{Shorten(old)}', '{Shorten(value)}'); the later one is used.");
                into.Set(key, value);
            }
            else if (!into.TryAdd(key, value) && !string.Equals(into[key], value, StringComparison.Ordinal))
            {
                warnings.Add($"supplemental TEXT repeats keyword {key} with another value; the primary TEXT value is kept.");
            }
        }
        return delimiter;
    }

    // FCS forbids empty values, yet some writers emit "KEY//" meaning "KEY" with an empty value followed by
    // the next keyword. A doubled delimiter at the very start of a value is read as an empty value only when
    // what follows looks like the next keyword (e.g. "$P1S//$P1R/...") — otherwise it is an escaped delimiter.
    private static bool IsValuePosition(List<string> tokens) => tokens.Count % 2 == 1;

    private static bool LooksLikeEmptyValue(ReadOnlySpan<byte> segment, int pos, byte delimiter)
    {
        var next = pos + 2;
        if (next >= segment.Length) return true;
        var rest = segment[next..];
        var end = rest.IndexOf(delimiter);
        var candidate = end < 0 ? rest : rest[..end];
        return candidate.Length > 0 && candidate[0] == (byte)'$';
    }

    private static string Decode(List<byte> bytes)
    {
        if (bytes.Count == 0) return "";
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes);
        try
        {
            return StrictUtf8.GetString(span);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(span);
        }
    }

    internal static string Shorten(string s) => s.Length <= 60 ? s : s[..57] + "...";
}

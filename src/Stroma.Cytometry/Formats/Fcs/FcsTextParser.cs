using System.Globalization;
using System.Text;

namespace Stroma.Cytometry.Formats.Fcs;

/// <summary>
/// Splits a TEXT (or supplemental TEXT) segment into keyword/value pairs. The first byte is the
/// delimiter; a doubled delimiter inside a keyword or value stands for one literal delimiter
/// (FCS 3.1 §3.2.9). Values are UTF-8 (FCS 3.1) with a Latin-1 fallback for older writers.
/// </summary>
/// <remarks>
/// FCS 3.1 §3.2.9 forbids empty values, yet some writers (CellQuest, Attune) write one as two adjacent
/// delimiters: <c>\$P3S\\$P4S\\$P6N\FL1-A\</c>. Read strictly, that is one keyword
/// "<c>$P3S\$P4S\$P6N</c>". flowCore reads every doubled delimiter as an empty value by default
/// (<c>emptyValue = TRUE</c>) and falls back to escapes when that leaves an empty keyword. Stroma reads
/// strictly first and takes the empty-value reading only when the strict one leaves required keywords
/// missing (or keywords holding the delimiter) and the empty-value reading splits cleanly with fewer
/// such problems — so a literal escape such as "561//10 nm" is never broken up.
/// </remarks>
internal static class FcsTextParser
{
    private static readonly UTF8Encoding StrictUtf8 =
        new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // FCS 3.1 §3.2.18 required keywords that the decoder relies on ($PnB and $PnN per parameter are checked too).
    private static readonly string[] Required = ["$BYTEORD", "$DATATYPE", "$PAR", "$TOT"];

    /// <summary>Parses <paramref name="segment"/>, adding pairs to <paramref name="into"/>.</summary>
    /// <param name="segment">The segment bytes, starting with the delimiter.</param>
    /// <param name="absoluteOffset">File offset of the segment's first byte (for messages).</param>
    /// <param name="filePath">File name for messages.</param>
    /// <param name="into">Where pairs go.</param>
    /// <param name="warnings">Receives notes about tolerated irregularities.</param>
    /// <param name="overwrite">Whether later pairs replace existing ones (primary TEXT) or not (supplemental
    /// TEXT).</param>
    public static byte Parse(ReadOnlySpan<byte> segment, long absoluteOffset, string? filePath, FcsKeywords into,
        List<string> warnings, bool overwrite)
    {
        if (segment.IsEmpty)
            throw new FcsFormatException(filePath, absoluteOffset, null, "the TEXT segment is empty",
                "a delimiter character followed by keyword/value pairs");
        var delimiter = segment[0];
        if (delimiter is 0 or >= 127)
            throw new FcsFormatException(filePath, absoluteOffset, null,
                $"the TEXT segment starts with byte 0x{delimiter:X2}",
                    "an ASCII delimiter character (1–126) as the first byte of TEXT");

        var strict = Tokenize(segment, delimiter, emptyValues: false);
        var chosen = strict;
        var strictProblems = Problems(strict, delimiter, primary: overwrite);
        if (strictProblems > 0 && segment.Slice(1).IndexOf(stackalloc byte[] { delimiter, delimiter }) >= 0)
        {
            var empty = Tokenize(segment, delimiter, emptyValues: true);
            if (empty.Clean && Problems(empty, delimiter, primary: overwrite) < strictProblems)
            {
                chosen = empty;
                warnings.Add($"TEXT at byte {absoluteOffset}: doubled delimiters read as empty values " +
                             $"(as flowCore does), since read as escapes they leave required keywords missing.");
            }
        }

        if (chosen.EndsDoubled)
            warnings.Add($"TEXT at byte {absoluteOffset}: the segment ends in a doubled delimiter; " +
                         "the last value ends at the first.");
        if (chosen.UnclosedTailAt is { } tailAt)
            warnings.Add($"TEXT at byte {absoluteOffset + tailAt}: the last value is not closed by the delimiter; " +
                         $"read as '{Shorten(chosen.Tokens[^1])}'.");

        var tokens = chosen.Tokens;
        var pairs = tokens.Count / 2;
        if (tokens.Count % 2 != 0 && tokens[^1].Trim().Length > 0)
            warnings.Add($"TEXT at byte {absoluteOffset}: keyword '{Shorten(tokens[^1])}' has no value; ignored.");

        for (var i = 0; i < pairs * 2; i += 2)
        {
            var key = tokens[i];
            var value = tokens[i + 1];
            if (key.Trim().Length == 0)
            {
                warnings.Add($"TEXT at byte {absoluteOffset}: a value '{Shorten(value)}' has an empty keyword and " +
                    $"was ignored.");
                continue;
            }
            if (overwrite)
            {
                if (into.TryGetValue(key, out var old) && !string.Equals(old, value, StringComparison.Ordinal))
                    warnings.Add($"keyword {key} appears twice with different values ('{Shorten(old)}', " +
                        $"'{Shorten(value)}'); the later one is used.");
                into.Set(key, value);
            }
            else if (!into.TryAdd(key, value) && !string.Equals(into[key], value, StringComparison.Ordinal))
            {
                warnings.Add($"supplemental TEXT repeats keyword {key} with another value; the primary TEXT value is " +
                    $"kept.");
            }
        }
        return delimiter;
    }

    private sealed record Reading(List<string> Tokens, bool Clean, bool EndsDoubled, int? UnclosedTailAt);

    /// <summary>
    /// Splits after the delimiter byte. Strict: a doubled delimiter is one literal delimiter, except at the very
    /// end of the segment (only padding after it), where the TEXT ends at the first of the two (writers that
    /// close the last value twice). Empty values: every delimiter separates, so a doubled one is an empty value.
    /// </summary>
    private static Reading Tokenize(ReadOnlySpan<byte> segment, byte delimiter, bool emptyValues)
    {
        var tokens = new List<string>(Math.Min(1024, segment.Length / 8 + 4));
        var buffer = new byte[Math.Max(0, segment.Length - 1)];
        var length = 0;
        var pos = 1;
        var endsDoubled = false;
        var clean = true;
        while (pos < segment.Length)
        {
            var b = segment[pos];
            if (b != delimiter)
            {
                buffer[length++] = b;
                pos++;
                continue;
            }
            var doubled = pos + 1 < segment.Length && segment[pos + 1] == delimiter;
            if (doubled && !emptyValues)
            {
                if (IsPadding(segment[(pos + 2)..]))
                {
                    tokens.Add(Decode(buffer.AsSpan(0, length)));
                    length = 0;
                    endsDoubled = true;
                    pos = segment.Length;
                    break;
                }
                buffer[length++] = delimiter;
                pos += 2;
                continue;
            }
            if (emptyValues && length == 0 && tokens.Count % 2 == 0)
            {
                // A delimiter where a keyword should start: the end of TEXT when only padding follows, else an
                // empty keyword, which means this reading does not fit.
                if (IsPadding(segment[(pos + 1)..]))
                {
                    endsDoubled = tokens.Count > 0;
                    break;
                }
                clean = false;
            }
            tokens.Add(Decode(buffer.AsSpan(0, length)));
            length = 0;
            pos++;
        }

        // Bytes after the last delimiter: trailing padding (spaces, NULs) is common; anything else is a final
        // token that lacks its closing delimiter.
        int? unclosed = null;
        if (length > 0)
        {
            var tail = Decode(buffer.AsSpan(0, length));
            if (tail.Trim(' ', '\0', '\r', '\n', '\t').Length > 0)
            {
                unclosed = segment.Length - length;
                tokens.Add(tail);
            }
        }
        if (emptyValues && tokens.Count % 2 != 0) clean = false;
        return new Reading(tokens, clean, endsDoubled, unclosed);
    }

    private static bool IsPadding(ReadOnlySpan<byte> rest)
    {
        foreach (var b in rest)
            if (b is not ((byte)' ' or 0 or (byte)'\r' or (byte)'\n' or (byte)'\t')) return false;
        return true;
    }

    /// <summary>How badly a reading fits: required keywords it leaves missing, keywords holding the delimiter, a
    /// dangling keyword.</summary>
    private static int Problems(Reading reading, byte delimiter, bool primary)
    {
        var tokens = reading.Tokens;
        var problems = tokens.Count % 2;
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var delimiterText = ((char)delimiter).ToString();
        for (var i = 0; i + 1 < tokens.Count; i += 2)
        {
            keys.Add(tokens[i]);
            if (tokens[i].Contains(delimiterText, StringComparison.Ordinal)) problems++;
        }
        if (!primary) return problems;
        foreach (var key in Required)
            if (!keys.Contains(key)) problems++;
        var par = 0;
        for (var i = 0; i + 1 < tokens.Count; i += 2)
            if (string.Equals(tokens[i], "$PAR", StringComparison.OrdinalIgnoreCase))
                _ = int.TryParse(tokens[i + 1].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out par);
        // Each parameter needs its own keywords, so a $PAR beyond the keyword count is itself the problem.
        par = Math.Clamp(par, 0, tokens.Count / 2);
        for (var n = 1; n <= par; n++)
        {
            if (!keys.Contains(string.Create(CultureInfo.InvariantCulture, $"$P{n}B"))) problems++;
            if (!keys.Contains(string.Create(CultureInfo.InvariantCulture, $"$P{n}N"))) problems++;
        }
        return problems;
    }

    private static string Decode(ReadOnlySpan<byte> span)
    {
        if (span.IsEmpty) return "";
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

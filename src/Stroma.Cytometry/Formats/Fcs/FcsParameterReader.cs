using System.Globalization;

namespace Stroma.Cytometry.Formats.Fcs;

/// <summary>Reads the <c>$Pn*</c> keywords into <see cref="FcsParameter"/> records.</summary>
internal static class FcsParameterReader
{
    public static FcsParameter[] Read(FcsKeywords keywords, int count, FcsDataType dataType, string? path,
        long textOffset, List<string> warnings)
    {
        var parameters = new List<FcsParameter>();
        for (var n = 1; n <= count; n++)
        {
            var rawName = keywords.Get($"$P{n}N");
            if (string.IsNullOrWhiteSpace(rawName))
            {
                warnings.Add($"$P{n}N is missing; the parameter is called P{n}.");
                rawName = $"P{n}";
            }
            var stain = keywords.Get($"$P{n}S");
            if (string.IsNullOrWhiteSpace(stain)) stain = null;
            var bits = ReadBits(keywords, n, dataType, path, textOffset);
            var range = ReadRange(keywords, n, dataType, bits, warnings);
            var amplification = ReadAmplification(keywords, n, warnings);
            var gain = keywords.GetDouble($"$P{n}G") is { } g && g > 0 && double.IsFinite(g) ? g : 1.0;
            parameters.Add(new FcsParameter(n, rawName, rawName, stain, bits, range, amplification, gain));
        }

        var unique = MakeUnique(parameters.Select(p => p.ShortName).ToList());
        for (var i = 0; i < parameters.Count; i++)
        {
            if (string.Equals(unique[i], parameters[i].ShortName, StringComparison.Ordinal)) continue;
            warnings.Add($"$P{parameters[i].Number}N '{parameters[i].ShortName}' is used by another parameter too; " +
                $"this one is named '{unique[i]}'.");
            parameters[i] = parameters[i] with { Name = unique[i] };
        }
        return [.. parameters];
    }

    /// <summary>
    /// Makes names unique predictably: the first occurrence keeps its name, the k-th repeat becomes
    /// "name_k" (k = 2, 3, …; skipping any suffix already taken).
    /// </summary>
    public static string[] MakeUnique(IReadOnlyList<string> names)
    {
        var taken = new HashSet<string>(names, StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new string[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            if (!seen.TryGetValue(name, out var occurrences))
            {
                seen[name] = 1;
                result[i] = name;
                continue;
            }
            var k = occurrences + 1;
            string candidate;
            do candidate = $"{name}_{k++}";
            while (taken.Contains(candidate));
            seen[name] = k - 1;
            taken.Add(candidate);
            result[i] = candidate;
        }
        return result;
    }

    private static int ReadBits(FcsKeywords keywords, int n, FcsDataType dataType, string? path, long textOffset)
    {
        var key = $"$P{n}B";
        var text = keywords.GetTrimmed(key)
            ?? throw new FcsFormatException(path, textOffset, key, $"the required keyword {key} is missing",
                $"{key} giving the bits of parameter {n}");
        if (text == "*")
        {
            return dataType == FcsDataType.Ascii ? 0
                : throw new FcsFormatException(path, textOffset, key, $"{key} is '*' but $DATATYPE is not A",
                    "'*' only for delimited ASCII data; otherwise a bit count");
        }
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var bits) || bits <= 0)
            throw new FcsFormatException(path, textOffset, key, $"{key} holds '{FcsTextParser.Shorten(text)}'",
                "a positive whole number of bits");
        var ok = dataType switch
        {
            // Widths that are not a multiple of 8 are accepted here and confirmed against the DATA length later.
            FcsDataType.Integer => bits <= 64,
            FcsDataType.Single => bits == 32,
            FcsDataType.Double => bits == 64,
            _ => bits <= 20,
        };
        if (!ok)
        {
            var expected = dataType switch
            {
                FcsDataType.Integer => "a bit count from 1 to 64 for integer data",
                FcsDataType.Single => "32 for float data",
                FcsDataType.Double => "64 for double data",
                _ => "a character count from 1 to 20, or '*', for ASCII data",
            };
            throw new FcsFormatException(path, textOffset, key, $"{key} = {bits}", expected);
        }
        return bits;
    }

    private static double ReadRange(FcsKeywords keywords, int n, FcsDataType dataType, int bits, List<string> warnings)
    {
        var key = $"$P{n}R";
        var text = keywords.GetTrimmed(key);
        if (text is not null && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var range)
            && double.IsFinite(range) && range > 0)
            return range;
        var fallback = dataType == FcsDataType.Integer ? Math.Pow(2, bits) : 0;
        warnings.Add(text is null
            ? $"{key} is missing; range taken as {fallback}."
            : $"{key} = '{FcsTextParser.Shorten(text)}' is not a positive number; range taken as {fallback} and no " +
                $"bit mask applied.");
        return fallback;
    }

    private static FcsAmplification ReadAmplification(FcsKeywords keywords, int n, List<string> warnings)
    {
        var key = $"$P{n}E";
        var text = keywords.GetTrimmed(key);
        if (text is null) return FcsAmplification.Linear;
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 2 ||
            !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var decades) ||
            !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var offset) ||
            !double.IsFinite(decades) || !double.IsFinite(offset) || decades < 0)
        {
            warnings.Add($"{key} = '{FcsTextParser.Shorten(text)}' is not 'decades,offset'; treated as linear.");
            return FcsAmplification.Linear;
        }
        if (decades > 0 && offset <= 0)
        {
            // FCS 3.1 §3.3.33: f2 must be positive when f1 is; writers that put 0 mean 1 (as FlowJo and FlowKit read
            // it).
            warnings.Add($"{key} = '{text}' has a zero offset with log decades; offset 1 used.");
            offset = 1;
        }
        return new FcsAmplification(decades, decades == 0 ? 0 : offset);
    }
}

using System.Globalization;
using System.Text.RegularExpressions;
using Stroma.Cytometry.Compensation;

namespace Stroma.Cytometry.Formats.Fcs;

/// <summary>
/// Finds the spillover matrix a file declares: <c>$SPILLOVER</c> (FCS 3.1), <c>SPILL</c> and <c>$SPILL</c>
/// (BD FACSDiva), <c>SPILLOVER</c>, <c>$COMP</c> (FCS 3.0) or the FCS 2.0 <c>$DFCiTOj</c> percentages.
/// A malformed matrix is reported as a warning, never a failure of the whole file.
/// </summary>
internal static partial class FcsSpilloverParser
{
    private static readonly string[] Keywords = ["$SPILLOVER", "SPILL", "$SPILL", "SPILLOVER", "$COMP"];

    public static SpilloverMatrix? Parse(FcsKeywords keywords, IReadOnlyList<FcsParameter> parameters, List<string> warnings)
    {
        foreach (var key in Keywords)
        {
            if (keywords.GetTrimmed(key) is not { } value) continue;
            var matrix = TryParse(value, key, parameters, out var problem);
            if (matrix is not null)
            {
                var unknown = matrix.Channels.Where(c => !parameters.Any(p => string.Equals(p.ShortName, c, StringComparison.Ordinal))).ToList();
                if (unknown.Count > 0)
                    warnings.Add($"{key} names channels that are not parameters of this data set: {string.Join(", ", unknown.Take(5))}{(unknown.Count > 5 ? ", …" : "")}.");
                return matrix;
            }
            warnings.Add($"{key} could not be read as a spillover matrix ({problem}); no spillover is reported.");
        }
        return ParseDfc(keywords, parameters, warnings);
    }

    /// <summary>Parses "n,ch1,…,chn,v11,v12,…,vnn" (or, for $COMP, "n,v11,…,vnn" over the first n parameters).</summary>
    public static SpilloverMatrix? TryParse(string value, string source, IReadOnlyList<FcsParameter>? parameters, out string problem)
    {
        var untrimmed = value.Split(',');
        var tokens = untrimmed.Select(t => t.Trim()).ToArray();
        if (tokens.Length == 0 || !int.TryParse(tokens[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < 1)
        {
            problem = "it does not start with the channel count n";
            return null;
        }
        if (n > 1000)
        {
            problem = $"it claims {n} channels";
            return null;
        }
        string[] channels;
        int valuesStart;
        if (tokens.Length == 1 + n + n * n)
        {
            // Names are trimmed (writers put spaces after commas) unless the untrimmed name is a real parameter name.
            channels = Enumerable.Range(1, n)
                .Select(i => parameters?.Any(p => string.Equals(p.ShortName, untrimmed[i], StringComparison.Ordinal)) == true ? untrimmed[i] : tokens[i])
                .ToArray();
            valuesStart = 1 + n;
        }
        else if (tokens.Length == 1 + n * n && parameters is not null && parameters.Count >= n)
        {
            channels = parameters.Take(n).Select(p => p.ShortName).ToArray();
            valuesStart = 1;
        }
        else
        {
            problem = $"{n} channels need {1 + n + n * n} comma-separated items but {tokens.Length} are given";
            return null;
        }
        var values = new double[n * n];
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.TryParse(tokens[valuesStart + i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
            {
                problem = $"coefficient {i + 1} is '{tokens[valuesStart + i]}', not a number";
                return null;
            }
        }
        problem = "";
        return new SpilloverMatrix(channels, values, source);
    }

    // FCS 2.0 $DFCiTOj: percent of the fluorescence of channel i detected in channel j.
    private static SpilloverMatrix? ParseDfc(FcsKeywords keywords, IReadOnlyList<FcsParameter> parameters, List<string> warnings)
    {
        var entries = new List<(int From, int To, double Percent)>();
        foreach (var (key, value) in keywords)
        {
            var m = DfcPattern().Match(key);
            if (!m.Success) continue;
            if (!double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var percent)) continue;
            entries.Add((int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), percent));
        }
        if (entries.Count == 0) return null;
        var n = entries.Max(e => Math.Max(e.From, e.To));
        if (n > parameters.Count || entries.Any(e => e.From < 1 || e.To < 1))
        {
            warnings.Add($"$DFCiTOj keywords refer to channel {n} but the data set has {parameters.Count} parameters; no spillover is reported.");
            return null;
        }
        var values = new double[n * n];
        for (var i = 0; i < n; i++) values[i * n + i] = 1;
        foreach (var (from, to, percent) in entries)
            if (from != to) values[(from - 1) * n + (to - 1)] = percent / 100.0;
        return new SpilloverMatrix(parameters.Take(n).Select(p => p.ShortName).ToArray(), values, "$DFCiTOj");
    }

    [GeneratedRegex(@"^\$DFC(\d+)TO(\d+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DfcPattern();
}

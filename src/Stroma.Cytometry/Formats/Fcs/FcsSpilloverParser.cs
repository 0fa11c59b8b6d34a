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

    public static SpilloverMatrix? Parse(FcsKeywords keywords, IReadOnlyList<FcsParameter> parameters,
        List<string> warnings)
    {
        foreach (var key in Keywords)
        {
            if (keywords.GetTrimmed(key) is not { } value) continue;
            var matrix = TryParse(value, key, parameters, out var problem);
            if (matrix is not null)
            {
                matrix = MapParameterNumbers(matrix, key, parameters, warnings);
                var names = new HashSet<string>(parameters.Select(p => p.ShortName), StringComparer.Ordinal);
                var unknown = matrix.Channels.Where(c => !names.Contains(c)).ToList();
                if (unknown.Count > 0)
                    warnings.Add($"{key} names channels that are not parameters of this data set: " +
                        $"{string.Join(", ", unknown.Take(5))}{(unknown.Count > 5 ? ", …" : "")}.");
                return matrix;
            }
            warnings.Add($"{key} could not be read as a spillover matrix ({problem}); no spillover is reported.");
        }
        return ParseDfc(keywords, parameters, warnings);
    }

    /// <summary>
    /// Parses "n,ch1,…,chn,v11,v12,…,vnn" (or, for $COMP, "n,v11,…,vnn" over the first n parameters).
    /// </summary>
    public static SpilloverMatrix? TryParse(string value, string source, IReadOnlyList<FcsParameter>? parameters,
        out string problem)
    {
        var untrimmed = value.Split(',');
        var tokens = untrimmed.Select(t => t.Trim()).ToArray();
        if (tokens.Length == 0
            || !int.TryParse(tokens[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < 1)
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
            var names = new HashSet<string>(parameters?.Select(p => p.ShortName) ?? [], StringComparer.Ordinal);
            channels = Enumerable.Range(1, n).Select(i => names.Contains(untrimmed[i]) ? untrimmed[i]
                : tokens[i]).ToArray();
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
            if (!double.TryParse(tokens[valuesStart + i], NumberStyles.Float, CultureInfo.InvariantCulture,
                out values[i]) || !double.IsFinite(values[i]))
            {
                problem = $"coefficient {i + 1} is '{tokens[valuesStart + i]}', not a number";
                return null;
            }
        }
        problem = "";
        return new SpilloverMatrix(channels, values, source);
    }

    /// <summary>
    /// Accuri and Gallios write <c>$SPILLOVER</c> with parameter numbers ("3,4,5") where FCS 3.1 §3.2.20 asks for
    /// <c>$PnN</c> names. When every label is a number from 1 to <c>$PAR</c>, they are distinct, and none is a
    /// parameter's name, they are read as <c>$Pn</c> indices.
    /// </summary>
    private static SpilloverMatrix MapParameterNumbers(SpilloverMatrix matrix, string key,
        IReadOnlyList<FcsParameter> parameters, List<string> warnings)
    {
        var names = new HashSet<string>(parameters.Select(p => p.ShortName), StringComparer.Ordinal);
        var numbers = new int[matrix.Size];
        for (var i = 0; i < matrix.Size; i++)
        {
            var label = matrix.Channels[i];
            if (names.Contains(label) || !int.TryParse(label, NumberStyles.None, CultureInfo.InvariantCulture,
                out numbers[i]) ||
                numbers[i] < 1 || numbers[i] > parameters.Count)
                return matrix;
        }
        if (numbers.Distinct().Count() != numbers.Length) return matrix;
        var channels = numbers.Select(n => parameters[n - 1].ShortName).ToArray();
        var more = numbers.Length > 6 ? ", …" : "";
        warnings.Add($"{key} names its channels by parameter number ({string.Join(", ", numbers.Take(6))}{more}) " +
                     $"instead of $PnN; read as {string.Join(", ", channels.Take(6))}{more}.");
        return new SpilloverMatrix(channels, matrix.Values, matrix.Source);
    }

    // Beckman Coulter's FCS 2.0 instruments had at most 10 fluorescence detectors; far more is not a real file.
    private const int MaxDfcDetectors = 64;

    /// <summary>
    /// FCS 2.0 <c>$DFCiTOj</c>: percent of the fluorescence of detector FLi that appears in detector FLj.
    /// Beckman Coulter numbers i and j as fluorescence detectors (FL1, FL2, …), not <c>$Pn</c> indices, and writes
    /// every pair its instrument has ($DFC1TO1…$DFC10TO10) whatever was recorded. FLn is the parameter named FLn
    /// when names carry detector numbers, else the n-th parameter that is neither scatter nor time; detectors that
    /// are not recorded are dropped, so the matrix only covers fluorescence parameters that exist.
    /// </summary>
    private static SpilloverMatrix? ParseDfc(FcsKeywords keywords, IReadOnlyList<FcsParameter> parameters,
        List<string> warnings)
    {
        var entries = new List<(int From, int To, double Percent)>();
        var unreadable = 0;
        foreach (var (key, value) in keywords)
        {
            var m = DfcPattern().Match(key);
            if (!m.Success) continue;
            if (!int.TryParse(m.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var from) ||
                !int.TryParse(m.Groups[2].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var to) ||
                from < 1 || to < 1 ||
                !double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var percent)
                    || !double.IsFinite(percent))
            {
                unreadable++;
                continue;
            }
            entries.Add((from, to, percent));
        }
        if (unreadable > 0)
            warnings.Add($"{unreadable} $DFCiTOj keywords are not 'detector numbers and a percentage'; " +
                         "they were ignored.");
        if (entries.Count == 0) return null;

        var detectors = entries.SelectMany(e => new[] { e.From, e.To }).Distinct().Order().ToArray();
        if (detectors.Length > MaxDfcDetectors)
        {
            warnings.Add($"$DFCiTOj keywords name {detectors.Length} fluorescence detectors, " +
                         $"more than the {MaxDfcDetectors} any instrument has; no spillover is reported.");
            return null;
        }
        var byDetector = FluorescenceDetectors(parameters);
        var present = detectors.Where(byDetector.ContainsKey).ToArray();
        var missing = detectors.Where(d => !byDetector.ContainsKey(d)).ToArray();
        if (missing.Length > 0)
        {
            var lost = entries.Count(e => e.From != e.To && e.Percent != 0
                && (!byDetector.ContainsKey(e.From) || !byDetector.ContainsKey(e.To)));
            var shown = string.Join(", ", missing.Take(6).Select(d => $"FL{d}")) + (missing.Length > 6 ? ", …" : "");
            warnings.Add($"$DFCiTOj refers to detectors {shown}, " +
                         $"which this data set does not record; their coefficients ({lost} non-zero) were ignored.");
        }
        if (present.Length == 0) return null;

        var position = present.Select((d, i) => (d, i)).ToDictionary(x => x.d, x => x.i);
        var n = present.Length;
        var values = new double[n * n];
        for (var i = 0; i < n; i++) values[i * n + i] = 1;
        foreach (var (from, to, percent) in entries)
            if (from != to && position.TryGetValue(from, out var row) && position.TryGetValue(to, out var column))
                values[row * n + column] = percent / 100.0;
        return new SpilloverMatrix(present.Select(d => parameters[byDetector[d]].ShortName).ToArray(), values,
            "$DFCiTOj");
    }

    /// <summary>Fluorescence detector number → parameter index, by "FLn" names or else by position among non-scatter,
    /// non-time parameters.</summary>
    private static Dictionary<int, int> FluorescenceDetectors(IReadOnlyList<FcsParameter> parameters)
    {
        var byName = new Dictionary<int, int>();
        for (var i = 0; i < parameters.Count; i++)
        {
            var m = FlNamePattern().Match(parameters[i].ShortName);
            if (m.Success && int.TryParse(m.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture,
                out var number))
                byName.TryAdd(number, i);
        }
        if (byName.Count > 0) return byName;

        var positional = new Dictionary<int, int>();
        for (var i = 0; i < parameters.Count; i++)
            if (!IsScatter(parameters[i]) && !IsTime(parameters[i])) positional[positional.Count + 1] = i;
        return positional;
    }

    // Forward and side scatter as instruments name them: FS, SS, FSC-A, SSC-H, "FS Lin", "Side Scatter".
    private static bool IsScatter(FcsParameter p)
    {
        var name = p.ShortName.Trim();
        if (name.Contains("scatter", StringComparison.OrdinalIgnoreCase)) return true;
        if (name.Length < 2 || !(name.StartsWith("FS", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("SS", StringComparison.OrdinalIgnoreCase)))
            return false;
        return name.Length == 2 || !char.IsLetter(name[2]) || char.ToUpperInvariant(name[2]) == 'C';
    }

    private static bool IsTime(FcsParameter p) => p.IsTime
        || p.ShortName.Trim().StartsWith("TIME", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^\s*FL(\d{1,6})(?!\d)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FlNamePattern();

    [GeneratedRegex(@"^\$DFC(\d{1,9})TO(\d{1,9})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DfcPattern();
}

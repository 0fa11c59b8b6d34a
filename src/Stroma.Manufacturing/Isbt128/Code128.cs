using System.Globalization;
using System.Text;

namespace Stroma.Manufacturing.Isbt128;

/// <summary>An encoded Code 128 symbol.</summary>
/// <param name="Values">Symbol values from the start character to the check character (stop excluded).</param>
/// <param name="Check">The modulo-103 check value.</param>
/// <param name="Modules">Module string, '1' bar and '0' space, from the start character to the stop's termination
/// bar.</param>
public sealed record Code128Symbol(IReadOnlyList<int> Values, int Check, string Modules);

/// <summary>
/// A small table-driven Code 128 encoder (ISO/IEC 15417): subsets B (ASCII 32–127) and C (digit pairs), the
/// modulo-103 check symbol, and SVG output. ISBT 128 bar codes are Code 128 (ICCBBA ST-001).
/// </summary>
public static class Code128
{
    /// <summary>Start A.</summary>
    public const int StartA = 103;

    /// <summary>Start B.</summary>
    public const int StartB = 104;

    /// <summary>Start C.</summary>
    public const int StartC = 105;

    /// <summary>Switch to subset C (from A or B).</summary>
    public const int CodeC = 99;

    /// <summary>Switch to subset B (from A or C).</summary>
    public const int CodeB = 100;

    /// <summary>Stop.</summary>
    public const int Stop = 106;

    /// <summary>
    /// Bar/space widths in modules for values 0–106, bar first (ISO/IEC 15417 symbol character table); every symbol
    /// is 11 modules wide, the stop 13 including its final 2-module bar.
    /// </summary>
    internal static readonly string[] Widths =
    [
        "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213",
        "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132",
        "221231", "213212", "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211",
        "212123", "212321", "232121", "111323", "131123", "131321", "112313", "132113", "132311", "211313",
        "231113", "231311", "112133", "112331", "132131", "113123", "113321", "133121", "313121", "211331",
        "231131", "213113", "213311", "213131", "311123", "311321", "331121", "312113", "312311", "332111",
        "314111", "221411", "431111", "111224", "111422", "121124", "121421", "141122", "141221", "112214",
        "112412", "122114", "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111",
        "111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
        "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311", "113141",
        "114131", "311141", "411131", "211412", "211214", "211232", "2331112",
    ];

    /// <summary>Module pattern ('1' bar, '0' space) of one symbol value.</summary>
    public static string Pattern(int value)
    {
        if (value is < 0 or > Stop) throw new ArgumentOutOfRangeException(nameof(value), value,
            "Code 128 values are 0–106.");
        var sb = new StringBuilder();
        var bar = true;
        foreach (var w in Widths[value])
        {
            sb.Append(bar ? '1' : '0', w - '0');
            bar = !bar;
        }
        return sb.ToString();
    }

    /// <summary>Modulo-103 check value: (start + Σ value·position) mod 103, positions counted from 1 after the
    /// start.</summary>
    public static int CheckValue(IReadOnlyList<int> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) throw new ArgumentException("At least the start character is needed.", nameof(values));
        long sum = values[0];
        for (var i = 1; i < values.Count; i++) sum += (long)values[i] * i;
        return (int)(sum % 103);
    }

    /// <summary>Encodes ASCII text (32–127), using subset C for runs of digits long enough to save space.</summary>
    public static Code128Symbol Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0) throw new ManufacturingException("Nothing to encode in a Code 128 bar code.");
        var badAt = text.AsSpan().IndexOfAnyExceptInRange(' ', (char)127);
        if (badAt >= 0)
            throw new ManufacturingException($"Character U+{(int)text[badAt]:X4} cannot be encoded in Code 128 " +
                $"subset B or C.");

        var values = new List<int>();
        var i = 0;
        // Start in C only when the data opens with at least four digits (an even run pays for itself).
        var inC = DigitRun(text, 0) >= 4;
        values.Add(inC ? StartC : StartB);
        while (i < text.Length)
        {
            var run = DigitRun(text, i);
            if (inC)
            {
                if (run >= 2)
                {
                    values.Add(int.Parse(text.AsSpan(i, 2), CultureInfo.InvariantCulture));
                    i += 2;
                    continue;
                }
                values.Add(CodeB);
                inC = false;
            }
            // Switch B → C for a run of 6+ digits (or 4+ at the end), starting with an even part of it.
            if (run >= 6 || (run >= 4 && i + run == text.Length))
            {
                if (run % 2 == 1)
                {
                    values.Add(text[i] - 32);
                    i++;
                }
                values.Add(CodeC);
                inC = true;
                continue;
            }
            values.Add(text[i] - 32);
            i++;
        }
        var check = CheckValue(values);
        var modules = new StringBuilder();
        foreach (var v in values) modules.Append(Pattern(v));
        modules.Append(Pattern(check)).Append(Pattern(Stop));
        values.Add(check);
        return new Code128Symbol(values, check, modules.ToString());
    }

    /// <summary>The symbol as an SVG element (quiet zones of 10 modules on both sides).</summary>
    public static string ToSvg(Code128Symbol symbol, double moduleWidth = 2, double height = 80)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        const int quiet = 10;
        var width = (symbol.Modules.Length + 2 * quiet) * moduleWidth;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" " +
            $"height=\"{height}\" viewBox=\"0 0 {width} {height}\" shape-rendering=\"crispEdges\">");
        sb.Append(CultureInfo.InvariantCulture, $"<rect width=\"{width}\" height=\"{height}\" fill=\"#fff\"/>");
        var x = 0;
        while (x < symbol.Modules.Length)
        {
            if (symbol.Modules[x] == '1')
            {
                var start = x;
                while (x < symbol.Modules.Length && symbol.Modules[x] == '1') x++;
                sb.Append(CultureInfo.InvariantCulture,
                    $"<rect x=\"{(start + quiet) * moduleWidth}\" y=\"0\" width=\"{(x - start) * moduleWidth}\" " +
                    $"height=\"{height}\" fill=\"#000\"/>");
            }
            else x++;
        }
        return sb.Append("</svg>").ToString();
    }

    private static int DigitRun(string text, int from)
    {
        var n = 0;
        while (from + n < text.Length && char.IsAsciiDigit(text[from + n])) n++;
        return n;
    }
}

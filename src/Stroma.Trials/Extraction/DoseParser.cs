using System.Globalization;
using System.Text.RegularExpressions;

namespace Stroma.Trials.Extraction;

/// <summary>A dose stated in a text: a level or range, its unit, and where it was written.</summary>
/// <remarks><c>Part</c>: the amount of one part of a dose — one injection site, one vial — not the dose
/// itself.</remarks>
internal readonly record struct DoseMention(double Low, double High, string Unit, int Start, int End, bool Total,
    bool Part = false);

/// <summary>
/// Reads the ways registry records write cell numbers: "1 x 10^6 cells/kg", "120 million cells",
/// "2×10(6)/kg", "0.5*10E6 MSC/kg", "2.5×107 cells" (a superscript lost in the registry: 10^7),
/// "5-1000 x 10e6 cells" (one multiplier for both ends of a range), "10-100 million", "1.6 mL",
/// "100 µg". EXTRACTION.md: million = 1e6, billion = 1e9; "10^6", "10E6" and "x10(6)" are 1e6.
/// </summary>
internal static partial class DoseParser
{
    public const string PerKg = "cells_per_kg";
    public const string Cells = "cells";
    public const string PerCm2 = "cells_per_cm2";
    public const string Micrograms = "ug";
    public const string Particles = "particles";
    public const string Millilitres = "ml";
    public const string Other = "other";

    /// <summary>Milligrams of EV or secretome protein: reported as micrograms (EXTRACTION.md's unit), × 1000.</summary>
    private const string Milligrams = "mg";

    /// <summary>Every dose-like quantity in the text with a recognised unit.</summary>
    /// <param name="text">The text.</param>
    /// <param name="productNames">Product names that may stand for the cells ("2 x 10^6 remestemcel-L").</param>
    public static IEnumerable<DoseMention> Find(string text, Regex? productNames = null)
    {
        var t = Normalise(text);
        // Number words count only before "million"/"billion": without those, the digits-only pattern finds the same
        // matches and scans far fewer starting positions (measured: the word alternatives made this the costliest
        // pattern of a corpus run, trying a match at nearly every letter).
        var quantities = t.Contains("illion", StringComparison.Ordinal) ? Quantity() : DigitQuantity();
        foreach (Match m in quantities.Matches(t))
        {
            // Number words count only with a multiplier ("one million cells per kg").
            if (!char.IsAsciiDigit(m.Groups["a"].Value[0]) && !m.Groups["am"].Success
                && !m.Groups["bm"].Success) continue;
            var a = Number(m.Groups["a"].Value);
            var aMult = Multiplier(m.Groups["am"].Value);
            var hasB = m.Groups["b"].Success;
            var b = hasB ? Number(m.Groups["b"].Value) : a;
            var bMult = hasB ? Multiplier(m.Groups["bm"].Value) : aMult;
            if (double.IsNaN(a) || double.IsNaN(b)) continue;
            // "1.106 cells/kg", "2.107 cells": the multiplication dot and the superscript both lost (1·10⁶). Read as
            // a decimal the dose would be about one cell, so a cell count after it reads mantissa × 10^exponent.
            if (aMult == 1 && LostPower(m.Groups["a"].Value) is { } pa && (!hasB || bMult != 1
                || LostPower(m.Groups["b"].Value) is not null))
            {
                var pb = hasB && bMult == 1 ? LostPower(m.Groups["b"].Value) : null;
                var after0 = t[(m.Index + m.Length)..Math.Min(t.Length, m.Index + m.Length + 70)];
                var magnitude = Math.Max(pa.Mantissa * pa.Power, pb is { } x ? x.Mantissa * x.Power : b * bMult);
                if (Unit(after0, magnitude, true, out _, out _) is PerKg or Cells or PerCm2)
                {
                    (a, aMult) = pa;
                    if (pb is { } q) (b, bMult) = q;
                    else if (!hasB) (b, bMult) = pa;
                }
            }
            // "5-1000 x 10e6": the multiplier written once applies to both ends.
            if (hasB && aMult == 1 && bMult != 1 && a <= b * 1.0001) aMult = bMult;
            var low = a * aMult;
            var high = b * bMult;
            if (hasB && high < low) { hasB = false; high = low; }
            if (low <= 0) continue;
            var end = m.Index + m.Length;
            var multiplied = aMult != 1 || bMult != 1;
            // Plain small numbers can only be volumes or micrograms: skip the unit tests unless one of those follows.
            if (!multiplied && Math.Max(low, high) < 1e3 && !SmallUnitNext(t, end)) continue;
            var before = t[Math.Max(0, m.Index - 45)..m.Index];
            var after = t[end..Math.Min(t.Length, end + 70)];
            // "20 million/mL" is a concentration whatever stands around it.
            if (Concentration().IsMatch(after)) continue;
            var unit = Unit(after, Math.Max(low, high), aMult != 1 || bMult != 1, out var unitLength,
                out var perKilograms);
            // "1*10^6/10kg": cells per 10 kg of body weight are a tenth as many per kg.
            if (unit == PerKg && perKilograms > 1) { low /= perKilograms; high /= perKilograms; }
            var multipliedCells = (aMult != 1 || bMult != 1) && Math.Max(low, high) >= 1e5;
            // "intrathecal administration of UC-MSCs in dose of 100 million": a multiplied number after "dose of"
            // counts cells.
            if (unit is null && multipliedCells
                && ((DoseOf().IsMatch(before) && !OtherUnitNext().IsMatch(after)) || ProductBefore().IsMatch(before)))
                unit = Cells;
            // "2 x 10^6 remestemcel-L", "40 millions MSV": a product name or the trial's own abbreviation for the
            // cells.
            if (unit is null && multipliedCells)
            {
                var named = productNames?.Match(after);
                var abbreviation = Abbreviation().Match(after);
                if (named is { Success: true, Index: <= 3 }) { unit = Cells; unitLength = named.Index + named.Length; }
                else if (abbreviation.Success) { unit = Cells; unitLength = abbreviation.Length; }
            }
            if (unit is null) continue;
            if (unit == Milligrams) { unit = Micrograms; low *= 1000; high *= 1000; }
            // "40 x 10^6 MSC / ml" named by an abbreviation or product name is a concentration too, and so is
            // "0.2 million C-Kit hCSCs/ml" with the cells' own noun after the abbreviation.
            if (unitLength > 0 && (Concentration().IsMatch(after[unitLength..])
                || NounPerVolume().IsMatch(after[unitLength..]))) continue;
            // EXTRACTION.md: doses per cm³ of lesion are "other"; the lesion measure may come first
            // ("for each centimetre of the defect, 5 million cells").
            if (unit == Cells && PerLesionBefore().IsMatch(before)) unit = Other;
            if (NotAProductDose().IsMatch(before)
                || NotAProductDoseAfter().IsMatch(after[..Math.Min(after.Length, unitLength + 25)])) continue;
            // "1, 5 and 10 million cells/kg": the levels listed before share this level's multiplier and unit.
            var start = m.Index;
            if (!hasB && LevelList().Match(before) is { Success: true } levels)
            {
                foreach (Match level in LevelNumber().Matches(levels.Groups["list"].Value))
                {
                    var n = Number(level.Value) * aMult;
                    if (double.IsNaN(n) || n <= 0) continue;
                    low = Math.Min(low, n);
                    high = Math.Max(high, n);
                }
                start = m.Index - levels.Length;
            }
            var tail = t[(end + unitLength)..Math.Min(t.Length, end + unitLength + 30)];
            yield return new DoseMention(Math.Min(low, high), Math.Max(low, high), unit, start, end + unitLength,
                TotalBefore().IsMatch(before), PartBefore().IsMatch(before) || PartAfter().IsMatch(tail));
        }
    }

    private static bool SmallUnitNext(string t, int i)
    {
        while (i < t.Length && t[i] == ' ') i++;
        return i < t.Length && t[i] is 'm' or 'M' or 'µ' or 'μ' or 'u' or 'c' or 'C';
    }

    /// <summary>"1.106" as 1 and 10^6; null for any other number.</summary>
    private static (double Mantissa, double Power)? LostPower(string s)
    {
        var m = LostSuperscript().Match(s);
        return m.Success ? (Number(m.Groups["m"].Value), Math.Pow(10, m.Groups["e"].Value[0] - '0')) : null;
    }

    // perKilograms: the body weight the unit counts per, 10 for "cells/10 kg", else 1.
    private static string? Unit(string after, double magnitude, bool multiplied, out int length,
        out int perKilograms)
    {
        length = 0;
        perKilograms = 1;
        Match u;
        if ((u = PerKgUnit().Match(after)).Success)
        {
            length = u.Length;
            if (u.Groups["kgs"].Success)
                perKilograms = int.Parse(u.Groups["kgs"].Value, NumberStyles.None, CultureInfo.InvariantCulture);
            return magnitude >= 1e3 && (multiplied || magnitude >= 1e4) ? PerKg : null;
        }
        if ((u = PerCm2Unit().Match(after)).Success)
        {
            length = u.Length;
            return magnitude >= 1e3 ? PerCm2 : null;
        }
        if ((u = PerVolumeOfLesion().Match(after)).Success)
        {
            length = u.Length;
            return magnitude >= 1e3 ? Other : null;
        }
        if ((u = CellUnit().Match(after)).Success)
        {
            length = u.Length;
            var rest = after[u.Length..];
            // "5 million cells/mL" is a concentration, not a dose; "2x10e6 cells / 3mL" is a dose in a volume.
            if (Concentration().IsMatch(rest)) return null;
            return magnitude >= 1e4 ? Cells : null;
        }
        if ((u = MicrogramUnit().Match(after)).Success)
        {
            length = u.Length;
            return multiplied ? null : Micrograms;
        }
        if ((u = MilligramOfProtein().Match(after)).Success)
        {
            length = u.Length;
            return multiplied ? null : Milligrams;
        }
        if ((u = ParticleUnit().Match(after)).Success && magnitude >= 1e6)
        {
            length = u.Length;
            return Particles;
        }
        if ((u = MillilitreUnit().Match(after)).Success)
        {
            length = u.Length;
            return multiplied || magnitude > 500 ? null : Millilitres;
        }
        return null;
    }

    /// <summary>Milligrams written for EV protein are micrograms × 1000; the parser reports µg only, so callers
    /// convert.</summary>
    public static double Number(string s)
    {
        s = s.Trim();
        if (NumberWords.TryGetValue(s, out var word)) return word;
        if (s.IndexOf('^') is var caret and > 0 && s[..caret].Trim() == "10")
            return int.TryParse(s[(caret + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var power)
                ? Math.Pow(10, power)
                : double.NaN;
        if (CommaSpaceDecimal().IsMatch(s)) s = s.Replace(" ", "", StringComparison.Ordinal);
        if (ThousandsNumber().IsMatch(s)) s = s.Replace(",", "", StringComparison.Ordinal);
        else if (GroupedThousands().IsMatch(s)) s = GroupSeparator().Replace(s, "");
        s = s.Replace(',', '.').Replace('·', '.');
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;
    }

    public static double Multiplier(string s)
    {
        if (string.IsNullOrWhiteSpace(s)) return 1;
        var low = s.Trim().ToLowerInvariant();
        if (low.StartsWith("million", StringComparison.Ordinal) || low.StartsWith("mio", StringComparison.Ordinal)
            || low.StartsWith("mln", StringComparison.Ordinal) || low == "m") return 1e6;
        if (low.StartsWith("billion", StringComparison.Ordinal) || low == "bn") return 1e9;
        if (low.StartsWith("trillion", StringComparison.Ordinal)) return 1e12;
        if (low.StartsWith("thousand", StringComparison.Ordinal)) return 1e3;
        var e = Exponent().Match(s);
        if (!e.Success) return 1;
        var digits = e.Groups[1].Success ? e.Groups[1].Value : e.Groups[2].Value;
        return int.TryParse(digits.Replace('−', '-'), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture,
                out var exponent) ? Math.Pow(10, exponent) : 1;
    }

    /// <summary>Superscript digits and typographic minus become plain characters (same length, so offsets
    /// hold).</summary>
    public static string Normalise(string text)
    {
        if (text.AsSpan().IndexOfAny("⁰¹²³⁴⁵⁶⁷⁸⁹⁻−") < 0) return text;
        return string.Create(text.Length, text, (span, src) =>
        {
            for (var i = 0; i < src.Length; i++)
            {
                span[i] = src[i] switch
                {
                    '⁰' => '0', '¹' => '1', '²' => '2', '³' => '3', '⁴' => '4', '⁵' => '5', '⁶' => '6', '⁷' => '7',
                        '⁸' => '8', '⁹' => '9',
                    '⁻' or '−' => '-',
                    var c => c,
                };
            }
        });
    }

    private static readonly Dictionary<string, double> NumberWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7, ["eight"] = 8,
            ["nine"] = 9, ["ten"] = 10,
        ["twenty"] = 20, ["fifty"] = 50, ["hundred"] = 100, ["one hundred"] = 100, ["half a"] = 0.5, ["a half"] = 0.5,
    };

    // A bare power of ten ("10^6 cells/kg") is a number of its own.
    // Thousands grouped by commas ("30,000,000"), spaces ("30 000 000", SI style) or, in two or more groups, dots
    // ("30.000.000"; one dot group is a decimal).
    private const string DigitNum = @"10\s?\^\s?\d{1,2}(?!\d)|\d{1,3}(?:,\d{3})+(?![\d.])"
        + @"|\d{1,3}(?:[ \u00A0\u202F]\d{3})+(?![\d.,])"
        + @"|\d{1,3}(?:\.\d{3}){2,}(?![\d.,])|" + CommaSpaceNum + @"|\d+(?:[.,·]\d+)?";
    // "1, 0x106 cells/kg": a decimal comma with a space after it, only when one digit and the "x 10" part follow (so
    // the list "1, 2 and 3" stays a list).
    private const string CommaSpaceNum = @"\d{1,3}, \d(?=\s*(?:[x×X\*·•]|\btimes\b)\s*10)";
    private const string Num = DigitNum
        + @"|(?:one hundred|one|two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|hundred|half a"
        + @"|a half)(?=\s+(?:million|billion))";
    // "x 10^6", "×10(6)", "1x10/6", "2 times 10^6" (and "2 times 106", a superscript lost in the registry).
    private const string Mult = @"(?:[x×X\*·•]|\btimes\b)\s*10\s*(?:\^|e|E|\*\*|\*|/)?\s*\(?\s*[-−]?\d{1,2}\s*\)?(?!\d)"
        + @"|(?<=\d)[eE]\+?\d{1,2}(?!\d)|(?i:millions?|mio|billions?|bn|trillions?|thousand)\b|(?i:mln)\b\.?"
        + @"|M(?=\s*(?:(?:(?:allogeneic|allogenic|autologous|human|viable|cultured)\s+){0,2}(?:cells|MSC|MPC)|/"
        + @"|(?:,\s*(?:and\s+|or\s+)?|or|and|to|-|–)\s*\d{1,4}\s*M\b))";

    [GeneratedRegex(@"(?<![\w.,])(?<a>" + Num + @")(?:\s*(?<am>" + Mult + @"))?(?:\s*(?:-|–|—|~|to|or)\s*(?<b>" + Num
        + @")(?:\s*(?<bm>" + Mult + @"))?)?", RegexOptions.CultureInvariant)]
    private static partial Regex Quantity();

    [GeneratedRegex(@"(?<![\w.,])(?<a>" + DigitNum + @")(?:\s*(?<am>" + Mult
        + @"))?(?:\s*(?:-|–|—|~|to|or)\s*(?<b>" + DigitNum + @")(?:\s*(?<bm>" + Mult + @"))?)?",
        RegexOptions.CultureInvariant)]
    private static partial Regex DigitQuantity();

    [GeneratedRegex(@"10\s*(?:\^|e|E|\*\*|\*|/)?\s*\(?\s*([-−]?\d{1,2})|[eE]\+?(\d{1,2})",
        RegexOptions.CultureInvariant)]
    private static partial Regex Exponent();

    [GeneratedRegex(@"^\d{1,3}(?:,\d{3})+$", RegexOptions.CultureInvariant)]
    private static partial Regex ThousandsNumber();

    [GeneratedRegex(@"^\d{1,3}, \d$", RegexOptions.CultureInvariant)]
    private static partial Regex CommaSpaceDecimal();

    // A mantissa, a dot, then 10 and one exponent digit 5-9: "1.106", "2.107" (cell counts of 10^5 to 10^9).
    [GeneratedRegex(@"^(?<m>\d{1,3})\.10(?<e>[5-9])$", RegexOptions.CultureInvariant)]
    private static partial Regex LostSuperscript();

    // "Dose: 1 million units/kg", "dose of 3 million IU": a number with a unit of its own is not a cell count.
    [GeneratedRegex(@"^\s*(?:units?|IU|U|mg|g|µg|μg|mcg|ml|mL|copies|vg|pfu|TCID)\b", RegexOptions.CultureInvariant)]
    private static partial Regex OtherUnitNext();

    [GeneratedRegex(@"^\d{1,3}(?:(?:[ \u00A0\u202F]\d{3})+|(?:\.\d{3}){2,})$", RegexOptions.CultureInvariant)]
    private static partial Regex GroupedThousands();

    [GeneratedRegex(@"[ .\u00A0\u202F]", RegexOptions.CultureInvariant)]
    private static partial Regex GroupSeparator();

    private const string CellWord = @"(?:cells?|MSCs?|MPCs?|[\w\-]*MSCs?|ASCs?|ADSCs?|BMSCs?|DPSCs?|stem cells?"
        + @"|stromal cells?|mesenchymal[\w\s\-]{0,30}?cells?)";

    // "per 10 kg", "/20kg" after "/" or "per" (group kgs): the dose counts per that body weight.
    // "10^6 (1 million) /kg": a short gloss in brackets may stand between the number and its unit, as in CellUnit.
    [GeneratedRegex(@"^\s*(?:\([^)]{0,20}\)\s*)?(?:(?:of\s+)?(?:[\w\-()]+\s+){0,6}?" + CellWord
        + @"(?:\s+(?-i:[A-Z]{2,3}|i\.v\.))?\s*|(?-i:[A-Z]{2,8})\s*)?(?:/|\bper\b\s*/?|\beach\b|\ba\b"
        + @"|x)\s*(?:(?<=[/r]\s*)(?<kgs>[1-9]\d{0,2})\s*(?=kg))?(?:kg(?:BW|bw)?|kilogram|kilo)\b"
        + @"(?:\s*(?:of\s+)?(?:body\s*weight|BW|b\.w\.))?",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PerKgUnit();

    [GeneratedRegex(@"^\s*(?:(?:[\w\-]+\s+){0,4}?" + CellWord
        + @"\s*)?(?:/|\bper\b)\s*(?:cm2|cm²|cm\^2|square cent\w+|square\s*cm\b|sq\.?\s*cm\b)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PerCm2Unit();

    [GeneratedRegex(@"^\s*(?:(?:[\w\-]+\s+){0,4}?" + CellWord
        + @"\s*)?(?:/|\bper\b)\s*(?:cm3|cm³|cm\^3|cubic cent\w+|ml of (?:lesion|defect|cartilage))",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PerVolumeOfLesion();

    // "for every centimetre of defect, 10 million cells", "per cm3 of the lesion: 2 million cells". Greedy
    // bounded loops only (a lazy loop before a literal threw in .NET 10's compiled regex).
    [GeneratedRegex(@"(?:\bfor (?:every|each)|\bper)\s+(?:[\d.,]+\s*)?(?:cm3|cm³|cm\^3|cm|cc|ml|cubic cent\w+"
        + @"|cent\w+)\s+"
        + @"of\s+(?:the\s+)?(?:\w+\s+){0,2}(?:defects?|lesions?|cavity|cavities|wounds?|fistulae?|ulcers?|keloids?)\b"
        + @"[^.;\d]{0,20}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PerLesionBefore();

    [GeneratedRegex(@"^\s*(?:\([^)]{0,20}\)\s*)?(?:units?\s+)?(?:of\s+)?"
        + @"(?:(?:viable|live|living|total|nucleated|allogeneic|allogenic|autologous|human|cultured|expanded"
        + @"|cryopreserved|fresh|adult|[\w\-]*derived|umbilical|cord|tissue|lining|mesenchymal|stem|stromal|bone|marrow"
        + @"|adipose|placental?|wharton'?s|jelly|BM|UC|AD|WJ|hUC|the|a),?\s+){0,6}?" + CellWord + @"\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CellUnit();

    // "5 million cells/ml"; "2 million MSCs per 0.25-0.5 cubic centimeter" (per injection site). "cells / 3mL" is the
    // dose in its volume.
    // "at a rate of 2 x 10^6 cells/min" is an infusion rate.
    // Under 20 mL: the volume of one injection site or a concentration; an infusion volume ("200 million cells per
    // 400 mL of saline") carries the whole dose.
    private const string SmallVolume = @"(?:1?\d(?:[.,]\d+)?|[.,]\d+)(?![\d.,])";

    [GeneratedRegex(@"^\s*(?:(?:/|\bper\b)\s*(?:ml|mL|µl|μl|ul|L|litre|liter)\b(?!\s*\d)"
        + @"|(?:(?:[\w\-]+\s+){0,2}?cells?\s*)?(?:/|\bper\b)\s*(?:min(?:ute)?|h(?:ou)?r?)\b"
        + @"|(?:[\w\-]+\s+){0,2}?\bper\s+" + SmallVolume + @"(?:\s*[-–]\s*" + SmallVolume
        + @")?\s*(?:cc|ml|mL|cubic|µl|μl|ul)\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Concentration();

    [GeneratedRegex(@"^\s*[\w\-]+\s*(?:/|\bper\b)\s*(?:ml|mL|µl|μl|ul)\b(?!\s*\d)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NounPerVolume();

    [GeneratedRegex(@"^\s*(?:(?:[\w\-]+\s+){0,3}?)(?:particles|exosomes?|EVs?|extracellular vesicles|vesicles"
        + @"|nanoparticles)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ParticleUnit();

    [GeneratedRegex(@"^\s*(?:μg|µg|ug|mcg|micrograms?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MicrogramUnit();

    // "1 mg of exosomal protein", "2 mg EVs": milligrams count only with the vesicles or their protein named, so a
    // premedication's "20 mg" in the same sentence is no dose.
    [GeneratedRegex(@"^\s*(?:mg|milligrams?)\b(?!\s*/)\s*(?:of\s+)?(?:(?:total|EV|exosom\w*|vesicle)\s+)?(?:proteins?"
        + @"|exosom\w*|EVs?\b|extracellular vesicles?|vesicles?|secretome|lyophili[sz]ed secretome)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MilligramOfProtein();

    [GeneratedRegex(@"^\s*(?:ml|mL|milliliters?|millilitres?|cc)\b", RegexOptions.CultureInvariant)]
    private static partial Regex MillilitreUnit();

    [GeneratedRegex(@"(?:CD\s?34|CD\s?3\b|CD\d+\+|mononuclear|\bMNCs?\b|\bTNCs?\b|nucleated|hematopoietic"
        + @"|haematopoietic|\bHSCs?\b|platelets?|\bPLT\b|neutrophils?|leukocytes?|\bWBC\b|lymphocytes?|islets?|\bIEQ\b"
        + @"|colony|\bCFU|seed\w*|density|yield\w*|expan\w+ to|harvest\w*|obtain\w*|reach\w*|counts?\b|plated"
        + @"|release criteri\w+)[^.;]{0,25}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NotAProductDose();

    // "5 x 10^5 cells were harvested/stained for flow cytometry": a laboratory sample, not a dose.
    [GeneratedRegex(@"^[^.;]*?(?:CD\s?34|mononuclear|\bMNCs?\b|\bTNCs?\b|nucleated|\bCFU|hematopoietic|platelets"
        + @"|cord blood (?:\([^)]{0,12}\)\s*)?(?:stem )?(?:cells?|units?)\b(?! mesenchymal)"
        + @"|(?:were|was|are|is) (?:harvested|stained|analy[sz]ed|plated|seeded|counted|labell?ed|incubated"
        + @"|centrifuged|washed))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NotAProductDoseAfter();

    // A capitalised abbreviation right after the number that is not a unit of something else.
    [GeneratedRegex(@"^\s*(?!(?:IU|UI|U|CFU|PFU|TNC|MNC|VP|IE|EU|USD|RMB|EUR|PBS|HA|PRP|BMAC|SVF|CD\d+)\b)[A-Z]"
        + @"[A-Za-z-]{1,7}s?\b", RegexOptions.CultureInvariant)]
    private static partial Regex Abbreviation();

    // "MSC(300x10^6)", "UC-MSCs: 1 x 10^8", "two doses of MSCs 100×10e6".
    [GeneratedRegex(@"(?:cells?|MSCs?|[\w\-]*MSCs?|ASCs?)\s*[(:=]?\s*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ProductBefore();

    // Bounded: at most five listed levels, each a short number, right before the quantity.
    [GeneratedRegex(@"(?<![\w.,])(?<list>(?:\d{1,4}(?:\.\d{1,3})?\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+"
        + @"|\s+or\s+)){1,5})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LevelList();

    [GeneratedRegex(@"\d{1,4}(?:\.\d{1,3})?", RegexOptions.CultureInvariant)]
    private static partial Regex LevelNumber();

    [GeneratedRegex(@"\b(?:doses?|dosage)(?:\s+of|\s*:)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DoseOf();

    // "each vial contains 50 million cells", "20 injections of 5 million cells": one part of the dose.
    [GeneratedRegex(@"(?:\b(?:each|every|per|one|a|the)\s+(?:vials?|bags?|cryobags?|ampoules?|syringes?|tubes?"
        + @"|aliquots?|sites?|points?)\s+(?:contains?|containing|holds?|of|with|:)?"
        + @"|\b(?:\d{1,2}|two|three|four|five|six|eight|ten|twenty|thirty|multiple|several)\s+(?:\w+\s+)?(?:injections"
        + @"|aliquots|deposits|punctures)\s+(?:of|with|containing|each of))\s*(?:approximately|about|~)?\s*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PartBefore();

    [GeneratedRegex(@"^\s*(?:\(\w+\)\s*)?(?:(?:per|at each|in each|into each|for each)\s+(?:injection\s+)?(?:sites?"
        + @"|points?|deposits?|vials?|bags?|aliquots?|injection)\b|each\b(?!\s+(?:patient|subject|participant)))",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PartAfter();

    // "a total of", "total dose of", "cumulative minimum dose:", "target dose of up to".
    [GeneratedRegex(@"(?:total(?: dose)?(?: of)?|in total|cumulative(?: (?:minimum|maximum))?(?: dose)?(?: of)?|"
        + @"target dose(?: of)?(?: up to)?)\s*:?\s*(?:\w+\s+){0,2}$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TotalBefore();
}

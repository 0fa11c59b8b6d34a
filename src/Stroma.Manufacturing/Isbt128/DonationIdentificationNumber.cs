using System.Globalization;

namespace Stroma.Manufacturing.Isbt128;

/// <summary>
/// An ISBT 128 Donation Identification Number (Data Structure 001): facility identification number (FIN, five
/// characters: one of A–N, P–Z, 1–9 then four digits), two-digit year, six-digit sequence number — 13
/// characters — followed in eye-readable text by an ISO 7064 MOD 37-2 check character (ICCBBA ISBT 128
/// Standard Technical Specification ST-001; check character per UK Red Book Annex 2).
/// </summary>
public sealed record DonationIdentificationNumber
{
    private DonationIdentificationNumber(string facility, int year, int sequence)
    {
        Facility = facility;
        Year = year;
        Sequence = sequence;
        Data = string.Create(CultureInfo.InvariantCulture, $"{facility}{year:00}{sequence:000000}");
        Check = Iso7064Mod37_2.CheckCharacter(Data);
    }

    /// <summary>Facility identification number (5 characters).</summary>
    public string Facility { get; }

    /// <summary>Year code (00–99).</summary>
    public int Year { get; }

    /// <summary>Sequence number (0–999999).</summary>
    public int Sequence { get; }

    /// <summary>The 13 data characters.</summary>
    public string Data { get; }

    /// <summary>The check character.</summary>
    public char Check { get; }

    /// <summary>The check value (0–36); barcode flag characters carry it as 60 + value.</summary>
    public int CheckValue => Iso7064Mod37_2.ValueOf(Check);

    /// <summary>Data and check character, e.g. "G123498654321H".</summary>
    public override string ToString() => Data + Check;

    /// <summary>Eye-readable grouping, e.g. "G1234 98 654321 H".</summary>
    public string Formatted => string.Create(CultureInfo.InvariantCulture,
        $"{Facility} {Year:00} {Sequence:000000} {Check}");

    /// <summary>Barcode data content: "=" data identifier, the 13 characters and two flag characters ("00" by
    /// default).</summary>
    public string BarcodeData(string flags = "00") =>
        flags.Length == 2 && flags.All(char.IsAsciiDigit) ? "=" + Data + flags
        : throw new ManufacturingException($"ISBT 128 flag characters are two digits; '{flags}' given.");

    /// <summary>Creates a DIN, validating each part.</summary>
    public static DonationIdentificationNumber Create(string facility, int year, int sequence)
    {
        var fin = (facility ?? "").Trim().ToUpperInvariant();
        if (!IsFacility(fin))
            throw new ManufacturingException($"Facility identification number '{facility}' must be 5 characters: one " +
                $"of A–N, P–Z or 1–9, then four digits (e.g. G1234).");
        if (year is < 0 or > 99)
            throw new ManufacturingException($"Year code must be two digits (00–99); {year} given.");
        if (sequence is < 0 or > 999_999) throw new ManufacturingException($"Sequence number must be 0–999999; " +
            $"{sequence} given.");
        return new DonationIdentificationNumber(fin, year, sequence);
    }

    /// <summary>Parses "G123498654321H", "G1234 98 654321 H" or barcode data "=G12349865432100" (with a check character
    /// appended, or not).</summary>
    public static DonationIdentificationNumber Parse(string text)
    {
        if (!TryParse(text, out var din, out var error)) throw new ManufacturingException(error);
        return din!;
    }

    /// <summary>Validates a DIN with its check character; <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(string? text, out DonationIdentificationNumber? din, out string error)
    {
        din = null;
        var compact = new string((text ?? "").Where(c => !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();
        if (compact.StartsWith('=')) compact = compact[1..];
        if (compact.Length is not 14)
        {
            error = $"'{text}' is not a DIN with check character: expected 13 characters (FIN, year, sequence) and a " +
                $"check character, {compact.Length} given.";
            return false;
        }
        var data = compact[..13];
        if (!IsFacility(data[..5]) || !data[5..].All(char.IsAsciiDigit))
        {
            error = $"'{text}': the first 13 characters must be a facility number (A–N, P–Z or 1–9, then 4 digits), " +
                $"a 2-digit year and a 6-digit sequence.";
            return false;
        }
        var parsed = new DonationIdentificationNumber(data[..5], int.Parse(data[5..7], CultureInfo.InvariantCulture),
            int.Parse(data[7..], CultureInfo.InvariantCulture));
        if (parsed.Check != compact[13])
        {
            error = $"'{text}': check character '{compact[13]}' is wrong; ISO 7064 MOD 37-2 gives '{parsed.Check}' " +
                $"for {data}.";
            return false;
        }
        din = parsed;
        error = "";
        return true;
    }

    private static bool IsFacility(string fin) =>
        fin.Length == 5 && (fin[0] is >= 'A' and <= 'Z' and not 'O' || fin[0] is >= '1' and <= '9')
            && fin[1..].All(char.IsAsciiDigit);
}

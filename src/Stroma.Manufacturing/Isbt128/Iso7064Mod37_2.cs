namespace Stroma.Manufacturing.Isbt128;

/// <summary>
/// ISO/IEC 7064 MOD 37-2, the check-character system of the ISBT 128 Donation Identification Number:
/// characters 0–9, A–Z, * take values 0–36; with weights 2^n by position n from the right, the check value is
/// (38 − Σ value·2^n mod 37) mod 37 (UK Red Book, Annex 2 "ISBT 128 check character calculation").
/// </summary>
public static class Iso7064Mod37_2
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*";

    /// <summary>Value of a character (0–36), or −1 when it is not in the alphabet.</summary>
    public static int ValueOf(char c) => Alphabet.IndexOf(char.ToUpperInvariant(c), StringComparison.Ordinal);

    /// <summary>The character of a check value 0–36.</summary>
    public static char CharacterOf(int value) => value is >= 0 and < 37 ? Alphabet[value]
        : throw new ArgumentOutOfRangeException(nameof(value));

    /// <summary>Check value (0–36) of a string of alphabet characters.</summary>
    public static int CheckValue(string data)
    {
        ArgumentNullException.ThrowIfNull(data);
        // Horner form of Σ value·2^n (n from the right, starting at 1), kept below 37 at every step.
        var sum = 0;
        foreach (var c in data)
        {
            var v = ValueOf(c);
            if (v < 0) throw new ManufacturingException($"'{c}' is not an ISO 7064 MOD 37-2 character (0–9, A–Z, *).");
            sum = (sum + v) * 2 % 37;
        }
        return (38 - sum) % 37;
    }

    /// <summary>Check character of a string.</summary>
    public static char CheckCharacter(string data) => CharacterOf(CheckValue(data));
}

using System.Text;

namespace Stroma.Cytometry.Formats.Fcs;

/// <summary>
/// The fixed 58-byte HEADER of an FCS data set: version and the byte ranges (inclusive,
/// relative to the start of the data set) of TEXT, DATA and ANALYSIS. A range of (0, 0)
/// means "not given here" — FCS 3.x writes zeros when an offset exceeds 99,999,999 and
/// puts the real value in TEXT.
/// </summary>
public readonly record struct FcsHeader(string Version, long TextBegin, long TextEnd, long DataBegin, long DataEnd,
    long AnalysisBegin, long AnalysisEnd)
{
    /// <summary>Size of the fixed part of the HEADER.</summary>
    public const int Size = 58;

    private static readonly string[] KnownVersions = ["FCS1.0", "FCS2.0", "FCS3.0", "FCS3.1", "FCS3.2"];
    private static readonly string[] FieldNames =
        ["TEXT start", "TEXT end", "DATA start", "DATA end", "ANALYSIS start", "ANALYSIS end"];

    /// <summary>Recognises an FCS HEADER from its first bytes without throwing.</summary>
    public static bool TryDetect(ReadOnlySpan<byte> bytes, out string version)
    {
        version = "";
        if (bytes.Length < 6 || !bytes.StartsWith("FCS"u8)) return false;
        version = Encoding.ASCII.GetString(bytes[..6]);
        return KnownVersions.Contains(version, StringComparer.Ordinal);
    }

    /// <summary>
    /// Parses the HEADER found at <paramref name="datasetOffset"/> (used for error offsets).
    /// Fields are right-justified ASCII integers in 8-byte slots; blank slots read as 0. Some writers
    /// shift the slots by a byte, so each slot is trimmed rather than read at fixed digit positions.
    /// </summary>
    public static FcsHeader Parse(ReadOnlySpan<byte> bytes, long datasetOffset, string? filePath)
    {
        if (bytes.Length < Size)
            throw new FcsFormatException(filePath, datasetOffset, null,
                $"the file holds {bytes.Length} bytes where an FCS HEADER of {Size} bytes should start",
                    "a HEADER beginning with 'FCS3.1' (or 2.0/3.0/3.2) followed by six 8-byte offsets");
        if (!TryDetect(bytes, out var version))
            throw new FcsFormatException(filePath, datasetOffset, null,
                $"this is not an FCS file: it starts with '{Printable(bytes[..Math.Min(10, bytes.Length)])}'",
                    "the version identifier 'FCS2.0', 'FCS3.0', 'FCS3.1' or 'FCS3.2'");

        Span<long> values = stackalloc long[6];
        for (var i = 0; i < 6; i++)
        {
            var start = 10 + i * 8;
            var slot = bytes.Slice(start, 8);
            values[i] = ParseSlot(slot, datasetOffset + start, filePath, FieldNames[i]);
        }
        return new FcsHeader(version, values[0], values[1], values[2], values[3], values[4], values[5]);
    }

    private static long ParseSlot(ReadOnlySpan<byte> slot, long absoluteOffset, string? filePath, string field)
    {
        var trimmed = slot.Trim((byte)' ');
        if (trimmed.IsEmpty) return 0;
        long value = 0;
        foreach (var b in trimmed)
        {
            if (b is < (byte)'0' or > (byte)'9')
                throw new FcsFormatException(filePath, absoluteOffset, null,
                    $"the HEADER field '{field}' holds '{Printable(slot)}'",
                        "a right-justified decimal byte offset (digits and spaces only)");
            value = value * 10 + (b - '0');
        }
        return value;
    }

    internal static string Printable(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Length);
        foreach (var b in bytes) sb.Append(b is >= 32 and < 127 ? (char)b : '?');
        return sb.ToString();
    }
}

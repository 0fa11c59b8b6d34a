namespace Stroma.Trials.Formats;

/// <summary>Tiny helpers for recognising JSON shapes from the first bytes of a file.</summary>
internal static class JsonSniff
{
    public static int SkipSpace(ReadOnlySpan<byte> s, int i)
    {
        if (i == 0 && s.StartsWith("\uFEFF"u8)) i = 3;
        while (i < s.Length && s[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') i++;
        return i;
    }

    /// <summary>Reads a property name at <paramref name="i"/> (which must be a quote).</summary>
    public static bool TryReadName(ReadOnlySpan<byte> s, ref int i, out ReadOnlySpan<byte> name)
    {
        name = default;
        if (i >= s.Length || s[i] != (byte)'"') return false;
        var close = s[(i + 1)..].IndexOf((byte)'"');
        if (close < 0) return false;
        name = s.Slice(i + 1, close);
        i += close + 2;
        return true;
    }

    /// <summary>Whether the (ASCII) key appears quoted anywhere in the head.</summary>
    public static bool HasKey(ReadOnlySpan<byte> s, ReadOnlySpan<byte> quotedKey) => s.IndexOf(quotedKey) >= 0;
}

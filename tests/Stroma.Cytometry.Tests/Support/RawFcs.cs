using System.Globalization;
using System.Text;

namespace Stroma.Cytometry.Tests.Support;

/// <summary>
/// Assembles FCS bytes by hand — any version string, delimiter, keyword order, HEADER offsets and
/// DATA bytes — so tests can build the irregular files that real instruments write without relying
/// on Stroma's own writer.
/// </summary>
internal sealed class RawFcs
{
    public string Version { get; set; } = "FCS3.1";
    public char Delimiter { get; set; } = '/';
    public List<(string Key, string Value)> Keywords { get; } = [];
    public byte[] Data { get; set; } = [];
    public int TextOffset { get; set; } = 58;

    /// <summary>When set, these replace the computed HEADER data offsets (use "" for blank fields).</summary>
    public (string Begin, string End)? HeaderDataOverride { get; set; }

    /// <summary>When true, $BEGINDATA/$ENDDATA are written to TEXT with the real offsets.</summary>
    public bool WriteTextOffsets { get; set; } = true;

    /// <summary>Bytes appended verbatim to TEXT after the last pair (e.g. a second closing delimiter).</summary>
    public string TextSuffix { get; set; } = "";

    /// <summary>
    /// Concatenates data sets, setting each one's $NEXTDATA to its own length (offsets are relative to the
    /// data set, FCS 3.1 §3.2.18); the last one gets $NEXTDATA 0.
    /// </summary>
    public static byte[] Chain(params RawFcs[] datasets)
    {
        var parts = new List<byte[]>();
        for (var i = 0; i < datasets.Length; i++)
        {
            var raw = datasets[i];
            raw.Keywords.RemoveAll(k => k.Key == "$NEXTDATA");
            raw.Add("$NEXTDATA", "0");
            var bytes = raw.Build();
            for (var round = 0; i < datasets.Length - 1 && round < 5; round++)
            {
                raw.Keywords[^1] = ("$NEXTDATA", bytes.Length.ToString(CultureInfo.InvariantCulture));
                var again = raw.Build();
                if (again.Length == bytes.Length)
                {
                    bytes = again;
                    break;
                }
                bytes = again;
            }
            parts.Add(bytes);
        }
        return parts.SelectMany(p => p).ToArray();
    }

    public RawFcs Add(string key, string value)
    {
        Keywords.Add((key, value));
        return this;
    }

    public static RawFcs ForParameters(string dataType, int events, params (string Name, int Bits, string Range)[] parameters)
    {
        var raw = new RawFcs();
        raw.Add("$DATATYPE", dataType).Add("$MODE", "L").Add("$BYTEORD", "1,2,3,4")
           .Add("$PAR", parameters.Length.ToString(CultureInfo.InvariantCulture))
           .Add("$TOT", events.ToString(CultureInfo.InvariantCulture)).Add("$NEXTDATA", "0");
        for (var i = 0; i < parameters.Length; i++)
        {
            var n = i + 1;
            raw.Add($"$P{n}N", parameters[i].Name).Add($"$P{n}B", parameters[i].Bits == 0 ? "*" : parameters[i].Bits.ToString(CultureInfo.InvariantCulture))
               .Add($"$P{n}E", "0,0").Add($"$P{n}R", parameters[i].Range);
        }
        return raw;
    }

    /// <summary>
    /// Builds with <paramref name="stext"/> appended after DATA as a supplemental TEXT segment, pointed at by
    /// $BEGINSTEXT/$ENDSTEXT (their values change the TEXT length, so the offsets are settled over a few rounds).
    /// </summary>
    public byte[] BuildWithSupplementalText(byte[] stext)
    {
        var probe = Build();
        for (var i = 0; i < 3; i++)
        {
            var begin = probe.Length;
            Keywords.RemoveAll(k => k.Key.EndsWith("STEXT", StringComparison.Ordinal));
            Add("$BEGINSTEXT", begin.ToString(CultureInfo.InvariantCulture))
                .Add("$ENDSTEXT", (begin + stext.Length - 1).ToString(CultureInfo.InvariantCulture));
            probe = Build();
        }
        return [.. probe, .. stext];
    }

    public byte[] Build()
    {
        var d = Delimiter.ToString();
        string Text(long begin, long end)
        {
            var sb = new StringBuilder(d);
            var pairs = Keywords.ToList();
            if (WriteTextOffsets)
            {
                pairs.Add(("$BEGINDATA", begin.ToString(CultureInfo.InvariantCulture)));
                pairs.Add(("$ENDDATA", end.ToString(CultureInfo.InvariantCulture)));
            }
            foreach (var (k, v) in pairs)
                sb.Append(k.Replace(d, d + d, StringComparison.Ordinal)).Append(d).Append(v.Replace(d, d + d, StringComparison.Ordinal)).Append(d);
            return sb.Append(TextSuffix).ToString();
        }

        long dataBegin = 0, dataEnd = 0;
        string text = "";
        for (var i = 0; i < 5; i++)
        {
            text = Text(dataBegin, dataEnd);
            var len = Encoding.UTF8.GetByteCount(text);
            var nb = TextOffset + len;
            var ne = nb + Data.Length - 1;
            if (nb == dataBegin && ne == dataEnd) break;
            (dataBegin, dataEnd) = (nb, ne);
        }
        var textBytes = Encoding.UTF8.GetBytes(text);
        var header = new StringBuilder(Version.PadRight(10));
        string F(long v) => v.ToString(CultureInfo.InvariantCulture).PadLeft(8);
        header.Append(F(TextOffset)).Append(F(TextOffset + textBytes.Length - 1));
        if (HeaderDataOverride is { } o) header.Append(o.Begin.PadLeft(8)).Append(o.End.PadLeft(8));
        else header.Append(F(dataBegin)).Append(F(dataEnd));
        header.Append(F(0)).Append(F(0));
        var result = new byte[TextOffset + textBytes.Length + Data.Length];
        Encoding.ASCII.GetBytes(header.ToString()).CopyTo(result, 0);
        for (var i = 58; i < TextOffset; i++) result[i] = (byte)' ';
        textBytes.CopyTo(result, TextOffset);
        Data.CopyTo(result, TextOffset + textBytes.Length);
        return result;
    }
}

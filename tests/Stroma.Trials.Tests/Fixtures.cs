using System.IO.Compression;
using System.Text;

namespace Stroma.Trials.Tests;

/// <summary>Paths of the hand-written format fixtures (Data/formats) and helpers that build archives from them.</summary>
internal static class Fixtures
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Data", "formats");

    public static string Classic => Path.Combine(Folder, "classic-study.json");
    public static string V2Study => Path.Combine(Folder, "v2-study.json");
    public static string V2Page => Path.Combine(Folder, "v2-page.json");
    public static string Xml => Path.Combine(Folder, "legacy-study.xml");
    public static string CsvCurrent => Path.Combine(Folder, "download-current.csv");
    public static string CsvClassic => Path.Combine(Folder, "download-classic.csv");

    /// <summary>A zip holding <paramref name="count"/> copies of a fixture with fresh NCT ids (NCT9100000x), as the bulk downloads lay out one study per file.</summary>
    public static void WriteBulkZip(string zipPath, string fixture, int count)
    {
        var text = File.ReadAllText(fixture);
        using var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create);
        for (var i = 0; i < count; i++)
        {
            var id = $"NCT{91000000 + i:D8}";
            var entry = zip.CreateEntry($"{id[..7]}xxxx/{id}{Path.GetExtension(fixture)}", CompressionLevel.Fastest);
            using var w = new StreamWriter(entry.Open(), new UTF8Encoding(false));
            w.Write(text.Replace("NCT90000001", id, StringComparison.Ordinal));
        }
    }
}

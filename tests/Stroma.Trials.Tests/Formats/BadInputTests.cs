using System.Text;
using Stroma.Trials.Extraction;
using Stroma.Trials.Formats;
using Stroma.Trials.Landscape;
using Stroma.Testing;
using Xunit;

namespace Stroma.Trials.Tests.Formats;

/// <summary>
/// Hostile and damaged registry input: every case ends as a typed error naming the input (and record and
/// field where there is one), and the read goes on with what follows.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string V2(string id) => File.ReadAllText(Fixtures.V2Study).Replace("NCT90000001", id, StringComparison.Ordinal);

    private static List<TrialReadResult> ReadBytes(string name, byte[] bytes) =>
        TrialReader.Read(new TrialInput(name, () => new MemoryStream(bytes))).ToList();

    private List<TrialReadResult> ReadFile(string name, byte[] bytes)
    {
        var path = _dir.File(name);
        File.WriteAllBytes(path, bytes);
        return TrialReader.Read([path]).ToList();
    }

    private static byte[] Page(params string[] studies) => Encoding.UTF8.GetBytes("{\"studies\":[" + string.Join(",", studies) + "]}");

    [Fact]
    public void Invalid_utf8_in_a_json_study_is_an_error_naming_the_field_and_the_next_study_is_read()
    {
        var bad = Encoding.UTF8.GetBytes(V2("NCT90000002"));
        var at = Array.IndexOf(bad, (byte)'U', Encoding.UTF8.GetString(bad).IndexOf("\"briefTitle\"", StringComparison.Ordinal));
        bad[at] = 0xC3;
        bad[at + 1] = 0x28;
        var bytes = new List<byte>(Encoding.UTF8.GetBytes("{\"studies\":["));
        bytes.AddRange(bad);
        bytes.Add((byte)',');
        bytes.AddRange(Encoding.UTF8.GetBytes(V2("NCT90000003") + "]}"));

        var results = ReadBytes("page.json", bytes.ToArray());

        Assert.Equal(2, results.Count);
        var error = results[0].Error!;
        Assert.Equal(("NCT90000002", "protocolSection.identificationModule.briefTitle"), (error.Record, error.Field));
        Assert.Contains("not valid UTF-8", error.Error, StringComparison.Ordinal);
        Assert.Equal("NCT90000003", results[1].Trial!.NctId);
    }

    [Fact]
    public void An_unpaired_surrogate_escaped_in_a_json_name_or_value_is_an_error_and_the_next_study_is_read()
    {
        var badName = V2("NCT90000002").Replace("\"acronym\"", "\"acr\\ud800nym\"", StringComparison.Ordinal);
        var badValue = V2("NCT90000003").Replace("\"UCKOA\"", "\"UC\\udc00\"", StringComparison.Ordinal);
        var page = "{\"ne\\ud800xt\":1," + Encoding.UTF8.GetString(Page(badName, badValue, V2("NCT90000004")))[1..];

        var results = ReadBytes("page.json", Encoding.UTF8.GetBytes(page));

        Assert.Equal(3, results.Count);
        Assert.Contains("property name that is not valid UTF-8", results[0].Error!.Error, StringComparison.Ordinal);
        Assert.Equal("protocolSection.identificationModule.acronym", results[1].Error!.Field);
        Assert.Equal("NCT90000004", results[2].Trial!.NctId);
    }

    [Fact]
    public void A_study_with_one_giant_string_is_refused_naming_the_field_and_the_next_study_is_read()
    {
        var giant = V2("NCT90000002").Replace("\"briefSummary\": \"", "\"briefSummary\": \"" + new string('x', 8_000_000), StringComparison.Ordinal);
        var results = ReadBytes("page.json", Page(giant, V2("NCT90000003")));
        Assert.Equal("protocolSection.descriptionModule.briefSummary", results[0].Error!.Field);
        Assert.Contains($"longer than {TrialLimits.MaxTextChars}", results[0].Error!.Error, StringComparison.Ordinal);
        Assert.Equal("NCT90000003", results[1].Trial!.NctId);
    }

    [Fact]
    public void A_json_study_larger_than_any_real_one_is_left_out_with_the_limit_in_the_message_and_the_next_is_read()
    {
        var many = string.Join(",", Enumerable.Repeat("\"Knee Osteoarthritis\"", TrialLimits.MaxRecordBytes / 20));
        var huge = V2("NCT90000002").Replace("\"conditions\": [ \"Knee Osteoarthritis\" ]", "\"conditions\": [" + many + "]", StringComparison.Ordinal);
        var results = ReadBytes("page.json", Page(V2("NCT90000001"), huge, V2("NCT90000003")));
        Assert.Equal("NCT90000001", results[0].Trial!.NctId);
        Assert.Equal(3, results.Count);
        var error = results[1].Error!;
        Assert.Equal("study 2", error.Record);
        Assert.Contains($"larger than {TrialLimits.MaxRecordBytes} bytes", error.Error, StringComparison.Ordinal);
        Assert.Contains("the studies after it were read", error.Error, StringComparison.Ordinal);
        Assert.Equal("NCT90000003", results[2].Trial!.NctId);
    }

    [Fact]
    public void Legacy_xml_studies_with_no_white_space_between_them_are_all_read()
    {
        var study = File.ReadAllText(Fixtures.Xml);
        study = study[study.IndexOf("<clinical_study", StringComparison.Ordinal)..].Trim();
        var ids = Enumerable.Range(1, 4).Select(i => $"NCT9000000{i}").ToList();
        var xml = "<search_results>" + string.Concat(ids.Select(id => study.Replace("NCT90000001", id, StringComparison.Ordinal))) + "</search_results>";

        var results = ReadBytes("studies.xml", Encoding.UTF8.GetBytes(xml));

        Assert.Equal(ids, results.Select(r => r.Trial?.NctId ?? r.Error!.Error));
    }

    [Fact]
    public void A_legacy_xml_study_nested_in_another_is_reported_as_not_read()
    {
        var xml = "<r><clinical_study><id_info><nct_id>NCT90000001</nct_id></id_info>" +
                  "<clinical_study><id_info><nct_id>NCT90000002</nct_id></id_info></clinical_study></clinical_study></r>";
        var results = ReadBytes("nested.xml", Encoding.UTF8.GetBytes(xml));
        Assert.Equal("NCT90000001", results[0].Trial!.NctId);
        Assert.Contains("holds 2 <clinical_study> start tags but 1 studies were read", results[1].Error!.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_legacy_xml_study_nested_too_deeply_is_skipped_with_an_error_and_the_next_study_is_read()
    {
        var deep = string.Concat(Enumerable.Repeat("<a>", 100_000)) + string.Concat(Enumerable.Repeat("</a>", 100_000));
        var xml = $"<r><clinical_study><brief_summary>{deep}</brief_summary></clinical_study>" +
                  "<clinical_study><id_info><nct_id>NCT90000002</nct_id></id_info></clinical_study></r>";
        var results = ReadBytes("deep.xml", Encoding.UTF8.GetBytes(xml));
        Assert.Equal(2, results.Count);
        Assert.Contains($"nested more than {TrialLimits.MaxXmlDepth} levels", results[0].Error!.Error, StringComparison.Ordinal);
        Assert.Equal("NCT90000002", results[1].Trial!.NctId);
    }

    [Fact]
    public void A_legacy_xml_study_larger_than_any_real_one_is_left_out_and_the_next_is_read()
    {
        var xml = new StringBuilder("<r><clinical_study><id_info><nct_id>NCT90000001</nct_id></id_info></clinical_study><clinical_study>");
        var keyword = "<keyword>knee osteoarthritis</keyword>";
        while (xml.Length < TrialLimits.MaxRecordBytes + (1 << 20)) xml.Append(keyword);
        xml.Append("</clinical_study><clinical_study><id_info><nct_id>NCT90000003</nct_id></id_info></clinical_study></r>");
        var results = ReadBytes("big.xml", Encoding.UTF8.GetBytes(xml.ToString()));
        Assert.Equal(3, results.Count);
        Assert.Equal("NCT90000001", results[0].Trial!.NctId);
        Assert.Equal("study 2", results[1].Error!.Record);
        Assert.Contains($"larger than {TrialLimits.MaxRecordBytes} bytes", results[1].Error!.Error, StringComparison.Ordinal);
        Assert.Equal("NCT90000003", results[2].Trial!.NctId);
    }

    [Fact]
    public void An_unclosed_csv_quote_is_bounded_by_the_cell_limit_and_rows_before_it_are_kept()
    {
        var csv = File.ReadAllText(Fixtures.CsvClassic).TrimEnd() + "\n\"1\",\"NCT90000009\",\"never closed" + new string('x', TrialLimits.MaxCellChars + 10);
        var results = ReadBytes("download.csv", Encoding.UTF8.GetBytes(csv));
        Assert.Contains(results, r => r.Trial?.NctId == "NCT90000001");
        var error = results[^1].Error!;
        Assert.Contains($"longer than {TrialLimits.MaxCellChars} characters", error.Error, StringComparison.Ordinal);
        Assert.Contains("quote", error.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_in_a_csv_download_is_an_error_naming_the_line_not_a_replacement_character()
    {
        var bytes = Encoding.UTF8.GetBytes(File.ReadAllText(Fixtures.CsvClassic).TrimEnd() + "\n\"2\",\"NCT90000009\",\"Bad \u00e9 title\"\n");
        var at = Array.LastIndexOf(bytes, (byte)0xC3);
        bytes[at + 1] = 0x28;
        var results = ReadBytes("download.csv", bytes);
        Assert.DoesNotContain(results, r => r.Trial?.BriefTitle?.Contains('\uFFFD', StringComparison.Ordinal) == true);
        Assert.Contains("invalid UTF-8", results[^1].Error!.Error, StringComparison.Ordinal);
        Assert.Contains("line", results[^1].Error!.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip_entry_whose_zip64_size_overflows_is_refused_and_the_next_entry_is_read()
    {
        var zip = new RawZip()
            .Add(new RawZip.Item("a/NCT90000001.json", Encoding.UTF8.GetBytes(V2("NCT90000001"))) { Zip64Size = ulong.MaxValue - 5 })
            .Add("a/NCT90000002.json", V2("NCT90000002"))
            .Build();
        var results = ReadFile("bulk.zip", zip);
        Assert.EndsWith("bulk.zip!a/NCT90000001.json", results[0].Error!.File, StringComparison.Ordinal);
        Assert.Contains("beyond 2^63", results[0].Error!.Error, StringComparison.Ordinal);
        Assert.Equal("NCT90000002", results[1].Trial!.NctId);
    }

    [Fact]
    public void An_encrypted_zip_entry_is_refused()
    {
        var zip = new RawZip().Add(new RawZip.Item("NCT90000001.json", Encoding.UTF8.GetBytes(V2("NCT90000001"))) { Flags = 1 }).Build();
        Assert.Contains("encrypted", Assert.Single(ReadFile("locked.zip", zip)).Error!.Error, StringComparison.Ordinal);
        var aes = new RawZip().Add(new RawZip.Item("NCT90000001.json", Encoding.UTF8.GetBytes(V2("NCT90000001"))) { Method = 99 }).Build();
        Assert.Contains("encrypted", Assert.Single(ReadFile("aes.zip", aes)).Error!.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip_entry_with_a_wrong_crc_is_reported_as_corrupt()
    {
        var zip = new RawZip().Add(new RawZip.Item("NCT90000001.json", Encoding.UTF8.GetBytes(V2("NCT90000001"))) { Crc = 0x12345678 }).Build();
        var error = Assert.Single(ReadFile("crc.zip", zip), r => r.Error is not null).Error!;
        Assert.Contains("CRC-32", error.Error, StringComparison.Ordinal);
        Assert.Contains("differs from the declared 12345678", error.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip_entry_that_inflates_beyond_its_declared_size_is_cut_off_and_refused()
    {
        // A bomb: a megabyte of one letter declared as 100 bytes.
        var bomb = new RawZip().Add(new RawZip.Item("NCT90000001.csv", Encoding.ASCII.GetBytes(new string('x', 1 << 20))) { Size = 100 }).Build();
        var error = Assert.Single(ReadFile("bomb.zip", bomb)).Error!;
        Assert.Contains("more than the 100 bytes it declares", error.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip_entry_declaring_more_than_the_entry_limit_is_refused_before_it_is_inflated()
    {
        var zip = new RawZip().Add(new RawZip.Item("big.json", Encoding.UTF8.GetBytes(V2("NCT90000001"))) { Zip64Size = (ulong)TrialLimits.MaxEntryBytes + 1 }).Build();
        Assert.Contains($"limit of {TrialLimits.MaxEntryBytes} bytes", Assert.Single(ReadFile("big.zip", zip)).Error!.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_central_directory_keeps_the_entries_before_it_and_reports_the_rest_through_the_parallel_landscape()
    {
        var zip = new RawZip()
            .Add("a/NCT90000001.json", V2("NCT90000001"))
            .Add(new RawZip.Item("a/NCT90000002.json", Encoding.UTF8.GetBytes(V2("NCT90000002"))) { BadDirectorySignature = true })
            .Add("a/NCT90000003.json", V2("NCT90000003"))
            .Build();
        var path = _dir.File("damaged.zip");
        File.WriteAllBytes(path, zip);
        var skipped = new List<TrialReadError>();

        var report = LandscapeRun.Run(TrialReader.Read([path, Fixtures.V2Study]), MscExtractor.Default, skipped: skipped.Add);

        Assert.Equal(2, report.Trials);
        Assert.Equal(1, report.Skipped);
        Assert.Contains("bad signature", skipped[0].Error, StringComparison.Ordinal);
        Assert.Contains("2 of 3 entries not read", skipped[0].Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip_declaring_more_entries_than_its_directory_holds_is_refused_whole()
    {
        var zip = new RawZip().Add("NCT90000001.json", V2("NCT90000001")).Build(declaredEntries: 60_000);
        var error = Assert.Single(ReadFile("count.zip", zip)).Error!;
        Assert.Contains("declares 60000 entries", error.Error, StringComparison.Ordinal);
        Assert.Equal(1, TrialSources.CountInputs([_dir.File("count.zip")]));
    }

    [Fact]
    public void A_truncated_zip_is_reported_and_an_unknown_method_or_a_short_stored_entry_is_named()
    {
        var good = new RawZip().Add("NCT90000001.xml", File.ReadAllText(Fixtures.Xml)).Build();
        Assert.Contains("not a zip archive", Assert.Single(ReadFile("truncated.zip", good[..(good.Length / 2)])).Error!.Error, StringComparison.Ordinal);
        var method = new RawZip().Add(new RawZip.Item("NCT90000001.json", Encoding.UTF8.GetBytes(V2("NCT90000001"))) { Method = 14 }).Build();
        Assert.Contains("compression method 14", Assert.Single(ReadFile("lzma.zip", method)).Error!.Error, StringComparison.Ordinal);
        var stored = new RawZip().Add(new RawZip.Item("NCT90000001.json", Encoding.UTF8.GetBytes(V2("NCT90000001"))) { Deflate = false, Size = 10 }).Build();
        Assert.Contains("stored entry declares 10 bytes", Assert.Single(ReadFile("stored.zip", stored)).Error!.Error, StringComparison.Ordinal);
    }
}

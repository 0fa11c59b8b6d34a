using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Stroma.Cytometry.Formats.Fcs;
using Stroma.Cytometry.Tests.Support;
using Stroma.Testing;
using Xunit;

namespace Stroma.Cytometry.Tests.Formats.Fcs;

/// <summary>
/// What real instruments write beyond the letter of the standard, each on a file built for the case: offset
/// clashes, whole-word integer widths, unreadable data sets among readable ones, the $ENDDATA off-by-one,
/// empty values as doubled delimiters, Beckman Coulter $DFCiTOj and numbered $SPILLOVER labels.
/// </summary>
public sealed class FcsInstrumentQuirkTests
{
    private static FcsDataset Read(byte[] bytes, FcsReadOptions? options = null) =>
        FcsReader.Read(bytes, "quirk.fcs", options).First;

    private static string S(long v) => v.ToString(CultureInfo.InvariantCulture);

    private static byte[] Words(params int[] values)
    {
        var data = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(i * 2), (ushort)values[i]);
        return data;
    }

    private static (long Begin, long End) HeaderData(byte[] bytes) =>
        (long.Parse(Encoding.ASCII.GetString(bytes, 26, 8).Trim(), CultureInfo.InvariantCulture),
         long.Parse(Encoding.ASCII.GetString(bytes, 34, 8).Trim(), CultureInfo.InvariantCulture));

    // 1. HEADER/TEXT offset clash

    [Fact]
    public void A_text_data_range_inside_the_text_segment_is_ruled_out_in_favour_of_the_header()
    {
        var raw = RawFcs.ForParameters("I", 4, ("FL1", 16, "1024"), ("FL2", 16, "1024"));
        raw.WriteTextOffsets = false;
        // TEXT claims exactly $TOT × 4 bytes, but at byte 60 — inside its own TEXT segment; the HEADER's range
        // is one byte longer than needed (a pad byte), so only the TEXT range matches the event size exactly.
        raw.Add("$BEGINDATA", "60").Add("$ENDDATA", "75");
        raw.Data = [.. Words(1, 2, 3, 4, 5, 6, 7, 8), 0];
        var ds = Read(raw.Build());
        var events = ds.RequireEvents();
        Assert.Equal(1, events[0, 0]);
        Assert.Equal(8, events[3, 1]);
        Assert.Contains(ds.Warnings, w => w.Contains("TEXT's range would overlap the TEXT of data set 0",
            StringComparison.Ordinal));
    }

    [Fact]
    public void A_data_range_that_can_only_overlap_the_text_is_refused_naming_the_overlap()
    {
        var raw = RawFcs.ForParameters("I", 4, ("FL1", 16, "1024"), ("FL2", 16, "1024"));
        raw.WriteTextOffsets = false;
        raw.HeaderDataOverride = ("0", "0");
        raw.Add("$BEGINDATA", "60").Add("$ENDDATA", "75");
        raw.Data = Words(1, 2, 3, 4, 5, 6, 7, 8);
        var ex = Assert.Throws<FcsFormatException>(() => Read(raw.Build()));
        Assert.Contains("overlaps the TEXT of data set 0", ex.Message, StringComparison.Ordinal);
        Assert.Equal("$BEGINDATA", ex.Keyword);
    }

    [Fact]
    public void A_data_segment_starting_in_the_padding_after_the_last_keyword_of_text_is_read()
    {
        var raw = RawFcs.ForParameters("F", 2, ("A", 32, "1"));
        raw.WriteTextOffsets = false;
        raw.TextSuffix = "  ";
        raw.Data = new byte[8];
        var (begin, end) = HeaderData(raw.Build());
        // The HEADER puts DATA two bytes early, on the padding that closes the declared TEXT segment.
        raw.HeaderDataOverride = (S(begin - 2), S(end - 2));
        var ds = Read(raw.Build());
        Assert.Equal(2, ds.EventCount);
        Assert.Equal(begin - 2, ds.DataBegin);
        Assert.Contains(ds.Warnings, w => w.Contains("after its last keyword", StringComparison.Ordinal));
    }

    [Fact]
    public void Values_above_the_range_in_most_events_are_reported_as_a_sign_of_wrong_offsets()
    {
        var raw = RawFcs.ForParameters("I", 3, ("FL1", 16, "1024"));
        raw.Data = Words(0xF001, 0xF002, 3);
        var ds = Read(raw.Build());
        Assert.Contains(ds.Warnings, w => w.Contains("most events exceed $PnR in FL1", StringComparison.Ordinal));
    }

    // 2. Integer widths that are not a multiple of 8

    private static RawFcs TenBitList(int events)
    {
        var raw = RawFcs.ForParameters("I", events,
            ("FS", 10, "1024"), ("SS", 10, "1024"), ("FL1", 10, "1024"), ("FL2", 10, "1024"), ("FL3", 10, "1024"),
                ("FL4", 10, "1024"));
        raw.Version = "FCS2.0";
        raw.Keywords[2] = ("$BYTEORD", "1,2");
        return raw;
    }

    [Fact]
    public void Ten_bit_values_stored_in_sixteen_bit_words_are_read_and_masked_with_a_warning()
    {
        var raw = TenBitList(3);
        raw.Data = Words(1, 2, 3, 4, 5, 1023, 10, 20, 30, 40, 50, 60, 0x8000 | 7, 0, 0, 0, 0, 999);
        var ds = Read(raw.Build());
        var events = ds.RequireEvents();
        Assert.Equal(10, ds.Parameters[0].Bits);
        Assert.Equal(1023, events[0, 5]);
        Assert.Equal(60, events[1, 5]);
        Assert.Equal(7, events[2, 0]); // the flag bit above $PnB is masked off
        Assert.Equal(999, events[2, 5]);
        Assert.Contains(ds.Warnings, w => w.Contains("$P1B = 10", StringComparison.Ordinal)
            && w.Contains("whole word", StringComparison.Ordinal));
    }

    [Fact]
    public void Ten_bit_values_packed_into_bit_fields_are_refused_with_a_clear_message()
    {
        var raw = TenBitList(3);
        raw.Data = new byte[(3 * 6 * 10 + 7) / 8];
        var ex = Assert.Throws<FcsFormatException>(() => Read(raw.Build()));
        Assert.Contains("not a whole number of bytes", ex.Message, StringComparison.Ordinal);
        Assert.Contains("packed bit fields (23 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ten_bit_data_set_is_written_back_as_sixteen_bit_words()
    {
        var raw = TenBitList(1);
        raw.Data = Words(1, 2, 3, 4, 5, 6);
        var ds = Read(raw.Build());
        using var dir = new TempDirectory();
        var path = dir.File("copy.fcs");
        FcsWriter.Write(path, ds);
        var copy = FcsReader.ReadDataset(path);
        Assert.All(copy.Parameters, p => Assert.Equal(16, p.Bits));
        Assert.Equal(6, copy.RequireEvents()[0, 5]);
    }

    // 3. One unreadable data set among readable ones

    private static byte[] ThreeDatasetsWithABrokenMiddleOne()
    {
        var first = RawFcs.ForParameters("F", 1, ("A", 32, "1"));
        first.Data = new byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(first.Data, 1.5f);
        var broken = RawFcs.ForParameters("Q", 1, ("B", 32, "1"));
        broken.Data = new byte[4];
        var third = RawFcs.ForParameters("F", 1, ("C", 32, "1"));
        third.Data = new byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(third.Data, 3.5f);
        return RawFcs.Chain(first, broken, third);
    }

    [Fact]
    public void An_unreadable_data_set_is_reported_with_its_error_and_the_others_are_read()
    {
        var file = FcsReader.Read(ThreeDatasetsWithABrokenMiddleOne(), "three.fcs");
        Assert.Equal([0, 2], file.Datasets.Select(d => d.Index));
        Assert.Equal(3.5f, file.Datasets[1].RequireEvents().SingleColumn(0)[0]);
        var failure = Assert.Single(file.Failures);
        Assert.Equal(1, failure.Index);
        Assert.Equal("$DATATYPE", failure.Error.Keyword);
        Assert.Equal("FCS3.1", failure.Version);
        Assert.Equal(0, file.First.Index);
    }

    [Fact]
    public void A_readable_data_set_after_an_unreadable_one_can_be_chosen_and_the_unreadable_one_gives_its_error()
    {
        var bytes = ThreeDatasetsWithABrokenMiddleOne();
        var third = FcsReader.Read(bytes, "three.fcs", new FcsReadOptions { DatasetIndex = 2 }).First;
        Assert.Equal("C", third.Parameters[0].Name);
        var ex = Assert.Throws<FcsFormatException>(() => FcsReader.Read(bytes, "three.fcs",
            new FcsReadOptions { DatasetIndex = 1 }));
        Assert.Equal("$DATATYPE", ex.Keyword);
    }

    [Fact]
    public void Fcs_info_lists_an_unreadable_data_set_as_an_entry_with_its_error()
    {
        using var dir = new TempDirectory();
        var path = dir.File("three.fcs");
        File.WriteAllBytes(path, ThreeDatasetsWithABrokenMiddleOne());
        foreach (var statistics in new[] { false, true })
        {
            var summary = FcsSummaries.Summarize(path, statistics);
            Assert.Null(summary.Error);
            Assert.Equal(3, summary.Datasets!.Count);
            Assert.Null(summary.Datasets[0].Error);
            Assert.Contains("$DATATYPE is 'Q'", summary.Datasets[1].Error, StringComparison.Ordinal);
            Assert.Equal("Q", summary.Datasets[1].Keywords["$DATATYPE"]);
            Assert.Equal("C", summary.Datasets[2].Parameters[0].Name);
        }
        // JSON keeps the data set entry's shape and adds "error" only where there is one.
        var json = JsonSerializer.SerializeToElement(FcsSummaries.Summarize(path, false),
            new JsonSerializerOptions(JsonSerializerDefaults.Web));
        var entries = json.GetProperty("datasets");
        Assert.False(entries[0].TryGetProperty("error", out _));
        Assert.Contains("$DATATYPE", entries[1].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, entries[1].GetProperty("index").GetInt32());
    }

    [Fact]
    public void The_first_data_set_being_unreadable_is_not_hidden_behind_a_later_one()
    {
        var broken = RawFcs.ForParameters("Q", 1, ("B", 32, "1"));
        broken.Data = new byte[4];
        var good = RawFcs.ForParameters("F", 1, ("C", 32, "1"));
        good.Data = new byte[4];
        var file = FcsReader.Read(RawFcs.Chain(broken, good), "two.fcs");
        Assert.Single(file.Datasets);
        var ex = Assert.Throws<FcsFormatException>(() => file.First);
        Assert.Equal("$DATATYPE", ex.Keyword);
    }

    // 4. $ENDDATA one byte past the end of the file

    [Fact]
    public void A_data_end_one_byte_past_the_file_is_read_when_every_event_byte_is_present()
    {
        var raw = RawFcs.ForParameters("F", 2, ("A", 32, "1"));
        raw.WriteTextOffsets = false;
        raw.Data = new byte[8];
        BinaryPrimitives.WriteSingleLittleEndian(raw.Data.AsSpan(4), 9f);
        var (begin, end) = HeaderData(raw.Build());
        raw.HeaderDataOverride = (S(begin), S(end + 1));
        var ds = Read(raw.Build());
        Assert.Equal(9f, ds.RequireEvents().SingleColumn(0)[1]);
        Assert.Contains(ds.Warnings, w => w.Contains("off-by-one", StringComparison.Ordinal));

        raw.HeaderDataOverride = (S(begin), S(end + 2));
        var ex = Assert.Throws<FcsFormatException>(() => Read(raw.Build()));
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
    }

    // 5. Empty values written as doubled delimiters

    [Fact]
    public void Doubled_delimiters_are_read_as_empty_values_when_escapes_would_lose_required_keywords()
    {
        var raw = RawFcs.ForParameters("F", 1, ("FSC-A", 32, "1"), ("SSC-A", 32, "1"), ("FL1-A", 32, "1"));
        raw.Delimiter = '\\';
        raw.Keywords.RemoveAll(k => k.Key == "$P3N");
        // RawFcs writes an empty value as two adjacent delimiters: \$P1S\\$P2S\\$P3N\FL1-A\ as CellQuest and Attune do.
        raw.Add("$P1S", "").Add("$P2S", "").Add("$P3N", "FL1-A");
        raw.Data = new byte[12];
        var ds = Read(raw.Build());
        Assert.Equal("FL1-A", ds.Parameters[2].ShortName);
        Assert.Equal("", ds.Keywords["$P1S"]);
        Assert.Null(ds.Parameters[0].Stain);
        Assert.Contains(ds.Warnings, w => w.Contains("empty values", StringComparison.Ordinal));
    }

    [Fact]
    public void A_doubled_delimiter_inside_a_value_stays_a_literal_delimiter_when_nothing_is_missing()
    {
        var raw = RawFcs.ForParameters("F", 1, ("FL1-A", 32, "1"));
        raw.Add("$P1F", "561/10 nm").Add("$P1S", "CD90/FITC");
        raw.Data = new byte[4];
        var ds = Read(raw.Build());
        Assert.Equal("561/10 nm", ds.Keywords["$P1F"]);
        Assert.Equal("CD90/FITC", ds.Parameters[0].Stain);
        Assert.DoesNotContain(ds.Warnings, w => w.Contains("empty values", StringComparison.Ordinal));
    }

    [Fact]
    public void A_text_ending_in_a_doubled_delimiter_ends_at_the_first_one()
    {
        var raw = RawFcs.ForParameters("F", 1, ("FL1-A", 32, "1567"));
        raw.WriteTextOffsets = false;
        raw.TextSuffix = "/";
        raw.Data = new byte[4];
        var ds = Read(raw.Build());
        Assert.Equal("1567", ds.Keywords["$P1R"]);
        Assert.Equal(1567, ds.Parameters[0].Range);
        Assert.Contains(ds.Warnings, w => w.Contains("ends in a doubled delimiter", StringComparison.Ordinal));
    }

    // 6. Beckman Coulter $DFCiTOj: detector numbers, not parameter numbers

    private static RawFcs BeckmanList(params string[] names)
    {
        var raw = RawFcs.ForParameters("I", 1, names.Select(n => (n, 16, "1024")).ToArray());
        raw.Version = "FCS2.0";
        raw.Data = new byte[2 * names.Length];
        return raw;
    }

    [Fact]
    public void Dfc_keywords_map_detector_numbers_to_the_fluorescence_parameters_of_those_numbers()
    {
        var raw = BeckmanList("FS", "SS", "FL1", "FL2", "FL3", "FL4");
        // The instrument writes all 10 × 10 detector pairs whatever was recorded.
        for (var i = 1; i <= 10; i++)
            for (var j = 1; j <= 10; j++)
            {
                var percent = (i, j) switch { _ when i == j => 100, (1, 2) => 12.5, (2, 1) => 3, (3, 4) => 1,
                    (7, 8) => 5, _ => 0.0 };
                raw.Add($"$DFC{i}TO{j}", percent.ToString(CultureInfo.InvariantCulture));
            }
        var ds = Read(raw.Build());
        var spill = Assert.IsType<Stroma.Cytometry.Compensation.SpilloverMatrix>(ds.Spillover);
        Assert.Equal(["FL1", "FL2", "FL3", "FL4"], spill.Channels);
        Assert.Equal(0.125, spill[0, 1]);
        Assert.Equal(0.03, spill[1, 0]);
        Assert.Equal(0.01, spill[2, 3]);
        Assert.Equal(1, spill[3, 3]);
        Assert.Equal("$DFCiTOj", spill.Source);
        Assert.Contains(ds.Warnings, w => w.Contains("FL5", StringComparison.Ordinal)
            && w.Contains("1 non-zero", StringComparison.Ordinal));
        Assert.Equal("$DFCiTOj", FcsSummaries.Summarize(ds, statistics: false).Spillover!.Source);
    }

    [Fact]
    public void Dfc_keywords_skip_scatter_and_time_when_parameter_names_carry_no_detector_numbers()
    {
        var raw = BeckmanList("FS Lin", "SS Log", "CD45 FITC", "CD3 PE", "TIME");
        raw.Add("$DFC1TO2", "10").Add("$DFC2TO1", "2");
        var spill = Read(raw.Build()).Spillover!;
        Assert.Equal(["CD45 FITC", "CD3 PE"], spill.Channels);
        Assert.Equal(0.1, spill[0, 1]);
        Assert.Equal(0.02, spill[1, 0]);
    }

    // 7. $SPILLOVER labelled with parameter numbers

    [Fact]
    public void Spillover_labelled_with_parameter_numbers_is_mapped_to_those_parameters_with_a_warning()
    {
        var raw = RawFcs.ForParameters("F", 1, ("FSC-A", 32, "1"), ("SSC-A", 32, "1"), ("FL1-A", 32, "1"),
            ("FL2-A", 32, "1"));
        raw.Add("$SPILLOVER", "2,3,4,1,0.1,0.2,1");
        raw.Data = new byte[16];
        var ds = Read(raw.Build());
        Assert.Equal(["FL1-A", "FL2-A"], ds.Spillover!.Channels);
        Assert.Equal(0.1, ds.Spillover[0, 1]);
        Assert.Equal("$SPILLOVER", ds.Spillover.Source);
        Assert.Contains(ds.Warnings, w => w.Contains("by parameter number", StringComparison.Ordinal));
    }

    [Fact]
    public void Spillover_labels_that_are_parameter_names_are_kept_even_when_numeric()
    {
        var raw = RawFcs.ForParameters("F", 1, ("1", 32, "1"), ("2", 32, "1"), ("3", 32, "1"));
        raw.Add("$SPILLOVER", "2,2,3,1,0.1,0.2,1");
        raw.Data = new byte[12];
        var ds = Read(raw.Build());
        Assert.Equal(["2", "3"], ds.Spillover!.Channels);
        Assert.DoesNotContain(ds.Warnings, w => w.Contains("by parameter number", StringComparison.Ordinal));
    }
}

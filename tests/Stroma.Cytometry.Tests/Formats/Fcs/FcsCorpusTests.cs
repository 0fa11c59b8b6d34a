using System.Text.Json;
using Stroma.Cytometry.Formats.Fcs;
using Stroma.Testing;
using Xunit;

namespace Stroma.Cytometry.Tests.Formats.Fcs;

/// <summary>
/// Every real instrument file of the shared corpus, one test case each: read with the values an
/// independent plain reader computed (tests/tools/fcs_expectations.py), or refused with a typed error.
/// </summary>
public sealed class FcsCorpusTests
{
    private const string Folder = "corpus/fcs";

    public static TheoryData<string> Files => Corpus.FileNames(Folder, ".fcs", ".lmd");

    private static readonly Lazy<JsonElement> Expectations = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Data", "fcs-corpus-expectations.json");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement;
    });

    [Theory]
    [MemberData(nameof(Files))]
    public void Corpus_file_is_read_with_the_reference_values_or_refused_with_a_typed_error(string file)
    {
        var path = Corpus.RequireFile(Folder, file);
        Assert.True(Expectations.Value.TryGetProperty(file, out var expected), $"no reference values for {file}; rerun tests/tools/fcs_expectations.py");
        var expectedSets = expected.GetProperty("datasets");

        if (expected.TryGetProperty("error", out _) && expectedSets.GetArrayLength() == 0)
        {
            var ex = Assert.Throws<FcsFormatException>(() => FcsReader.Read(path));
            Assert.Contains(file, ex.Message, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(ex.Problem));
            return;
        }

        var fcs = FcsReader.Read(path);
        Assert.Equal(expectedSets.GetArrayLength(), fcs.Datasets.Count);
        for (var d = 0; d < fcs.Datasets.Count; d++)
        {
            var want = expectedSets[d];
            var got = fcs.Datasets[d];
            Assert.Equal(want.GetProperty("version").GetString(), got.Version);
            Assert.Equal(want.GetProperty("events").GetInt32(), got.EventCount);
            Assert.Equal(want.GetProperty("datatype").GetString(), got.DataTypeCode);
            var names = want.GetProperty("names").EnumerateArray().Select(n => n.GetString()).ToArray();
            Assert.Equal(names, got.Parameters.Select(p => p.ShortName).ToArray());

            var events = got.RequireEvents();
            Assert.Equal(got.EventCount, events.EventCount);
            for (var p = 0; p < names.Length; p++)
            {
                if (got.EventCount == 0) continue;
                Assert.Equal(want.GetProperty("first")[p].GetDouble(), events[0, p]);
                Assert.Equal(want.GetProperty("last")[p].GetDouble(), events[got.EventCount - 1, p]);
                var sum = 0.0;
                for (var e = 0; e < events.EventCount; e++) sum += events[e, p];
                var wantSum = want.GetProperty("sums")[p].GetDouble();
                Assert.True(Math.Abs(sum - wantSum) <= 1e-9 * Math.Max(1, Math.Abs(wantSum)),
                    $"{file} data set {d} parameter {names[p]}: sum {sum} vs reference {wantSum}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Corpus_file_metadata_read_agrees_with_the_full_read(string file)
    {
        var path = Corpus.RequireFile(Folder, file);
        FcsFile full;
        try
        {
            full = FcsReader.Read(path);
        }
        catch (FcsFormatException)
        {
            Assert.Throws<FcsFormatException>(() => FcsReader.ReadMetadata(path));
            return;
        }
        var meta = FcsReader.ReadMetadata(path);
        Assert.Equal(full.Datasets.Count, meta.Datasets.Count);
        for (var i = 0; i < full.Datasets.Count; i++)
        {
            Assert.Null(meta.Datasets[i].Events);
            Assert.Equal(full.Datasets[i].EventCount, meta.Datasets[i].EventCount);
            Assert.Equal(full.Datasets[i].Keywords.Count, meta.Datasets[i].Keywords.Count);
        }
    }

    [Fact]
    public void Header_and_text_disagreeing_on_data_start_is_resolved_by_the_event_size()
    {
        var path = Corpus.Require(Folder, "FlowIO__data_start_offset_discrepancy_example.fcs");
        var ds = FcsReader.ReadDataset(path);
        Assert.Equal(2, ds.EventCount);
        Assert.Equal(6081, ds.DataBegin);
        Assert.Contains(ds.Warnings, w => w.Contains("HEADER gives DATA bytes [5555, 6188]", StringComparison.Ordinal));
    }

    [Fact]
    public void Header_and_text_disagreeing_on_data_end_is_resolved_by_the_event_size()
    {
        var path = Corpus.Require(Folder, "FlowIO__data_stop_offset_discrepancy_example.fcs");
        var ds = FcsReader.ReadDataset(path);
        Assert.Equal(6188, ds.DataEnd);
        Assert.Contains(ds.Warnings, w => w.Contains("[6081, 6944]", StringComparison.Ordinal));
    }

    [Fact]
    public void Offset_policy_header_takes_the_header_range_and_then_fails_cleanly_when_it_is_impossible()
    {
        var path = Corpus.Require(Folder, "FlowIO__data_stop_offset_discrepancy_example.fcs");
        var ex = Assert.Throws<FcsFormatException>(() => FcsReader.Read(path, new FcsReadOptions { OffsetPolicy = FcsOffsetPolicy.Header }));
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mixed_integer_widths_are_decoded_per_parameter()
    {
        var path = Corpus.Require(Folder, "FlowIO__variable_int_example.fcs");
        var ds = FcsReader.ReadDataset(path);
        Assert.Equal(16, ds.Parameters[0].Bits);
        Assert.Equal(32, ds.Parameters[25].Bits);
        Assert.Contains(ds.Warnings, w => w.Contains("$TIMESTEP", StringComparison.Ordinal));
    }

    [Fact]
    public void Values_above_the_range_are_masked_to_the_bits_of_PnR()
    {
        var path = Corpus.Require(Folder, "fcsparser__fake_bitmask_error__fcs1_cleaned.lmd");
        var events = FcsReader.ReadDataset(path).RequireEvents();
        // Every stored word is 0x4210; $PnR = 1024 keeps the low 10 bits: 0x210 = 528.
        Assert.All(Enumerable.Range(0, events.ParameterCount), p => Assert.Equal(528.0, events[events.EventCount / 2, p]));
        var unmasked = FcsReader.ReadDataset(path, new FcsReadOptions { ApplyRangeMask = false }).RequireEvents();
        Assert.Equal(16912.0, unmasked[0, 0]);
    }

    [Fact]
    public void Both_data_sets_of_a_Coulter_LMD_are_read_and_one_can_be_chosen()
    {
        var path = Corpus.Require(Folder, "FlowIO__coulter.lmd");
        var file = FcsReader.Read(path);
        Assert.Equal(["FCS2.0", "FCS3.0"], file.Datasets.Select(d => d.Version));
        var second = FcsReader.Read(path, new FcsReadOptions { DatasetIndex = 1 });
        Assert.Single(second.Datasets);
        Assert.Equal(1, second.First.Index);
        Assert.Equal(file.Datasets[1].EventCount, second.First.EventCount);
        var ex = Assert.Throws<FcsFormatException>(() => FcsReader.Read(path, new FcsReadOptions { DatasetIndex = 2 }));
        Assert.Contains("holds only 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Doubled_delimiters_in_values_are_literal_delimiters()
    {
        var path = Corpus.Require(Folder, "fcsparser__MiltenyiBiotec__FCS3.1__SG_2014-09-26_Duplicate_Names.fcs");
        var ds = FcsReader.ReadDataset(path);
        Assert.Equal("GFP/FITC-A", ds.Parameters[7].Stain);
        Assert.Equal("GFP/FITC-H", ds.Parameters[8].Stain);
        Assert.Equal("561//10 nm", ds.Keywords["$P4F"]);
    }

    [Fact]
    public void Supplemental_text_keywords_are_merged_and_a_truncated_spillover_is_a_warning()
    {
        var path = Corpus.Require(Folder, "fcsparser__MiltenyiBiotec__FCS3.1__EY_2013-07-19_PBS_FCS_3.1_Custom_Add_Well_A1.001.fcs");
        var ds = FcsReader.ReadDataset(path);
        Assert.True(ds.Keywords.ContainsKey("@MB_SESSIONID"));
        Assert.Null(ds.Spillover);
        Assert.Contains(ds.Warnings, w => w.Contains("$SPILLOVER could not be read", StringComparison.Ordinal));
    }

    [Fact]
    public void Spillover_from_SPILL_keeps_channel_names_and_coefficients()
    {
        var path = Corpus.Require(Folder, "FlowIO__100715.fcs");
        var ds = FcsReader.ReadMetadata(path).First;
        Assert.NotNull(ds.Spillover);
        Assert.Equal(13, ds.Spillover.Size);
        Assert.Equal("B515-A", ds.Spillover.Channels[0]);
        Assert.Equal(1.0, ds.Spillover[0, 0]);
        Assert.Equal(0.00008841570561316703, ds.Spillover[0, 3], 15);
    }

    [Fact]
    public void Header_with_blank_data_offsets_takes_them_from_text()
    {
        var path = Corpus.Require(Folder, "fcsparser__fake_large_fcs__fake_large_fcs.fcs");
        var ds = FcsReader.ReadDataset(path);
        Assert.Equal(0, ds.Header.DataBegin);
        Assert.Equal(2462, ds.DataBegin);
        Assert.Equal(11585, ds.EventCount);
    }

    [Fact]
    public void A_file_whose_data_lies_beyond_its_end_is_refused_as_truncated()
    {
        var path = Corpus.Require(Folder, "fcsparser__cytek-nl-2000__sample_header.fcs");
        var ex = Assert.Throws<FcsFormatException>(() => FcsReader.Read(path));
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
        Assert.Equal(5912, ex.Offset);
    }

    [Fact]
    public void A_file_that_is_not_FCS_is_refused_at_offset_zero()
    {
        var path = Corpus.Require(Folder, "fcsparser__corrupted__corrupted.fcs");
        var ex = Assert.Throws<FcsFormatException>(() => FcsReader.Read(path));
        Assert.Equal(0, ex.Offset);
        Assert.Contains("FCS", ex.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void Scaled_values_apply_log_amplification_gain_and_timestep()
    {
        var path = Corpus.Require(Folder, "fcsparser__Cytek_xP5__Cytek_xP5.fcs");
        var raw = FcsReader.ReadDataset(path).RequireEvents();
        var ds = FcsReader.ReadDataset(path, new FcsReadOptions { Scale = true });
        var scaled = ds.RequireEvents();
        Assert.True(ds.IsScaled);
        var fl1 = ds.IndexOf("FL1");
        // $P4E = 4.0,1.0 and $P4R = 1024: x -> 10^(4x/1024).
        var expected = Math.Pow(10, 4 * raw[10, fl1] / 1024.0);
        Assert.True(Math.Abs(expected - scaled[10, fl1]) <= 1e-6 * expected, $"{scaled[10, fl1]} vs {expected}");
        var time = ds.IndexOf("TIME");
        Assert.Equal(raw[10, time] * 0.001, scaled[10, time], 6);
    }
}

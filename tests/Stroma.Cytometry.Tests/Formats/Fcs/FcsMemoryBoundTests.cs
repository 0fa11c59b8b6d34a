using System.Globalization;
using System.Text;
using Stroma.Cytometry.Formats.Fcs;
using Stroma.Cytometry.Tests.Support;
using Xunit;

namespace Stroma.Cytometry.Tests.Formats.Fcs;

/// <summary>
/// Memory stays in proportion to the input: counts and sizes read from a file are checked against its real
/// bytes before anything is allocated, matrices are sized by the channels that exist, and no chain of data
/// sets can decode the same bytes twice.
/// </summary>
public sealed class FcsMemoryBoundTests
{
    private static readonly FcsReadOptions SingleThread = new() { MaxDegreeOfParallelism = 1 };

    /// <summary>Bytes allocated on this thread by <paramref name="read"/>, which may throw a format error.</summary>
    private static (long Allocated, FcsFormatException? Error, FcsFile? File) Measure(Func<FcsFile> read)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            var file = read();
            return (GC.GetAllocatedBytesForCurrentThread() - before, null, file);
        }
        catch (FcsFormatException ex)
        {
            return (GC.GetAllocatedBytesForCurrentThread() - before, ex, null);
        }
    }

    [Fact]
    public void A_tiny_delimited_ascii_file_claiming_millions_of_events_is_refused_without_allocating_for_them()
    {
        var raw = RawFcs.ForParameters("A", 10_000_000, ("A", 0, "1024"), ("B", 0, "1024"));
        raw.Data = Encoding.ASCII.GetBytes("1,2\n3,4\n");
        var bytes = raw.Build();
        Assert.True(bytes.Length < 400);
        var (allocated, error, _) = Measure(() => FcsReader.Read(bytes, "tiny.fcs", SingleThread));
        Assert.NotNull(error);
        Assert.Contains("$TOT = 10000000 events × $PAR = 2 delimited values", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < 1_000_000, $"allocated {allocated} bytes for a {bytes.Length}-byte file");
    }

    [Fact]
    public void Thousands_of_parameters_with_dfc_keywords_allocate_in_proportion_to_the_file()
    {
        const int parameters = 3000;
        var raw = RawFcs.ForParameters("I", 1,
            Enumerable.Range(1, parameters).Select(n => ($"FL{n}", 8, "256")).ToArray());
        raw.Version = "FCS2.0";
        raw.Add("$DFC1TO3000", "5").Add("$DFC3000TO1", "5").Add("$DFC2TO2999", "1");
        raw.Data = new byte[parameters];
        var bytes = raw.Build();
        var (allocated, error, file) = Measure(() => FcsReader.Read(bytes, "wide.fcs", SingleThread));
        Assert.Null(error);
        var spill = file!.First.Spillover!;
        Assert.Equal(["FL1", "FL2", "FL2999", "FL3000"], spill.Channels);
        Assert.True(allocated < 40L * bytes.Length + 4_000_000,
            $"allocated {allocated} bytes for a {bytes.Length}-byte file");
    }

    [Fact]
    public void Dfc_keywords_naming_more_detectors_than_any_instrument_are_ignored_with_a_warning()
    {
        var raw = RawFcs.ForParameters("I", 1, ("FL1", 8, "256"));
        for (var i = 1; i <= 100; i++) raw.Add($"$DFC{i}TO{i + 1}", "1");
        raw.Data = new byte[1];
        var ds = FcsReader.Read(raw.Build(), "many.fcs").First;
        Assert.Null(ds.Spillover);
        Assert.Contains(ds.Warnings, w => w.Contains("101 fluorescence detectors", StringComparison.Ordinal));
    }

    [Fact]
    public void Ten_thousand_data_sets_chained_over_one_shared_text_and_data_are_not_decoded_ten_thousand_times()
    {
        // 10,000 HEADERs, 64 bytes apart, each pointing (relative to itself) at the same TEXT and DATA after them;
        // the shared TEXT says $NEXTDATA = 64. Segments of different data sets may not share bytes (FCS 3.1 §3.1).
        const int headers = 10_000;
        const int stride = 64;
        const int events = 2048;
        var textStart = headers * stride;
        var text = $"/$DATATYPE/F/$MODE/L/$BYTEORD/1,2,3,4/$PAR/1/$TOT/{events}/$NEXTDATA/{stride}" +
                   "/$P1N/A/$P1B/32/$P1R/1/$BEGINDATA/0/$ENDDATA/0/";
        var textBytes = Encoding.ASCII.GetBytes(text);
        var dataStart = textStart + textBytes.Length;
        var bytes = new byte[dataStart + events * 4];
        for (var k = 0; k < headers; k++)
        {
            var at = k * stride;
            string F(long v) => v.ToString(CultureInfo.InvariantCulture).PadLeft(8);
            var header = "FCS3.1    " + F(textStart - at) + F(textStart - at + textBytes.Length - 1) +
                         F(dataStart - at) + F(dataStart - at + events * 4 - 1) + F(0) + F(0);
            Encoding.ASCII.GetBytes(header.PadRight(stride)).CopyTo(bytes, at);
        }
        textBytes.CopyTo(bytes, textStart);

        var (allocated, error, file) = Measure(() => FcsReader.Read(bytes, "chain.fcs", SingleThread));
        Assert.Null(error);
        Assert.Single(file!.Datasets);
        var failure = Assert.Single(file.Failures);
        Assert.Contains("overlaps the TEXT of data set 0", failure.Error.Message, StringComparison.Ordinal);
        Assert.True(allocated < 4L * bytes.Length + 4_000_000,
            $"allocated {allocated} bytes for a {bytes.Length}-byte file");
    }

    [Fact]
    public void A_parameter_count_beyond_the_keywords_is_refused_before_parameters_are_read()
    {
        var raw = RawFcs.ForParameters("F", 1, ("A", 32, "1"));
        raw.Keywords[3] = ("$PAR", "900000");
        raw.Data = new byte[4];
        var ex = Assert.Throws<FcsFormatException>(() => FcsReader.Read(raw.Build(), "par.fcs"));
        Assert.Contains("$PAR = 900000 but TEXT holds only", ex.Message, StringComparison.Ordinal);
    }
}

using System.Buffers.Binary;
using System.Text;
using Stroma.Cytometry.Formats.Fcs;
using Stroma.Cytometry.Tests.Support;
using Xunit;

namespace Stroma.Cytometry.Tests.Formats.Fcs;

/// <summary>Reader behaviour on hand-built files: layouts, byte orders, quirks and refusals.</summary>
public sealed class FcsReaderTests
{
    private static FcsDataset Read(byte[] bytes, FcsReadOptions? options = null) => FcsReader.Read(bytes, "test.fcs", options).First;

    [Fact]
    public void Big_endian_float_data_is_decoded()
    {
        var raw = RawFcs.ForParameters("F", 3, ("A", 32, "1024"), ("B", 32, "1024"));
        raw.Keywords[2] = ("$BYTEORD", "4,3,2,1");
        var data = new byte[24];
        float[] values = [1.5f, -2f, 3.25f, 1e6f, float.Epsilon, 7f];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleBigEndian(data.AsSpan(i * 4), values[i]);
        raw.Data = data;
        var ds = Read(raw.Build());
        Assert.Equal(FcsByteOrder.BigEndian, ds.ByteOrder);
        var ev = ds.RequireEvents();
        Assert.Equal([1.5f, 3.25f, float.Epsilon], ev.SingleColumn(0).ToArray());
        Assert.Equal([-2f, 1e6f, 7f], ev.SingleColumn(1).ToArray());
    }

    [Fact]
    public void Double_data_in_both_byte_orders_is_decoded()
    {
        foreach (var big in new[] { false, true })
        {
            var raw = RawFcs.ForParameters("D", 2, ("A", 64, "1"), ("B", 64, "1"));
            if (big) raw.Keywords[2] = ("$BYTEORD", "8,7,6,5,4,3,2,1");
            var data = new byte[32];
            double[] values = [Math.PI, -1e300, double.MaxValue, 0.1];
            for (var i = 0; i < 4; i++)
            {
                if (big) BinaryPrimitives.WriteDoubleBigEndian(data.AsSpan(i * 8), values[i]);
                else BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(i * 8), values[i]);
            }
            raw.Data = data;
            var ev = Read(raw.Build()).RequireEvents();
            Assert.True(ev.IsDoublePrecision);
            Assert.Equal([Math.PI, double.MaxValue], ev.DoubleColumn(0).ToArray());
            Assert.Equal([-1e300, 0.1], ev.DoubleColumn(1).ToArray());
        }
    }

    [Fact]
    public void Integers_of_every_width_and_mixed_widths_are_decoded_exactly()
    {
        var raw = RawFcs.ForParameters("I", 2, ("W8", 8, "256"), ("W16", 16, "65536"), ("W24", 24, "16777216"), ("W32", 32, "4294967296"), ("W64", 64, "18446744073709551616"));
        var data = new List<byte>();
        ulong[][] rows = [[255, 65535, 16777215, 4294967295, 1UL << 60], [1, 2, 3, 4, 5]];
        foreach (var row in rows)
        {
            int[] widths = [1, 2, 3, 4, 8];
            for (var p = 0; p < 5; p++)
                for (var b = 0; b < widths[p]; b++) data.Add((byte)(row[p] >> (8 * b)));
        }
        raw.Data = [.. data];
        var ev = Read(raw.Build()).RequireEvents();
        Assert.True(ev.IsDoublePrecision); // 32- and 64-bit integers do not fit a float exactly
        for (var p = 0; p < 5; p++)
        {
            Assert.Equal((double)rows[0][p], ev[0, p]);
            Assert.Equal((double)rows[1][p], ev[1, p]);
        }
    }

    [Fact]
    public void Sixteen_bit_integers_stay_single_precision_and_big_endian_order_is_honoured()
    {
        var raw = RawFcs.ForParameters("I", 2, ("A", 16, "1024"), ("B", 16, "1024"));
        raw.Keywords[2] = ("$BYTEORD", "2,1");
        raw.Data = [0x01, 0x02, 0xFF, 0x03, 0x00, 0x10, 0x00, 0x01];
        var ds = Read(raw.Build());
        var ev = ds.RequireEvents();
        Assert.False(ev.IsDoublePrecision);
        Assert.Equal(0x0102, ev[0, 0]);
        Assert.Equal(0xFF03 & 1023, ev[0, 1]);
        Assert.Equal(0x0010, ev[1, 0]);
        Assert.Equal(0x0001, ev[1, 1]);
        Assert.Contains(ds.Warnings, w => w.Contains("masked to 10 bits", StringComparison.Ordinal));
    }

    [Fact]
    public void Legacy_mixed_byte_order_reassembles_each_word()
    {
        var raw = RawFcs.ForParameters("I", 1, ("A", 32, "4294967296"));
        raw.Keywords[2] = ("$BYTEORD", "3,4,1,2");
        // Byte i carries significance order[i]: bytes 0x11,0x22,0x33,0x44 -> 0x2211 in the high word, 0x4433 low.
        raw.Data = [0x11, 0x22, 0x33, 0x44];
        var ds = Read(raw.Build());
        Assert.Equal(FcsByteOrder.Mixed, ds.ByteOrder);
        Assert.Equal((double)0x22114433, ds.RequireEvents()[0, 0]);
    }

    [Fact]
    public void Fixed_width_and_delimited_ascii_data_are_read()
    {
        var fixedRaw = RawFcs.ForParameters("A", 2, ("A", 4, "1024"), ("B", 4, "1024"));
        fixedRaw.Data = Encoding.ASCII.GetBytes("  12 345   7   8");
        var fixedEvents = Read(fixedRaw.Build()).RequireEvents();
        Assert.Equal([12.0, 7.0], fixedEvents.DoubleColumn(0).ToArray());
        Assert.Equal([345.0, 8.0], fixedEvents.DoubleColumn(1).ToArray());

        var delimited = RawFcs.ForParameters("A", 2, ("A", 0, "1024"), ("B", 0, "1024"));
        delimited.Data = Encoding.ASCII.GetBytes("1,2\r\n3.5 4e2\n");
        var ev = Read(delimited.Build()).RequireEvents();
        Assert.Equal([1.0, 3.5], ev.DoubleColumn(0).ToArray());
        Assert.Equal([2.0, 400.0], ev.DoubleColumn(1).ToArray());
    }

    [Fact]
    public void Ascii_data_that_is_not_a_number_is_refused_with_its_event_and_parameter()
    {
        var raw = RawFcs.ForParameters("A", 1, ("CD73", 3, "1024"));
        raw.Data = Encoding.ASCII.GetBytes("x1 ");
        var ex = Assert.Throws<FcsFormatException>(() => Read(raw.Build()));
        Assert.Contains("event 1, parameter CD73", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_parameter_names_are_made_unique_predictably()
    {
        var raw = RawFcs.ForParameters("F", 1, ("FSC-A", 32, "1"), ("FSC-A", 32, "1"), ("FSC-A_2", 32, "1"), ("FSC-A", 32, "1"));
        raw.Data = new byte[16];
        var ds = Read(raw.Build());
        Assert.Equal(["FSC-A", "FSC-A_3", "FSC-A_2", "FSC-A_4"], ds.Parameters.Select(p => p.Name));
        Assert.All(ds.Parameters, p => Assert.StartsWith("FSC-A", p.ShortName, StringComparison.Ordinal));
        Assert.Equal(ds.Parameters.Select(p => p.Name), ds.RequireEvents().Names);
    }

    [Fact]
    public void Keywords_are_case_insensitive_and_any_delimiter_works()
    {
        var raw = RawFcs.ForParameters("F", 1, ("A", 32, "1"));
        raw.Delimiter = '\f';
        raw.Keywords[0] = ("$datatype", "f");
        raw.Add("Custom Key", "a\fb");
        raw.Data = new byte[4];
        var ds = Read(raw.Build());
        Assert.Equal(FcsDataType.Single, ds.DataType);
        Assert.Equal("f", ds.Keywords["$DATATYPE"]);
        Assert.Equal("a\fb", ds.Keywords["custom key"]);
    }

    [Fact]
    public void Data_offsets_beyond_the_header_limit_are_taken_from_text()
    {
        var raw = RawFcs.ForParameters("F", 2, ("A", 32, "1"));
        raw.Data = new byte[8];
        BinaryPrimitives.WriteSingleLittleEndian(raw.Data.AsSpan(4), 42f);
        raw.HeaderDataOverride = ("0", "0");
        var ds = Read(raw.Build());
        Assert.Equal(42f, ds.RequireEvents().SingleColumn(0)[1]);
    }

    [Fact]
    public void Supplemental_text_adds_keywords_without_overriding_primary_text()
    {
        var raw = RawFcs.ForParameters("F", 1, ("A", 32, "1"));
        raw.Data = new byte[4];
        var bytes = raw.BuildWithSupplementalText(Encoding.ASCII.GetBytes("/EXTRA/yes/$PAR/9/"));
        var ds = Read(bytes);
        Assert.Equal("yes", ds.Keywords["EXTRA"]);
        Assert.Equal("1", ds.Keywords["$PAR"]);
        Assert.Contains(ds.Warnings, w => w.Contains("repeats keyword $PAR", StringComparison.Ordinal));
    }

    [Fact]
    public void Next_data_chains_are_followed_and_loops_refused()
    {
        var first = RawFcs.ForParameters("F", 1, ("A", 32, "1"));
        first.Data = new byte[4];
        var firstBytes = first.Build();
        var second = RawFcs.ForParameters("F", 1, ("B", 32, "1"));
        second.Data = new byte[4];
        var secondBytes = second.Build();

        var chained = firstBytes;
        for (var i = 0; i < 3; i++)
        {
            first.Keywords[5] = ("$NEXTDATA", chained.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            chained = first.Build();
        }
        var file = FcsReader.Read(chained.Concat(secondBytes).ToArray(), "two.fcs");
        Assert.Equal(["A", "B"], file.Datasets.Select(d => d.Parameters[0].Name));

        // A second data set pointing back to the first.
        second.Keywords[5] = ("$NEXTDATA", "-" + chained.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var looped = chained.Concat(second.Build()).ToArray();
        var loopFile = FcsReader.Read(looped, "loop.fcs");
        Assert.Equal(2, loopFile.Datasets.Count);
        Assert.Contains(loopFile.Datasets[1].Warnings, w => w.Contains("$NEXTDATA", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("$PAR", "two", "$PAR holds 'two'")]
    [InlineData("$TOT", "-5", "$TOT = -5")]
    [InlineData("$DATATYPE", "Q", "$DATATYPE is 'Q'")]
    [InlineData("$MODE", "C", "histogram data")]
    [InlineData("$BYTEORD", "1,1,2,3", "repeats a byte")]
    [InlineData("$P1B", "72", "$P1B = 72")]
    public void Bad_keywords_are_refused_naming_the_keyword(string keyword, string value, string expectedText)
    {
        var raw = RawFcs.ForParameters("I", 1, ("A", 16, "1024"));
        var i = raw.Keywords.FindIndex(k => k.Key == keyword);
        raw.Keywords[i] = (keyword, value);
        raw.Data = new byte[2];
        var ex = Assert.Throws<FcsFormatException>(() => Read(raw.Build()));
        Assert.Contains(expectedText, ex.Message, StringComparison.Ordinal);
        Assert.Equal(keyword, ex.Keyword);
        Assert.Contains("test.fcs", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Event_count_larger_than_the_data_segment_is_refused_before_allocating()
    {
        var raw = RawFcs.ForParameters("F", 2_000_000_000, ("A", 32, "1"), ("B", 32, "1"));
        raw.Data = new byte[16];
        var before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<FcsFormatException>(() => Read(raw.Build()));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("$TOT = 2000000000 events × 8 bytes", ex.Message, StringComparison.Ordinal);
        Assert.True(allocated < 1_000_000, $"allocated {allocated} bytes for a 16-byte DATA segment");
    }

    [Fact]
    public void Empty_and_tiny_inputs_are_refused_with_typed_errors()
    {
        Assert.Throws<FcsFormatException>(() => FcsReader.Read(Array.Empty<byte>(), "empty.fcs"));
        Assert.Throws<FcsFormatException>(() => FcsReader.Read("FCS3.1    "u8.ToArray(), "short.fcs"));
        var missing = Assert.Throws<FcsFormatException>(() => FcsReader.Read("/no/such/file.fcs"));
        Assert.Contains("cannot be opened", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_fields_with_letters_are_refused_naming_the_field()
    {
        var bytes = RawFcs.ForParameters("F", 0, ("A", 32, "1")).Build();
        "  12x456"u8.CopyTo(bytes.AsSpan(18));
        var ex = Assert.Throws<FcsFormatException>(() => Read(bytes));
        Assert.Contains("TEXT end", ex.Message, StringComparison.Ordinal);
        Assert.Equal(18, ex.Offset);
    }

    [Fact]
    public void Zero_events_is_a_valid_data_set()
    {
        var raw = RawFcs.ForParameters("F", 0, ("A", 32, "1"));
        var ds = Read(raw.Build());
        Assert.Equal(0, ds.EventCount);
        Assert.Equal(0, ds.RequireEvents().EventCount);
    }
}

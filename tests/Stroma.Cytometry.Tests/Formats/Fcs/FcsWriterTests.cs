using FsCheck;
using FsCheck.Fluent;
using Stroma.Cytometry.Compensation;
using Stroma.Cytometry.Formats.Fcs;
using Stroma.Testing;
using Xunit;

namespace Stroma.Cytometry.Tests.Formats.Fcs;

/// <summary>Writer round trips: property tests on generated tables and every readable corpus file.</summary>
public sealed class FcsWriterTests
{
    private sealed record Case(string[] Names, string?[] Stains, float[][] Columns, (string Key, string Value)[] Keywords, bool WithSpillover);

    private static readonly Gen<string> Text =
        Gen.Elements("abc", "CD73 APC", "a/b", "x|y\\z", "ünïcödé µ", "#1", "~", "/lead", "trail/", "a//b", "  spaced  ", "$", "!^")
            .Or(Gen.Choose(1, 12).SelectMany(n => Gen.ArrayOf(Gen.Choose(32, 126).Select(c => (char)c), n)).Select(cs => new string(cs)));

    private static readonly Gen<float> AnyFloat =
        Gen.Choose(int.MinValue, int.MaxValue).Select(BitConverter.Int32BitsToSingle)
            .Or(Gen.Elements(0f, -0f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.Epsilon, float.MaxValue));

    private static readonly Gen<Case> Cases =
        from parameterCount in Gen.Choose(1, 6)
        from eventCount in Gen.Choose(0, 40)
        from names in Gen.ArrayOf(Text.Where(t => t.Trim().Length > 0 && !t.Contains(',', StringComparison.Ordinal)), parameterCount)
        from stains in Gen.ArrayOf(Text.OrNull(), parameterCount)
        from columns in Gen.ArrayOf(Gen.ArrayOf(AnyFloat, eventCount), parameterCount)
        from keywords in Gen.ListOf(Gen.Zip(Text, Text))
        from spill in Gen.Elements(true, false)
        select new Case(names, stains, columns, keywords.Select(k => ("X-" + k.Item1, k.Item2)).ToArray(), spill);

    [Fact]
    public void Write_then_read_round_trips_values_bit_exactly_and_keywords_exactly()
    {
        var property = Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var events = EventTable.FromColumns(c.Names, c.Columns.Length == 0 ? 0 : c.Columns[0].Length, c.Columns);
            var channels = c.Names.Select((n, i) => new FcsChannel(n, c.Stains[i], Range: 262144)).ToArray();
            var spill = c.WithSpillover ? new SpilloverMatrix(c.Names, Enumerable.Range(0, c.Names.Length * c.Names.Length).Select(i => i % (c.Names.Length + 1) == 0 ? 1.0 : i / 1000.0).ToArray()) : null;
            var custom = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (k, v) in c.Keywords) custom[k] = v;
            var bytes = FcsWriter.WriteToArray(events, new FcsWriteSettings { Channels = channels, Keywords = custom, Spillover = spill });

            var back = FcsReader.Read(bytes, "roundtrip.fcs").First;
            var table = back.RequireEvents();
            Assert.Equal(events.EventCount, table.EventCount);
            for (var p = 0; p < events.ParameterCount; p++)
            {
                Assert.Equal(c.Names[p], back.Parameters[p].ShortName);
                Assert.Equal(string.IsNullOrWhiteSpace(c.Stains[p]) ? null : c.Stains[p], back.Parameters[p].Stain);
                var a = events.SingleColumn(p);
                var b = table.SingleColumn(p);
                for (var e = 0; e < a.Length; e++) Assert.Equal(BitConverter.SingleToInt32Bits(a[e]), BitConverter.SingleToInt32Bits(b[e]));
            }
            foreach (var (k, v) in custom) Assert.Equal(v, back.Keywords[k]);
            if (spill is not null)
            {
                Assert.NotNull(back.Spillover);
                Assert.Equal(spill.Channels, back.Spillover.Channels);
                Assert.Equal(spill.Values.ToArray(), back.Spillover.Values.ToArray());
            }
            return true;
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), property);
    }

    [Fact]
    public void Integer_and_double_output_round_trip_and_unfit_values_are_refused()
    {
        var events = EventTable.FromColumns(["A", "B"], 3, new double[][] { [0, 1023, 65535], [1.25, -2, 1e300] });
        var dbl = FcsReader.Read(FcsWriter.WriteToArray(events, new FcsWriteSettings { DataType = FcsDataType.Double }), "d.fcs").First;
        Assert.Equal(events.DoubleColumn(1).ToArray(), dbl.RequireEvents().DoubleColumn(1).ToArray());

        var ints = EventTable.FromColumns(["A"], 3, new double[][] { [0, 1023, 65535] });
        var settings = new FcsWriteSettings { DataType = FcsDataType.Integer, Channels = [new FcsChannel("A", Range: 65536, Bits: 16)] };
        var back = FcsReader.Read(FcsWriter.WriteToArray(ints, settings), "i.fcs").First;
        Assert.Equal(FcsDataType.Integer, back.DataType);
        Assert.Equal(16, back.Parameters[0].Bits);
        Assert.Equal([0.0, 1023, 65535], Enumerable.Range(0, 3).Select(i => back.RequireEvents()[i, 0]).ToArray());

        var bad = EventTable.FromColumns(["A"], 1, new double[][] { [1.5] });
        Assert.Throws<ArgumentException>(() => FcsWriter.WriteToArray(bad, settings));
    }

    [Fact]
    public void Files_past_the_header_offset_limit_carry_their_data_offsets_in_text_only()
    {
        // 1,800,000 events × 14 float32 = 100.8 MB: DATA ends beyond 99,999,999, which the HEADER cannot hold.
        const int events = 1_800_000, parameters = 14;
        var columns = Enumerable.Range(0, parameters).Select(p => { var c = new float[events]; c[0] = p + 1; c[^1] = -(p + 1); return c; }).ToArray();
        using var dir = new TempDirectory();
        var path = dir.File("big.fcs");
        FcsWriter.Write(path, EventTable.FromColumns(Enumerable.Range(1, parameters).Select(i => $"P{i}").ToArray(), events, columns));
        var header = System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(path).AsSpan(0, 58));
        Assert.Equal("       0       0", header.Substring(26, 16));
        var ds = FcsReader.ReadDataset(path);
        Assert.True(ds.DataEnd > 99_999_999);
        Assert.Equal(events, ds.EventCount);
        Assert.Equal(14f, ds.RequireEvents().SingleColumn(13)[0]);
        Assert.Equal(-14f, ds.RequireEvents().SingleColumn(13)[events - 1]);
    }

    [Fact]
    public void Failed_write_leaves_no_file_behind()
    {
        using var dir = new TempDirectory();
        var target = dir.File("out.fcs");
        var bad = EventTable.FromColumns(["A"], 1, new double[][] { [-1] });
        Assert.Throws<ArgumentException>(() => FcsWriter.Write(target, bad, new FcsWriteSettings { DataType = FcsDataType.Integer, Channels = [new FcsChannel("A", Bits: 16)] }));
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    public static TheoryData<string> Files => Corpus.FileNames("corpus/fcs", ".fcs", ".lmd");

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_readable_corpus_file_survives_read_write_read(string file)
    {
        var path = Corpus.RequireFile("corpus/fcs", file);
        FcsFile original;
        try
        {
            original = FcsReader.Read(path);
        }
        catch (FcsFormatException)
        {
            return; // refused files are covered by the corpus tests
        }
        using var dir = new TempDirectory();
        foreach (var ds in original.Datasets)
        {
            var target = dir.File($"{ds.Index}.fcs");
            FcsWriter.Write(target, ds);
            var back = FcsReader.ReadDataset(target);
            Assert.Equal("FCS3.1", back.Version);
            Assert.Equal(ds.EventCount, back.EventCount);
            Assert.Equal(ds.Parameters.Select(p => p.Name), back.Parameters.Select(p => p.Name));
            Assert.Equal(ds.Parameters.Select(p => p.Stain), back.Parameters.Select(p => p.Stain));
            var a = ds.RequireEvents();
            var b = back.RequireEvents();
            for (var p = 0; p < a.ParameterCount; p++)
                for (var e = 0; e < a.EventCount; e++)
                    Assert.Equal(BitConverter.DoubleToInt64Bits(a[e, p]), BitConverter.DoubleToInt64Bits(b[e, p]));
            foreach (var (key, value) in ds.Keywords)
            {
                if (FcsWriterTestsHelpers.IsRegenerated(key)) continue;
                Assert.Equal(value.Length == 0 ? " " : value, back.Keywords[key]);
            }
            Assert.Equal(ds.Spillover?.Values.ToArray(), back.Spillover?.Values.ToArray());
        }
    }
}

internal static class FcsWriterTestsHelpers
{
    private static readonly HashSet<string> Regenerated = new(StringComparer.OrdinalIgnoreCase)
    {
        "$BEGINANALYSIS", "$ENDANALYSIS", "$BEGINDATA", "$ENDDATA", "$BEGINSTEXT", "$ENDSTEXT",
        "$BYTEORD", "$DATATYPE", "$MODE", "$NEXTDATA", "$PAR", "$TOT",
    };

    public static bool IsRegenerated(string key) =>
        Regenerated.Contains(key) || System.Text.RegularExpressions.Regex.IsMatch(key, @"^\$P\d+B$", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
}

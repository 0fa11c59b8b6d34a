using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Stroma.Cytometry.Compensation;
using Stroma.Cytometry.Formats.Fcs;
using Stroma.Cytometry.Tests.Support;
using Stroma.Testing;
using Xunit;

namespace Stroma.Cytometry.Tests.Formats.Fcs;

/// <summary>
/// Mutation fuzzing: damaged variants (random bytes, truncations, edited HEADER offsets and TEXT numbers, doubled
/// delimiters, inserted keywords) of files built here for every layout the reader handles, plus real corpus files
/// when present. Each variant must read or be refused with a deliberate <see cref="FcsFormatException"/> — one the
/// reader's last-resort guard made out of another exception (<c>IsUnexpected</c>) is a decoder bug and fails the
/// test — within bounded memory and time. The seed is fixed (or <c>STROMA_FUZZ_SEED</c>) and every failure names
/// the seed and case, which rebuild the same bytes.
/// </summary>
public sealed class FcsFuzzTests
{
    private const int CasesPerSynthetic = 1_100;
    private const int CasesPerCorpusFile = 300;
    private const int DefaultSeed = 20_261_202;

    // A case taking this long is a hang, not slowness (speed is measured in bench/, not here).
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(10);

    private static int Seed =>
        int.TryParse(Environment.GetEnvironmentVariable("STROMA_FUZZ_SEED"), NumberStyles.Integer,
            CultureInfo.InvariantCulture, out var s) ? s : DefaultSeed;

    private static readonly (string Name, Func<byte[]> Build)[] Synthetic =
    [
        ("integers of mixed widths with $SPILLOVER", MixedIntegers),
        ("big-endian floats", BigEndianFloats),
        ("doubles", Doubles),
        ("delimited ASCII", DelimitedAscii),
        ("fixed-width ASCII", FixedAscii),
        ("FCS 2.0 ten-bit words with $DFCiTOj", TenBitWithDfc),
        ("three chained data sets", ThreeDatasets),
        ("empty values as doubled delimiters", EmptyValues),
        ("supplemental TEXT", SupplementalText),
        ("Stroma writer output", WriterOutput),
    ];

    public static TheoryData<int> SyntheticSeeds => new(Enumerable.Range(0, Synthetic.Length));

    private static readonly string[] CorpusFiles =
    [
        "FlowIO__data1.fcs", "FlowIO__variable_int_example.fcs", "FlowIO__coulter.lmd",
        "fcsparser__cyflow_cube_8__cyflow_cube_8.fcs", "fcsparser__Cytek_xP5__Cytek_xP5.fcs",
        "FlowKit__index_sorted__index_sorted_example.fcs",
    ];

    public static TheoryData<string> CorpusSeeds => new(CorpusFiles);

    [Theory]
    [MemberData(nameof(SyntheticSeeds))]
    public void Damaged_synthetic_files_give_a_deliberate_error_or_a_result_within_bounded_memory_and_time(int which)
    {
        var (name, build) = Synthetic[which];
        var original = build();
        Assert.NotEmpty(FcsReader.Read(original, name).Datasets); // the undamaged seed itself reads
        Fuzz(name, which, original, CasesPerSynthetic);
    }

    [Theory]
    [MemberData(nameof(CorpusSeeds))]
    public void Damaged_corpus_files_give_a_deliberate_error_or_a_result_within_bounded_memory_and_time(string file)
    {
        var original = File.ReadAllBytes(Corpus.Require("corpus/fcs", file));
        Fuzz(file, 100 + Array.IndexOf(CorpusFiles, file), original, CasesPerCorpusFile);
    }

    [Fact]
    public void The_fuzzer_sees_a_decoder_bug_behind_the_guard_that_users_get_as_a_typed_error()
    {
        // The guard turns a stray exception into a typed error for users; the fuzzer must still see it as a bug.
        var bug = Assert.Throws<FcsFormatException>(() => FcsReader.Guard<FcsFile>("bug.fcs",
            () => throw new IndexOutOfRangeException("slice")));
        Assert.True(bug.IsUnexpected);
        Assert.Contains("IndexOutOfRangeException", Classify(bug), StringComparison.Ordinal);

        var deliberate = Assert.Throws<FcsFormatException>(() => FcsReader.Read("FCS3.1"u8.ToArray(), "short.fcs"));
        Assert.False(deliberate.IsUnexpected);
        Assert.Null(Classify(deliberate));
        var unreadable = Assert.Throws<FcsFormatException>(() => FcsReader.Read(new BrokenStream(), "broken.fcs"));
        Assert.Null(Classify(unreadable));
    }

    /// <summary>Null for a deliberate format error; otherwise what went wrong.</summary>
    private static string? Classify(FcsFormatException ex) =>
        ex.IsUnexpected
            ? $"a decoder bug behind the guard: {ex.InnerException?.GetType().Name}: {ex.InnerException?.Message}\n" +
              ex.InnerException?.StackTrace
        : string.IsNullOrWhiteSpace(ex.Problem) ? "a format error without a message" : null;

    private static void Fuzz(string name, int seedIndex, byte[] original, int cases)
    {
        var seed = Seed;
        var options = new FcsReadOptions { MaxDegreeOfParallelism = 1 };
        var outcomes = new int[2];
        for (var i = 0; i < cases; i++)
        {
            // One generator per case: a failing case is rebuilt from (seed, seed file, case) alone.
            var random = new Random(unchecked(seed * 1_000_003 + seedIndex * 65_537 + i));
            var (bytes, what) = Mutate(original, random);
            var where = $"{name} case {i} ({what}; reproduce with STROMA_FUZZ_SEED={seed})";
            var clock = Stopwatch.StartNew();
            var before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                var file = FcsReader.Read(bytes, $"fuzz#{i}", options);
                Assert.True(file.Datasets.Count + file.Failures.Count > 0, where);
                outcomes[0]++;
            }
            catch (FcsFormatException ex)
            {
                if (Classify(ex) is { } bug) Assert.Fail($"{where}: {bug}");
                outcomes[1]++;
            }
            catch (Exception ex)
            {
                Assert.Fail($"{where} escaped as {ex.GetType().Name}: {ex.Message}\n{ex.StackTrace}");
            }
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            // Events may widen (8-bit integers to floats: 4×, to doubles: 8×) plus TEXT copies and parsing.
            Assert.True(allocated <= 16L * bytes.Length + 4_000_000,
                $"{where} allocated {allocated} bytes for {bytes.Length} input bytes");
            Assert.True(clock.Elapsed < HangLimit, $"{where} took {clock.Elapsed.TotalSeconds:F1} s");
        }
        Assert.Equal(cases, outcomes[0] + outcomes[1]);
    }

    private static (byte[] Bytes, string What) Mutate(byte[] original, Random random)
    {
        var bytes = (byte[])original.Clone();
        switch (random.Next(9))
        {
            case 0:
                var flips = random.Next(1, 20);
                for (var i = 0; i < flips; i++) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                return (bytes, $"{flips} random bytes");
            case 1:
                var headerFlips = random.Next(1, 4);
                for (var i = 0; i < headerFlips; i++) bytes[random.Next(Math.Min(58, bytes.Length))] = (byte)"0123456789 9X-"[random.Next(14)];
                return (bytes, "HEADER digits edited");
            case 2:
                var cut = random.Next(bytes.Length);
                return (bytes[..cut], $"truncated to {cut} bytes");
            case 3:
                return Rewrite(bytes, random);
            case 4:
                var start = random.Next(bytes.Length);
                var length = Math.Min(bytes.Length - start, random.Next(1, 4096));
                Array.Clear(bytes, start, length);
                return (bytes, $"{length} bytes zeroed at {start}");
            case 5:
                var extra = new byte[random.Next(1, 256)];
                random.NextBytes(extra);
                var insertAt = random.Next(Math.Min(bytes.Length, 4096));
                return ([.. bytes[..insertAt], .. extra, .. bytes[insertAt..]], $"{extra.Length} bytes inserted at {insertAt}");
            case 6:
                // Double or drop a delimiter in TEXT: the empty-value and escape readings are both exercised.
                var delimiter = bytes.Length > 58 ? bytes[58] : (byte)'/';
                var window = Math.Max(0, Math.Min(bytes.Length, 4096) - 58);
                var positions = Enumerable.Range(58, window).Where(p => bytes[p] == delimiter).ToArray();
                if (positions.Length == 0) return (bytes, "no-op");
                var at = positions[random.Next(positions.Length)];
                return random.Next(2) == 0
                    ? ([.. bytes[..at], delimiter, .. bytes[at..]], $"delimiter doubled at {at}")
                    : ([.. bytes[..at], .. bytes[(at + 1)..]], $"delimiter dropped at {at}");
            case 7:
                // Point HEADER DATA offsets at the HEADER, the TEXT or past the end.
                var target = new[] { 0L, 20, 58, 60, bytes.Length - 1, bytes.Length, bytes.Length + 1,
                    99_999_999 }[random.Next(8)];
                var field = random.Next(2) == 0 ? 26 : 34;
                var digits = target.ToString(CultureInfo.InvariantCulture).PadLeft(8)[..8];
                if (bytes.Length >= 58) Encoding.ASCII.GetBytes(digits).CopyTo(bytes, field);
                return (bytes, $"HEADER field at {field} set to {target}");
            default:
                return InsertKeyword(bytes, random);
        }
    }

    private static readonly string[] NumberKeys =
        ["$TOT", "$PAR", "$P1B", "$P2B", "$P3B", "$BEGINDATA", "$ENDDATA", "$NEXTDATA", "$P1R", "$BEGINSTEXT",
            "$ENDSTEXT", "$SPILLOVER", "SPILL", "$DFC1TO2", "$BYTEORD"];

    private static readonly string[] Replacements =
        ["99999999999", "0", "-1", "4294967296", "7", "10", "12", "1,2", "*", "9223372036854775807", "2147483648",
            "3,4,1,2"];

    // Rewrite a number in TEXT ($TOT, $PAR, $PnB, offsets, matrices) to something large, zero, negative or odd.
    private static (byte[], string) Rewrite(byte[] bytes, Random random)
    {
        var text = Encoding.Latin1.GetString(bytes, 0, Math.Min(bytes.Length, 65536));
        var key = NumberKeys[random.Next(NumberKeys.Length)];
        var at = text.IndexOf(key, StringComparison.Ordinal);
        if (at < 0) return (bytes, "no-op");
        var valueAt = at + key.Length + 1;
        var replacement = Replacements[random.Next(Replacements.Length)];
        for (var i = 0; i < replacement.Length && valueAt + i < bytes.Length; i++)
            bytes[valueAt + i] = (byte)replacement[i];
        return (bytes, $"{key} overwritten with {replacement}");
    }

    // Insert a keyword pair right after the delimiter that opens TEXT (sizes in it come from the fuzzer, not the file).
    private static (byte[], string) InsertKeyword(byte[] bytes, Random random)
    {
        if (bytes.Length <= 58) return (bytes, "no-op");
        var d = (char)bytes[58];
        var pair = random.Next(5) switch
        {
            0 => $"$DFC{random.Next(1, 100_000)}TO{random.Next(1, 100_000)}{d}{random.Next(0, 100)}{d}",
            1 => $"$SPILLOVER{d}{random.Next(1, 2000)},1,2,0.5{d}",
            2 => $"$NEXTDATA{d}{random.Next(0, bytes.Length * 2)}{d}",
            3 => $"$P1S{d}{d}",
            _ => $"$TOT{d}{random.NextInt64(0, long.MaxValue)}{d}",
        };
        var inserted = Encoding.ASCII.GetBytes(pair);
        return ([.. bytes[..59], .. inserted, .. bytes[59..]], $"'{pair}' inserted into TEXT");
    }

    private static byte[] MixedIntegers()
    {
        var raw = RawFcs.ForParameters("I", 50, ("A", 16, "1024"), ("B", 32, "262144"), ("C", 8, "256"),
            ("D", 24, "16777216"));
        raw.Add("$SPILLOVER", "2,A,B,1,0.1,0.2,1");
        raw.Data = new byte[50 * 10];
        new Random(7).NextBytes(raw.Data);
        return raw.Build();
    }

    private static byte[] BigEndianFloats()
    {
        var raw = RawFcs.ForParameters("F", 40, ("FSC-A", 32, "262144"), ("FL1-A", 32, "262144"), ("Time", 32, "1000"));
        raw.Keywords[2] = ("$BYTEORD", "4,3,2,1");
        raw.Add("$TIMESTEP", "0.01").Add("SPILL", "1,FL1-A,1");
        raw.Data = new byte[40 * 12];
        for (var i = 0; i < 120; i++) BinaryPrimitives.WriteSingleBigEndian(raw.Data.AsSpan(i * 4), i * 1.5f);
        return raw.Build();
    }

    private static byte[] Doubles()
    {
        var raw = RawFcs.ForParameters("D", 30, ("A", 64, "1"), ("B", 64, "1"));
        raw.Data = new byte[30 * 16];
        for (var i = 0; i < 60; i++) BinaryPrimitives.WriteDoubleLittleEndian(raw.Data.AsSpan(i * 8), Math.Sqrt(i));
        return raw.Build();
    }

    private static byte[] DelimitedAscii()
    {
        var raw = RawFcs.ForParameters("A", 40, ("A", 0, "1024"), ("B", 0, "1024"), ("C", 0, "1024"));
        var lines = Enumerable.Range(0, 40).Select(i => $"{i},{i * 2} {i * 3.5}\n");
        raw.Data = Encoding.ASCII.GetBytes(string.Concat(lines));
        return raw.Build();
    }

    private static byte[] FixedAscii()
    {
        var raw = RawFcs.ForParameters("A", 40, ("A", 4, "1024"), ("B", 6, "1024"));
        raw.Data = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 40).Select(i => $"{i,4}{i * 7,6}")));
        return raw.Build();
    }

    private static byte[] TenBitWithDfc()
    {
        var raw = RawFcs.ForParameters("I", 40, ("FS", 10, "1024"), ("SS", 10, "1024"), ("FL1", 10, "1024"),
            ("FL2", 10, "1024"), ("FL3", 10, "1024"));
        raw.Version = "FCS2.0";
        raw.Keywords[2] = ("$BYTEORD", "1,2");
        for (var i = 1; i <= 4; i++)
            for (var j = 1; j <= 4; j++)
                raw.Add($"$DFC{i}TO{j}", i == j ? "100" : "2.5");
        raw.Data = new byte[40 * 10];
        new Random(11).NextBytes(raw.Data);
        return raw.Build();
    }

    private static byte[] ThreeDatasets()
    {
        var parts = new RawFcs[3];
        for (var k = 0; k < 3; k++)
        {
            parts[k] = RawFcs.ForParameters(k == 1 ? "I" : "F", 20, ($"P{k}", 32, "1024"), ("Q", 32, "1024"));
            parts[k].Data = new byte[20 * 8];
            new Random(k).NextBytes(parts[k].Data);
        }
        return RawFcs.Chain(parts);
    }

    private static byte[] EmptyValues()
    {
        var raw = RawFcs.ForParameters("F", 20, ("FSC-A", 32, "1"), ("SSC-A", 32, "1"), ("FL1-A", 32, "1"));
        raw.Delimiter = '\\';
        raw.Keywords.RemoveAll(k => k.Key == "$P3N");
        raw.Add("$P1S", "").Add("$P2S", "").Add("$P3N", "FL1-A");
        raw.Data = new byte[20 * 12];
        return raw.Build();
    }

    private static byte[] SupplementalText()
    {
        var raw = RawFcs.ForParameters("F", 10, ("A", 32, "1"));
        raw.Data = new byte[40];
        return raw.BuildWithSupplementalText(Encoding.ASCII.GetBytes("/EXTRA/yes/$P1S/CD90/"));
    }

    private static byte[] WriterOutput()
    {
        var columns = new float[][] { [1, 2, 3, 4, 5, 6], [10, 20, 30, 40, 50, 60], [0.5f, 0.25f, 0.125f, 1, 2, 4] };
        var events = EventTable.FromColumns(["FSC-A", "FITC-A", "PE-A"], 6, columns);
        return FcsWriter.WriteToArray(events, new FcsWriteSettings
        {
            Spillover = new SpilloverMatrix(["FITC-A", "PE-A"], [1, 0.1, 0.02, 1]),
            Keywords = [new("$CYT", "fuzz")],
        });
    }

    private sealed class BrokenStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => 0; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new IOException("device gone");
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

using Stroma.Cytometry.Formats.Fcs;
using Stroma.Cytometry.Tests.Support;
using Stroma.Testing;
using Xunit;

namespace Stroma.Cytometry.Tests.Formats.Fcs;

/// <summary>
/// Mutation fuzzing: thousands of damaged variants of real files (random bytes, truncations, edited
/// HEADER offsets and TEXT numbers). The reader must either succeed or throw <see cref="FcsFormatException"/>,
/// and never allocate more than a small multiple of the input size.
/// </summary>
public sealed class FcsFuzzTests
{
    private const int CasesPerSeed = 400;

    public static TheoryData<string> Seeds
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var name in new[]
                     {
                         "FlowIO__data1.fcs", "FlowIO__variable_int_example.fcs", "FlowIO__G11.fcs", "FlowIO__coulter.lmd",
                         "fcsparser__cyflow_cube_8__cyflow_cube_8.fcs", "fcsparser__Cytek_xP5__Cytek_xP5.fcs",
                         "FlowKit__index_sorted__index_sorted_example.fcs", "FlowIO__B01_KC-A-W---91-US.fcs",
                     })
                data.Add(name);
            data.Add("synthetic");
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Damaged_files_give_a_typed_error_or_a_result_within_bounded_memory(string seed)
    {
        var original = seed == "synthetic" ? Synthetic() : File.ReadAllBytes(Corpus.Require("corpus/fcs", seed));
        var random = new Random(seed.GetHashCode(StringComparison.Ordinal) ^ 0x5EED);
        var options = new FcsReadOptions { MaxDegreeOfParallelism = 1 };
        var outcomes = new int[2];
        for (var i = 0; i < CasesPerSeed; i++)
        {
            var (bytes, what) = Mutate(original, random);
            var before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                FcsReader.Read(bytes, $"{seed}#{i}", options);
                outcomes[0]++;
            }
            catch (FcsFormatException ex)
            {
                Assert.False(string.IsNullOrWhiteSpace(ex.Message));
                outcomes[1]++;
            }
            catch (Exception ex)
            {
                Assert.Fail($"{seed} case {i} ({what}) escaped as {ex.GetType().Name}: {ex.Message}");
            }
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            // Events may widen (8-bit integers to floats: 4×, to doubles: 8×) plus TEXT copies and parsing.
            Assert.True(allocated <= 16L * bytes.Length + 4_000_000, $"{seed} case {i} ({what}) allocated {allocated} bytes for {bytes.Length} input bytes");
        }
        Assert.Equal(CasesPerSeed, outcomes[0] + outcomes[1]);
    }

    private static byte[] Synthetic()
    {
        var raw = RawFcs.ForParameters("I", 50, ("A", 16, "1024"), ("B", 32, "262144"), ("C", 8, "256"));
        raw.Add("$SPILLOVER", "2,A,B,1,0.1,0.2,1");
        raw.Data = new byte[50 * 7];
        new Random(7).NextBytes(raw.Data);
        return raw.Build();
    }

    private static (byte[] Bytes, string What) Mutate(byte[] original, Random random)
    {
        var bytes = (byte[])original.Clone();
        switch (random.Next(6))
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
                // Rewrite a number in TEXT ($TOT, $PAR, $PnB, offsets) to something large, zero or negative.
                var text = System.Text.Encoding.Latin1.GetString(bytes, 0, Math.Min(bytes.Length, 65536));
                var keys = new[] { "$TOT", "$PAR", "$P1B", "$P2B", "$BEGINDATA", "$ENDDATA", "$NEXTDATA", "$P1R", "$BEGINSTEXT", "$SPILLOVER", "SPILL" };
                var key = keys[random.Next(keys.Length)];
                var at = text.IndexOf(key, StringComparison.Ordinal);
                if (at < 0) return (bytes, "no-op");
                var valueAt = at + key.Length + 1;
                var replacement = new[] { "99999999999", "0", "-1", "4294967296", "7", "1,2", "*" }[random.Next(7)];
                for (var i = 0; i < replacement.Length && valueAt + i < bytes.Length; i++) bytes[valueAt + i] = (byte)replacement[i];
                return (bytes, $"{key} overwritten with {replacement}");
            case 4:
                var start = random.Next(bytes.Length);
                var length = Math.Min(bytes.Length - start, random.Next(1, 4096));
                Array.Clear(bytes, start, length);
                return (bytes, $"{length} bytes zeroed at {start}");
            default:
                var extra = new byte[random.Next(1, 256)];
                random.NextBytes(extra);
                var insertAt = random.Next(Math.Min(bytes.Length, 4096));
                return ([.. bytes[..insertAt], .. extra, .. bytes[insertAt..]], $"{extra.Length} bytes inserted at {insertAt}");
        }
    }
}

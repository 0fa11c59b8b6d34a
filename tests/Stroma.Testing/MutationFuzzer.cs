using System.Diagnostics;
using System.Text;

namespace Stroma.Testing;

/// <summary>How one fuzzed input ended: read, refused with a documented error, or a failure to report.</summary>
public enum FuzzResult
{
    /// <summary>The input was read.</summary>
    Accepted,

    /// <summary>The input was refused with a documented, typed error.</summary>
    Refused,
}

/// <summary>What a campaign saw: the failures (each naming its seed and iteration) and how often each outcome came.</summary>
public sealed record FuzzOutcome(IReadOnlyList<string> Failures, int Accepted, int Refused)
{
    /// <summary>The first failures, for an assertion message.</summary>
    public string Describe(int take = 3) =>
        Failures.Count == 0 ? "" : string.Join("\n\n", Failures.Take(take)) + $"\n({Failures.Count} failures)";
}

/// <summary>
/// Seeded, reproducible mutation fuzzing of text and binary inputs. Each iteration mutates the original with
/// its own generator (seed, iteration), so a failure replays from those two numbers alone. An input fails when
/// an exception the caller does not document escapes, or when it takes longer or allocates more than the
/// bounds: generous ceilings that only a path sized by the input's claims reaches (speed targets live in bench/).
/// </summary>
public static class MutationFuzzer
{
    /// <summary>Iterations per campaign; <c>STROMA_FUZZ_ITERATIONS</c> runs a longer campaign with the same seeds.</summary>
    public static int Iterations(int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable("STROMA_FUZZ_ITERATIONS"), out var n) && n > 0 ? n : fallback;

    /// <summary>Runs <paramref name="iterations"/> mutated copies of <paramref name="original"/> through <paramref name="attempt"/>.</summary>
    /// <param name="original">A valid input.</param>
    /// <param name="seed">The campaign's seed.</param>
    /// <param name="iterations">How many mutated inputs.</param>
    /// <param name="attempt">Reads one input; returns <see cref="FuzzResult.Accepted"/> or throws.</param>
    /// <param name="documented">Whether an exception is one the reader documents (it counts as <see cref="FuzzResult.Refused"/>).</param>
    /// <param name="timeBound">Longest time one input may take (default 10 s).</param>
    /// <param name="allocationBound">Most bytes one input may allocate beyond 1,000 per input byte (default 64 MiB).</param>
    /// <param name="tokens">Extra byte strings the mutator splices in (the format's delimiters).</param>
    public static FuzzOutcome Run(byte[] original, int seed, int iterations, Func<byte[], FuzzResult> attempt,
        Func<Exception, bool> documented, TimeSpan? timeBound = null, long allocationBound = 64L << 20,
        IReadOnlyList<string>? tokens = null)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(documented);
        var bound = timeBound ?? TimeSpan.FromSeconds(10);
        var splice = CommonTokens.Concat((tokens ?? []).Select(t => Encoding.UTF8.GetBytes(t))).ToArray();
        var failures = new List<string>();
        int accepted = 0, refused = 0;
        for (var i = 0; i < iterations; i++)
        {
            var input = Mutate(original, new Random(CaseSeed(seed, i)), splice);
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            try
            {
                _ = attempt(input);
                accepted++;
            }
            catch (Exception ex) when (documented(ex))
            {
                refused++;
                if (string.IsNullOrWhiteSpace(ex.Message)) failures.Add($"seed {seed}, iteration {i}: {ex.GetType().Name} without a message");
            }
            catch (Exception ex)
            {
                failures.Add($"seed {seed}, iteration {i}: {ex}");
            }
            var took = clock.Elapsed;
            var bytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
            if (took > bound) failures.Add($"seed {seed}, iteration {i}: took {took.TotalSeconds:F1} s");
            if (bytes > allocationBound + 1000L * input.Length)
                failures.Add($"seed {seed}, iteration {i}: allocated {bytes >> 20} MiB for {input.Length} bytes");
        }
        return new FuzzOutcome(failures, accepted, refused);
    }

    /// <summary>The mutation of iteration <paramref name="iteration"/> of campaign <paramref name="seed"/> (to replay a failure).</summary>
    public static byte[] Replay(byte[] original, int seed, int iteration, IReadOnlyList<string>? tokens = null) =>
        Mutate(original, new Random(CaseSeed(seed, iteration)),
            CommonTokens.Concat((tokens ?? []).Select(t => Encoding.UTF8.GetBytes(t))).ToArray());

    private static int CaseSeed(int seed, int iteration) => unchecked(seed * 1_000_003 + iteration);

    // Delimiters and hostile values shared by text formats: quotes, brackets, separators, huge and negative
    // numbers, invalid UTF-8, NUL and a byte-order mark.
    private static readonly byte[][] CommonTokens =
    [
        "\""u8.ToArray(), "{"u8.ToArray(), "}"u8.ToArray(), "["u8.ToArray(), "]"u8.ToArray(), ","u8.ToArray(), ":"u8.ToArray(),
        ";"u8.ToArray(), "="u8.ToArray(), "\t"u8.ToArray(), "\n"u8.ToArray(), "\r\n"u8.ToArray(), "#"u8.ToArray(),
        "null"u8.ToArray(), "-1"u8.ToArray(), "0"u8.ToArray(), "1e309"u8.ToArray(), "-1e308"u8.ToArray(), "NaN"u8.ToArray(),
        "99999999999999999999"u8.ToArray(), "../"u8.ToArray(), "\\u0000"u8.ToArray(), "\\ud800"u8.ToArray(),
        [0xFF], [0xC3], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0x00], [0xEF, 0xBB, 0xBF],
    ];

    /// <summary>One to four edits: flip a bit, overwrite with a token, insert one, delete, repeat a range, truncate.</summary>
    private static byte[] Mutate(byte[] original, Random random, byte[][] tokens)
    {
        var data = new List<byte>(original);
        var edits = random.Next(1, 5);
        for (var e = 0; e < edits && data.Count > 0; e++)
        {
            var at = random.Next(data.Count);
            switch (random.Next(7))
            {
                case 0:
                    data[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    var token = tokens[random.Next(tokens.Length)];
                    for (var k = 0; k < token.Length && at + k < data.Count; k++) data[at + k] = token[k];
                    break;
                case 2:
                    data.InsertRange(at, tokens[random.Next(tokens.Length)]);
                    break;
                case 3:
                    data.RemoveRange(at, Math.Min(data.Count - at, random.Next(1, 64)));
                    break;
                case 4:
                    var length = Math.Min(data.Count - at, random.Next(1, 256));
                    var range = data.GetRange(at, length);
                    for (var r = random.Next(1, 40); r > 0; r--) data.InsertRange(at, range);
                    break;
                case 5:
                    data.RemoveRange(at, data.Count - at);
                    break;
                default:
                    data[at] = (byte)random.Next(256);
                    break;
            }
        }
        return [.. data];
    }
}

using Stroma.Cytometry.Compensation;
using Stroma.Cytometry.Formats.Fcs;

namespace Stroma.Cytometry.Synthetic;

/// <summary>A log-normal level of one channel: the median signal and its coefficient of variation.</summary>
/// <param name="Median">Median signal (linear units).</param>
/// <param name="Cv">Coefficient of variation (sd/mean of the log-normal), e.g. 0.3.</param>
public readonly record struct ChannelLevel(double Median, double Cv);

/// <summary>A population of events: its share of the sample and its level in each channel it specifies.</summary>
/// <param name="Name">Label (e.g. "MSC", "debris", "doublets").</param>
/// <param name="Fraction">Relative share; shares are normalised over all populations.</param>
/// <param name="Levels">Channel name → level; channels not named take the sample's background level.</param>
/// <param name="Scale">Optional per-channel multiplier applied after sampling (e.g. 2.0 on FSC-A for doublets).</param>
public sealed record SyntheticPopulation(string Name, double Fraction,
    IReadOnlyDictionary<string, ChannelLevel> Levels, IReadOnlyDictionary<string, double>? Scale = null);

/// <summary>
/// Generates list-mode data with known truth: a mixture of log-normal populations, spillover applied
/// as observed = true × S over the spillover channels, then additive Gaussian detector noise (so
/// compensated values scatter around zero as on real instruments). Deterministic for a seed.
/// </summary>
public sealed class SyntheticSampleBuilder
{
    private readonly List<FcsChannel> _channels;
    private readonly List<SyntheticPopulation> _populations = [];
    private SpilloverMatrix? _spillover;
    private double _noiseSd = 30;
    private ChannelLevel _background = new(80, 0.6);
    private int _seed = 1;

    /// <summary>Starts a sample with these channels (in column order).</summary>
    public SyntheticSampleBuilder(IEnumerable<FcsChannel> channels) => _channels = [.. channels];

    /// <summary>Adds a population.</summary>
    public SyntheticSampleBuilder WithPopulation(SyntheticPopulation population)
    {
        _populations.Add(population);
        return this;
    }

    /// <summary>Sets the spillover applied to the true signals (and declared by <see cref="WriteFcs"/>).</summary>
    public SyntheticSampleBuilder WithSpillover(SpilloverMatrix? spillover)
    {
        _spillover = spillover;
        return this;
    }

    /// <summary>Sets the additive detector noise (standard deviation, linear units).</summary>
    public SyntheticSampleBuilder WithNoise(double sd)
    {
        _noiseSd = sd;
        return this;
    }

    /// <summary>Level for channels a population does not specify (autofluorescence).</summary>
    public SyntheticSampleBuilder WithBackground(ChannelLevel level)
    {
        _background = level;
        return this;
    }

    /// <summary>Random seed; the same seed gives the same events.</summary>
    public SyntheticSampleBuilder WithSeed(int seed)
    {
        _seed = seed;
        return this;
    }

    /// <summary>Channels of the sample.</summary>
    public IReadOnlyList<FcsChannel> Channels => _channels;

    /// <summary>The spillover applied, if any.</summary>
    public SpilloverMatrix? Spillover => _spillover;

    /// <summary>
    /// Draws <paramref name="eventCount"/> events; <paramref name="labels"/> gives each event's population index.
    /// </summary>
    public EventTable Build(int eventCount, out int[] labels)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(eventCount);
        if (_populations.Count == 0) throw new InvalidOperationException("Add at least one population.");
        var random = new Random(_seed);
        var total = _populations.Sum(p => p.Fraction);
        var cumulative = _populations.Select(p => p.Fraction / total).ToArray();
        for (var i = 1; i < cumulative.Length; i++) cumulative[i] += cumulative[i - 1];

        var names = _channels.Select(c => c.Name).ToArray();
        var columns = names.Select(_ => new float[eventCount]).ToArray();
        labels = new int[eventCount];
        var truth = new double[names.Length];
        var spillIndex = _spillover?.Channels.Select(c => Array.IndexOf(names, c)).ToArray();
        var mixed = new double[spillIndex?.Length ?? 0];
        if (spillIndex is not null && spillIndex.Contains(-1))
            throw new InvalidOperationException("Every spillover channel must be a channel of the sample.");

        for (var e = 0; e < eventCount; e++)
        {
            var u = random.NextDouble();
            var k = Array.FindIndex(cumulative, c => u <= c);
            if (k < 0) k = cumulative.Length - 1;
            labels[e] = k;
            var population = _populations[k];
            for (var c = 0; c < names.Length; c++)
            {
                var level = population.Levels.TryGetValue(names[c], out var l) ? l : _background;
                var value = SampleLogNormal(random, level);
                if (population.Scale is not null && population.Scale.TryGetValue(names[c], out var s)) value *= s;
                truth[c] = value;
            }
            if (_spillover is not null && spillIndex is not null)
            {
                // observed_j = Σ_i true_i · S[i, j] over the spillover channels.
                var n = spillIndex.Length;
                for (var j = 0; j < n; j++)
                {
                    double sum = 0;
                    for (var i = 0; i < n; i++) sum += truth[spillIndex[i]] * _spillover[i, j];
                    mixed[j] = sum;
                }
                for (var j = 0; j < n; j++) truth[spillIndex[j]] = mixed[j];
            }
            for (var c = 0; c < names.Length; c++)
            {
                var noisy = truth[c] + _noiseSd * Gaussian(random);
                columns[c][e] = (float)Math.Clamp(noisy, -_channels[c].Range, _channels[c].Range);
            }
        }
        return EventTable.FromColumns(names, eventCount, columns);
    }

    /// <summary>Draws events and writes them as an FCS 3.1 file declaring the spillover in <c>$SPILLOVER</c>.</summary>
    public EventTable WriteFcs(string path, int eventCount, IEnumerable<KeyValuePair<string, string>>? keywords = null)
    {
        var events = Build(eventCount, out _);
        FcsWriter.Write(path, events,
            new FcsWriteSettings { Channels = _channels, Spillover = _spillover, Keywords = keywords });
        return events;
    }

    private static double SampleLogNormal(Random random, ChannelLevel level)
    {
        if (level.Median <= 0) return 0;
        var sigma = Math.Sqrt(Math.Log(1 + level.Cv * level.Cv));
        return level.Median * Math.Exp(sigma * Gaussian(random));
    }

    private static double Gaussian(Random random)
    {
        // Box–Muller; 1 - NextDouble() avoids log(0).
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}

/// <summary>
/// A ready-made sample for demos and quick starts: lymphocyte-like cells, debris and doublets in six channels.
/// </summary>
public static class DemoSample
{
    /// <summary>Builds the demo sample generator.</summary>
    public static SyntheticSampleBuilder Create(int seed = 42)
    {
        FcsChannel[] channels =
        [
            new("FSC-A", Range: 262144), new("FSC-H", Range: 262144), new("SSC-A", Range: 262144),
            new("FITC-A", "CD90", 262144), new("PE-A", "CD73", 262144), new("APC-A", "CD105", 262144),
        ];
        var spill =
            new SpilloverMatrix(["FITC-A", "PE-A", "APC-A"], [1, 0.12, 0.0, 0.02, 1, 0.01, 0.0, 0.03, 1], "demo");
        var cells = new Dictionary<string, ChannelLevel>
        {
            ["FSC-A"] = new(90000, 0.15), ["FSC-H"] = new(80000, 0.15), ["SSC-A"] = new(40000, 0.3),
            ["FITC-A"] = new(12000, 0.4), ["PE-A"] = new(9000, 0.4), ["APC-A"] = new(6000, 0.45),
        };
        var debris = new Dictionary<string, ChannelLevel> { ["FSC-A"] = new(8000, 0.6), ["FSC-H"] = new(7000, 0.6),
            ["SSC-A"] = new(5000, 0.8) };
        return new SyntheticSampleBuilder(channels)
            .WithPopulation(new SyntheticPopulation("cells", 0.85, cells))
            .WithPopulation(new SyntheticPopulation("debris", 0.1, debris))
            .WithPopulation(new SyntheticPopulation("doublets", 0.05, cells,
                new Dictionary<string, double> { ["FSC-A"] = 1.9, ["SSC-A"] = 1.8 }))
            .WithSpillover(spill)
            .WithSeed(seed);
    }
}

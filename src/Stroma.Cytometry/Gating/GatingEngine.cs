using Stroma.Cytometry.Compensation;
using Stroma.Cytometry.Formats.Fcs;
using Stroma.Cytometry.Numerics;
using Stroma.IO;

namespace Stroma.Cytometry.Gating;

/// <summary>Membership of one population (a gate, or one quadrant of a quadrant gate).</summary>
public sealed class PopulationResult
{
    private readonly bool[] _membership;

    internal PopulationResult(string id, string? parentId, bool[] membership, int parentCount)
    {
        Id = id;
        ParentId = parentId;
        _membership = membership;
        Count = membership.Count(m => m);
        PercentOfParent = parentCount == 0 ? 0 : 100.0 * Count / parentCount;
    }

    /// <summary>Gate or quadrant id.</summary>
    public string Id { get; }

    /// <summary>Parent gate id, or null for a top-level gate.</summary>
    public string? ParentId { get; }

    /// <summary>Events in the population (parents included).</summary>
    public int Count { get; }

    /// <summary>Count as a percentage of the parent's count (of all events for a top-level gate).</summary>
    public double PercentOfParent { get; }

    /// <summary>Per-event membership, in file order.</summary>
    public ReadOnlySpan<bool> Membership => _membership;
}

/// <summary>Read-only results of applying a <see cref="GatingStrategy"/> to one sample.</summary>
public sealed class GatingResults
{
    private readonly Dictionary<string, PopulationResult> _byId;

    internal GatingResults(int eventCount, IReadOnlyList<PopulationResult> populations)
    {
        EventCount = eventCount;
        Populations = populations;
        _byId = populations.ToDictionary(p => p.Id, StringComparer.Ordinal);
    }

    /// <summary>Events in the sample.</summary>
    public int EventCount { get; }

    /// <summary>Populations in document order.</summary>
    public IReadOnlyList<PopulationResult> Populations { get; }

    /// <summary>A population by id.</summary>
    public PopulationResult this[string id] =>
        _byId.TryGetValue(id, out var p) ? p : throw new KeyNotFoundException($"No population '{id}' in these results.");

    /// <summary>
    /// Writes per-event membership as CSV: one column per population (header = ids), one 0/1 row per event in
    /// file order. Written to a temporary file and moved into place.
    /// </summary>
    public void WriteMembershipCsv(string path)
    {
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
            writer.WriteLine(string.Join(',', Populations.Select(p => p.Id.Contains(',', StringComparison.Ordinal) || p.Id.Contains('"', StringComparison.Ordinal)
                ? "\"" + p.Id.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : p.Id)));
            var line = new char[Populations.Count * 2];
            for (var e = 0; e < EventCount; e++)
            {
                for (var p = 0; p < Populations.Count; p++)
                {
                    line[2 * p] = Populations[p].Membership[e] ? '1' : '0';
                    line[2 * p + 1] = p == Populations.Count - 1 ? '\n' : ',';
                }
                writer.Write(line);
            }
        });
    }
}

/// <summary>
/// Evaluates a strategy on a sample: channel values to scale (gain, log amplification), compensation
/// (file spillover or a spectrum matrix), scale transformations and ratios, then gates in dependency
/// order. Computed columns are cached per (parameter, compensation, transformation). All checks that
/// can fail (missing parameters, unusable matrices) run before any result is produced.
/// </summary>
public static class GatingEngine
{
    /// <summary>Applies <paramref name="strategy"/> to <paramref name="sample"/> (which must hold events).</summary>
    public static GatingResults Apply(GatingStrategy strategy, FcsDataset sample)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(sample);
        var context = new Context(strategy, sample);
        var n = sample.EventCount;

        // Resolve every dimension first, so a missing parameter fails before anything is evaluated.
        foreach (var gate in strategy.Gates)
            foreach (var dimension in gate.Dimensions)
                context.Column(dimension.Key, gate);

        var own = new Dictionary<string, bool[]>(StringComparer.Ordinal);     // gate region only (per quadrant id for quadrants)
        var full = new Dictionary<string, bool[]>(StringComparer.Ordinal);    // region ∧ parent chain
        foreach (var id in strategy.EvaluationOrder)
        {
            var gate = strategy.GatesById[id];
            if (gate is QuadrantGate q)
            {
                foreach (var (quadrantId, region) in context.Quadrants(q))
                {
                    own[quadrantId] = region;
                    full[quadrantId] = WithParent(region, gate.ParentId, full);
                }
                continue;
            }
            var membership = context.Region(gate, full);
            own[id] = membership;
            full[id] = WithParent(membership, gate.ParentId, full);
        }

        var populations = strategy.Populations.Select(p =>
        {
            var parentCount = p.ParentId is null ? n : full[p.ParentId].Count(m => m);
            return new PopulationResult(p.Id, p.ParentId, full[p.Id], parentCount);
        }).ToArray();
        return new GatingResults(n, populations);
    }

    private static bool[] WithParent(bool[] region, string? parentId, Dictionary<string, bool[]> full)
    {
        if (parentId is null) return region;
        var parent = full[parentId];
        var result = new bool[region.Length];
        for (var i = 0; i < result.Length; i++) result[i] = region[i] && parent[i];
        return result;
    }

    private sealed class Context(GatingStrategy strategy, FcsDataset sample)
    {
        private readonly Dictionary<DimensionKey, double[]> _columns = [];
        private readonly Dictionary<string, double[]> _scaled = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Dictionary<string, double[]>> _compensated = new(StringComparer.Ordinal);

        public double[] Column(DimensionKey key, Gate gate)
        {
            if (_columns.TryGetValue(key, out var cached)) return cached;
            var values = key.Source switch
            {
                FcsDimension f => Compensated(f.Name, key.Compensation, gate),
                RatioDimension r => Ratio(r, key.Compensation, gate),
                _ => throw new GatingException("unknown dimension kind.", gate.Id, gate.Location),
            };
            if (key.TransformationId is { } t)
            {
                var transformed = new double[values.Length];
                strategy.Transforms[t].Apply(values, transformed);
                values = transformed;
            }
            _columns[key] = values;
            return values;
        }

        private double[] Ratio(RatioDimension dimension, CompensationRef compensation, Gate gate)
        {
            var ratio = strategy.Ratios[dimension.RatioTransformationId];
            var x = Compensated(ratio.Numerator, compensation, gate);
            var y = Compensated(ratio.Denominator, compensation, gate);
            var result = new double[x.Length];
            for (var i = 0; i < result.Length; i++) result[i] = ratio.Transform.Apply(x[i], y[i]);
            return result;
        }

        private double[] Compensated(string name, CompensationRef compensation, Gate gate)
        {
            if (compensation.IsUncompensated) return Scaled(name, gate, compensation);
            var set = CompensatedSet(compensation, gate);
            return set is not null && set.TryGetValue(name, out var values) ? values : Scaled(name, gate, compensation);
        }

        private Dictionary<string, double[]>? CompensatedSet(CompensationRef compensation, Gate gate)
        {
            if (_compensated.TryGetValue(compensation.MatrixId, out var set)) return set;
            Compensator? compensator;
            if (compensation.IsFcs)
            {
                // A file without spillover is used uncompensated (GatingML 2.0 §5.2: "FCS" means the file's own matrix, if any).
                compensator = sample.Spillover is { } spill ? Create(spill, gate) : null;
            }
            else
            {
                compensator = strategy.Compensators[compensation.MatrixId];
            }
            if (compensator is null)
            {
                _compensated[compensation.MatrixId] = [];
                return null;
            }
            var inputs = compensator.Detectors.Select(d => (Memory<double>)Scaled(d, gate, compensation)).ToArray();
            var outputs = compensator.Outputs.Select(_ => new double[sample.EventCount]).ToArray();
            compensator.Apply(inputs, outputs.Select(o => (Memory<double>)o).ToArray());
            set = new Dictionary<string, double[]>(StringComparer.Ordinal);
            for (var i = 0; i < outputs.Length; i++) set[compensator.Outputs[i]] = outputs[i];
            _compensated[compensation.MatrixId] = set;
            return set;
        }

        private static Compensator Create(SpilloverMatrix spill, Gate gate)
        {
            try
            {
                return new Compensator(spill);
            }
            catch (CytometryException ex)
            {
                throw new GatingException($"the sample's spillover matrix cannot be used: {ex.Message}", gate.Id, gate.Location, ex);
            }
        }

        private double[] Scaled(string name, Gate gate, CompensationRef compensation)
        {
            if (_scaled.TryGetValue(name, out var values)) return values;
            var index = sample.IndexOf(name);
            if (index < 0)
            {
                var hint = compensation.IsUncompensated || compensation.IsFcs ? "" : $" (nor an output of matrix '{compensation.MatrixId}')";
                throw new GatingException(
                    $"dimension '{name}' is not a parameter of the sample{hint}; the sample has {string.Join(", ", sample.Parameters.Select(p => p.Name))}.",
                    gate.Id, gate.Location);
            }
            values = sample.ScaledColumn(index);
            _scaled[name] = values;
            return values;
        }

        public bool[] Region(Gate gate, Dictionary<string, bool[]> full)
        {
            var n = sample.EventCount;
            var inside = new bool[n];
            if (gate is BooleanGate b)
            {
                Combine(b, full, inside);
                return inside;
            }
            Array.Fill(inside, true);
            switch (gate)
            {
                case RectangleGate r:
                    foreach (var bound in r.Bounds)
                    {
                        var column = Column(bound.Key, gate);
                        GateKernels.ForChunks(n, (s, c) => GateKernels.Range<double>(column.AsSpan(s, c), bound.Min, bound.Max, inside.AsSpan(s, c)));
                    }
                    break;
                case PolygonGate p:
                    var xs = Column(p.X.Key, gate);
                    var ys = Column(p.Y.Key, gate);
                    GateKernels.ForChunks(n, (s, c) => GateKernels.Polygon<double>(xs.AsSpan(s, c), ys.AsSpan(s, c), p.Vertices, inside.AsSpan(s, c)));
                    break;
                case EllipsoidGate e:
                    double[] inverse;
                    try
                    {
                        inverse = DenseMatrix.Invert(e.Covariance, e.Axes.Count, "covariance matrix");
                    }
                    catch (CytometryException ex)
                    {
                        throw new GatingException(ex.Message, gate.Id, gate.Location, ex);
                    }
                    var axes = e.Axes.Select(a => Column(a.Key, gate)).ToArray();
                    GateKernels.ForChunks(n, (s, c) => GateKernels.Ellipsoid<double>(
                        axes.Select(a => (ReadOnlyMemory<double>)a.AsMemory(s, c)).ToArray(), e.Mean, inverse, e.DistanceSquare, inside.AsSpan(s, c)));
                    break;
            }
            return inside;
        }

        private static void Combine(BooleanGate gate, Dictionary<string, bool[]> full, bool[] inside)
        {
            var operands = gate.Operands.Select(o => (Values: full[o.GateId], o.Complement)).ToArray();
            for (var i = 0; i < inside.Length; i++)
            {
                bool result;
                switch (gate.Operator)
                {
                    case BooleanOperator.Not:
                        result = !(operands[0].Values[i] ^ operands[0].Complement);
                        break;
                    case BooleanOperator.And:
                        result = true;
                        foreach (var (values, complement) in operands) result &= values[i] ^ complement;
                        break;
                    default:
                        result = false;
                        foreach (var (values, complement) in operands) result |= values[i] ^ complement;
                        break;
                }
                inside[i] = result;
            }
        }

        public IEnumerable<(string Id, bool[] Region)> Quadrants(QuadrantGate gate)
        {
            var n = sample.EventCount;
            var intervals = new Dictionary<string, (int[] PerEvent, double[] Cuts)>(StringComparer.Ordinal);
            foreach (var divider in gate.Dividers)
            {
                var cuts = divider.Values.Order().ToArray();
                var column = Column(divider.Dimension.Key, gate);
                var perEvent = new int[n];
                GateKernels.ForChunks(n, (s, c) => GateKernels.Intervals<double>(column.AsSpan(s, c), cuts, perEvent.AsSpan(s, c)));
                intervals[divider.Id] = (perEvent, cuts);
            }
            foreach (var quadrant in gate.Quadrants)
            {
                var region = new bool[n];
                Array.Fill(region, true);
                foreach (var (dividerId, location) in quadrant.Positions)
                {
                    var (perEvent, cuts) = intervals[dividerId];
                    var wanted = GateKernels.Interval(location, cuts);
                    for (var i = 0; i < n; i++) region[i] &= perEvent[i] == wanted;
                }
                yield return (quadrant.Id, region);
            }
        }
    }
}

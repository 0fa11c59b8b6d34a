using System.Buffers;
using System.Numerics.Tensors;
using Stroma.Cytometry.Compensation;
using Stroma.Cytometry.Formats.Fcs;
using Stroma.Cytometry.Numerics;
using Stroma.Cytometry.Transforms;
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
        Count = membership.AsSpan().Count(true);
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
        _byId.TryGetValue(id, out var p) ? p
            : throw new KeyNotFoundException($"No population '{id}' in these results.");

    /// <summary>
    /// Writes per-event membership as CSV: one column per population (header = ids), one 0/1 row per event in
    /// file order. Written to a temporary file and moved into place.
    /// </summary>
    public void WriteMembershipCsv(string path)
    {
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 16,
                leaveOpen: true) { NewLine = "\n" };
            CsvWriter.WriteRow(writer, Populations.Select(p => p.Id), CsvDialect.UnixLines);
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
/// order. All checks that can fail (missing parameters, unusable matrices) run before any result is produced.
/// </summary>
/// <remarks>
/// The work is fused per block of <see cref="Block"/> events: for each block, every dimension the gates use
/// is computed (scale → compensate → transform) into a block-sized buffer that stays in cache, then every
/// gate of the block is decided in evaluation order. Only the compensated outputs a gate uses are computed
/// (one column of the unmixing matrix each), and no whole-column intermediate is ever allocated, so memory
/// is the event table plus one bool per event and population (issue 18: the earlier whole-column design
/// peaked at 4.7× the event data). A gate with a parent is decided only for the parent's members where they are
/// at most a quarter of a block (gathered by index); the other events of the block cannot be in the population.
/// Arithmetic stays in double and in the same operation order as the whole-column compensation, so counts are identical
/// to it; the GatingML compliance suite checks them.
/// </remarks>
public static class GatingEngine
{
    // A multiple of every vector width, so bulk SIMD kernels see the same element positions as on a whole column;
    // 4096 doubles = 32 KiB per buffer, a few buffers per thread fit in L2.
    private const int Block = 4096;

    /// <summary>
    /// The parameters (unique names) whose values applying <paramref name="strategy"/> to <paramref name="sample"/>
    /// reads: each gate dimension, ratio operand and, for a compensated dimension, every detector of its matrix.
    /// <paramref name="sample"/> may be read without events (its parameters and spillover are enough), so a caller
    /// can read only these columns (<see cref="FcsReadOptions.Parameters"/>). Null when the strategy cannot be
    /// applied to the sample (a dimension it lacks, an unusable matrix): then <see cref="Apply"/> reports why.
    /// </summary>
    public static IReadOnlyList<string>? ParametersUsed(GatingStrategy strategy, FcsDataset sample)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(sample);
        // The same resolution as Apply, so the selection is exactly the columns Apply reads.
        var plan = new Plan(strategy, sample);
        try
        {
            foreach (var gate in strategy.Gates)
                foreach (var dimension in gate.Dimensions) plan.Column(dimension.Key, gate);
        }
        catch (CytometryException)
        {
            return null;
        }
        return plan.ChannelIndices.Order().Select(i => sample.Parameters[i].Name).ToArray();
    }

    /// <summary>
    /// Applies <paramref name="strategy"/> to <paramref name="sample"/> (which must hold events, at least those of
    /// <see cref="ParametersUsed"/>).
    /// </summary>
    public static GatingResults Apply(GatingStrategy strategy, FcsDataset sample)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(sample);
        sample.RequireEvents();
        var plan = new Plan(strategy, sample);
        var n = sample.EventCount;

        // Resolve every dimension (and every ellipsoid) first, so a bad strategy fails before anything is evaluated.
        foreach (var gate in strategy.Gates)
        {
            foreach (var dimension in gate.Dimensions) plan.Column(dimension.Key, gate);
            if (gate is EllipsoidGate e) plan.InverseCovariance(e);
        }

        // full: region ∧ parent chain, per population (quadrant ids for quadrants). own: the region alone, kept
        // whole only for root gates (where it is full); a gate with a parent has its region in a per-block buffer.
        var own = new Dictionary<string, bool[]>(StringComparer.Ordinal);
        var full = new Dictionary<string, bool[]>(StringComparer.Ordinal);
        foreach (var id in strategy.EvaluationOrder)
        {
            var gate = strategy.GatesById[id];
            IEnumerable<string> ids = gate is QuadrantGate q ? q.Quadrants.Select(x => x.Id) : [id];
            foreach (var populationId in ids)
            {
                var membership = new bool[n];
                if (gate.ParentId is null) own[populationId] = membership;
                full[populationId] = membership;
            }
        }

        var blocks = (n + Block - 1) / Block;
        if (blocks <= 2)
        {
            var state = new BlockState();
            for (var b = 0; b < blocks; b++) EvaluateBlock(plan, b, state, own, full);
        }
        else
        {
            Parallel.For(0, blocks, () => new BlockState(), (b, _, state) =>
            {
                EvaluateBlock(plan, b, state, own, full);
                return state;
            }, state => state.Dispose());
        }

        var populations = strategy.Populations.Select(p =>
        {
            var parentCount = p.ParentId is null ? n : full[p.ParentId].AsSpan().Count(true);
            return new PopulationResult(p.Id, p.ParentId, full[p.Id], parentCount);
        }).ToArray();
        return new GatingResults(n, populations);
    }

    private static void EvaluateBlock(Plan plan, int block, BlockState state, Dictionary<string, bool[]> own,
        Dictionary<string, bool[]> full)
    {
        var start = block * Block;
        var count = Math.Min(Block, plan.EventCount - start);
        state.Begin(block);
        foreach (var id in plan.Strategy.EvaluationOrder)
        {
            var gate = plan.Strategy.GatesById[id];
            if (gate is QuadrantGate q)
            {
                Quadrants(plan, q, start, count, state, own);
                foreach (var quadrant in q.Quadrants)
                    WithParent(OwnRegion(quadrant.Id, start, count, own, state), quadrant.Id, gate.ParentId, start,
                        full);
                continue;
            }
            var inside = OwnRegion(id, start, count, own, state);
            if (gate is not BooleanGate && gate.ParentId is { } parentId
                && state.Select(full[parentId].AsSpan(start, count), start) is >= 0 and var members)
            {
                // Few parent members in this block: the region is computed for them only (the rest is outside).
                RegionOf(plan, gate, state.Rows(members), state, inside, start);
                WithParent(inside, id, gate.ParentId, start, full);
                continue;
            }
            Region(plan, gate, start, count, state, full, inside);
            WithParent(inside, id, gate.ParentId, start, full);
        }
    }

    /// <summary>The block of a population's own region: its whole array for a root gate, else a block buffer.</summary>
    private static Span<bool> OwnRegion(string id, int start, int count, Dictionary<string, bool[]> own,
        BlockState state) =>
        own.TryGetValue(id, out var whole) ? whole.AsSpan(start, count) : state.Region(id).AsSpan(0, count);

    private static void WithParent(ReadOnlySpan<bool> region, string id, string? parentId, int start,
        Dictionary<string, bool[]> full)
    {
        if (parentId is null) return; // full[id] is own[id]
        var parent = full[parentId].AsSpan(start, region.Length);
        var result = full[id].AsSpan(start, region.Length);
        for (var i = 0; i < result.Length; i++) result[i] = region[i] && parent[i];
    }

    private static void Region(Plan plan, Gate gate, int start, int count, BlockState state,
        Dictionary<string, bool[]> full, Span<bool> inside)
    {
        if (gate is BooleanGate b)
        {
            Combine(b, full, start, inside);
            return;
        }
        inside.Fill(true);
        switch (gate)
        {
            case RectangleGate r:
                foreach (var bound in r.Bounds)
                    GateKernels.Range<double>(state.Values(plan, bound.Key, start, count), bound.Min, bound.Max,
                        inside);
                break;
            case PolygonGate p:
                GateKernels.Polygon<double>(state.Values(plan, p.X.Key, start, count),
                    state.Values(plan, p.Y.Key, start, count), p.Vertices, inside);
                break;
            case EllipsoidGate e:
                var axes = new ReadOnlyMemory<double>[e.Axes.Count];
                for (var k = 0; k < axes.Length; k++) axes[k] = state.Memory(plan, e.Axes[k].Key, start, count);
                GateKernels.Ellipsoid<double>(axes, e.Mean, plan.InverseCovariance(e), e.DistanceSquare, inside);
                break;
        }
    }

    /// <summary>
    /// The region of a rectangle, polygon or ellipsoid decided for the given events only (absolute event
    /// indices, ascending, all in the block at <paramref name="start"/>); every other event of the block is outside.
    /// </summary>
    private static void RegionOf(Plan plan, Gate gate, ReadOnlySpan<int> rows, BlockState state, Span<bool> inside,
        int start)
    {
        inside.Clear();
        var selected = state.Selected(rows.Length);
        selected.Fill(true);
        switch (gate)
        {
            case RectangleGate r:
                foreach (var bound in r.Bounds)
                    GateKernels.Range<double>(state.Gathered(plan, bound.Key, rows), bound.Min, bound.Max, selected);
                break;
            case PolygonGate p:
                GateKernels.Polygon<double>(state.Gathered(plan, p.X.Key, rows), state.Gathered(plan, p.Y.Key, rows),
                    p.Vertices, selected);
                break;
            case EllipsoidGate e:
                var axes = new ReadOnlyMemory<double>[e.Axes.Count];
                for (var k = 0; k < axes.Length; k++) axes[k] = state.GatheredMemory(plan, e.Axes[k].Key, rows);
                GateKernels.Ellipsoid<double>(axes, e.Mean, plan.InverseCovariance(e), e.DistanceSquare, selected);
                break;
        }
        for (var k = 0; k < rows.Length; k++) inside[rows[k] - start] = selected[k];
    }

    private static void Combine(BooleanGate gate, Dictionary<string, bool[]> full, int start, Span<bool> inside)
    {
        var operands = gate.Operands.Select(o => (Values: full[o.GateId], o.Complement)).ToArray();
        for (var j = 0; j < inside.Length; j++)
        {
            var i = start + j;
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
            inside[j] = result;
        }
    }

    private static void Quadrants(Plan plan, QuadrantGate gate, int start, int count, BlockState state,
        Dictionary<string, bool[]> own)
    {
        var intervals = new Dictionary<string, (int[] PerEvent, double[] Cuts)>(StringComparer.Ordinal);
        foreach (var divider in gate.Dividers)
        {
            var cuts = plan.Cuts(divider);
            var perEvent = state.Intervals(intervals.Count);
            GateKernels.Intervals<double>(state.Values(plan, divider.Dimension.Key, start, count), cuts,
                perEvent.AsSpan(0, count));
            intervals[divider.Id] = (perEvent, cuts);
        }
        foreach (var quadrant in gate.Quadrants)
        {
            var region = OwnRegion(quadrant.Id, start, count, own, state);
            region.Fill(true);
            foreach (var (dividerId, location) in quadrant.Positions)
            {
                var (perEvent, cuts) = intervals[dividerId];
                var wanted = GateKernels.Interval(location, cuts);
                for (var i = 0; i < count; i++) region[i] &= perEvent[i] == wanted;
            }
        }
    }

    /// <summary>
    /// Per-thread buffers: one block of values per dimension key, reused for every block the thread runs.
    /// </summary>
    private sealed class BlockState : IDisposable
    {
        private readonly Dictionary<DimensionKey, (int Block, double[] Values)> _values = [];
        private readonly Dictionary<DimensionKey, (int Selection, double[] Values)> _gathered = [];
        private readonly List<int[]> _intervals = [];
        private readonly int[] _rows = new int[Block];
        private readonly bool[] _selected = new bool[Block];
        private readonly Dictionary<string, bool[]> _regions = new(StringComparer.Ordinal);
        private int _block = -1;
        private int _selection;

        public void Begin(int block) => _block = block;

        /// <summary>
        /// The absolute indices of the members of <paramref name="parent"/> (a block starting at
        /// <paramref name="start"/>) when they are few enough to be worth gathering (then <see cref="Rows"/>), else -1.
        /// </summary>
        public int Select(ReadOnlySpan<bool> parent, int start)
        {
            var members = parent.Count(true);
            if (members * 4 > parent.Length) return -1;
            var k = 0;
            for (var i = 0; i < parent.Length; i++)
                if (parent[i]) _rows[k++] = start + i;
            _selection++;
            return k;
        }

        public ReadOnlySpan<int> Rows(int count) => _rows.AsSpan(0, count);

        public Span<bool> Selected(int count) => _selected.AsSpan(0, count);

        /// <summary>The block buffer of the own region of a gate with a parent (reused for every block).</summary>
        public bool[] Region(string id)
        {
            if (!_regions.TryGetValue(id, out var region)) _regions[id] = region = new bool[Block];
            return region;
        }

        public ReadOnlySpan<double> Gathered(Plan plan, DimensionKey key, ReadOnlySpan<int> rows) =>
            GatheredMemory(plan, key, rows).Span;

        /// <summary>A dimension at the rows of the current selection, computed once per selection.</summary>
        public ReadOnlyMemory<double> GatheredMemory(Plan plan, DimensionKey key, ReadOnlySpan<int> rows)
        {
            if (_gathered.TryGetValue(key, out var cached) && cached.Selection == _selection)
                return cached.Values.AsMemory(0, rows.Length);
            var buffer = cached.Values ?? ArrayPool<double>.Shared.Rent(Block);
            plan.Columns[key].Fill(rows, buffer.AsSpan(0, rows.Length));
            _gathered[key] = (_selection, buffer);
            return buffer.AsMemory(0, rows.Length);
        }

        public ReadOnlySpan<double> Values(Plan plan, DimensionKey key, int start, int count) =>
            Memory(plan, key, start, count).Span;

        public ReadOnlyMemory<double> Memory(Plan plan, DimensionKey key, int start, int count)
        {
            if (_values.TryGetValue(key, out var cached) && cached.Block == _block)
                return cached.Values.AsMemory(0, count);
            var buffer = cached.Values ?? ArrayPool<double>.Shared.Rent(Block);
            plan.Columns[key].Fill(start, buffer.AsSpan(0, count));
            _values[key] = (_block, buffer);
            return buffer.AsMemory(0, count);
        }

        public int[] Intervals(int index)
        {
            while (_intervals.Count <= index) _intervals.Add(new int[Block]);
            return _intervals[index];
        }

        public void Dispose()
        {
            foreach (var (_, values) in _values.Values) ArrayPool<double>.Shared.Return(values);
            foreach (var (_, values) in _gathered.Values) ArrayPool<double>.Shared.Return(values);
            _values.Clear();
            _gathered.Clear();
        }
    }

    /// <summary>How each dimension is computed from the sample, resolved once before evaluation.</summary>
    private sealed class Plan(GatingStrategy strategy, FcsDataset sample)
    {
        private readonly Dictionary<string, ChannelColumn> _scaled = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Compensator?> _compensators = new(StringComparer.Ordinal);
        private readonly Dictionary<string, double[]> _inverses = new(StringComparer.Ordinal);
        private readonly Dictionary<QuadrantDivider, double[]> _cuts = new(ReferenceEqualityComparer.Instance);
        // Null for a sample read without events: such a plan only resolves columns (ParametersUsed), never fills.
        private readonly EventTable? _events = sample.Events;

        public GatingStrategy Strategy => strategy;

        public int EventCount => sample.EventCount;

        public Dictionary<DimensionKey, BlockColumn> Columns { get; } = [];

        /// <summary>Parameter indices of the channel columns resolved so far.</summary>
        public IEnumerable<int> ChannelIndices => _scaled.Values.Select(c => c.Index).Distinct();

        public BlockColumn Column(DimensionKey key, Gate gate)
        {
            if (Columns.TryGetValue(key, out var cached)) return cached;
            var values = key.Source switch
            {
                FcsDimension f => Compensated(f.Name, key.Compensation, gate),
                RatioDimension r => Ratio(r, key.Compensation, gate),
                _ => throw new GatingException("unknown dimension kind.", gate.Id, gate.Location),
            };
            if (key.TransformationId is { } t) values = new TransformedColumn(values, strategy.Transforms[t]);
            Columns[key] = values;
            return values;
        }

        public double[] InverseCovariance(EllipsoidGate e)
        {
            if (_inverses.TryGetValue(e.Id, out var cached)) return cached;
            try
            {
                return _inverses[e.Id] = DenseMatrix.Invert(e.Covariance, e.Axes.Count, "covariance matrix");
            }
            catch (CytometryException ex)
            {
                throw new GatingException(ex.Message, e.Id, e.Location, ex);
            }
        }

        public double[] Cuts(QuadrantDivider divider)
        {
            lock (_cuts)
            {
                if (!_cuts.TryGetValue(divider, out var cuts)) _cuts[divider] = cuts = divider.Values.Order().ToArray();
                return cuts;
            }
        }

        private BlockColumn Ratio(RatioDimension dimension, CompensationRef compensation, Gate gate)
        {
            var ratio = strategy.Ratios[dimension.RatioTransformationId];
            return new RatioColumn(Compensated(ratio.Numerator, compensation, gate),
                Compensated(ratio.Denominator, compensation, gate), ratio.Transform);
        }

        private BlockColumn Compensated(string name, CompensationRef compensation, Gate gate)
        {
            if (compensation.IsUncompensated) return Scaled(name, gate, compensation);
            var compensator = CompensatorFor(compensation, gate);
            var output = compensator is null ? -1 : IndexOf(compensator.Outputs, name);
            if (output < 0) return Scaled(name, gate, compensation);
            var detectors = compensator!.Detectors.Select(d => Scaled(d, gate, compensation)).ToArray();
            var matrix = compensator.UnmixingMatrix;
            var coefficients = new double[detectors.Length];
            for (var i = 0; i < coefficients.Length; i++)
                coefficients[i] = matrix[i * compensator.Outputs.Count + output];
            return new CompensatedColumn(detectors, coefficients);
        }

        private static int IndexOf(IReadOnlyList<string> names, string name)
        {
            for (var i = 0; i < names.Count; i++)
                if (string.Equals(names[i], name, StringComparison.Ordinal)) return i;
            return -1;
        }

        private Compensator? CompensatorFor(CompensationRef compensation, Gate gate)
        {
            if (_compensators.TryGetValue(compensation.MatrixId, out var cached)) return cached;
            // A file without spillover is used uncompensated (GatingML 2.0 §5.2: "FCS" means the file's own matrix, if
            // any).
            var compensator = compensation.IsFcs
                ? sample.Spillover is { } spill ? Create(spill, gate) : null
                : strategy.Compensators[compensation.MatrixId];
            _compensators[compensation.MatrixId] = compensator;
            return compensator;
        }

        private static Compensator Create(SpilloverMatrix spill, Gate gate)
        {
            try
            {
                return new Compensator(spill);
            }
            catch (CytometryException ex)
            {
                throw new GatingException($"the sample's spillover matrix cannot be used: {ex.Message}", gate.Id,
                    gate.Location, ex);
            }
        }

        private ChannelColumn Scaled(string name, Gate gate, CompensationRef compensation)
        {
            if (_scaled.TryGetValue(name, out var column)) return column;
            var index = sample.IndexOf(name);
            if (index < 0)
            {
                var hint = compensation.IsUncompensated
                    || compensation.IsFcs ? "" : $" (nor an output of matrix '{compensation.MatrixId}')";
                throw new GatingException(
                    $"dimension '{name}' is not a parameter of the sample{hint}; the sample has " +
                        $"{string.Join(", ", sample.Parameters.Select(p => p.Name))}.",
                    gate.Id, gate.Location);
            }
            // Same scaling as FcsDataset.ScaledColumn (gain, $PnE log amplification, time step).
            var scale = sample.IsScaled ? null
                : FcsScaling.For(sample.Parameters[index], sample.DataType, sample.Timestep, null);
            column = new ChannelColumn(_events!, index, scale);
            _scaled[name] = column;
            return column;
        }
    }

    /// <summary>A dimension computed one block at a time.</summary>
    private abstract class BlockColumn
    {
        public abstract void Fill(int start, Span<double> destination);

        /// <summary>
        /// The values at the given event indices (ascending), with the same arithmetic per event as the block fill.
        /// </summary>
        public abstract void Fill(ReadOnlySpan<int> rows, Span<double> destination);
    }

    /// <summary>A parameter's values widened to double and scaled to channel values.</summary>
    private sealed class ChannelColumn(EventTable events, int index, Func<double, double>? scale) : BlockColumn
    {
        public int Index => index;

        public override void Fill(int start, Span<double> destination)
        {
            if (events.IsDoublePrecision)
                events.DoubleColumn(index).Slice(start, destination.Length).CopyTo(destination);
            else TensorPrimitives.ConvertChecked<float, double>(events.SingleColumn(index)
                .Slice(start, destination.Length), destination);
            if (scale is null) return;
            for (var i = 0; i < destination.Length; i++) destination[i] = scale(destination[i]);
        }

        public override void Fill(ReadOnlySpan<int> rows, Span<double> destination)
        {
            if (events.IsDoublePrecision)
            {
                var column = events.DoubleColumn(index);
                for (var k = 0; k < rows.Length; k++) destination[k] = column[rows[k]];
            }
            else
            {
                var column = events.SingleColumn(index);
                for (var k = 0; k < rows.Length; k++) destination[k] = column[rows[k]];
            }
            if (scale is null) return;
            for (var i = 0; i < rows.Length; i++) destination[i] = scale(destination[i]);
        }
    }

    /// <summary>
    /// One compensated output: Σᵢ detectorᵢ × M[i, output] over one column of the unmixing matrix, in the
    /// operation order of <see cref="Compensator.Apply{T}"/> (multiply by the first, then multiply-add the rest,
    /// zero coefficients skipped) so results are bit-identical to it.
    /// </summary>
    private sealed class CompensatedColumn(ChannelColumn[] detectors, double[] coefficients) : BlockColumn
    {
        public override void Fill(int start, Span<double> destination)
        {
            var rented = ArrayPool<double>.Shared.Rent(destination.Length);
            var scratch = rented.AsSpan(0, destination.Length);
            detectors[0].Fill(start, scratch);
            TensorPrimitives.Multiply(scratch, coefficients[0], destination);
            for (var i = 1; i < detectors.Length; i++)
            {
                if (coefficients[i] == 0) continue;
                detectors[i].Fill(start, scratch);
                TensorPrimitives.MultiplyAdd(scratch, coefficients[i], destination, destination);
            }
            ArrayPool<double>.Shared.Return(rented);
        }

        public override void Fill(ReadOnlySpan<int> rows, Span<double> destination)
        {
            var rented = ArrayPool<double>.Shared.Rent(rows.Length);
            var scratch = rented.AsSpan(0, rows.Length);
            destination = destination[..rows.Length];
            detectors[0].Fill(rows, scratch);
            TensorPrimitives.Multiply(scratch, coefficients[0], destination);
            for (var i = 1; i < detectors.Length; i++)
            {
                if (coefficients[i] == 0) continue;
                detectors[i].Fill(rows, scratch);
                TensorPrimitives.MultiplyAdd(scratch, coefficients[i], destination, destination);
            }
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    private sealed class TransformedColumn(BlockColumn inner, ScaleTransform transform) : BlockColumn
    {
        public override void Fill(int start, Span<double> destination)
        {
            var rented = ArrayPool<double>.Shared.Rent(destination.Length);
            var scratch = rented.AsSpan(0, destination.Length);
            inner.Fill(start, scratch);
            transform.Apply(scratch, destination);
            ArrayPool<double>.Shared.Return(rented);
        }

        public override void Fill(ReadOnlySpan<int> rows, Span<double> destination)
        {
            var rented = ArrayPool<double>.Shared.Rent(rows.Length);
            var scratch = rented.AsSpan(0, rows.Length);
            inner.Fill(rows, scratch);
            transform.Apply(scratch, destination[..rows.Length]);
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    private sealed class RatioColumn(BlockColumn x, BlockColumn y, RatioTransform ratio) : BlockColumn
    {
        public override void Fill(int start, Span<double> destination)
        {
            var rented = ArrayPool<double>.Shared.Rent(destination.Length);
            var ys = rented.AsSpan(0, destination.Length);
            x.Fill(start, destination);
            y.Fill(start, ys);
            for (var i = 0; i < destination.Length; i++) destination[i] = ratio.Apply(destination[i], ys[i]);
            ArrayPool<double>.Shared.Return(rented);
        }

        public override void Fill(ReadOnlySpan<int> rows, Span<double> destination)
        {
            var rented = ArrayPool<double>.Shared.Rent(rows.Length);
            var ys = rented.AsSpan(0, rows.Length);
            x.Fill(rows, destination);
            y.Fill(rows, ys);
            for (var i = 0; i < rows.Length; i++) destination[i] = ratio.Apply(destination[i], ys[i]);
            ArrayPool<double>.Shared.Return(rented);
        }
    }
}

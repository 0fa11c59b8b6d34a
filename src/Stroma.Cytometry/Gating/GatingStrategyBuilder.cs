using Stroma.Cytometry.Compensation;
using Stroma.Cytometry.Transforms;

namespace Stroma.Cytometry.Gating;

/// <summary>
/// Collects gates, transformations and matrices, then validates everything at once (unique ids,
/// every reference resolvable, no cycles) and produces an immutable <see cref="GatingStrategy"/>.
/// </summary>
public sealed class GatingStrategyBuilder
{
    private readonly List<Gate> _gates = [];
    private readonly Dictionary<string, ScaleTransform> _transforms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RatioDefinition> _ratios = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SpectrumMatrix> _matrices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SourceLocation> _locations = new(StringComparer.Ordinal);

    /// <summary>Adds a gate.</summary>
    public GatingStrategyBuilder Add(Gate gate)
    {
        ArgumentNullException.ThrowIfNull(gate);
        _gates.Add(gate);
        return this;
    }

    /// <summary>Adds a scale transformation under <paramref name="id"/>.</summary>
    public GatingStrategyBuilder Add(string id, ScaleTransform transform, SourceLocation location = default)
    {
        AddId(id, location, "transformation");
        _transforms[id] = transform;
        return this;
    }

    /// <summary>Adds a ratio transformation under <paramref name="id"/>.</summary>
    public GatingStrategyBuilder Add(string id, RatioDefinition ratio, SourceLocation location = default)
    {
        AddId(id, location, "transformation");
        _ratios[id] = ratio;
        return this;
    }

    /// <summary>Adds a spectrum matrix.</summary>
    public GatingStrategyBuilder Add(SpectrumMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.Id is "FCS" or "uncompensated")
            throw new GatingException(
                $"'{matrix.Id}' is reserved for compensation references and cannot name a matrix.", matrix.Id,
                matrix.Location);
        AddId(matrix.Id, matrix.Location, "spectrum matrix");
        _matrices[matrix.Id] = matrix;
        return this;
    }

    private void AddId(string id, SourceLocation location, string what) => AddId(_locations, id, location, what);

    private static void AddId(Dictionary<string, SourceLocation> ids, string id, SourceLocation location, string what)
    {
        if (string.IsNullOrWhiteSpace(id)) throw new GatingException($"A {what} has no id.", null, location);
        if (ids.TryGetValue(id, out var first))
            throw new GatingException($"id is used twice (first at {first}).", id, location);
        ids[id] = location;
    }

    /// <summary>Validates and builds the strategy.</summary>
    public GatingStrategy Build()
    {
        var populations = new Dictionary<string, Gate>(StringComparer.Ordinal);
        var ids = new Dictionary<string, SourceLocation>(_locations, StringComparer.Ordinal);
        foreach (var gate in _gates)
        {
            AddId(ids, gate.Id, gate.Location, "gate");
            populations[gate.Id] = gate;
            if (gate is QuadrantGate q)
            {
                foreach (var quadrant in q.Quadrants)
                {
                    AddId(ids, quadrant.Id, gate.Location, "quadrant");
                    populations[quadrant.Id] = gate;
                }
                var dividerIds = new HashSet<string>(StringComparer.Ordinal);
                foreach (var divider in q.Dividers)
                {
                    if (!dividerIds.Add(divider.Id))
                        throw new GatingException($"divider id '{divider.Id}' is used twice.", gate.Id, gate.Location);
                    if (divider.Values.Count == 0)
                        throw new GatingException($"divider '{divider.Id}' has no value.", gate.Id, gate.Location);
                }
                foreach (var quadrant in q.Quadrants)
                    foreach (var (dividerId, _) in quadrant.Positions)
                        if (!dividerIds.Contains(dividerId))
                            throw new GatingException($"quadrant '{quadrant.Id}' refers to divider '{dividerId}', " +
                                $"which this quadrant gate does not define.", gate.Id, gate.Location);
            }
        }

        foreach (var gate in _gates)
        {
            if (gate.ParentId is { } parent && !populations.ContainsKey(parent))
                throw new GatingException($"parent gate '{parent}' does not exist.", gate.Id, gate.Location);
            foreach (var dimension in gate.Dimensions) CheckDimension(gate, dimension);
            CheckShape(gate);
            if (gate is BooleanGate b)
                foreach (var operand in b.Operands)
                    if (!populations.ContainsKey(operand.GateId))
                        throw new GatingException($"boolean gate refers to gate '{operand.GateId}', which does not " +
                            $"exist.", gate.Id, gate.Location);
        }

        var order = TopologicalOrder(populations);
        var compensators = _matrices.ToDictionary(m => m.Key, m => CreateCompensator(m.Value), StringComparer.Ordinal);
        return new GatingStrategy(_gates.ToArray(),
            new Dictionary<string, ScaleTransform>(_transforms, StringComparer.Ordinal),
            new Dictionary<string, RatioDefinition>(_ratios, StringComparer.Ordinal),
                new Dictionary<string, SpectrumMatrix>(_matrices, StringComparer.Ordinal),
            order, compensators);
    }

    private static Compensator CreateCompensator(SpectrumMatrix matrix)
    {
        try
        {
            return new Compensator(matrix.Fluorochromes, matrix.Detectors, matrix.Coefficients.ToArray(), matrix.Id);
        }
        catch (CytometryException ex)
        {
            throw new GatingException(ex.Message, matrix.Id, matrix.Location, ex);
        }
    }

    private void CheckDimension(Gate gate, GateDimension dimension)
    {
        var comp = dimension.Compensation;
        if (!comp.IsFcs && !comp.IsUncompensated && !_matrices.ContainsKey(comp.MatrixId))
            throw new GatingException($"compensation-ref '{comp.MatrixId}' names no spectrum matrix (nor FCS / " +
                $"uncompensated).", gate.Id, gate.Location);
        if (dimension.TransformationId is { } t && !_transforms.ContainsKey(t))
            throw new GatingException(_ratios.ContainsKey(t)
                ? $"transformation-ref '{t}' is a ratio; ratios are used through a new-dimension, not as a scale."
                : $"transformation-ref '{t}' names no transformation.", gate.Id, gate.Location);
        if (dimension.Source is RatioDimension r && !_ratios.ContainsKey(r.RatioTransformationId))
            throw new GatingException($"new-dimension refers to '{r.RatioTransformationId}', which is not an fratio " +
                $"transformation.", gate.Id, gate.Location);
        if (dimension.Source is FcsDimension f && string.IsNullOrWhiteSpace(f.Name))
            throw new GatingException("a dimension has no parameter name.", gate.Id, gate.Location);
        if (dimension is { Min: { } min, Max: { } max } && !(min <= max))
            throw new GatingException($"dimension min {min} is above max {max}.", gate.Id, gate.Location);
    }

    private static void CheckShape(Gate gate)
    {
        switch (gate)
        {
            case RectangleGate r when r.Bounds.Count == 0:
                throw new GatingException("rectangle gate has no dimension.", gate.Id, gate.Location);
            case RectangleGate r when r.Bounds.Any(b => b.Min is null && b.Max is null):
                throw new GatingException("every rectangle dimension needs a min, a max or both.", gate.Id,
                    gate.Location);
            case PolygonGate p when p.Vertices.Count < 3:
                throw new GatingException($"polygon gate has {p.Vertices.Count} vertices; at least 3 are needed.",
                    gate.Id, gate.Location);
            case EllipsoidGate e when e.Mean.Count != e.Axes.Count || e.Covariance.Count != e.Axes.Count * e.Axes.Count:
                throw new GatingException($"ellipsoid with {e.Axes.Count} dimensions needs {e.Axes.Count} mean " +
                    $"coordinates and a {e.Axes.Count}×{e.Axes.Count} covariance matrix.", gate.Id, gate.Location);
            case EllipsoidGate e when !(e.DistanceSquare > 0):
                throw new GatingException($"distanceSquare must be positive; {e.DistanceSquare} given.", gate.Id,
                    gate.Location);
            case BooleanGate { Operator: BooleanOperator.Not } b when b.Operands.Count != 1:
                throw new GatingException($"a 'not' gate takes exactly one operand; {b.Operands.Count} given.",
                    gate.Id, gate.Location);
            case BooleanGate b when b.Operator != BooleanOperator.Not && b.Operands.Count < 2:
                throw new GatingException($"an '{b.Operator.ToString().ToLowerInvariant()}' gate takes at least two " +
                    $"operands; {b.Operands.Count} given.", gate.Id, gate.Location);
        }
    }

    /// <summary>
    /// Longest chain of dependencies (parents and boolean operands) a strategy may have. Real gating
    /// trees are a few to a few dozen populations deep; a longer chain is a malformed or hostile document.
    /// </summary>
    public const int MaxDependencyDepth = 256;

    // Depth-first order over "depends on" edges (parent, boolean operands), with an explicit stack so a
    // long chain cannot exhaust the call stack; a back edge is a cycle.
    private List<string> TopologicalOrder(Dictionary<string, Gate> populations)
    {
        var order = new List<string>();
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 visiting, 2 done
        var depth = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<(Gate Gate, string[] Dependencies, int Next)>();

        foreach (var start in _gates)
        {
            if (state.ContainsKey(start.Id)) continue;
            Enter(start);
            while (path.Count > 0)
            {
                var (gate, dependencies, next) = path[^1];
                if (next < dependencies.Length)
                {
                    path[^1] = (gate, dependencies, next + 1);
                    var dependency = populations[dependencies[next]];
                    if (!state.TryGetValue(dependency.Id, out var s)) Enter(dependency);
                    else if (s == 1)
                    {
                        var cycle = path.Select(p => p.Gate.Id).SkipWhile(id => id != dependency.Id)
                            .Append(dependency.Id);
                        throw new GatingException($"gates depend on each other in a cycle: " +
                            $"{string.Join(" → ", cycle)}.", dependency.Id, dependency.Location);
                    }
                    continue;
                }
                path.RemoveAt(path.Count - 1);
                var own = 1 + dependencies.Select(d => depth[populations[d].Id]).DefaultIfEmpty(0).Max();
                if (own > MaxDependencyDepth)
                    throw new GatingException($"the chain of parents and operands is longer than " +
                        $"{MaxDependencyDepth} gates.", gate.Id, gate.Location);
                depth[gate.Id] = own;
                state[gate.Id] = 2;
                order.Add(gate.Id);
            }
        }
        return order;

        void Enter(Gate gate)
        {
            if (path.Count >= MaxDependencyDepth)
                throw new GatingException($"the chain of parents and operands is longer than {MaxDependencyDepth} " +
                    $"gates.", gate.Id, gate.Location);
            state[gate.Id] = 1;
            var dependencies = new List<string>();
            if (gate.ParentId is { } parent) dependencies.Add(parent);
            if (gate is BooleanGate b) dependencies.AddRange(b.Operands.Select(o => o.GateId));
            path.Add((gate, dependencies.ToArray(), 0));
        }
    }
}

namespace Stroma.Cytometry.Gating;

/// <summary>Which compensation a dimension uses (GatingML 2.0 <c>compensation-ref</c>).</summary>
/// <param name="MatrixId">"FCS" for the file's own spillover, "uncompensated", or the id of a spectrum matrix.</param>
public readonly record struct CompensationRef(string MatrixId)
{
    /// <summary>No compensation.</summary>
    public static CompensationRef Uncompensated { get; } = new("uncompensated");

    /// <summary>The spillover matrix declared in the FCS file.</summary>
    public static CompensationRef Fcs { get; } = new("FCS");

    /// <summary>True for "uncompensated".</summary>
    public bool IsUncompensated => string.Equals(MatrixId, "uncompensated", StringComparison.Ordinal);

    /// <summary>True for "FCS".</summary>
    public bool IsFcs => string.Equals(MatrixId, "FCS", StringComparison.Ordinal);

    /// <inheritdoc/>
    public override string ToString() => MatrixId;
}

/// <summary>A value axis: a measured parameter, or a new dimension computed by a ratio transformation.</summary>
public abstract record DimensionSource;

/// <summary>
/// An FCS parameter by name (<c>data-type:fcs-dimension</c>); after compensation, a fluorochrome name.
/// </summary>
/// <param name="Name">Parameter (or fluorochrome) name.</param>
public sealed record FcsDimension(string Name) : DimensionSource;

/// <summary>
/// A ratio of two parameters (<c>data-type:new-dimension</c> referring to an <c>fratio</c> transformation).
/// </summary>
/// <param name="RatioTransformationId">Id of the fratio transformation.</param>
public sealed record RatioDimension(string RatioTransformationId) : DimensionSource;

/// <summary>
/// A gate dimension: what is measured, how it is compensated and transformed, and its interval if any.
/// </summary>
/// <param name="Source">The parameter or ratio.</param>
/// <param name="Compensation">Compensation reference.</param>
/// <param name="TransformationId">Scale transformation applied after compensation, if any.</param>
/// <param name="Min">Inclusive lower bound (rectangle gates), null when open.</param>
/// <param name="Max">Exclusive upper bound (rectangle gates), null when open.</param>
public sealed record GateDimension(DimensionSource Source, CompensationRef Compensation,
    string? TransformationId = null, double? Min = null, double? Max = null)
{
    /// <summary>Key identifying the computed values of this dimension (bounds excluded).</summary>
    public DimensionKey Key => new(Source, Compensation, TransformationId);
}

/// <summary>Identity of a computed column: source, compensation and transformation.</summary>
/// <param name="Source">Parameter or ratio.</param>
/// <param name="Compensation">Compensation reference.</param>
/// <param name="TransformationId">Scale transformation, if any.</param>
public readonly record struct DimensionKey(DimensionSource Source, CompensationRef Compensation,
    string? TransformationId);

/// <summary>Where a gate came from in its source document (for messages).</summary>
/// <param name="File">Document name.</param>
/// <param name="Line">1-based line number, 0 when unknown.</param>
public readonly record struct SourceLocation(string? File, int Line)
{
    /// <inheritdoc/>
    public override string ToString() => Line > 0 ? $"{File ?? "GatingML"} line {Line}" : File ?? "GatingML";
}

/// <summary>
/// A gate of a gating strategy. Gates are immutable; events are evaluated by <see cref="GatingStrategy"/>.
/// </summary>
/// <param name="Id">Unique id.</param>
/// <param name="ParentId">Id of the parent gate (events must also be in it), if any.</param>
public abstract record Gate(string Id, string? ParentId)
{
    /// <summary>Display name (GatingML <c>gating:name</c>), if any.</summary>
    public string? Name { get; init; }

    /// <summary>Where the gate was defined.</summary>
    public SourceLocation Location { get; init; }

    /// <summary>Dimensions the gate reads (none for boolean gates).</summary>
    public abstract IReadOnlyList<GateDimension> Dimensions { get; }
}

/// <summary>
/// Hyper-rectangle; a one-dimensional rectangle is a range gate. Bounds: min ≤ x &lt; max, missing bounds are open.
/// </summary>
/// <param name="Id">Unique id.</param>
/// <param name="ParentId">Parent gate id.</param>
/// <param name="Bounds">One dimension per axis, each with its min and/or max.</param>
public sealed record RectangleGate(string Id, string? ParentId, IReadOnlyList<GateDimension> Bounds)
    : Gate(Id, ParentId)
{
    /// <inheritdoc/>
    public override IReadOnlyList<GateDimension> Dimensions => Bounds;
}

/// <summary>Polygon in two dimensions (closed automatically).</summary>
/// <param name="Id">Unique id.</param>
/// <param name="ParentId">Parent gate id.</param>
/// <param name="X">First dimension.</param>
/// <param name="Y">Second dimension.</param>
/// <param name="Vertices">Vertices in order.</param>
public sealed record PolygonGate(string Id, string? ParentId, GateDimension X, GateDimension Y,
    IReadOnlyList<(double X, double Y)> Vertices) : Gate(Id, ParentId)
{
    /// <inheritdoc/>
    public override IReadOnlyList<GateDimension> Dimensions => [X, Y];
}

/// <summary>n-dimensional ellipsoid: inside when (x − μ)ᵀ C⁻¹ (x − μ) ≤ distanceSquare.</summary>
/// <param name="Id">Unique id.</param>
/// <param name="ParentId">Parent gate id.</param>
/// <param name="Axes">Dimensions.</param>
/// <param name="Mean">Centre μ.</param>
/// <param name="Covariance">Covariance matrix C, row-major n×n.</param>
/// <param name="DistanceSquare">Squared Mahalanobis distance bound.</param>
public sealed record EllipsoidGate(string Id, string? ParentId, IReadOnlyList<GateDimension> Axes,
    IReadOnlyList<double> Mean, IReadOnlyList<double> Covariance, double DistanceSquare) : Gate(Id, ParentId)
{
    /// <inheritdoc/>
    public override IReadOnlyList<GateDimension> Dimensions => Axes;
}

/// <summary>A divider of a quadrant gate: one dimension cut at one or more values.</summary>
/// <param name="Id">Divider id.</param>
/// <param name="Dimension">The dimension divided.</param>
/// <param name="Values">Cut points (sorted ascending when evaluated).</param>
public sealed record QuadrantDivider(string Id, GateDimension Dimension, IReadOnlyList<double> Values);

/// <summary>One quadrant: for each divider it names, the interval containing <c>Location</c>.</summary>
/// <param name="Id">Quadrant id (addressable like a gate).</param>
/// <param name="Positions">Divider id → a location inside the wanted interval.</param>
public sealed record Quadrant(string Id, IReadOnlyList<(string DividerId, double Location)> Positions);

/// <summary>
/// Quadrant gate: dividers and the quadrants they define; each quadrant is reported as its own population.
/// </summary>
/// <param name="Id">Unique id.</param>
/// <param name="ParentId">Parent gate id.</param>
/// <param name="Dividers">Dividers.</param>
/// <param name="Quadrants">Quadrants.</param>
public sealed record QuadrantGate(string Id, string? ParentId, IReadOnlyList<QuadrantDivider> Dividers,
    IReadOnlyList<Quadrant> Quadrants) : Gate(Id, ParentId)
{
    /// <inheritdoc/>
    public override IReadOnlyList<GateDimension> Dimensions => Dividers.Select(d => d.Dimension).ToArray();
}

/// <summary>Boolean operator of a boolean gate.</summary>
public enum BooleanOperator
{
    /// <summary>All operands.</summary>
    And,
    /// <summary>Any operand.</summary>
    Or,
    /// <summary>Not the single operand.</summary>
    Not,
}

/// <summary>An operand of a boolean gate: a gate (or quadrant) id, optionally used as its complement.</summary>
/// <param name="GateId">Referenced gate or quadrant id.</param>
/// <param name="Complement">Use the events outside the referenced gate.</param>
public sealed record GateReference(string GateId, bool Complement = false);

/// <summary>Boolean combination of other gates.</summary>
/// <param name="Id">Unique id.</param>
/// <param name="ParentId">Parent gate id.</param>
/// <param name="Operator">and / or / not.</param>
/// <param name="Operands">Referenced gates.</param>
public sealed record BooleanGate(string Id, string? ParentId, BooleanOperator Operator,
    IReadOnlyList<GateReference> Operands) : Gate(Id, ParentId)
{
    /// <inheritdoc/>
    public override IReadOnlyList<GateDimension> Dimensions => [];
}

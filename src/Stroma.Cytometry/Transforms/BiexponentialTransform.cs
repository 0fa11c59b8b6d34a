namespace Stroma.Cytometry.Transforms;

/// <summary>
/// A member of the biexponential family — <see cref="LogicleTransform"/>, <see cref="HyperlogTransform"/>
/// and <see cref="FlowJoBiexTransform"/> — whose transform is the root of an explicit biexponential
/// function B: y = B⁻¹(x). <see cref="ScaleTransform.Apply(double)"/> solves B(y) = x to double precision
/// (Halley's method, as the reference implementations do); <see cref="ScaleTransform.Inverse(double)"/>
/// evaluates B in closed form. Negative data are mapped by odd symmetry about the scale position of zero.
/// </summary>
public abstract record BiexponentialTransform : ScaleTransform
{
    private readonly BiexponentialScale _scale;
    private readonly ScaleKernel _bulk;

    private protected BiexponentialTransform(string? id, BiexponentialScale scale) : base(id)
    {
        _scale = scale;
        _bulk = scale.CreateKernel();
    }

    /// <summary>The scale position of data value 0 (x1 in the Logicle papers).</summary>
    public double ZeroPosition => _scale.Zero;

    /// <summary>The numerical core (internal, for tests).</summary>
    internal BiexponentialScale Scale => _scale;

    private protected override ScaleKernel Bulk => _bulk;

    /// <inheritdoc/>
    public override double Apply(double x) => _scale.Solve(x);

    /// <inheritdoc/>
    public override double Inverse(double y) => _scale.Value(y);
}

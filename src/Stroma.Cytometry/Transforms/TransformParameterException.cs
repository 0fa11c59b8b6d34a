using System.Globalization;

namespace Stroma.Cytometry.Transforms;

/// <summary>
/// A transform was given a parameter value outside the range its definition allows (Gating-ML 2.0
/// states a constraint for every transformation parameter). Carries the transform, the parameter,
/// the offending value and the constraint, so a GatingML reader can report it against the XML
/// element that declared it.
/// </summary>
public sealed class TransformParameterException : CytometryException
{
    /// <summary>Creates the exception; the message is composed from the parts.</summary>
    /// <param name="transform">The Gating-ML element name of the transform (e.g. <c>logicle</c>).</param>
    /// <param name="parameter">The parameter name as written in Gating-ML (e.g. <c>W</c>).</param>
    /// <param name="value">The value that was given.</param>
    /// <param name="constraint">The constraint the value violates, in readable form (e.g. <c>0 ≤ W ≤ M/2 =
    /// 2.25</c>).</param>
    public TransformParameterException(string transform, string parameter, double value, string constraint)
        : base(Compose(transform, parameter, value, constraint))
    {
        Transform = transform;
        Parameter = parameter;
        Value = value;
        Constraint = constraint;
    }

    /// <summary>Creates the exception with only a message (for serializers and tests).</summary>
    public TransformParameterException(string message) : base(message)
    {
        Transform = Parameter = Constraint = "";
        Value = double.NaN;
    }

    /// <summary>Creates the exception with only a message and an inner error.</summary>
    public TransformParameterException(string message, Exception? innerException) : base(message, innerException)
    {
        Transform = Parameter = Constraint = "";
        Value = double.NaN;
    }

    /// <summary>Creates the exception with no message.</summary>
    public TransformParameterException() : this("Invalid transform parameter") { }

    /// <summary>
    /// The Gating-ML element name of the transform (<c>flin</c>, <c>logicle</c>, … or <c>biex</c>).
    /// </summary>
    public string Transform { get; }

    /// <summary>The offending parameter, named as in Gating-ML (<c>T</c>, <c>W</c>, <c>M</c>, <c>A</c>, …).</summary>
    public string Parameter { get; }

    /// <summary>The value that was given.</summary>
    public double Value { get; }

    /// <summary>The constraint the value violates.</summary>
    public string Constraint { get; }

    private static string Compose(string transform, string parameter, double value, string constraint) =>
        $"{transform} parameter {parameter} = {value.ToString("R", CultureInfo.InvariantCulture)} is out of range; " +
            $"expected {constraint}.";
}

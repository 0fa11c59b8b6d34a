using System.Globalization;
using Stroma.Cytometry.Transforms;

namespace Stroma.Cytometry.Formats.GatingMl;

/// <summary>
/// The one mapping between GatingML 2.0 transformation elements (flin, flog, fasinh, logicle, hyperlog)
/// and scale transforms, used both ways: reading creates, writing describes.
/// </summary>
internal static class TransformFactory
{
    public static ScaleTransform Create(string id, string kind, Func<string, double> parameter,
        Func<ScaleTransform> unknown) => kind switch
    {
        "flin" => new LinearTransform(id, parameter("T"), parameter("A")),
        "flog" => new LogTransform(id, parameter("T"), parameter("M")),
        "fasinh" => new AsinhTransform(id, parameter("T"), parameter("M"), parameter("A")),
        "logicle" => new LogicleTransform(id, parameter("T"), parameter("W"), parameter("M"), parameter("A")),
        "hyperlog" => new HyperlogTransform(id, parameter("T"), parameter("W"), parameter("M"), parameter("A")),
        _ => unknown(),
    };

    /// <summary>Element name and attributes (in GatingML order) of a transform, for writing.</summary>
    public static (string Kind,
        IReadOnlyList<(string Name, string Value)> Parameters) Describe(ScaleTransform transform) => transform switch
    {
        LinearTransform t => ("flin", [P("T", t.T), P("A", t.A)]),
        LogTransform t => ("flog", [P("T", t.T), P("M", t.M)]),
        AsinhTransform t => ("fasinh", [P("T", t.T), P("M", t.M), P("A", t.A)]),
        LogicleTransform t => ("logicle", [P("T", t.T), P("W", t.W), P("M", t.M), P("A", t.A)]),
        HyperlogTransform t => ("hyperlog", [P("T", t.T), P("W", t.W), P("M", t.M), P("A", t.A)]),
        _ => throw new NotSupportedException($"Transform {transform.GetType().Name} has no GatingML 2.0 form."),
    };

    public static (string Name, string Value) P(string name, double value) =>
        (name, value.ToString("R", CultureInfo.InvariantCulture));
}

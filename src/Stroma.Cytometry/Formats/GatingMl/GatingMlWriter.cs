using System.Globalization;
using System.Xml.Linq;
using Stroma.Cytometry.Gating;
using Stroma.IO;

namespace Stroma.Cytometry.Formats.GatingMl;

/// <summary>
/// Writes a <see cref="GatingStrategy"/> as a GatingML 2.0 document (transformations, spectrum matrices,
/// then gates in document order). Numbers use the shortest text that reads back identically, so
/// export → import reproduces the strategy exactly.
/// </summary>
public static class GatingMlWriter
{
    private static readonly XNamespace G = GatingMlNamespaces.Gating;
    private static readonly XNamespace T = GatingMlNamespaces.Transforms;
    private static readonly XNamespace D = GatingMlNamespaces.DataType;

    /// <summary>The document as XML text.</summary>
    public static string Write(GatingStrategy strategy) => ToDocument(strategy).ToString();

    /// <summary>Writes the document to a file (via a temporary file moved into place).</summary>
    public static void Write(GatingStrategy strategy, string path)
    {
        AtomicFile.Write(path, stream => ToDocument(strategy).Save(stream));
    }

    /// <summary>The document.</summary>
    public static XDocument ToDocument(GatingStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        var root = new XElement(G + "Gating-ML",
            new XAttribute(XNamespace.Xmlns + "gating", G.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "transforms", T.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "data-type", D.NamespaceName));

        foreach (var (id, transform) in strategy.Transforms)
        {
            var (kind, parameters) = TransformFactory.Describe(transform);
            root.Add(new XElement(T + "transformation", new XAttribute(T + "id", id),
                new XElement(T + kind, parameters.Select(p => new XAttribute(T + p.Name, p.Value)))));
        }
        foreach (var (id, ratio) in strategy.Ratios)
        {
            root.Add(new XElement(T + "transformation", new XAttribute(T + "id", id),
                new XElement(T + "fratio",
                    new XAttribute(T + "A", Num(ratio.Transform.A)), new XAttribute(T + "B", Num(ratio.Transform.B)),
                        new XAttribute(T + "C", Num(ratio.Transform.C)),
                    FcsName(ratio.Numerator), FcsName(ratio.Denominator))));
        }
        foreach (var matrix in strategy.Matrices.Values)
        {
            var d = matrix.Detectors.Count;
            root.Add(new XElement(T + "spectrumMatrix", new XAttribute(T + "id", matrix.Id),
                new XElement(T + "fluorochromes", matrix.Fluorochromes.Select(FcsName)),
                new XElement(T + "detectors", matrix.Detectors.Select(FcsName)),
                Enumerable.Range(0, matrix.Fluorochromes.Count).Select(r => new XElement(T + "spectrum",
                    Enumerable.Range(0, d).Select(c => new XElement(T + "coefficient",
                        new XAttribute(T + "value", Num(matrix.Coefficients[r * d + c]))))))));
        }
        foreach (var gate in strategy.Gates) root.Add(GateElement(gate));
        return new XDocument(new XDeclaration("1.0", "UTF-8", null), root);
    }

    private static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static XElement FcsName(string name) => new(D + "fcs-dimension", new XAttribute(D + "name", name));

    private static XElement GateElement(Gate gate)
    {
        var element = new XElement(G + (gate switch
        {
            RectangleGate => "RectangleGate",
            PolygonGate => "PolygonGate",
            EllipsoidGate => "EllipsoidGate",
            QuadrantGate => "QuadrantGate",
            _ => "BooleanGate",
        }), new XAttribute(G + "id", gate.Id));
        if (gate.ParentId is not null) element.Add(new XAttribute(G + "parent_id", gate.ParentId));
        if (gate.Name is not null) element.Add(new XAttribute(G + "name", gate.Name));

        switch (gate)
        {
            case RectangleGate r:
                element.Add(r.Bounds.Select(b => Dimension("dimension", b, withBounds: true)));
                break;
            case PolygonGate p:
                element.Add(Dimension("dimension", p.X, false), Dimension("dimension", p.Y, false));
                element.Add(p.Vertices.Select(v => new XElement(G + "vertex", Coordinate(v.X), Coordinate(v.Y))));
                break;
            case EllipsoidGate e:
                var n = e.Axes.Count;
                element.Add(e.Axes.Select(a => Dimension("dimension", a, false)));
                element.Add(new XElement(G + "mean", e.Mean.Select(Coordinate)));
                element.Add(new XElement(G + "covarianceMatrix",
                    Enumerable.Range(0, n).Select(r => new XElement(G + "row",
                    Enumerable.Range(0, n).Select(c =>
                        new XElement(G + "entry", new XAttribute(D + "value", Num(e.Covariance[r * n + c]))))))));
                element.Add(new XElement(G + "distanceSquare", new XAttribute(D + "value", Num(e.DistanceSquare))));
                break;
            case QuadrantGate q:
                foreach (var divider in q.Dividers)
                {
                    var d = Dimension("divider", divider.Dimension, false);
                    d.Add(new XAttribute(G + "id", divider.Id));
                    d.Add(divider.Values.Select(v => new XElement(G + "value", Num(v))));
                    element.Add(d);
                }
                element.Add(q.Quadrants.Select(x => new XElement(G + "Quadrant", new XAttribute(G + "id", x.Id),
                    x.Positions.Select(p => new XElement(G + "position", new XAttribute(G + "divider_ref",
                        p.DividerId), new XAttribute(G + "location", Num(p.Location)))))));
                break;
            case BooleanGate b:
                element.Add(new XElement(G + b.Operator.ToString().ToLowerInvariant(), b.Operands.Select(o =>
                {
                    var reference = new XElement(G + "gateReference", new XAttribute(G + "ref", o.GateId));
                    if (o.Complement) reference.Add(new XAttribute(G + "use-as-complement", "true"));
                    return reference;
                })));
                break;
        }
        return element;
    }

    private static XElement Coordinate(double v) => new(G + "coordinate", new XAttribute(D + "value", Num(v)));

    private static XElement Dimension(string elementName, GateDimension dimension, bool withBounds)
    {
        var element =
            new XElement(G + elementName, new XAttribute(G + "compensation-ref", dimension.Compensation.MatrixId));
        if (dimension.TransformationId is not null)
            element.Add(new XAttribute(G + "transformation-ref", dimension.TransformationId));
        if (withBounds && dimension.Min is { } min) element.Add(new XAttribute(G + "min", Num(min)));
        if (withBounds && dimension.Max is { } max) element.Add(new XAttribute(G + "max", Num(max)));
        element.Add(dimension.Source switch
        {
            FcsDimension f => FcsName(f.Name),
            RatioDimension r =>
                new XElement(D + "new-dimension", new XAttribute(D + "transformation-ref", r.RatioTransformationId)),
            _ => throw new NotSupportedException(),
        });
        return element;
    }
}

using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Stroma.Cytometry.Gating;
using Stroma.Cytometry.Transforms;

namespace Stroma.Cytometry.Formats.GatingMl;

/// <summary>XML namespaces of GatingML 2.0.</summary>
public static class GatingMlNamespaces
{
    /// <summary>Gates.</summary>
    public static readonly XNamespace Gating = "http://www.isac-net.org/std/Gating-ML/v2.0/gating";

    /// <summary>Transformations and spectrum matrices.</summary>
    public static readonly XNamespace Transforms = "http://www.isac-net.org/std/Gating-ML/v2.0/transformations";

    /// <summary>Data types (dimensions, values).</summary>
    public static readonly XNamespace DataType = "http://www.isac-net.org/std/Gating-ML/v2.0/datatypes";
}

/// <summary>
/// Reads GatingML 2.0 documents into a validated <see cref="GatingStrategy"/>. Every problem (bad XML,
/// unknown element, missing attribute, bad number, invalid transformation parameter, unknown reference,
/// cycle) becomes a <see cref="GatingException"/> with the element id and line number; nothing is
/// half-built.
/// </summary>
public static class GatingMlReader
{
    /// <summary>
    /// Bounds of an accepted document. Real GatingML documents (the ISAC compliance suite, FlowJo and
    /// FlowKit exports, Cytobank) hold tens to a few thousand gates, nest elements at most about eight
    /// levels and chain parents a few dozen deep; these limits are far above that and far below what
    /// would exhaust memory or the stack.
    /// </summary>
    public static class Limits
    {
        /// <summary>Most characters in a document (16 Mi).</summary>
        public const long MaxCharacters = 16L << 20;

        /// <summary>Deepest element nesting.</summary>
        public const int MaxDepth = 64;

        /// <summary>Most elements in a document.</summary>
        public const int MaxElements = 1_000_000;

        /// <summary>Most gates in a document.</summary>
        public const int MaxGates = 10_000;
    }

    private static readonly XmlLimits XmlBounds = new(Limits.MaxCharacters, Limits.MaxDepth, Limits.MaxElements);

    /// <summary>Reads a GatingML file.</summary>
    public static GatingStrategy Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = Path.GetFileName(path);
        return Parse(SafeXml.ReadFile(path, XmlBounds, Failure(name)), name);
    }

    /// <summary>Parses GatingML text; <paramref name="name"/> is used in messages.</summary>
    public static GatingStrategy Parse(string xml, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(xml);
        var document = SafeXml.Parse(xml, XmlBounds, Failure(name));
        return new Parser(name).Build(document);
    }

    private static Func<string, int, Exception?, Exception> Failure(string? name) =>
        (message, line, inner) => new GatingException(message, null, new SourceLocation(name, line), inner);

    private sealed class Parser(string? file)
    {
        private static readonly XNamespace G = GatingMlNamespaces.Gating;
        private static readonly XNamespace T = GatingMlNamespaces.Transforms;
        private static readonly XNamespace D = GatingMlNamespaces.DataType;

        private SourceLocation Where(XObject node) =>
            new(file, node is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : 0);

        public GatingStrategy Build(XDocument document)
        {
            var root = document.Root
                ?? throw new GatingException("the document is empty.", null, new SourceLocation(file, 0));
            if (root.Name.LocalName != "Gating-ML")
                throw new GatingException($"the root element is <{root.Name.LocalName}>; expected <gating:Gating-ML>.",
                    null, Where(root));
            var builder = new GatingStrategyBuilder();

            // Gates may sit below other wrapper elements (the suite wraps one in <sample>): search descendants.
            foreach (var element in root.Descendants())
            {
                if (element.Name == T + "transformation") AddTransformation(builder, element);
                else if (element.Name == T + "spectrumMatrix") builder.Add(ReadMatrix(element));
            }
            var gates = 0;
            foreach (var element in root.Descendants())
            {
                if (element.Name.Namespace != G) continue;
                Gate? gate = element.Name.LocalName switch
                {
                    "RectangleGate" => ReadRectangle(element),
                    "PolygonGate" => ReadPolygon(element),
                    "EllipsoidGate" => ReadEllipsoid(element),
                    "QuadrantGate" => ReadQuadrant(element),
                    "BooleanGate" => ReadBoolean(element),
                    _ => null,
                };
                if (gate is null) continue;
                if (++gates > Limits.MaxGates)
                    throw new GatingException($"the document has more than {Limits.MaxGates:N0} gates.", gate.Id,
                        gate.Location);
                builder.Add(gate);
            }
            return builder.Build();
        }

        private static string? Attr(XElement e, XNamespace ns, string name) =>
            (e.Attribute(ns + name) ?? e.Attribute(name))?.Value;

        private string RequireAttr(XElement e, XNamespace ns, string name, string? id) =>
            Attr(e, ns, name)
                ?? throw new GatingException($"<{e.Name.LocalName}> lacks the required attribute " +
                $"{ns.NamespaceName.Split('/').Last()}:{name}.", id, Where(e));

        private double Number(string text, XElement e, string what, string? id) =>
            double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
                && !double.IsNaN(v)
                ? v
                : throw new GatingException($"{what} '{text}' is not a number.", id, Where(e));

        private double? OptionalNumber(XElement e, XNamespace ns, string name, string? id) =>
            Attr(e, ns, name) is { } s ? Number(s, e, $"{name}", id) : null;

        private T Located<T>(T gate, XElement e) where T : Gate =>
            gate with { Name = Attr(e, G, "name"), Location = Where(e) };

        private void AddTransformation(GatingStrategyBuilder builder, XElement element)
        {
            var id = RequireAttr(element, T, "id", null);
            var body = element.Elements().FirstOrDefault(x => x.Name.Namespace == T)
                ?? throw new GatingException("transformation has no formula element (flin, flog, fasinh, logicle, " +
                    "hyperlog or fratio).", id, Where(element));
            double P(string name) => Number(RequireAttr(body, T, name, id), body, $"parameter {name}", id);
            try
            {
                switch (body.Name.LocalName)
                {
                    case "fratio":
                        var dims = body.Elements(D + "fcs-dimension").Select(d => RequireAttr(d, D, "name", id))
                            .ToArray();
                        if (dims.Length != 2)
                            throw new GatingException($"fratio needs exactly two fcs-dimension elements; " +
                            $"{dims.Length} given.", id, Where(body));
                        builder.Add(id, new RatioDefinition(new RatioTransform(id, P("A"), P("B"), P("C")), dims[0],
                            dims[1]), Where(element));
                        return;
                    default:
                        builder.Add(id,
                            TransformFactory.Create(id, body.Name.LocalName, P, () => throw new GatingException(
                            $"unknown transformation <{body.Name.LocalName}>; expected flin, flog, fasinh, logicle, " +
                                $"hyperlog or fratio.", id, Where(body))), Where(element));
                        return;
                }
            }
            catch (GatingException)
            {
                throw;
            }
            catch (Exception ex) when (ex is CytometryException or ArgumentException)
            {
                throw new GatingException($"invalid {body.Name.LocalName} parameters: {ex.Message}", id, Where(body),
                    ex);
            }
        }

        private SpectrumMatrix ReadMatrix(XElement element)
        {
            var id = RequireAttr(element, T, "id", null);
            var fluorochromes = Names(element.Element(T + "fluorochromes"), id, element);
            var detectors = Names(element.Element(T + "detectors"), id, element);
            var spectra = element.Elements(T + "spectrum").ToList();
            if (spectra.Count != fluorochromes.Length)
                throw new GatingException($"spectrum matrix has {fluorochromes.Length} fluorochromes but " +
                    $"{spectra.Count} spectrum rows.", id, Where(element));
            var coefficients = new List<double>();
            foreach (var row in spectra)
            {
                var values = row.Elements(T + "coefficient")
                    .Select(c => Number(RequireAttr(c, T, "value", id), c, "coefficient", id)).ToList();
                if (values.Count != detectors.Length)
                    throw new GatingException($"a spectrum row has {values.Count} coefficients; expected one per " +
                        $"detector ({detectors.Length}).", id, Where(row));
                coefficients.AddRange(values);
            }
            var matrix = new SpectrumMatrix(id, fluorochromes, detectors, coefficients) { Location = Where(element) };
            if (string.Equals(Attr(element, T, "matrix-inverted-already"), "true", StringComparison.OrdinalIgnoreCase))
                throw new GatingException("matrix-inverted-already=\"true\" (a compensation rather than spectrum " +
                    "matrix) is not supported; give the spillover spectra.", id, Where(element));
            return matrix;
        }

        private string[] Names(XElement? list, string id, XElement owner)
        {
            if (list is null)
                throw new GatingException("spectrum matrix lacks <fluorochromes> or <detectors>.", id, Where(owner));
            return list.Elements(D + "fcs-dimension").Select(d => RequireAttr(d, D, "name", id)).ToArray();
        }

        private GateDimension ReadDimension(XElement element, string id, bool bounds)
        {
            var compensation = new CompensationRef(Attr(element, G, "compensation-ref") ?? "uncompensated");
            var transformation = Attr(element, G, "transformation-ref");
            DimensionSource source;
            if (element.Element(D + "fcs-dimension") is { } fcs)
                source = new FcsDimension(RequireAttr(fcs, D, "name", id));
            else if (element.Element(D + "new-dimension") is { } nd)
                source = new RatioDimension(RequireAttr(nd, D, "transformation-ref", id));
            else throw new GatingException($"<{element.Name.LocalName}> has neither fcs-dimension nor new-dimension.",
                id, Where(element));
            return new GateDimension(source, compensation, transformation,
                bounds ? OptionalNumber(element, G, "min", id) : null,
                    bounds ? OptionalNumber(element, G, "max", id) : null);
        }

        private string GateId(XElement e) => RequireAttr(e, G, "id", null);

        private RectangleGate ReadRectangle(XElement e)
        {
            var id = GateId(e);
            var dims = e.Elements(G + "dimension").Select(d => ReadDimension(d, id, bounds: true)).ToArray();
            return Located(new RectangleGate(id, Attr(e, G, "parent_id"), dims), e);
        }

        private PolygonGate ReadPolygon(XElement e)
        {
            var id = GateId(e);
            var dims = e.Elements(G + "dimension").Select(d => ReadDimension(d, id, bounds: false)).ToArray();
            if (dims.Length != 2)
                throw new GatingException($"polygon gate needs exactly 2 dimensions; {dims.Length} given.", id,
                Where(e));
            var vertices = e.Elements(G + "vertex").Select(v =>
            {
                var c = Coordinates(v, id);
                return c.Length == 2 ? (c[0], c[1])
                    : throw new GatingException($"a vertex has {c.Length} coordinates; expected 2.", id, Where(v));
            }).ToArray();
            return Located(new PolygonGate(id, Attr(e, G, "parent_id"), dims[0], dims[1], vertices), e);
        }

        private double[] Coordinates(XElement e, string id) =>
            e.Elements(G + "coordinate").Select(c => Number(RequireAttr(c, D, "value", id), c, "coordinate", id))
                .ToArray();

        private EllipsoidGate ReadEllipsoid(XElement e)
        {
            var id = GateId(e);
            var dims = e.Elements(G + "dimension").Select(d => ReadDimension(d, id, bounds: false)).ToArray();
            var mean = Coordinates(e.Element(G + "mean")
                ?? throw new GatingException("ellipsoid gate lacks <mean>.", id, Where(e)), id);
            var covariance = (e.Element(G + "covarianceMatrix")
                ?? throw new GatingException("ellipsoid gate lacks <covarianceMatrix>.", id, Where(e)))
                .Elements(G + "row").SelectMany(r => r.Elements(G + "entry")
                    .Select(x => Number(RequireAttr(x, D, "value", id), x, "covariance entry", id))).ToArray();
            var distance = e.Element(G + "distanceSquare") is { } ds
                ? Number(RequireAttr(ds, D, "value", id), ds, "distanceSquare", id)
                : throw new GatingException("ellipsoid gate lacks <distanceSquare>.", id, Where(e));
            return Located(new EllipsoidGate(id, Attr(e, G, "parent_id"), dims, mean, covariance, distance), e);
        }

        private QuadrantGate ReadQuadrant(XElement e)
        {
            var id = GateId(e);
            var dividers = e.Elements(G + "divider").Select(d => new QuadrantDivider(
                RequireAttr(d, G, "id", id), ReadDimension(d, id, bounds: false),
                d.Elements(G + "value").Select(v => Number(v.Value, v, "divider value", id)).ToArray())).ToArray();
            var quadrants = e.Elements(G + "Quadrant").Select(q => new Quadrant(
                RequireAttr(q, G, "id", id),
                q.Elements(G + "position").Select(p => (RequireAttr(p, G, "divider_ref", id),
                    Number(RequireAttr(p, G, "location", id), p, "location", id))).ToArray())).ToArray();
            return Located(new QuadrantGate(id, Attr(e, G, "parent_id"), dividers, quadrants), e);
        }

        private BooleanGate ReadBoolean(XElement e)
        {
            var id = GateId(e);
            var op = e.Elements().FirstOrDefault(x => x.Name == G + "and" || x.Name == G + "or" || x.Name == G + "not")
                ?? throw new GatingException("boolean gate has no <and>, <or> or <not>.", id, Where(e));
            var kind = op.Name.LocalName switch { "and" => BooleanOperator.And, "or" => BooleanOperator.Or,
                _ => BooleanOperator.Not };
            var operands = op.Elements(G + "gateReference").Select(r => new GateReference(
                RequireAttr(r, G, "ref", id),
                string.Equals(Attr(r, G, "use-as-complement"), "true", StringComparison.OrdinalIgnoreCase))).ToArray();
            return Located(new BooleanGate(id, Attr(e, G, "parent_id"), kind, operands), e);
        }
    }
}

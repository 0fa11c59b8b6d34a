using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Stroma.Cytometry.Formats.GatingMl;
using Stroma.Cytometry.Gating;
using Stroma.Cytometry.Transforms;

namespace Stroma.Cytometry.Formats.FlowJo;

/// <summary>Per-call state of <see cref="FlowJoReader"/>: one workspace document to model.</summary>
/// <remarks>
/// Schema as FlowJo 10 writes it (FlowJo's workspace documentation; FlowKit's <c>wsp_utils</c> as a second
/// reading): <c>Workspace/Groups/GroupNode/Group/SampleRefs/SampleRef@sampleID</c>;
/// <c>Workspace/SampleList/Sample</c> holding <c>DataSet@uri</c>, <c>Transformations</c> (one GatingML-namespaced
/// transform per parameter), <c>Keywords/Keyword@name,@value</c>, an optional <c>transforms:spilloverMatrix</c>
/// and <c>SampleNode</c> whose <c>Subpopulations</c> nest <c>Population</c> (with one <c>Gate</c> holding a
/// GatingML 2.0 gate) and <c>AndNode</c>/<c>OrNode</c>/<c>NotNode</c> (with <c>Dependents/Dependent@name</c>).
/// FlowJo stores gate coordinates in data (untransformed, compensated) units, except ellipses, which it
/// stores in its 256×256 display grid of the transformed axes.
/// </remarks>
internal sealed class FlowJoReaderCore(string? file)
{
    private static readonly XNamespace G = GatingMlNamespaces.Gating;
    private static readonly XNamespace T = GatingMlNamespaces.Transforms;
    private static readonly XNamespace D = GatingMlNamespaces.DataType;
    private const string GatingMl15 = "http://www.isac-net.org/std/Gating-ML/v1.5/gating";

    // FlowJo's default prefix of compensated parameters (FlowJo 10 documentation, "Compensation").
    private const string DefaultPrefix = "Comp-";

    // FlowJo draws ellipses on a 256-channel display grid of each transformed axis (FlowJo stores
    // EllipsoidGate foci and edge points in that grid; FlowKit's WSPEllipsoidGate reads them the same way).
    private const double DisplayGrid = 256;

    private string? File => file;

    public FlowJoWorkspace Read(XDocument document)
    {
        var root = document.Root ?? throw Error("the document is empty.", null);
        if (root.Name.LocalName != "Workspace")
            throw Error($"the root element is <{root.Name.LocalName}>; expected <Workspace> (a FlowJo workspace).",
                root);
        if (root.DescendantsAndSelf().Any(e => e.Name.NamespaceName == GatingMl15))
            throw Error("the workspace uses Gating-ML 1.5 gates (FlowJo 9 and earlier); save it from FlowJo 10 " +
                "(Gating-ML 2.0).", root);
        var version = (string?)root.Attribute("version") ?? "";
        var groups = root.Element("Groups")?.Elements("GroupNode").Select(ReadGroup).ToArray() ?? [];
        var sampleList = root.Element("SampleList") ?? throw Error("the workspace has no <SampleList>.", root);
        var samples = sampleList.Elements("Sample").Select(ReadSample).ToArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sample in samples)
            if (!seen.Add(sample.Id)) throw Error($"sample id '{sample.Id}' is used twice.", sampleList);
        return new FlowJoWorkspace(file, version, (string?)root.Attribute("flowJoVersion"), groups, samples);
    }

    private FlowJoWorkspaceException Error(string message, XObject? where, Exception? inner = null) =>
        new(message, file,
            where is XElement e ? Prefixed(e) : where is XAttribute a ? a.Parent is { } p ? Prefixed(p) : null : null,
            where is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : 0, inner);

    private static string Prefixed(XElement e)
    {
        var prefix = e.GetPrefixOfNamespace(e.Name.Namespace);
        return string.IsNullOrEmpty(prefix) ? e.Name.LocalName : $"{prefix}:{e.Name.LocalName}";
    }

    private static int Line(XObject e) => e is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : 0;

    private static string? Attr(XElement e, XNamespace ns, string name) =>
        (e.Attribute(ns + name) ?? e.Attribute(name))?.Value;

    private string Require(XElement e, XNamespace ns, string name) =>
        Attr(e, ns, name) ?? throw Error($"lacks the attribute {name}.", e);

    private double Number(string text, XElement e, string what)
    {
        if (double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            && double.IsFinite(v)) return v;
        throw Error($"{what} '{text}' is not a finite number.", e);
    }

    private FlowJoGroup ReadGroup(XElement node)
    {
        var name = (string?)node.Attribute("name") ?? throw Error("a group has no name.", node);
        var ids = node.Element("Group")?.Element("SampleRefs")?.Elements("SampleRef")
            .Select(r => (string?)r.Attribute("sampleID") ?? throw Error("a sample reference has no sampleID.", r))
                .ToArray() ?? [];
        return new FlowJoGroup(name, ids);
    }

    private FlowJoSample ReadSample(XElement sample)
    {
        var node = sample.Element("SampleNode") ?? throw Error("the sample has no <SampleNode>.", sample);
        var dataSet = sample.Element("DataSet");
        var id = (string?)node.Attribute("sampleID") ?? (string?)dataSet?.Attribute("sampleID")
            ?? throw Error("the sample has no sampleID.", node);
        var name = (string?)node.Attribute("name") ?? throw Error("the sample node has no name.", node);
        var uri = (string?)dataSet?.Attribute("uri");
        var keywords = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var k in sample.Element("Keywords")?.Elements("Keyword") ?? [])
            keywords[(string?)k.Attribute("name") ?? throw Error("a keyword has no name.", k)] =
                (string?)k.Attribute("value") ?? "";
        var fileName = FileNameOf(uri) ?? (keywords.TryGetValue("$FIL", out var fil) && fil.Length > 0 ? fil : name);

        var builder = new GatingStrategyBuilder();
        var compensation = ReadCompensation(sample, builder);
        var transforms = new List<FlowJoTransform>();
        var scales = new Dictionary<string, Axis>(StringComparer.Ordinal);
        foreach (var element in sample.Element("Transformations")?.Elements() ?? [])
        {
            var (info, axis) = ReadTransform(element, builder, scales.Count);
            transforms.Add(info);
            scales[info.Parameter] = axis;
        }

        var populations = new SampleTree(this, compensation, scales, builder);
        if (node.Element("Subpopulations") is { } subpopulations) populations.Read(subpopulations, null, null, 1);
        populations.ResolveBooleans();
        GatingStrategy strategy;
        try
        {
            strategy = builder.Build();
        }
        catch (GatingException ex)
        {
            throw Error($"sample '{name}': {ex.Message}", node, ex);
        }
        var count = (string?)node.Attribute("count") is { } c
            && int.TryParse(c, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : (int?)null;
        return new FlowJoSample(id, name, uri, fileName, keywords, count, compensation, transforms,
            populations.Populations, strategy);
    }

    /// <summary>
    /// The last path segment of a <c>DataSet</c> URI, percent-decoded (FlowJo writes <c>file:</c> URIs).
    /// </summary>
    internal static string? FileNameOf(string? uri)
    {
        if (string.IsNullOrWhiteSpace(uri)) return null;
        var text = uri;
        try
        {
            text = Uri.UnescapeDataString(uri);
        }
        catch (UriFormatException)
        {
            // keep the text as written
        }
        var cut = text.LastIndexOfAny(['/', '\\']);
        var name = cut >= 0 ? text[(cut + 1)..] : text.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
            ? text[5..] : text;
        return name.Length == 0 ? null : name;
    }

    private FlowJoCompensation ReadCompensation(XElement sample, GatingStrategyBuilder builder)
    {
        var matrices = sample.Elements(T + "spilloverMatrix").ToArray();
        if (matrices.Length == 0)
            return new FlowJoCompensation(FlowJoCompensationKind.None, null, DefaultPrefix, "", null);
        if (matrices.Length > 1)
            throw Error("a sample has more than one spillover matrix; FlowJo applies one per sample.", matrices[1]);
        var m = matrices[0];
        var name = Attr(m, T, "name") ?? Attr(m, T, "id") ?? "workspace matrix";
        var prefix = Attr(m, T, "prefix") ?? DefaultPrefix;
        var suffix = Attr(m, T, "suffix") ?? "";
        var detectors =
            (m.Element(D + "parameters") ?? throw Error("the spillover matrix has no <data-type:parameters>.", m))
            .Elements(D + "parameter").Select(p => Require(p, D, "name")).ToArray();
        if (detectors.Length == 0) throw Error("the spillover matrix lists no parameters.", m);
        if (detectors.Distinct(StringComparer.Ordinal).Count() != detectors.Length)
            throw Error("the spillover matrix lists a parameter twice.", m);
        var fluorochromes = new List<string>();
        var coefficients = new List<double>();
        foreach (var row in m.Elements(T + "spillover"))
        {
            fluorochromes.Add(Require(row, D, "parameter"));
            var values = new double[detectors.Length];
            var seen = new bool[detectors.Length];
            var cells = row.Elements(T + "coefficient").ToArray();
            if (cells.Length != detectors.Length)
                throw Error($"a spillover row has {cells.Length} coefficients; expected one per parameter " +
                    $"({detectors.Length}).", row);
            for (var i = 0; i < cells.Length; i++)
            {
                // Coefficients name their detector; a row without names is in parameter order.
                var target = Attr(cells[i], D, "parameter");
                var column = target is null ? i : Array.IndexOf(detectors, target);
                if (column < 0 || seen[column])
                    throw Error($"coefficient for '{target}' names no listed parameter, or repeats one.", cells[i]);
                seen[column] = true;
                values[column] = Number(Require(cells[i], T, "value"), cells[i], "coefficient");
            }
            coefficients.AddRange(values);
        }
        if (fluorochromes.Count == 0) throw Error("the spillover matrix has no <transforms:spillover> rows.", m);
        var kind = name.Contains("acquisition", StringComparison.OrdinalIgnoreCase)
            ? FlowJoCompensationKind.AcquisitionDefined : FlowJoCompensationKind.Workspace;
        var matrix = new SpectrumMatrix(Sanitize("comp", name, 0), fluorochromes, detectors,
            coefficients) { Location = new SourceLocation(file, Line(m)) };
        try
        {
            builder.Add(matrix);
        }
        catch (GatingException ex)
        {
            throw Error(ex.Message, m, ex);
        }
        return new FlowJoCompensation(kind, name, prefix, suffix, matrix);
    }

    /// <summary>How coordinates of one parameter map to the gate's space.</summary>
    /// <param name="TransformId">Strategy transform id, null to gate in data units.</param>
    /// <param name="Scale">Data value → gate coordinate.</param>
    /// <param name="Display">Fraction of FlowJo's display axis (0–1) → gate coordinate.</param>
    /// <param name="Floor">Data value FlowJo clamps smaller values to (log axes), if any.</param>
    internal sealed record Axis(string? TransformId, Func<double, double> Scale, Func<double, double> Display,
        double? Floor = null);

    private (FlowJoTransform, Axis) ReadTransform(XElement element, GatingStrategyBuilder builder, int index)
    {
        var kind = element.Name.LocalName;
        var parameter = element.Element(D + "parameter") is { } p ? Require(p, D, "name")
            : throw Error("the transform names no <data-type:parameter>.", element);
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var a in element.Attributes().Where(a => a.Name.Namespace == T || a.Name.Namespace == XNamespace.None))
            if (double.TryParse(a.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
                && double.IsFinite(v)) values[a.Name.LocalName] = v;
        double P(string name, double? fallback = null) =>
            values.TryGetValue(name, out var v) ? v
                : fallback ?? throw Error($"the {kind} transform of '{parameter}' lacks {name}.", element);
        var id = Sanitize("xf", parameter, index);
        ScaleTransform? transform;
        Axis axis;
        try
        {
            switch (kind)
            {
                case "linear":
                {
                    // A linear display maps [minRange, maxRange] to the axis. Gates on a linear axis are evaluated in
                    // data units: per-axis affine maps change neither rectangle nor polygon membership, and GatingML
                    // flin cannot express minRange > 0.
                    var min = P("minRange", 0);
                    var max = P("maxRange");
                    if (!(max > min))
                        throw Error($"linear transform of '{parameter}': maxRange {max} must exceed minRange {min}.",
                        element);
                    transform = null;
                    axis = new Axis(null, x => x, f => min + f * (max - min));
                    break;
                }
                case "log":
                {
                    // FlowJo log: (log10(x) − log10(offset)) / decades, which is GatingML flog with
                    // T = offset·10^decades and M = decades (Gating-ML 2.0 §6.2).
                    var offset = P("offset", 1);
                    var decades = P("decades", 4.5);
                    var log = new LogTransform(id, offset * Math.Pow(10, decades), decades);
                    transform = log;
                    axis = new Axis(id, x => log.Apply(Math.Max(x, offset)), f => f, offset);
                    break;
                }
                case "biex":
                {
                    // FlowJo biex output is in channels 0–4096, the display grid spans the same range.
                    var biex = new FlowJoBiexTransform(id, P("neg", 0), P("width", -10), P("pos", 4.418540),
                        P("maxRange", 262144));
                    transform = biex;
                    axis = new Axis(id, biex.Apply, f => f * biex.ChannelRange);
                    break;
                }
                case "fasinh":
                {
                    // FlowJo's arcsinh carries GatingML's T, M, A (plus display-only length, maxRange, W).
                    var asinh = new AsinhTransform(id, P("T"), P("M"), P("A", 0));
                    transform = asinh;
                    axis = new Axis(id, asinh.Apply, f => f);
                    break;
                }
                case "logicle":
                {
                    var logicle = new LogicleTransform(id, P("T"), P("W"), P("M"), P("A", 0));
                    transform = logicle;
                    axis = new Axis(id, logicle.Apply, f => f);
                    break;
                }
                case "hyperlog":
                {
                    var hyperlog = new HyperlogTransform(id, P("T"), P("W"), P("M"), P("A", 0));
                    transform = hyperlog;
                    axis = new Axis(id, hyperlog.Apply, f => f);
                    break;
                }
                default:
                    throw Error($"transform <{kind}> of '{parameter}' is not supported; expected linear, log, biex, " +
                        $"fasinh, logicle or hyperlog.", element);
            }
        }
        catch (TransformParameterException ex)
        {
            throw Error($"{kind} transform of '{parameter}': {ex.Message}", element, ex);
        }
        if (transform is not null)
        {
            try
            {
                builder.Add(id, transform, new SourceLocation(file, Line(element)));
            }
            catch (GatingException ex)
            {
                throw Error(ex.Message, element, ex);
            }
        }
        return (new FlowJoTransform(parameter, kind, values), axis);
    }

    /// <summary>An NCName (GatingML ids are xs:ID) made from a name, unique by its index.</summary>
    internal static string Sanitize(string prefix, string name, int index)
    {
        var text = new StringBuilder(prefix).Append(index.ToString(CultureInfo.InvariantCulture)).Append('_');
        foreach (var c in name.Length > 48 ? name[..48] : name)
            text.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_');
        return text.ToString();
    }

    /// <summary>Reads one sample's population tree into gates.</summary>
    private sealed class SampleTree(FlowJoReaderCore reader, FlowJoCompensation compensation,
        Dictionary<string, Axis> axes, GatingStrategyBuilder builder)
    {
        private readonly List<FlowJoPopulation> _populations = [];
        private readonly List<(FlowJoPopulation Population, XElement Element, string? ParentGate,
            string?[] Dependents)> _booleans = [];
        private readonly Dictionary<string, FlowJoPopulation> _byRawPath = new(StringComparer.Ordinal);
        private readonly Dictionary<string, FlowJoPopulation> _byPath = new(StringComparer.Ordinal);

        public IReadOnlyList<FlowJoPopulation> Populations => _populations;

        // Recursion is bounded: the element depth was checked while loading, and population depth here.
        public void Read(XElement subpopulations, string? parentPath, string? parentGate, int depth)
        {
            if (depth > FlowJoReader.Limits.MaxPopulationDepth)
                throw reader.Error($"populations nest deeper than {FlowJoReader.Limits.MaxPopulationDepth} levels.",
                    subpopulations);
            foreach (var element in subpopulations.Elements())
            {
                var op = element.Name.LocalName switch
                {
                    "Population" => (BooleanOperator?)null,
                    "AndNode" => BooleanOperator.And,
                    "OrNode" => BooleanOperator.Or,
                    "NotNode" => BooleanOperator.Not,
                    _ => (BooleanOperator?)(-1),
                };
                if (op is (BooleanOperator)(-1)) continue;
                if (_populations.Count >= FlowJoReader.Limits.MaxPopulationsPerSample)
                    throw reader.Error($"the sample has more than {FlowJoReader.Limits.MaxPopulationsPerSample:N0} " +
                        $"populations.", element);
                var name = (string?)element.Attribute("name")
                    ?? throw reader.Error("the population has no name.", element);
                var path = FlowJoPath.Child(parentPath, name);
                if (_byPath.ContainsKey(path))
                    throw reader.Error($"population '{path}' appears twice under the same parent.", element);
                var gateId = Sanitize("g", name, _populations.Count);
                var count = (string?)element.Attribute("count") is { } c && int.TryParse(c, NumberStyles.Integer,
                    CultureInfo.InvariantCulture, out var n) && n > 0 ? n : (int?)null;
                FlowJoPopulation population;
                if (op is { } boolean)
                {
                    var dependents = element.Element("Dependents")?.Elements("Dependent")
                        .Select(d => (string?)d.Attribute("name")).ToArray() ?? [];
                    population = new FlowJoPopulation(name, path, gateId, parentPath, "BooleanGate", [], count,
                        Line(element)) { Operator = boolean };
                    _booleans.Add((population, element, parentGate, dependents));
                }
                else
                {
                    population = ReadGatedPopulation(element, name, path, gateId, parentPath, parentGate, count);
                }
                _populations.Add(population);
                _byPath[path] = population;
                _byRawPath.TryAdd(RawPath(path), population);
                if (element.Element("Subpopulations") is { } children) Read(children, path, gateId, depth + 1);
            }
        }

        private static string RawPath(string path) => string.Join('/', FlowJoPath.Split(path));

        private FlowJoPopulation ReadGatedPopulation(XElement element, string name, string path, string gateId,
            string? parentPath, string? parentGate, int? count)
        {
            var gateElement = element.Element("Gate")
                ?? throw reader.Error($"population '{path}' has no <Gate>.", element);
            var shapes = gateElement.Elements().Where(e => e.Name.Namespace == G).ToArray();
            if (shapes.Length != 1)
            {
                throw reader.Error($"population '{path}': <Gate> must hold exactly one gate; it holds {shapes.Length}.",
                    gateElement);
            }
            var shape = shapes[0];
            // eventsInside="0" selects the events outside the shape (FlowJo's "exclude" gates).
            var complement = string.Equals(Attr(shape, XNamespace.None, "eventsInside"), "0", StringComparison.Ordinal);
            var location = new SourceLocation(reader.File, Line(shape));
            var regionId = complement ? gateId + "_shape" : gateId;
            var names = shape.Elements(G + "dimension").Select(d =>
                d.Element(D + "fcs-dimension") is { } f ? reader.Require(f, D, "name")
                    : throw reader.Error("a gate dimension names no <data-type:fcs-dimension>.", d)).ToArray();
            var dims = names.Select(Dimension).ToArray();
            Gate gate = shape.Name.LocalName switch
            {
                "RectangleGate" => Rectangle(shape, regionId, parentGate, dims),
                "PolygonGate" => Polygon(shape, regionId, parentGate, dims),
                "EllipsoidGate" => Ellipse(shape, regionId, parentGate, dims),
                _ => throw reader.Error($"gate kind <{shape.Name.LocalName}> is not supported; expected " +
                    $"RectangleGate (FlowJo stores quadrants as " +
                    "rectangles), PolygonGate or EllipsoidGate.", shape),
            };
            Add(gate with { Name = name, Location = location }, shape);
            if (complement)
                Add(new BooleanGate(gateId, parentGate, BooleanOperator.Not,
                    [new GateReference(regionId)]) { Name = name, Location = location }, shape);
            return new FlowJoPopulation(name, path, gateId, parentPath, shape.Name.LocalName, names, count,
                Line(element)) { Complement = complement };
        }

        private void Add(Gate gate, XElement where)
        {
            try
            {
                builder.Add(gate);
            }
            catch (GatingException ex)
            {
                throw reader.Error(ex.Message, where, ex);
            }
        }

        private (GateDimension Dimension, Axis Axis) Dimension(string name)
        {
            // FlowJo names compensated parameters prefix + detector + suffix ("Comp-FL1-A"); the matrix's own
            // prefix wins, "Comp-" is FlowJo's default (acquisition-defined matrices not stored in the workspace).
            var (prefix, suffix) = (compensation.Prefix, compensation.Suffix);
            var compensated = name.Length > prefix.Length + suffix.Length
                && name.StartsWith(prefix, StringComparison.Ordinal)
                && name.EndsWith(suffix, StringComparison.Ordinal);
            var detector = compensated ? name[prefix.Length..(name.Length - suffix.Length)] : name;
            var reference = !compensated ? CompensationRef.Uncompensated
                : compensation.Matrix is { } m ? new CompensationRef(m.Id) : CompensationRef.Fcs;
            var axis = axes.TryGetValue(name, out var a) ? a : axes.TryGetValue(detector, out var b) ? b
                : new Axis(null, x => x, f => f);
            return (new GateDimension(new FcsDimension(detector), reference, axis.TransformId), axis);
        }

        private RectangleGate Rectangle(XElement shape, string id, string? parent,
            (GateDimension Dimension, Axis Axis)[] dims)
        {
            // Rectangles are evaluated in data units: every FlowJo transform is increasing, so x ≥ min in data
            // units selects the same events as T(x) ≥ T(min) on the axis, and the gate stays expressible in
            // GatingML whatever the transform (FlowJo biex has no GatingML form). On a log axis FlowJo clamps
            // values below the offset onto the axis floor, so a bound at or below the floor bounds nothing.
            var elements = shape.Elements(G + "dimension").ToArray();
            var bounds = new List<GateDimension>();
            for (var i = 0; i < dims.Length; i++)
            {
                var floor = dims[i].Axis.Floor;
                double? min = Attr(elements[i], G, "min") is { } lo ? reader.Number(lo, elements[i], "min") : null;
                double? max = Attr(elements[i], G, "max") is { } hi ? reader.Number(hi, elements[i], "max") : null;
                if (min <= floor) min = null;
                // A side FlowJo leaves open (quadrants, half-open rectangles) bounds nothing.
                if (min is null && max is null) continue;
                bounds.Add(dims[i].Dimension with { TransformationId = null, Min = min, Max = max });
            }
            if (bounds.Count == 0) throw reader.Error("the rectangle gate bounds no dimension.", shape);
            return new RectangleGate(id, parent, bounds);
        }

        private PolygonGate Polygon(XElement shape, string id, string? parent,
            (GateDimension Dimension, Axis Axis)[] dims)
        {
            if (dims.Length != 2)
                throw reader.Error($"a polygon gate needs 2 dimensions; it has {dims.Length}.", shape);
            var vertices = shape.Elements(G + "vertex").Select(v =>
            {
                var c = Coordinates(v);
                return c.Length == 2 ? (dims[0].Axis.Scale(c[0]), dims[1].Axis.Scale(c[1]))
                    : throw reader.Error($"a vertex has {c.Length} coordinates; expected 2.", v);
            }).ToArray();
            return new PolygonGate(id, parent, dims[0].Dimension, dims[1].Dimension, vertices);
        }

        private double[] Coordinates(XElement vertex) =>
            vertex.Elements(G + "coordinate").Select(c => reader.Number(reader.Require(c, D, "value"), c, "coordinate"))
                .ToArray();

        private EllipsoidGate Ellipse(XElement shape, string id, string? parent,
            (GateDimension Dimension, Axis Axis)[] dims)
        {
            if (dims.Length != 2)
                throw reader.Error($"an ellipse gate needs 2 dimensions; it has {dims.Length}.", shape);
            (double X, double Y)[] Points(string name, int count)
            {
                var holder = shape.Element(G + name)
                    ?? throw reader.Error($"the ellipse gate has no <gating:{name}>.", shape);
                var points = holder.Elements(G + "vertex").Select(v =>
                {
                    var c = Coordinates(v);
                    return c.Length == 2 ? (c[0] / DisplayGrid, c[1] / DisplayGrid)
                        : throw reader.Error($"a vertex has {c.Length} coordinates; expected 2.", v);
                }).ToArray();
                return points.Length == count ? points
                    : throw reader.Error($"<gating:{name}> has {points.Length} vertices; expected {count}.", holder);
            }
            var foci = Points("foci", 2);
            var edge = Points("edge", 4);
            // Centre between the foci, major axis along them; a = the farthest edge point along that axis,
            // b from a² = b² + c² (c = half the focal distance). FlowJo's minor edge points are rounded to its
            // display grid and are less reliable than the foci (as FlowKit's notes also say).
            var cx = (foci[0].X + foci[1].X) / 2;
            var cy = (foci[0].Y + foci[1].Y) / 2;
            var theta = Math.Atan2(foci[1].Y - foci[0].Y, foci[1].X - foci[0].X);
            var (cos, sin) = (Math.Cos(theta), Math.Sin(theta));
            var c = Math.Sqrt(Math.Pow(foci[1].X - cx, 2) + Math.Pow(foci[1].Y - cy, 2));
            var a = edge.Max(p => Math.Abs((p.X - cx) * cos + (p.Y - cy) * sin));
            if (!(a > c))
                throw reader.Error("the ellipse's edge points lie inside its foci; expected points on the ellipse.",
                shape);
            var b2 = a * a - c * c;
            // Covariance of the ellipse in display fractions, R·diag(a², b²)·Rᵀ with distance² = 1 ...
            var sxx = a * a * cos * cos + b2 * sin * sin;
            var syy = a * a * sin * sin + b2 * cos * cos;
            var sxy = (a * a - b2) * sin * cos;
            // ... then each axis mapped from display fraction to gate coordinates (affine per axis, so still an
            // ellipse).
            var (x0, x1) = (dims[0].Axis.Display(0), dims[0].Axis.Display(1));
            var (y0, y1) = (dims[1].Axis.Display(0), dims[1].Axis.Display(1));
            var (kx, ky) = (x1 - x0, y1 - y0);
            double[] mean = [x0 + kx * cx, y0 + ky * cy];
            double[] covariance = [kx * kx * sxx, kx * ky * sxy, kx * ky * sxy, ky * ky * syy];
            return new EllipsoidGate(id, parent, [dims[0].Dimension, dims[1].Dimension], mean, covariance, 1);
        }

        public void ResolveBooleans()
        {
            foreach (var (population, element, parentGate, dependents) in _booleans)
            {
                var operands = new List<GateReference>();
                foreach (var dependent in dependents)
                {
                    if (string.IsNullOrEmpty(dependent))
                        throw reader.Error($"boolean population '{population.Path}' has a dependent without a name.",
                        element);
                    operands.Add(new GateReference(Resolve(dependent, population, element).GateId));
                }
                Add(new BooleanGate(population.GateId, parentGate, population.Operator!.Value, operands)
                {
                    Name = population.Name,
                    Location = new SourceLocation(reader.File, population.Line),
                }, element);
            }
        }

        // FlowJo names a boolean gate's operands by their path from the sample root, names joined by '/'
        // without escaping; a name relative to the boolean node's parent is accepted too.
        private FlowJoPopulation Resolve(string dependent, FlowJoPopulation owner, XElement element)
        {
            var trimmed = dependent.TrimStart('/');
            if (_byRawPath.TryGetValue(trimmed, out var p)) return p;
            if (owner.ParentPath is { } parent && _byRawPath.TryGetValue(RawPath(parent) + "/" + trimmed, out var q))
                return q;
            throw reader.Error($"boolean population '{owner.Path}' refers to '{dependent}', which is no population " +
                $"of this sample.", element);
        }
    }
}

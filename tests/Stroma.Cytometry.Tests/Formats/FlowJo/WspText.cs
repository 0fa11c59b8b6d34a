using System.Globalization;
using System.Security;

namespace Stroma.Cytometry.Tests.Formats.FlowJo;

/// <summary>Builds FlowJo 10 workspace XML for tests, in the shape FlowJo writes it.</summary>
internal static class WspText
{
    public static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    public static string E(string s) => SecurityElement.Escape(s);

    public static string Workspace(params string[] samples) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <Workspace version="20.0" flowJoVersion="10.8.1"
                   xmlns:gating="http://www.isac-net.org/std/Gating-ML/v2.0/gating"
                   xmlns:transforms="http://www.isac-net.org/std/Gating-ML/v2.0/transformations"
                   xmlns:data-type="http://www.isac-net.org/std/Gating-ML/v2.0/datatypes">
          <Groups>
            <GroupNode name="All Samples">
              <Group name="All Samples"><SampleRefs>{string.Concat(Enumerable.Range(1, samples.Length).Select(i => $"<SampleRef sampleID=\"{i}\" />"))}</SampleRefs></Group>
            </GroupNode>
          </Groups>
          <SampleList>
        {string.Join("\n", samples.Select((s, i) => s.Replace("{ID}", (i + 1).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)))}
          </SampleList>
        </Workspace>
        """;

    /// <summary>A sample; <paramref name="body"/> is the populations below the sample node.</summary>
    public static string Sample(string file, string body, string transforms = "", string matrix = "", int count = 0) => $"""
            <Sample>
              <DataSet uri="file:/C:/lab/data/{Uri.EscapeDataString(file)}" sampleID="{"{ID}"}" />
              <Transformations>{transforms}</Transformations>
              {matrix}
              <Keywords><Keyword name="$FIL" value="{E(file)}" /></Keywords>
              <SampleNode name="{E(file)}" count="{count}" sampleID="{"{ID}"}">
                <Subpopulations>{body}</Subpopulations>
              </SampleNode>
            </Sample>
        """;

    public static string Linear(string parameter, double min = 0, double max = 1000) =>
        $"""<transforms:linear transforms:minRange="{F(min)}" transforms:maxRange="{F(max)}" gain="1"><data-type:parameter data-type:name="{E(parameter)}" /></transforms:linear>""";

    public static string Transform(string kind, string parameter, string attributes) =>
        $"""<transforms:{kind} {attributes}><data-type:parameter data-type:name="{E(parameter)}" /></transforms:{kind}>""";

    public static string Population(string name, string gate, string children = "", int count = -1) => $"""
        <Population name="{E(name)}" owningGroup="" count="{count}">
          <Gate>{gate}</Gate>
          {(children.Length > 0 ? $"<Subpopulations>{children}</Subpopulations>" : "")}
        </Population>
        """;

    public static string Boolean(string node, string name, IEnumerable<string> dependents, string children = "") => $"""
        <{node} name="{E(name)}" owningGroup="" count="-1">
          <Dependents>{string.Concat(dependents.Select(d => $"<Dependent name=\"{E(d)}\" />"))}</Dependents>
          {(children.Length > 0 ? $"<Subpopulations>{children}</Subpopulations>" : "")}
        </{node}>
        """;

    private static string Dimension(string parameter, double? min = null, double? max = null) =>
        $"""<gating:dimension{(min is { } a ? $" gating:min=\"{F(a)}\"" : "")}{(max is { } b ? $" gating:max=\"{F(b)}\"" : "")}><data-type:fcs-dimension data-type:name="{E(parameter)}" /></gating:dimension>""";

    public static string Rectangle(string x, double? xMin, double? xMax, string? y = null, double? yMin = null, double? yMax = null, bool inside = true) =>
        $"""<gating:RectangleGate eventsInside="{(inside ? 1 : 0)}">{Dimension(x, xMin, xMax)}{(y is null ? "" : Dimension(y, yMin, yMax))}</gating:RectangleGate>""";

    private static string Vertex((double X, double Y) v) =>
        $"""<gating:vertex><gating:coordinate data-type:value="{F(v.X)}" /><gating:coordinate data-type:value="{F(v.Y)}" /></gating:vertex>""";

    public static string Polygon(string x, string y, params (double X, double Y)[] vertices) =>
        $"""<gating:PolygonGate eventsInside="1" gateResolution="256">{Dimension(x)}{Dimension(y)}{string.Concat(vertices.Select(Vertex))}</gating:PolygonGate>""";

    public static string Ellipse(string x, string y, (double X, double Y)[] foci, (double X, double Y)[] edge) =>
        $"""<gating:EllipsoidGate eventsInside="1">{Dimension(x)}{Dimension(y)}<gating:foci>{string.Concat(foci.Select(Vertex))}</gating:foci><gating:edge>{string.Concat(edge.Select(Vertex))}</gating:edge></gating:EllipsoidGate>""";

    /// <summary>A spillover matrix element; rows are sources (fluorochromes), as FlowJo writes it.</summary>
    public static string Matrix(string name, string[] parameters, double[][] rows, string prefix = "Comp-", string suffix = "") => $"""
        <transforms:spilloverMatrix spectral="0" prefix="{E(prefix)}" name="{E(name)}" suffix="{E(suffix)}" transforms:id="m1">
          <data-type:parameters>{string.Concat(parameters.Select(p => $"<data-type:parameter data-type:name=\"{E(p)}\" />"))}</data-type:parameters>
          {string.Concat(rows.Select((r, i) => $"<transforms:spillover data-type:parameter=\"{E(parameters[i])}\">" +
              string.Concat(r.Select((v, j) => $"<transforms:coefficient data-type:parameter=\"{E(parameters[j])}\" transforms:value=\"{F(v)}\" />")) +
              "</transforms:spillover>"))}
        </transforms:spilloverMatrix>
        """;
}

using Stroma.Cytometry.Gating;

namespace Stroma.Cytometry.Formats.FlowJo;

/// <summary>A FlowJo 10 workspace: its groups and samples, each sample with its own gating.</summary>
/// <param name="Name">Workspace file name (for messages).</param>
/// <param name="Version">The workspace's <c>version</c> attribute (FlowJo 10 writes 20.0 and later).</param>
/// <param name="FlowJoVersion">The FlowJo release that wrote it, if recorded.</param>
/// <param name="Groups">Sample groups in document order.</param>
/// <param name="Samples">Samples in document order.</param>
public sealed record FlowJoWorkspace(
    string? Name, string Version, string? FlowJoVersion, IReadOnlyList<FlowJoGroup> Groups,
        IReadOnlyList<FlowJoSample> Samples)
{
    /// <summary>The sample with this name (FlowJo's sample node name, or its FCS file name).</summary>
    public FlowJoSample? FindSample(string name) =>
        Samples.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.Ordinal))
        ?? Samples.FirstOrDefault(s => string.Equals(s.FileName, name, StringComparison.Ordinal));
}

/// <summary>A group of samples.</summary>
/// <param name="Name">Group name.</param>
/// <param name="SampleIds">FlowJo sample ids of its members.</param>
public sealed record FlowJoGroup(string Name, IReadOnlyList<string> SampleIds);

/// <summary>How a sample's data is compensated.</summary>
public enum FlowJoCompensationKind
{
    /// <summary>Not compensated.</summary>
    None,
    /// <summary>The spillover matrix recorded in the FCS file at acquisition.</summary>
    AcquisitionDefined,
    /// <summary>A matrix made or edited in FlowJo and stored in the workspace.</summary>
    Workspace,
}

/// <summary>A sample's compensation.</summary>
/// <param name="Kind">Which kind.</param>
/// <param name="Name">The matrix name FlowJo shows, if any.</param>
/// <param name="Prefix">Prefix FlowJo gives compensated parameters (<c>Comp-</c> by default).</param>
/// <param name="Suffix">Suffix FlowJo gives compensated parameters (usually empty).</param>
/// <param name="Matrix">The stored spillover (fluorochromes × detectors), if the workspace holds one.</param>
public sealed record FlowJoCompensation(
    FlowJoCompensationKind Kind, string? Name, string Prefix, string Suffix, SpectrumMatrix? Matrix);

/// <summary>A per-parameter transform as the workspace states it.</summary>
/// <param name="Parameter">Parameter name.</param>
/// <param name="Kind">linear, log, biex, logicle, fasinh or hyperlog.</param>
/// <param name="Parameters">Its numeric attributes as written.</param>
public sealed record FlowJoTransform(string Parameter, string Kind, IReadOnlyDictionary<string, double> Parameters);

/// <summary>One population of a sample's tree.</summary>
/// <param name="Name">FlowJo population name (any characters).</param>
/// <param name="Path">Path from the sample root: names joined by <c>/</c>, a <c>/</c> or <c>\</c> inside a name
/// escaped with <c>\</c> (see <see cref="FlowJoPath"/>).</param>
/// <param name="GateId">Id of the gate that defines the population in <see cref="FlowJoSample.Strategy"/>.</param>
/// <param name="ParentPath">Path of the parent population, null at the top level.</param>
/// <param name="GateKind">RectangleGate, PolygonGate, EllipsoidGate or BooleanGate.</param>
/// <param name="Dimensions">Parameter names the gate reads, as written in the workspace.</param>
/// <param name="FlowJoCount">The count FlowJo stored, or null when it never computed one (−1 or 0).</param>
/// <param name="Line">Line of the population element.</param>
public sealed record FlowJoPopulation(
    string Name, string Path, string GateId, string? ParentPath, string GateKind, IReadOnlyList<string> Dimensions,
    int? FlowJoCount, int Line)
{
    /// <summary>For a boolean gate: and, or or not.</summary>
    public BooleanOperator? Operator { get; init; }

    /// <summary>The gate selects the events outside its shape (FlowJo <c>eventsInside="0"</c>).</summary>
    public bool Complement { get; init; }
}

/// <summary>A sample of the workspace with everything needed to gate its FCS file.</summary>
/// <param name="Id">FlowJo sample id.</param>
/// <param name="Name">Sample node name.</param>
/// <param name="Uri">The <c>DataSet uri</c>, if any.</param>
/// <param name="FileName">FCS file name (from the URI, else <c>$FIL</c>, else the sample name).</param>
/// <param name="Keywords">Keywords FlowJo stored for the sample.</param>
/// <param name="EventCount">FlowJo's event count of the whole sample, if stored.</param>
/// <param name="Compensation">Compensation.</param>
/// <param name="Transforms">Per-parameter transforms.</param>
/// <param name="Populations">Populations in document (pre-)order: a parent before its children.</param>
/// <param name="Strategy">The gating on Stroma's engine.</param>
public sealed record FlowJoSample(
    string Id, string Name, string? Uri, string FileName, IReadOnlyDictionary<string, string> Keywords, int? EventCount,
    FlowJoCompensation Compensation, IReadOnlyList<FlowJoTransform> Transforms,
        IReadOnlyList<FlowJoPopulation> Populations,
    GatingStrategy Strategy)
{
    /// <summary>The population at <paramref name="path"/> (escaped as in <see cref="FlowJoPopulation.Path"/>;
    /// the leading <c>/</c> may be omitted).</summary>
    public FlowJoPopulation? FindPopulation(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var wanted = path.StartsWith('/') ? path : "/" + path;
        return Populations.FirstOrDefault(p => string.Equals(p.Path, wanted, StringComparison.Ordinal));
    }
}

/// <summary>Population paths: names from the sample root joined by <c>/</c>, with <c>\</c> escaping.</summary>
public static class FlowJoPath
{
    /// <summary>
    /// The path of a child named <paramref name="name"/> below <paramref name="parent"/> (null = root).
    /// </summary>
    public static string Child(string? parent, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return (parent ?? "") + "/" + name.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("/", "\\/", StringComparison.Ordinal);
    }

    /// <summary>The names of a path, unescaped.</summary>
    public static IReadOnlyList<string> Split(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var names = new List<string>();
        var current = new System.Text.StringBuilder();
        var start = path.StartsWith('/') ? 1 : 0;
        for (var i = start; i < path.Length; i++)
        {
            var c = path[i];
            if (c == '\\' && i + 1 < path.Length) current.Append(path[++i]);
            else if (c == '/')
            {
                names.Add(current.ToString());
                current.Clear();
            }
            else current.Append(c);
        }
        names.Add(current.ToString());
        return names;
    }
}

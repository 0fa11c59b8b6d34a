using Stroma.Cytometry.Formats.Fcs;
using Stroma.Cytometry.Formats.GatingMl;
using Stroma.Cytometry.Gating;
using Stroma.Cytometry.Transforms;

namespace Stroma.Cytometry.Formats.FlowJo;

/// <summary>One population's Stroma count beside the count FlowJo stored.</summary>
/// <param name="Path">Population path (see <see cref="FlowJoPopulation.Path"/>).</param>
/// <param name="Gate">Gate kind.</param>
/// <param name="Count">Events Stroma finds in the population.</param>
/// <param name="FlowJoCount">FlowJo's stored count, null when FlowJo never computed it.</param>
/// <param name="PercentOfParent">Count as a percentage of the parent population (of all events at the top).</param>
public sealed record FlowJoPopulationCount(string Path, string Gate, int Count, int? FlowJoCount,
    double PercentOfParent);

/// <summary>The counts of one gated sample.</summary>
/// <param name="Sample">Sample name.</param>
/// <param name="File">The FCS file gated.</param>
/// <param name="Events">Events in the file.</param>
/// <param name="Populations">Populations in tree order.</param>
public sealed record FlowJoSampleCounts(string Sample, string File, int Events,
    IReadOnlyList<FlowJoPopulationCount> Populations);

/// <summary>A sample that could not be gated.</summary>
/// <param name="Sample">Sample name.</param>
/// <param name="File">The FCS file name looked for.</param>
/// <param name="Reason">Why (not found, unreadable, parameter missing).</param>
public sealed record FlowJoMissingSample(string Sample, string File, string Reason);

/// <summary>Counts of every sample of a workspace that could be gated, and the samples that could not.</summary>
/// <param name="Workspace">Workspace path.</param>
/// <param name="Samples">Gated samples.</param>
/// <param name="Missing">Samples not gated, with the reason.</param>
public sealed record FlowJoGatingReport(string Workspace, IReadOnlyList<FlowJoSampleCounts> Samples,
    IReadOnlyList<FlowJoMissingSample> Missing);

/// <summary>Finds each sample's FCS file, applies the workspace's gating and compares with FlowJo's counts.</summary>
public static class FlowJoAnalysis
{
    /// <summary>
    /// Finds the FCS file of <paramref name="sample"/>: among <paramref name="fcsInputs"/> (files matched by file
    /// name, or folders searched for that name), else in <paramref name="workspaceFolder"/>. Null when absent.
    /// </summary>
    public static string? LocateFcs(FlowJoSample sample, string workspaceFolder, IReadOnlyList<string> fcsInputs)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(fcsInputs);
        var names = new[] { sample.FileName, sample.Keywords.GetValueOrDefault("$FIL"), sample.Name }
            .OfType<string>().Where(n => n.Length > 0 && n.IndexOfAny(Path.GetInvalidFileNameChars()) < 0)
                .Distinct(StringComparer.Ordinal).ToArray();
        var folders = fcsInputs.Count == 0 ? [workspaceFolder] : fcsInputs.Where(Directory.Exists).ToArray();
        foreach (var name in names)
        {
            var file = fcsInputs.FirstOrDefault(f => File.Exists(f)
                && string.Equals(Path.GetFileName(f), name, StringComparison.Ordinal));
            if (file is not null) return file;
            foreach (var folder in folders)
            {
                var candidate = Path.Combine(folder, name);
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }

    /// <summary>Applies the sample's strategy to its data and pairs every population with FlowJo's count.</summary>
    /// <exception cref="GatingException">The data lacks a parameter the gates use, or a matrix cannot be
    /// applied.</exception>
    public static FlowJoSampleCounts Count(FlowJoSample sample, FcsDataset data, string file)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(data);
        var results = sample.Strategy.Apply(data);
        var populations = sample.Populations.Select(p =>
        {
            var r = results[p.GateId];
            return new FlowJoPopulationCount(p.Path, p.GateKind, r.Count, p.FlowJoCount, r.PercentOfParent);
        }).ToArray();
        return new FlowJoSampleCounts(sample.Name, file, data.EventCount, populations);
    }

    /// <summary>
    /// Gates every sample (or the one named <paramref name="sampleName"/>) whose FCS file is found; samples whose
    /// file is absent, unreadable or lacks a gated parameter are reported in <see cref="FlowJoGatingReport.Missing"/>.
    /// </summary>
    /// <exception cref="FlowJoWorkspaceException">No sample has the name <paramref name="sampleName"/>.</exception>
    public static FlowJoGatingReport Run(FlowJoWorkspace workspace, string workspacePath,
        IReadOnlyList<string> fcsInputs, string? sampleName = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(workspacePath);
        var samples = sampleName is null ? workspace.Samples : [RequireSample(workspace, sampleName)];
        var folder = Path.GetDirectoryName(Path.GetFullPath(workspacePath)) ?? ".";
        var counted = new List<FlowJoSampleCounts>();
        var missing = new List<FlowJoMissingSample>();
        foreach (var sample in samples)
        {
            var file = LocateFcs(sample, folder, fcsInputs);
            if (file is null)
            {
                missing.Add(new FlowJoMissingSample(sample.Name, sample.FileName, "FCS file not found"));
                continue;
            }
            try
            {
                counted.Add(Count(sample, FcsReader.Read(file).First, file));
            }
            catch (CytometryException ex)
            {
                missing.Add(new FlowJoMissingSample(sample.Name, file, ex.Message));
            }
        }
        return new FlowJoGatingReport(workspacePath, counted, missing);
    }

    /// <summary>The sample named <paramref name="name"/>; the error lists the workspace's samples.</summary>
    /// <exception cref="FlowJoWorkspaceException">No such sample.</exception>
    public static FlowJoSample RequireSample(FlowJoWorkspace workspace, string name)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        return workspace.FindSample(name) ?? throw new FlowJoWorkspaceException(
            $"no sample is named '{name}'; the samples are " +
                $"{string.Join(", ", workspace.Samples.Select(s => $"'{s.Name}'"))}.",
            workspace.Name, "Sample", 0);
    }

    /// <summary>
    /// The sample's gating as a strategy GatingML 2.0 can hold: its gates with only the transforms and matrices
    /// they use. Rectangles are already in data units (exact for every transform). GatingML has no FlowJo biex:
    /// a polygon or ellipse on a biex axis is written on <see cref="FlowJoBiexTransform.ToLogicle"/>'s logicle,
    /// its coordinates moved from channels to that scale; the curves agree to under one of FlowJo's 4096
    /// channels, so only events that close to such a gate's edge can change side.
    /// </summary>
    public static GatingStrategy Portable(FlowJoSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var strategy = sample.Strategy;
        var builder = new GatingStrategyBuilder();
        var used = strategy.Gates.SelectMany(g => g.Dimensions).ToArray();
        var biex = new Dictionary<string, FlowJoBiexTransform>(StringComparer.Ordinal);
        foreach (var id in used.Select(d => d.TransformationId).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            var transform = strategy.Transforms[id];
            if (transform is FlowJoBiexTransform b)
            {
                biex[id] = b;
                transform = b.ToLogicle(id);
            }
            builder.Add(id, transform);
        }
        foreach (var matrix in used.Select(d => d.Compensation).Where(c => !c.IsFcs && !c.IsUncompensated).Distinct())
            builder.Add(strategy.Matrices[matrix.MatrixId]);
        double Scale(GateDimension d, double v) =>
            d.TransformationId is { } t && biex.TryGetValue(t, out var b) ? b.ChannelToLogicle(v) : v;
        foreach (var gate in strategy.Gates)
        {
            builder.Add(gate switch
            {
                PolygonGate p =>
                    p with { Vertices = p.Vertices.Select(v => (Scale(p.X, v.X), Scale(p.Y, v.Y))).ToArray() },
                EllipsoidGate e => e with
                {
                    Mean = e.Mean.Select((m, i) => Scale(e.Axes[i], m)).ToArray(),
                    Covariance = e.Covariance.Select((c, k) =>
                        c * Factor(e.Axes[k / e.Axes.Count]) * Factor(e.Axes[k % e.Axes.Count])).ToArray(),
                },
                _ => gate,
            });
        }
        return builder.Build();

        double Factor(GateDimension d) => Scale(d, 1) - Scale(d, 0);
    }

    /// <summary>
    /// Axes the GatingML export writes on a logicle counterpart instead of FlowJo's biex (see <see cref="Portable"/>).
    /// </summary>
    public static IReadOnlyList<string> ApproximatedAxes(FlowJoSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        return sample.Strategy.Gates.Where(g => g is PolygonGate or EllipsoidGate).SelectMany(g => g.Dimensions)
            .Where(d => d.TransformationId is { } t && sample.Strategy.Transforms[t] is FlowJoBiexTransform)
            .Select(d => d.Source is FcsDimension f ? f.Name : d.Source.ToString()!).Distinct(StringComparer.Ordinal)
                .ToArray();
    }

    /// <summary>The sample's gating as a GatingML 2.0 document (see <see cref="Portable"/>).</summary>
    public static string ExportGatingMl(FlowJoSample sample) => GatingMlWriter.Write(Portable(sample));

    /// <summary>Writes <see cref="ExportGatingMl(FlowJoSample)"/> to a file atomically.</summary>
    public static void ExportGatingMl(FlowJoSample sample, string path) => GatingMlWriter.Write(Portable(sample), path);
}

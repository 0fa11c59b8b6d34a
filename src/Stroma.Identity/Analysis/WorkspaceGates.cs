using Stroma.Cytometry.Formats.FlowJo;
using Stroma.Cytometry.Gating;

namespace Stroma.Identity.Analysis;

/// <summary>One tube's own gates: its workspace sample's strategy and the analysed population's gate id.</summary>
/// <param name="Strategy">The sample's gating.</param>
/// <param name="Population">Gate id of the population to analyse in <paramref name="Strategy"/>.</param>
/// <param name="Sample">The workspace sample's name (for the record).</param>
public sealed record TubeGates(GatingStrategy Strategy, string Population, string Sample);

/// <summary>
/// Per-tube user gates from an analysis workspace: each tube is gated by its own sample's tree (FlowJo keeps a
/// gating tree per sample, so the same population path may have different gate ids and shapes in each tube).
/// </summary>
/// <param name="Source">Where the gates come from, in words, e.g. <c>FlowJo workspace panel.wsp</c>.</param>
/// <param name="PopulationPath">The analysed population's path, e.g. <c>/Cells/Singlets</c>.</param>
/// <param name="Tubes">Tube path (as given in the request) → its gates.</param>
public sealed record WorkspaceGates(string Source, string PopulationPath, IReadOnlyDictionary<string, TubeGates> Tubes)
{
    /// <summary>
    /// Finds each tube's workspace sample by FCS file name and the population at <paramref name="populationPath"/>
    /// in it.
    /// </summary>
    /// <exception cref="IdentityException">A tube has no sample, two samples share its file name, or its sample
    /// lacks the population.</exception>
    public static WorkspaceGates FromFlowJo(FlowJoWorkspace workspace, string populationPath, IEnumerable<string> tubes)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(populationPath);
        ArgumentNullException.ThrowIfNull(tubes);
        var source = $"FlowJo workspace {workspace.Name ?? "(unnamed)"}";
        var map = new Dictionary<string, TubeGates>(StringComparer.Ordinal);
        foreach (var tube in tubes.Distinct(StringComparer.Ordinal))
        {
            var file = Path.GetFileName(tube);
            var matches = workspace.Samples
                .Where(s => string.Equals(s.FileName, file, StringComparison.Ordinal)).ToArray();
            if (matches.Length == 0)
            {
                var known = string.Join(", ", workspace.Samples.Select(s => s.FileName).Take(20));
                throw new IdentityException(
                    $"{source}: no sample for tube {tube} (FCS file name '{file}'); the workspace's samples are: " +
                    (known.Length > 0 ? known : "none") + ".");
            }
            if (matches.Length > 1)
                throw new IdentityException(
                    $"{source}: {matches.Length} samples ({string.Join(", ", matches.Select(s => s.Name))}) use the " +
                    $"FCS file name '{file}'; cannot tell which one gates tube {tube}.");
            var sample = matches[0];
            var held = sample.Populations.Count > 0
                ? string.Join(", ", sample.Populations.Select(p => p.Path).Take(30))
                : "none";
            var population = sample.FindPopulation(populationPath) ?? throw new IdentityException(
                $"{source}: sample '{sample.Name}' (tube {tube}) has no population '{populationPath}'; " +
                $"its populations are: {held}.");
            map[tube] = new TubeGates(sample.Strategy, population.GateId, sample.Name);
        }
        var path = populationPath.StartsWith('/') ? populationPath : "/" + populationPath;
        return new WorkspaceGates(source, path, map);
    }
}

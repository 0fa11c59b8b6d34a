using Stroma.Cytometry.Compensation;
using Stroma.Cytometry.Transforms;

namespace Stroma.Cytometry.Gating;

/// <summary>A ratio transformation (GatingML <c>fratio</c>) with the two parameters it divides.</summary>
/// <param name="Transform">The ratio formula A·(x − B)/(y − C).</param>
/// <param name="Numerator">Parameter x.</param>
/// <param name="Denominator">Parameter y.</param>
public sealed record RatioDefinition(RatioTransform Transform, string Numerator, string Denominator);

/// <summary>A spectrum (spillover) matrix of a strategy: fluorochromes × detectors.</summary>
/// <param name="Id">Matrix id used by <c>compensation-ref</c>.</param>
/// <param name="Fluorochromes">Output names.</param>
/// <param name="Detectors">Detector (parameter) names.</param>
/// <param name="Coefficients">Row-major fluorochromes × detectors.</param>
public sealed record SpectrumMatrix(string Id, IReadOnlyList<string> Fluorochromes, IReadOnlyList<string> Detectors,
    IReadOnlyList<double> Coefficients)
{
    /// <summary>Where it was defined.</summary>
    public SourceLocation Location { get; init; }

    /// <summary>A matrix for a square spillover matrix (fluorochromes named like detectors).</summary>
    public static SpectrumMatrix FromSpillover(string id, SpilloverMatrix spillover)
    {
        ArgumentNullException.ThrowIfNull(spillover);
        return new SpectrumMatrix(id, spillover.Channels, spillover.Channels, spillover.Values.ToArray());
    }
}

/// <summary>
/// An immutable, validated set of gates with the transformations and matrices they use. Build one with
/// <see cref="GatingStrategyBuilder"/> (or read GatingML), then apply it to any number of samples, from
/// any number of threads.
/// </summary>
public sealed class GatingStrategy
{
    internal GatingStrategy(
        IReadOnlyList<Gate> gates, IReadOnlyDictionary<string, ScaleTransform> transforms,
        IReadOnlyDictionary<string, RatioDefinition> ratios, IReadOnlyDictionary<string, SpectrumMatrix> matrices,
        IReadOnlyList<string> evaluationOrder, IReadOnlyDictionary<string, Compensator> compensators)
    {
        Gates = gates;
        Transforms = transforms;
        Ratios = ratios;
        Matrices = matrices;
        EvaluationOrder = evaluationOrder;
        Compensators = compensators;
        GatesById = gates.ToDictionary(g => g.Id, StringComparer.Ordinal);
        Populations = BuildPopulations(gates);
    }

    /// <summary>Gates in document order.</summary>
    public IReadOnlyList<Gate> Gates { get; }

    /// <summary>Gates by id.</summary>
    public IReadOnlyDictionary<string, Gate> GatesById { get; }

    /// <summary>Scale transformations by id.</summary>
    public IReadOnlyDictionary<string, ScaleTransform> Transforms { get; }

    /// <summary>Ratio transformations by id.</summary>
    public IReadOnlyDictionary<string, RatioDefinition> Ratios { get; }

    /// <summary>Spectrum matrices by id.</summary>
    public IReadOnlyDictionary<string, SpectrumMatrix> Matrices { get; }

    internal IReadOnlyDictionary<string, Compensator> Compensators { get; }

    /// <summary>Gate ids in an order where every gate comes after its parent and operands.</summary>
    public IReadOnlyList<string> EvaluationOrder { get; }

    /// <summary>
    /// The populations a result reports, in document order: each gate, except that a quadrant gate
    /// contributes one population per quadrant instead of itself.
    /// </summary>
    public IReadOnlyList<(string Id, string? ParentId)> Populations { get; }

    /// <summary>Applies the strategy to a data set (read with events); see <see cref="GatingEngine"/>.</summary>
    public GatingResults Apply(Formats.Fcs.FcsDataset sample) => GatingEngine.Apply(this, sample);

    /// <summary>
    /// The parameters applying the strategy to <paramref name="sample"/> reads (see
    /// <see cref="GatingEngine.ParametersUsed"/>); the sample may be read without events.
    /// </summary>
    public IReadOnlyList<string>? ParametersUsed(Formats.Fcs.FcsDataset sample) =>
        GatingEngine.ParametersUsed(this, sample);

    private static (string, string?)[] BuildPopulations(IReadOnlyList<Gate> gates)
    {
        var list = new List<(string, string?)>();
        foreach (var g in gates)
        {
            if (g is QuadrantGate q) list.AddRange(q.Quadrants.Select(x => (x.Id, q.ParentId)));
            else list.Add((g.Id, g.ParentId));
        }
        return [.. list];
    }
}

namespace Stroma.Knowledge.Readiness;

/// <summary>
/// Overrides for a <see cref="ReadinessChecker"/>: rule parameters (thresholds) and rules to leave out.
/// </summary>
public sealed record ReadinessOptions
{
    /// <summary>
    /// Parameter name → value, replacing the rules file's default (e.g. "senescencePdStop" → 25).
    /// </summary>
    public IReadOnlyDictionary<string, double> Parameters { get; init; } = new Dictionary<string, double>();

    /// <summary>Ids of rules not to evaluate.</summary>
    public IReadOnlyCollection<string> DisabledRules { get; init; } = [];
}

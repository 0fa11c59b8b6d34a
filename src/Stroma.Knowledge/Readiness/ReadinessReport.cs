namespace Stroma.Knowledge.Readiness;

/// <summary>A rule whose condition held.</summary>
/// <param name="RuleId">Rule id.</param>
/// <param name="Title">Rule title.</param>
/// <param name="Severity">Severity.</param>
/// <param name="Message">What was found and what to do, with the lot's values filled in.</param>
/// <param name="Rationale">Why it matters, in plain words.</param>
/// <param name="Sources">The citations behind the rule.</param>
public sealed record ReadinessFlag(string RuleId, string Title, ReadinessSeverity Severity, string Message,
    string Rationale, IReadOnlyList<Citation> Sources);

/// <summary>A rule that could not be decided because inputs it needs are unknown.</summary>
/// <param name="RuleId">Rule id.</param>
/// <param name="Title">Rule title.</param>
/// <param name="Severity">The severity it would have had.</param>
/// <param name="MissingFields">The unknown fields (e.g. "plan.route", "lot.markers.CD142").</param>
public sealed record NotAssessableRule(string RuleId, string Title, ReadinessSeverity Severity,
    IReadOnlyList<string> MissingFields);

/// <summary>The result of checking one lot.</summary>
/// <param name="LotId">The lot id, when given.</param>
/// <param name="Label">The lot's name per the review's nomenclature.</param>
/// <param name="Flags">Rules that fired, most severe first.</param>
/// <param name="NotAssessable">Rules with unknown inputs.</param>
/// <param name="Passed">Ids of rules evaluated and found not to apply.</param>
/// <param name="RulesVersion">Version of the rules file.</param>
/// <param name="Parameters">The parameter values used.</param>
public sealed record ReadinessReport(
    string? LotId,
    MscLabel Label,
    IReadOnlyList<ReadinessFlag> Flags,
    IReadOnlyList<NotAssessableRule> NotAssessable,
    IReadOnlyList<string> Passed,
    string RulesVersion,
    IReadOnlyDictionary<string, double> Parameters)
{
    /// <summary>The most severe flag's severity, or null when nothing fired.</summary>
    public ReadinessSeverity? Highest => Flags.Count == 0 ? null : Flags.Max(f => f.Severity);

    /// <summary>"stop", "caution", "info" or "clear".</summary>
    public string Verdict => Highest is { } s ? KnowledgeJson.EnumName(s) : "clear";
}

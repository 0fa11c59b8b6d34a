using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Stroma.Knowledge.Readiness;

/// <summary>How serious a readiness flag is.</summary>
public enum ReadinessSeverity
{
    /// <summary>Worth knowing; no action required.</summary>
    Info,

    /// <summary>A risk to address or justify before use.</summary>
    Caution,

    /// <summary>Do not proceed as is.</summary>
    Stop,
}

/// <summary>
/// A numeric threshold of the rule set, cited and overridable through <see cref="ReadinessOptions"/>.
/// </summary>
/// <param name="Name">Name rules refer to (e.g. "senescencePdStop").</param>
/// <param name="Value">Default value.</param>
/// <param name="Unit">Unit.</param>
/// <param name="Description">What it bounds.</param>
/// <param name="Source">Where the default comes from (an <see cref="Citation.External"/> note marks Stroma's own
/// choices).</param>
public sealed record RuleParameter(string Name, double Value, string Unit, string Description, Citation Source);

/// <summary>One readiness rule, read from the rules data file.</summary>
public sealed partial class ReadinessRule : IKnowledgeEntry
{
    internal ReadinessRule(string id, string title, ReadinessSeverity severity, Condition when, string message,
        string rationale, IReadOnlyList<Fact> facts)
    {
        Id = id;
        Title = title;
        Severity = severity;
        When = when;
        Message = message;
        Rationale = rationale;
        Facts = facts;
    }

    /// <inheritdoc/>
    public string Id { get; }

    /// <summary>Short title.</summary>
    public string Title { get; }

    /// <summary>Severity of the flag the rule raises.</summary>
    public ReadinessSeverity Severity { get; }

    /// <summary>
    /// The condition, written out (e.g. <c>lot.cumulativePopulationDoublings ≥ $senescencePdStop</c>).
    /// </summary>
    public string Condition => When.ToString();

    /// <summary>Fields the condition reads.</summary>
    public IReadOnlyList<string> Fields => [.. When.Fields().Distinct(StringComparer.Ordinal)];

    /// <summary>Parameters the condition reads.</summary>
    public IReadOnlyList<string> Parameters => [.. When.Parameters().Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// Message template; <c>{field.name}</c> and <c>{param.name}</c> are filled in when the rule fires.
    /// </summary>
    public string Message { get; }

    /// <summary>Why the rule exists, in plain words.</summary>
    public string Rationale { get; }

    /// <summary>The cited evidence behind the rule.</summary>
    public IReadOnlyList<Fact> Facts { get; }

    /// <inheritdoc/>
    [JsonIgnore]
    public string Name => Title;

    /// <inheritdoc/>
    [JsonIgnore]
    public IReadOnlyList<string> Aliases => [];

    /// <inheritdoc/>
    public string Summary => $"{KnowledgeJson.EnumName(Severity)}: {Condition}";

    internal Condition When { get; }

    /// <summary>The placeholders of the message template.</summary>
    internal IEnumerable<string> Placeholders => Placeholder().Matches(Message).Select(m => m.Groups[1].Value);

    internal string Render(ReadinessContext context, ReadinessFieldCatalog fields) =>
        Placeholder().Replace(Message, m =>
    {
        var name = m.Groups[1].Value;
        if (name.StartsWith("param.", StringComparison.Ordinal))
            return KnowledgeJson.Number(context.Parameter(name["param.".Length..]));
        var field = fields.Find(name)!;
        return field.Format(field.Read(context));
    });

    [GeneratedRegex(@"\{([A-Za-z0-9_.\-]+)\}")]
    private static partial Regex Placeholder();
}

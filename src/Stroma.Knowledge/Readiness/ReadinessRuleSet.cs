using System.Text.Json;

namespace Stroma.Knowledge.Readiness;

/// <summary>
/// The readiness rules and their parameters, loaded from the embedded rules file and checked against the field catalog.
/// </summary>
public sealed class ReadinessRuleSet : IKnowledgeTopic
{
    private ReadinessRuleSet(string id, string version, string title, string description,
        IReadOnlyList<RuleParameter> parameters, IReadOnlyList<ReadinessRule> rules)
    {
        Id = id;
        Version = version;
        Title = title;
        Description = description;
        Parameters = parameters;
        Rules = rules;
    }

    /// <inheritdoc/>
    public string Id { get; }

    /// <inheritdoc/>
    public string Version { get; }

    /// <inheritdoc/>
    public string Title { get; }

    /// <inheritdoc/>
    public string Description { get; }

    /// <summary>The numeric parameters with their default values.</summary>
    public IReadOnlyList<RuleParameter> Parameters { get; }

    /// <summary>The rules, in file order.</summary>
    public IReadOnlyList<ReadinessRule> Rules { get; }

    IReadOnlyList<IKnowledgeEntry> IKnowledgeTopic.Entries => Rules;

    /// <summary>The rule with this id, or null.</summary>
    public ReadinessRule? Find(string id) =>
        Rules.FirstOrDefault(r => string.Equals(r.Id, id, StringComparison.OrdinalIgnoreCase));

    IKnowledgeEntry? IKnowledgeTopic.Find(string idOrAlias) => Find(idOrAlias);

    /// <summary>Parses and validates a rules file (the embedded one, or another written to the same schema).</summary>
    /// <exception cref="KnowledgeDataException">The file is malformed, or a rule names an unknown field, parameter or
    /// value.</exception>
    public static ReadinessRuleSet Parse(string json, ReadinessFieldCatalog fields,
        string file = "readiness-rules.json")
    {
        ArgumentNullException.ThrowIfNull(fields);
        RuleFile dto;
        try
        {
            dto = JsonSerializer.Deserialize<RuleFile>(json, KnowledgeJson.Options)
                ?? throw new KnowledgeDataException(file, null, "empty file");
        }
        catch (JsonException ex)
        {
            throw new KnowledgeDataException(file, null, $"{ex.Path}: {ex.Message}", ex);
        }

        var parameterNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in dto.Parameters)
        {
            if (!parameterNames.Add(p.Name))
                throw new KnowledgeDataException(file, null, $"parameter '{p.Name}' is defined twice");
            p.Source.Check(file, $"parameter {p.Name}");
        }

        var rules = new List<ReadinessRule>();
        foreach (var r in dto.Entries)
        {
            if (rules.Any(x => x.Id == r.Id)) throw new KnowledgeDataException(file, r.Id, "rule id is used twice");
            var condition = new ConditionParser(fields, parameterNames, file, r.Id).Parse(r.When);
            var rule = new ReadinessRule(r.Id, r.Title, r.Severity, condition, r.Message, r.Rationale, r.Facts);
            if (rule.Facts.Count == 0)
                throw new KnowledgeDataException(file, r.Id, "has no facts; every rule must cite its source");
            foreach (var fact in rule.Facts) fact.Source.Check(file, r.Id);
            foreach (var name in rule.Placeholders)
            {
                var known = name.StartsWith("param.", StringComparison.Ordinal)
                    ? parameterNames.Contains(name["param.".Length..]) : fields.Find(name) is not null;
                if (!known) throw new KnowledgeDataException(file, r.Id,
                    $"message placeholder {{{name}}} names no field or parameter");
            }
            rules.Add(rule);
        }
        return new ReadinessRuleSet(dto.Topic, dto.Version, dto.Title, dto.Description, dto.Parameters, rules);
    }

    private sealed record RuleFile(string Topic, string Version, string Title, string Description,
        IReadOnlyList<RuleParameter> Parameters, IReadOnlyList<RuleEntry> Entries);

    private sealed record RuleEntry(string Id, string Title, ReadinessSeverity Severity, JsonElement When,
        string Message, string Rationale, IReadOnlyList<Fact> Facts);
}

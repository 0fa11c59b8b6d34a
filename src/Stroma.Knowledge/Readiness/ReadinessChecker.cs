namespace Stroma.Knowledge.Readiness;

/// <summary>
/// Evaluates lots against the readiness rules. Built once (rules, knowledge and parameter overrides fixed),
/// then reused; immutable and safe across threads.
/// </summary>
/// <remarks>
/// A rule fires when its condition is true, stays quiet when it is false, and is listed as not assessable —
/// never as passed — when inputs it needs are unknown (see <see cref="ReadinessReport.NotAssessable"/>).
/// </remarks>
public sealed class ReadinessChecker
{
    private readonly KnowledgeBase _knowledge;
    private readonly ReadinessRuleSet _ruleSet;
    private readonly IReadOnlyList<ReadinessRule> _rules;
    private readonly Dictionary<string, double> _parameters;

    /// <summary>
    /// Creates a checker with the embedded rules of <paramref name="knowledge"/> (default:
    /// <see cref="KnowledgeBase.Default"/>).
    /// </summary>
    /// <exception cref="ArgumentException">An override names an unknown parameter or rule.</exception>
    public ReadinessChecker(ReadinessOptions? options = null, KnowledgeBase? knowledge = null)
        : this((knowledge ?? KnowledgeBase.Default).ReadinessRules, options, knowledge)
    {
    }

    /// <summary>
    /// Creates a checker with another rule set (e.g. a site's own rules file, parsed with
    /// <see cref="ReadinessRuleSet.Parse"/>).
    /// </summary>
    /// <exception cref="ArgumentException">An override names an unknown parameter or rule.</exception>
    public ReadinessChecker(ReadinessRuleSet ruleSet, ReadinessOptions? options = null, KnowledgeBase? knowledge = null)
    {
        ArgumentNullException.ThrowIfNull(ruleSet);
        _knowledge = knowledge ?? KnowledgeBase.Default;
        _ruleSet = ruleSet;
        options ??= new ReadinessOptions();
        _parameters = ruleSet.Parameters.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        foreach (var (name, value) in options.Parameters)
        {
            if (!_parameters.ContainsKey(name))
                throw new ArgumentException($"unknown readiness parameter '{name}'; known: " +
                    $"{string.Join(", ", _parameters.Keys)}", nameof(options));
            if (!double.IsFinite(value))
                throw new ArgumentException($"readiness parameter '{name}' must be a finite number", nameof(options));
            _parameters[name] = value;
        }
        foreach (var id in options.DisabledRules)
            if (ruleSet.Find(id) is null)
                throw new ArgumentException($"unknown readiness rule '{id}'; known: " +
                    $"{string.Join(", ", ruleSet.Rules.Select(r => r.Id))}", nameof(options));
        _rules = [.. ruleSet.Rules.Where(r => !options.DisabledRules.Contains(r.Id, StringComparer.OrdinalIgnoreCase))];
    }

    /// <summary>The parameter values in effect.</summary>
    public IReadOnlyDictionary<string, double> Parameters => _parameters;

    /// <summary>The rules evaluated.</summary>
    public IReadOnlyList<ReadinessRule> Rules => _rules;

    /// <summary>Checks one input.</summary>
    /// <param name="input">The lot (and optional plan and patient).</param>
    /// <param name="origin">Where the input came from (a file name), used in error messages.</param>
    /// <exception cref="ReadinessInputException">The input names unknown ids or holds out-of-range values.</exception>
    public ReadinessReport Evaluate(ReadinessInput input, string? origin = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var normalised = ReadinessInputNormalizer.Normalize(input, _knowledge, origin);
        var context = new ReadinessContext(normalised, _knowledge, _parameters);
        var flags = new List<ReadinessFlag>();
        var notAssessable = new List<NotAssessableRule>();
        var passed = new List<string>();
        foreach (var rule in _rules)
        {
            var missing = new SortedSet<string>(StringComparer.Ordinal);
            switch (rule.When.Evaluate(context, missing))
            {
                case Truth.True:
                    flags.Add(new ReadinessFlag(rule.Id, rule.Title, rule.Severity,
                        rule.Render(context, _knowledge.ReadinessFields), rule.Rationale,
                        [.. rule.Facts.Select(f => f.Source).Distinct()]));
                    break;
                case Truth.Unknown:
                    notAssessable.Add(new NotAssessableRule(rule.Id, rule.Title, rule.Severity, [.. missing]));
                    break;
                default:
                    passed.Add(rule.Id);
                    break;
            }
        }
        // Most severe first; rule-file order within a severity keeps reports stable.
        var ordered = flags.Select((f, i) => (f, i)).OrderByDescending(x => x.f.Severity).ThenBy(x => x.i)
            .Select(x => x.f).ToArray();
        return new ReadinessReport(normalised.Lot.LotId, MscNomenclature.Label(normalised.Lot, _knowledge), ordered,
            notAssessable, passed,
            _ruleSet.Version, new Dictionary<string, double>(_parameters, StringComparer.Ordinal));
    }
}

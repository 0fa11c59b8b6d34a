namespace Stroma.Knowledge.Readiness;

/// <summary>The type of a readiness field, which decides the comparisons a rule may make on it.</summary>
public enum ReadinessFieldType
{
    /// <summary>A number (eq, ne, gt, gte, lt, lte).</summary>
    Number,

    /// <summary>A word from a fixed or open vocabulary (eq, ne, in, notIn).</summary>
    Text,

    /// <summary>True or false (eq, ne).</summary>
    Boolean,

    /// <summary>A calendar date (eq, ne, gt, gte, lt, lte; usually against another date field).</summary>
    Date,

    /// <summary>A list of words (contains, containsAny, containsAll, isEmpty).</summary>
    TextList,
}

/// <summary>
/// A field rule conditions may test, read from a <see cref="ReadinessInput"/> or derived from it and the knowledge
/// base.
/// </summary>
public sealed class ReadinessField
{
    internal ReadinessField(string name, ReadinessFieldType type, string description,
        Func<ReadinessContext, object?> read,
        IReadOnlyList<string>? allowedValues = null, string? unit = null)
    {
        Name = name;
        Type = type;
        Description = description;
        Read = read;
        AllowedValues = allowedValues;
        Unit = unit;
    }

    /// <summary>
    /// Dotted name used in rules (e.g. "lot.cumulativePopulationDoublings", "plan.routeIntravascular").
    /// </summary>
    public string Name { get; }

    /// <summary>Value type.</summary>
    public ReadinessFieldType Type { get; }

    /// <summary>What the field holds and where it comes from.</summary>
    public string Description { get; }

    /// <summary>The values a rule may compare a text or list field with, or null for an open vocabulary.</summary>
    public IReadOnlyList<string>? AllowedValues { get; }

    /// <summary>Unit appended to numbers in messages ("%", " years"), or null.</summary>
    public string? Unit { get; }

    /// <summary>
    /// Reads the value: double, string, bool, DateOnly or IReadOnlyList&lt;string&gt;; null when unknown.
    /// </summary>
    internal Func<ReadinessContext, object?> Read { get; }

    /// <summary>How a value of this field reads in a message.</summary>
    internal string Format(object? value) => value switch
    {
        null => "unknown",
        double d => KnowledgeJson.Number(d) + Unit,
        bool b => b ? "yes" : "no",
        DateOnly date => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        IReadOnlyList<string> { Count: 0 } => "none",
        IReadOnlyList<string> list => string.Join(", ", list),
        _ => value.ToString() ?? "",
    };
}

using System.Globalization;

namespace Stroma.Knowledge.Readiness;

/// <summary>Three-valued truth: a condition on unknown inputs is neither true nor false.</summary>
internal enum Truth
{
    False,
    True,
    Unknown,
}

/// <summary>
/// A rule condition: field comparisons combined with all / any / not. Evaluated with three-valued (Kleene)
/// logic so that a missing input makes a rule "not assessable" instead of silently passing: all() is false as
/// soon as one part is false, any() is true as soon as one part is true, otherwise unknown parts make it unknown.
/// </summary>
internal abstract record Condition
{
    /// <summary>Evaluates; adds the names of unknown fields met on the way to <paramref name="missing"/>.</summary>
    public abstract Truth Evaluate(ReadinessContext context, ISet<string> missing);

    /// <summary>Fields the condition reads.</summary>
    public abstract IEnumerable<string> Fields();

    /// <summary>Parameters the condition reads.</summary>
    public abstract IEnumerable<string> Parameters();
}

/// <summary>
/// all() or any() of several conditions: the same short-circuit with the roles of true and false swapped.
/// </summary>
internal sealed record JunctionCondition(bool IsAll, IReadOnlyList<Condition> Parts) : Condition
{
    public override Truth Evaluate(ReadinessContext context, ISet<string> missing)
    {
        // all() is decided by the first false part, any() by the first true one.
        var decisive = IsAll ? Truth.False : Truth.True;
        var result = IsAll ? Truth.True : Truth.False;
        foreach (var part in Parts)
        {
            var t = part.Evaluate(context, missing);
            if (t == decisive) return decisive;
            if (t == Truth.Unknown) result = Truth.Unknown;
        }
        return result;
    }

    public override IEnumerable<string> Fields() => Parts.SelectMany(p => p.Fields());

    public override IEnumerable<string> Parameters() => Parts.SelectMany(p => p.Parameters());

    public override string ToString() =>
        string.Join(IsAll ? " and " : " or ",
            Parts.Select(p => p is JunctionCondition j && j.IsAll != IsAll ? $"({p})" : p.ToString()));
}

internal sealed record NotCondition(Condition Part) : Condition
{
    public override Truth Evaluate(ReadinessContext context, ISet<string> missing) =>
        Part.Evaluate(context, missing) switch
    {
        Truth.True => Truth.False,
        Truth.False => Truth.True,
        _ => Truth.Unknown,
    };

    public override IEnumerable<string> Fields() => Part.Fields();

    public override IEnumerable<string> Parameters() => Part.Parameters();

    public override string ToString() => $"not ({Part})";
}

/// <summary>The comparison operators of the condition language (their JSON names are camelCase).</summary>
internal enum ComparisonOperator
{
    Eq,
    Ne,
    Gt,
    Gte,
    Lt,
    Lte,
    In,
    NotIn,
    Contains,
    ContainsAny,
    ContainsAll,
    IsKnown,
    IsEmpty,
}

/// <summary>The right-hand side of a comparison.</summary>
internal abstract record Operand;

/// <summary>A literal: double, string, bool, DateOnly or a string list.</summary>
internal sealed record LiteralOperand(object Value) : Operand
{
    public override string ToString() => Value switch
    {
        string s => $"\"{s}\"",
        bool b => b ? "true" : "false",
        double d => KnowledgeJson.Number(d),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IReadOnlyList<string> list => $"[{string.Join(", ", list.Select(s => $"\"{s}\""))}]",
        _ => Value.ToString() ?? "",
    };
}

/// <summary>A named numeric parameter of the rule set (overridable through options).</summary>
internal sealed record ParameterOperand(string Name) : Operand
{
    public override string ToString() => $"${Name}";
}

/// <summary>Another field of the same type.</summary>
internal sealed record FieldOperand(ReadinessField Field) : Operand
{
    public override string ToString() => Field.Name;
}

internal sealed record Comparison(ReadinessField Field, ComparisonOperator Operator, Operand Operand) : Condition
{
    public override Truth Evaluate(ReadinessContext context, ISet<string> missing)
    {
        var left = Field.Read(context);
        if (Operator == ComparisonOperator.IsKnown)
            return Of((left is not null) == (bool)((LiteralOperand)Operand).Value);
        if (left is null)
        {
            missing.Add(Field.Name);
            return Truth.Unknown;
        }
        object? right = Operand switch
        {
            LiteralOperand literal => literal.Value,
            ParameterOperand parameter => context.Parameter(parameter.Name),
            FieldOperand other => other.Field.Read(context),
            _ => throw new InvalidOperationException($"unhandled operand {Operand}"),
        };
        if (right is null)
        {
            missing.Add(((FieldOperand)Operand).Field.Name);
            return Truth.Unknown;
        }
        return Of(Operator switch
        {
            ComparisonOperator.Eq => Compare(left, right) == 0,
            ComparisonOperator.Ne => Compare(left, right) != 0,
            ComparisonOperator.Gt => Compare(left, right) > 0,
            ComparisonOperator.Gte => Compare(left, right) >= 0,
            ComparisonOperator.Lt => Compare(left, right) < 0,
            ComparisonOperator.Lte => Compare(left, right) <= 0,
            ComparisonOperator.In =>
                ((IReadOnlyList<string>)right).Contains((string)left, StringComparer.OrdinalIgnoreCase),
            ComparisonOperator.NotIn =>
                !((IReadOnlyList<string>)right).Contains((string)left, StringComparer.OrdinalIgnoreCase),
            ComparisonOperator.Contains =>
                ((IReadOnlyList<string>)left).Contains((string)right, StringComparer.OrdinalIgnoreCase),
            ComparisonOperator.ContainsAny => ((IReadOnlyList<string>)right)
                .Any(r => ((IReadOnlyList<string>)left).Contains(r, StringComparer.OrdinalIgnoreCase)),
            ComparisonOperator.ContainsAll => ((IReadOnlyList<string>)right)
                .All(r => ((IReadOnlyList<string>)left).Contains(r, StringComparer.OrdinalIgnoreCase)),
            ComparisonOperator.IsEmpty => (((IReadOnlyList<string>)left).Count == 0) == (bool)right,
            _ => throw new InvalidOperationException($"unhandled operator {Operator}"),
        });
    }

    public override IEnumerable<string> Fields() =>
        Operand is FieldOperand f ? [Field.Name, f.Field.Name] : [Field.Name];

    public override IEnumerable<string> Parameters() => Operand is ParameterOperand p ? [p.Name] : [];

    public override string ToString() => Operator switch
    {
        ComparisonOperator.Eq => $"{Field.Name} = {Operand}",
        ComparisonOperator.Ne => $"{Field.Name} ≠ {Operand}",
        ComparisonOperator.Gt => $"{Field.Name} > {Operand}",
        ComparisonOperator.Gte => $"{Field.Name} ≥ {Operand}",
        ComparisonOperator.Lt => $"{Field.Name} < {Operand}",
        ComparisonOperator.Lte => $"{Field.Name} ≤ {Operand}",
        ComparisonOperator.In => $"{Field.Name} in {Operand}",
        ComparisonOperator.NotIn => $"{Field.Name} not in {Operand}",
        ComparisonOperator.Contains => $"{Field.Name} contains {Operand}",
        ComparisonOperator.ContainsAny => $"{Field.Name} contains any of {Operand}",
        ComparisonOperator.ContainsAll => $"{Field.Name} contains all of {Operand}",
        ComparisonOperator.IsKnown =>
            (bool)((LiteralOperand)Operand).Value ? $"{Field.Name} is known" : $"{Field.Name} is unknown",
        ComparisonOperator.IsEmpty =>
            (bool)((LiteralOperand)Operand).Value ? $"{Field.Name} is empty" : $"{Field.Name} is not empty",
        _ => $"{Field.Name} {Operator} {Operand}",
    };

    private static Truth Of(bool value) => value ? Truth.True : Truth.False;

    // The parser guarantees both sides have the field's type, so only like with like is compared here.
    private static int Compare(object left, object right) => (left, right) switch
    {
        (double a, double b) => a.CompareTo(b),
        (DateOnly a, DateOnly b) => a.CompareTo(b),
        (bool a, bool b) => a.CompareTo(b),
        (string a, string b) => string.Compare(a, b, StringComparison.OrdinalIgnoreCase),
        _ => throw new InvalidOperationException($"cannot compare {left.GetType().Name} with {right.GetType().Name}"),
    };
}

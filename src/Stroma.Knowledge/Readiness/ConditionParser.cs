using System.Globalization;
using System.Text.Json;

namespace Stroma.Knowledge.Readiness;

/// <summary>
/// Reads the condition language of the rules file and type-checks it against the field catalog, so a rule that
/// names an unknown field, parameter or value, or compares a date with a number, fails when the rules load.
/// <code>
/// condition  := { "all": [condition…] } | { "any": [condition…] } | { "not": condition } | comparison
/// comparison := { "field": NAME, OP: operand }
/// OP         := eq | ne | gt | gte | lt | lte | in | notIn | contains | containsAny | containsAll | isKnown | isEmpty
/// operand    := literal | { "param": NAME } | { "field": NAME }
/// </code>
/// </summary>
internal sealed class ConditionParser(ReadinessFieldCatalog fields, IReadOnlySet<string> parameters, string file,
    string ruleId)
{
    private static readonly Dictionary<string, ComparisonOperator> Operators =
        Enum.GetValues<ComparisonOperator>()
            .ToDictionary(o => JsonNamingPolicy.CamelCase.ConvertName(o.ToString()), StringComparer.Ordinal);

    public Condition Parse(JsonElement element, string path = "when")
    {
        if (element.ValueKind != JsonValueKind.Object) throw Error(path, "a condition must be an object");
        var members = element.EnumerateObject().ToList();
        if (members.Count == 1 && members[0].Name is "all" or "any")
        {
            var list = members[0].Value;
            if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
                throw Error(path, $"'{members[0].Name}' needs a non-empty array of conditions");
            var parts = list.EnumerateArray().Select((c, i) => Parse(c, $"{path}.{members[0].Name}[{i}]")).ToArray();
            return new JunctionCondition(members[0].Name == "all", parts);
        }
        if (members.Count == 1 && members[0].Name == "not")
            return new NotCondition(Parse(members[0].Value, $"{path}.not"));
        return ParseComparison(members, path);
    }

    private Comparison ParseComparison(List<JsonProperty> members, string path)
    {
        var fieldMember = members.FirstOrDefault(m => m.Name == "field");
        if (fieldMember.Value.ValueKind != JsonValueKind.String)
            throw Error(path,
                "expected { \"all\": […] }, { \"any\": […] }, { \"not\": … } or { \"field\": NAME, OP: value }");
        var field = Field(fieldMember.Value.GetString()!, path);
        var ops = members.Where(m => m.Name != "field").ToList();
        if (ops.Count != 1 || !Operators.TryGetValue(ops[0].Name, out var op))
            throw Error(path,
                $"a comparison needs exactly one operator of {string.Join(", ", Operators.Keys)}; got " +
                $"{string.Join(", ", ops.Select(o => o.Name))}");
        var at = $"{path}.{ops[0].Name}";
        return new Comparison(field, op, Operand(field, op, ops[0].Value, at));
    }

    private Operand Operand(ReadinessField field, ComparisonOperator op, JsonElement value, string path)
    {
        var type = field.Type;
        switch (op)
        {
            case ComparisonOperator.IsKnown:
                return new LiteralOperand(Bool(value, path));
            case ComparisonOperator.IsEmpty:
                Require(type == ReadinessFieldType.TextList, path,
                    $"isEmpty applies to list fields; {field.Name} is {type}");
                return new LiteralOperand(Bool(value, path));
            case ComparisonOperator.In or ComparisonOperator.NotIn:
                Require(type == ReadinessFieldType.Text, path,
                    $"in/notIn apply to text fields; {field.Name} is {type}");
                return new LiteralOperand(Words(field, value, path));
            case ComparisonOperator.Contains:
                Require(type == ReadinessFieldType.TextList, path,
                    $"contains applies to list fields; {field.Name} is {type}");
                return new LiteralOperand(Word(field, value, path));
            case ComparisonOperator.ContainsAny or ComparisonOperator.ContainsAll:
                Require(type == ReadinessFieldType.TextList, path,
                    $"containsAny/containsAll apply to list fields; {field.Name} is {type}");
                return new LiteralOperand(Words(field, value, path));
        }
        // eq, ne and the orderings: the operand must have the field's type.
        Require(type != ReadinessFieldType.TextList, path,
            $"{field.Name} is a list: use contains, containsAny, containsAll or isEmpty");
        var ordering =
            op is ComparisonOperator.Gt or ComparisonOperator.Gte or ComparisonOperator.Lt or ComparisonOperator.Lte;
        Require(!ordering || type is ReadinessFieldType.Number or ReadinessFieldType.Date, path,
            $"{op} needs a number or date field; {field.Name} is {type}");
        if (value.ValueKind == JsonValueKind.Object)
        {
            var reference = value.EnumerateObject().ToList();
            if (reference.Count == 1 && reference[0].Name == "param"
                && reference[0].Value.ValueKind == JsonValueKind.String)
            {
                var name = reference[0].Value.GetString()!;
                Require(type == ReadinessFieldType.Number, path, $"parameters are numbers; {field.Name} is {type}");
                Require(parameters.Contains(name), path,
                    $"unknown parameter '{name}'; known: {string.Join(", ", parameters)}");
                return new ParameterOperand(name);
            }
            if (reference.Count == 1 && reference[0].Name == "field"
                && reference[0].Value.ValueKind == JsonValueKind.String)
            {
                var other = Field(reference[0].Value.GetString()!, path);
                Require(other.Type == type, path,
                    $"cannot compare {field.Name} ({type}) with {other.Name} ({other.Type})");
                return new FieldOperand(other);
            }
            throw Error(path, "an operand object must be { \"param\": NAME } or { \"field\": NAME }");
        }
        return type switch
        {
            ReadinessFieldType.Number when value.ValueKind == JsonValueKind.Number =>
                new LiteralOperand(value.GetDouble()),
            ReadinessFieldType.Boolean => new LiteralOperand(Bool(value, path)),
            ReadinessFieldType.Text => new LiteralOperand(Word(field, value, path)),
            ReadinessFieldType.Date when value.ValueKind == JsonValueKind.String
                && DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture,
                    DateTimeStyles.None, out var date) => new LiteralOperand(date),
            _ => throw Error(path, $"{field.Name} is {type}; {value.GetRawText()} is not a {type} value"),
        };
    }

    private ReadinessField Field(string name, string path) => fields.Find(name)
        ?? throw Error(path,
            $"unknown field '{name}'; known: {string.Join(", ", fields.All.Select(f => f.Name))}, " +
            $"{ReadinessFieldCatalog.MarkerPrefix}<marker id>");

    private string Word(ReadinessField field, JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.String) throw Error(path, $"expected a string, got {value.GetRawText()}");
        var word = value.GetString()!;
        // A rule comparing with a value no input can have would never fire: catch the typo here.
        if (field.AllowedValues is { } allowed && !allowed.Contains(word, StringComparer.Ordinal))
            throw Error(path, $"'{word}' is not a value of {field.Name}; known: {string.Join(", ", allowed)}");
        return word;
    }

    private string[] Words(ReadinessField field, JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
            throw Error(path, "expected a non-empty array of strings");
        return [.. value.EnumerateArray().Select(v => Word(field, v, path))];
    }

    private bool Bool(JsonElement value, string path) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Error(path, $"expected true or false, got {value.GetRawText()}"),
    };

    private void Require(bool ok, string path, string problem)
    {
        if (!ok) throw Error(path, problem);
    }

    private KnowledgeDataException Error(string path, string problem) => new(file, ruleId, $"{path}: {problem}");
}

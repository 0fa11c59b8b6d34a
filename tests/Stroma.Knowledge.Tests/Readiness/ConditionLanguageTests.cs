using Stroma.Knowledge.Readiness;
using Xunit;

namespace Stroma.Knowledge.Tests.Readiness;

/// <summary>The declarative condition language of the rules file: parsing, type checks and three-valued evaluation.</summary>
public sealed class ConditionLanguageTests
{
    private static readonly KnowledgeBase Kb = KnowledgeBase.Default;

    private static string RuleFile(string when, string message = "m", string parameters = """[{ "name": "limit", "value": 10, "unit": "u", "description": "d", "source": { "section": "2.6 Aging and Senescence", "quote": "q" } }]""") => $$"""
        {
          "topic": "readiness-rules", "version": "0.0.1", "title": "t", "description": "d",
          "parameters": {{parameters}},
          "entries": [{
            "id": "r1", "title": "t", "severity": "caution", "when": {{when}},
            "message": "{{message}}", "rationale": "r",
            "facts": [{ "aspect": "a", "text": "t", "source": { "section": "2.6 Aging and Senescence", "quote": "q" } }]
          }]
        }
        """;

    private static ReadinessRule Parse(string when, string message = "m") => ReadinessRuleSet.Parse(RuleFile(when, message), Kb.ReadinessFields).Rules[0];

    private static KnowledgeDataException Fails(string when, string message = "m") =>
        Assert.Throws<KnowledgeDataException>(() => ReadinessRuleSet.Parse(RuleFile(when, message), Kb.ReadinessFields));

    [Fact]
    public void Conditions_read_back_as_text()
    {
        var rule = Parse("""{ "all": [ { "field": "plan.routeIntravascular", "eq": true }, { "any": [ { "field": "lot.tissueFactor", "eq": "higher" }, { "field": "lot.markers.CD142", "gt": { "param": "limit" } } ] } ] }""");
        Assert.Equal("plan.routeIntravascular = true and (lot.tissueFactor = \"higher\" or lot.markers.CD142 > $limit)", rule.Condition);
        Assert.Equal(["plan.routeIntravascular", "lot.tissueFactor", "lot.markers.CD142"], rule.Fields);
        Assert.Equal(["limit"], rule.Parameters);
    }

    [Fact]
    public void Every_operator_parses_on_a_field_of_its_type()
    {
        Assert.Equal("lot.identityAnalysisDate < lot.lastPassageDate", Parse("""{ "field": "lot.identityAnalysisDate", "lt": { "field": "lot.lastPassageDate" } }""").Condition);
        Assert.Equal("lot.identityAnalysisDate ≥ 2025-01-01", Parse("""{ "field": "lot.identityAnalysisDate", "gte": "2025-01-01" }""").Condition);
        Assert.Equal("lot.mediumSupplement not in [\"fetal-bovine-serum\"]", Parse("""{ "field": "lot.mediumSupplement", "notIn": ["fetal-bovine-serum"] }""").Condition);
        Assert.Equal("lot.qcTests contains all of [\"sterility\", \"endotoxin\"]", Parse("""{ "field": "lot.qcTests", "containsAll": ["sterility", "endotoxin"] }""").Condition);
        Assert.Equal("lot.potencyTests is not empty", Parse("""{ "field": "lot.potencyTests", "isEmpty": false }""").Condition);
        Assert.Equal("patient.immuneStatus is unknown", Parse("""{ "field": "patient.immuneStatus", "isKnown": false }""").Condition);
        Assert.Equal("not (lot.passage ≠ 3)", Parse("""{ "not": { "field": "lot.passage", "ne": 3 } }""").Condition);
        Assert.Equal("lot.passage ≤ 3", Parse("""{ "field": "lot.passage", "lte": 3 }""").Condition);
    }

    [Theory]
    [InlineData("""{ "field": "lot.nonsense", "eq": 1 }""", "unknown field 'lot.nonsense'")]
    [InlineData("""{ "field": "lot.markers.CD999", "gt": 1 }""", "unknown field 'lot.markers.CD999'")]
    [InlineData("""{ "field": "lot.markers.tissue factor", "gt": 1 }""", "unknown field")]
    [InlineData("""{ "field": "lot.passage", "gt": { "param": "nope" } }""", "unknown parameter 'nope'")]
    [InlineData("""{ "field": "lot.mediumSupplement", "eq": "fbs" }""", "'fbs' is not a value of lot.mediumSupplement")]
    [InlineData("""{ "field": "lot.qcTests", "contains": "sterile" }""", "'sterile' is not a value of lot.qcTests")]
    [InlineData("""{ "field": "lot.passage", "eq": "three" }""", "is not a Number value")]
    [InlineData("""{ "field": "lot.tissueSource", "gt": "adipose" }""", "Gt needs a number or date field")]
    [InlineData("""{ "field": "lot.qcTests", "eq": "sterility" }""", "is a list")]
    [InlineData("""{ "field": "lot.passage", "contains": "x" }""", "contains applies to list fields")]
    [InlineData("""{ "field": "lot.identityAnalysisDate", "lt": { "field": "lot.passage" } }""", "cannot compare")]
    [InlineData("""{ "field": "lot.passage", "eq": 1, "ne": 2 }""", "exactly one operator")]
    [InlineData("""{ "field": "lot.passage", "between": [1, 2] }""", "exactly one operator")]
    [InlineData("""{ "all": [] }""", "non-empty array")]
    [InlineData("""{ "some": [] }""", "expected")]
    [InlineData("""[ 1 ]""", "must be an object")]
    public void A_malformed_condition_fails_to_load_naming_the_rule_and_the_problem(string when, string expected)
    {
        var ex = Fails(when);
        Assert.Equal("r1", ex.EntryId);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_placeholder_must_name_a_field_or_parameter()
    {
        Assert.Contains("{lot.nothing}", Fails("""{ "field": "lot.passage", "gt": 1 }""", "passage {lot.nothing}").Message, StringComparison.Ordinal);
        Assert.Contains("{param.nothing}", Fails("""{ "field": "lot.passage", "gt": 1 }""", "passage {param.nothing}").Message, StringComparison.Ordinal);
        Assert.Equal("passage {lot.passage} over {param.limit}", Parse("""{ "field": "lot.passage", "gt": 1 }""", "passage {lot.passage} over {param.limit}").Message);
    }

    [Fact]
    public void A_citation_without_quote_or_external_source_is_refused()
    {
        var json = RuleFile("""{ "field": "lot.passage", "gt": 1 }""").Replace("\"quote\": \"q\" } }]\n  }]", "\"quote\": null } }]\n  }]", StringComparison.Ordinal);
        var ex = Assert.Throws<KnowledgeDataException>(() => ReadinessRuleSet.Parse(json, Kb.ReadinessFields));
        Assert.Contains("neither a quote", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_members_in_the_rules_file_are_refused()
    {
        var json = RuleFile("""{ "field": "lot.passage", "gt": 1 }""").Replace("\"severity\": \"caution\"", "\"severity\": \"caution\", \"severty\": \"stop\"", StringComparison.Ordinal);
        Assert.Throws<KnowledgeDataException>(() => ReadinessRuleSet.Parse(json, Kb.ReadinessFields));
    }

    [Fact]
    public void All_is_false_when_one_part_is_false_even_if_another_is_unknown()
    {
        var checker = Checker("""{ "all": [ { "field": "lot.passage", "gt": 10 }, { "field": "lot.donorAgeYears", "gt": 10 } ] }""");
        var report = checker.Evaluate(new ReadinessInput { Lot = new LotProfile { Passage = 3 } });
        Assert.Equal(["r1"], report.Passed);
    }

    [Fact]
    public void Any_is_true_when_one_part_is_true_even_if_another_is_unknown()
    {
        var checker = Checker("""{ "any": [ { "field": "lot.passage", "gt": 1 }, { "field": "lot.donorAgeYears", "gt": 10 } ] }""");
        Assert.Equal("r1", Assert.Single(checker.Evaluate(new ReadinessInput { Lot = new LotProfile { Passage = 3 } }).Flags).RuleId);
    }

    [Fact]
    public void Unknown_parts_that_decide_the_result_make_the_rule_not_assessable_and_are_named()
    {
        var checker = Checker("""{ "all": [ { "field": "lot.passage", "gt": 1 }, { "not": { "field": "lot.qcTests", "contains": "cgh" } } ] }""");
        var na = Assert.Single(checker.Evaluate(new ReadinessInput { Lot = new LotProfile { Passage = 3 } }).NotAssessable);
        Assert.Equal(["lot.qcTests"], na.MissingFields);
        Assert.Equal(ReadinessSeverity.Caution, na.Severity);
    }

    [Fact]
    public void IsKnown_is_decided_even_on_an_empty_lot()
    {
        var checker = Checker("""{ "field": "lot.passage", "isKnown": false }""");
        Assert.Single(checker.Evaluate(new ReadinessInput { Lot = new LotProfile() }).Flags);
    }

    [Fact]
    public void An_empty_list_is_known_and_an_absent_one_is_not()
    {
        var checker = Checker("""{ "field": "lot.potencyTests", "isEmpty": true }""");
        Assert.Single(checker.Evaluate(new ReadinessInput { Lot = new LotProfile { PotencyTests = [] } }).Flags);
        Assert.Single(checker.Evaluate(new ReadinessInput { Lot = new LotProfile() }).NotAssessable);
    }

    [Fact]
    public void Text_comparisons_ignore_case()
    {
        var checker = Checker("""{ "field": "lot.species", "eq": "human" }""");
        Assert.Single(checker.Evaluate(new ReadinessInput { Lot = new LotProfile { Species = "Human" } }).Flags);
    }

    private static ReadinessChecker Checker(string when) => new(ReadinessRuleSet.Parse(RuleFile(when), Kb.ReadinessFields));
}

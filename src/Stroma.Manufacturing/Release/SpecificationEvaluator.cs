using System.Globalization;
using System.Text.Json;
using Stroma.Identity.Analysis;
using Stroma.Manufacturing.Records;

namespace Stroma.Manufacturing.Release;

/// <summary>Outcome of one specification item.</summary>
public enum ItemStatus
{
    /// <summary>Meets its criterion.</summary>
    Pass,
    /// <summary>Out of specification.</summary>
    OutOfSpecification,
    /// <summary>No result yet.</summary>
    Missing,
    /// <summary>Reported only (no criterion).</summary>
    Reported,
}

/// <summary>One item judged against the current results.</summary>
/// <param name="Position">Item position.</param>
/// <param name="Test">Test.</param>
/// <param name="Name">Name.</param>
/// <param name="Criterion">Criterion as text, e.g. "≥ 70 %".</param>
/// <param name="Required">Whether it must pass for release.</param>
/// <param name="Result">Result as text, e.g. "92 %", or null when missing.</param>
/// <param name="Status">Outcome.</param>
/// <param name="Note">Extra detail (where a value came from, how a limit was computed).</param>
public sealed record ItemOutcome(int Position, ReleaseTest Test, string Name, string Criterion, bool Required,
    string? Result, ItemStatus Status, string? Note)
{
    /// <summary>True when this item prevents release.</summary>
    public bool Blocks => Required && Status is ItemStatus.OutOfSpecification or ItemStatus.Missing;

    /// <summary>"viability 60 % is out of specification (≥ 70 %)" and the like.</summary>
    public string Describe() => Status switch
    {
        ItemStatus.OutOfSpecification => $"{Name} {Result} is out of specification ({Criterion})",
        ItemStatus.Missing => $"{Name}: no result ({Criterion}){(Note is null ? "" : "; " + Note)}",
        ItemStatus.Pass => $"{Name} {Result} meets {Criterion}",
        _ => $"{Name} {Result ?? "—"} (reported)",
    };
}

/// <summary>A lot's results judged against its specification.</summary>
/// <param name="Items">Every item.</param>
/// <param name="Endotoxin">The computed endotoxin limit, when the specification uses K/M and a plan is set.</param>
public sealed record ReleaseEvaluation(IReadOnlyList<ItemOutcome> Items, EndotoxinLimit? Endotoxin)
{
    /// <summary>True when no required item is missing or out of specification.</summary>
    public bool Releasable => Items.All(i => !i.Blocks);

    /// <summary>What blocks release.</summary>
    public IReadOnlyList<string> Blocking => Items.Where(i => i.Blocks).Select(i => i.Describe()).ToArray();

    /// <summary>Items out of specification (required or not).</summary>
    public IReadOnlyList<ItemOutcome> OutOfSpecification =>
        Items.Where(i => i.Status == ItemStatus.OutOfSpecification).ToArray();
}

/// <summary>Judges results against a specification, and checks a result before it is recorded.</summary>
public static class SpecificationEvaluator
{
    private static readonly JsonSerializerOptions IdentityJson = new(JsonSerializerDefaults.Web);

    // Laboratory wording that means the expected qualitative outcome.
    private static readonly Dictionary<string, string[]> Equivalents = new(StringComparer.OrdinalIgnoreCase)
    {
        ["no growth"] = ["no growth", "negative", "sterile", "no growth detected", "conforms"],
        ["not detected"] = ["not detected", "negative", "absent", "nd", "conforms"],
        ["normal"] = ["normal", "normal karyotype", "46,xx", "46,xy", "conforms"],
        ["pass"] = ["pass", "passed", "conforms"],
    };

    /// <summary>Evaluates the current (not superseded) results.</summary>
    public static ReleaseEvaluation Evaluate(ReleaseSpecification spec, IEnumerable<TestResult> results,
        double cumulativePd, EndotoxinPlan? plan)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(results);
        var current = results.Where(r => !r.Superseded).ToArray();
        EndotoxinLimit? endotoxin = null;
        var outcomes = new List<ItemOutcome>();
        foreach (var item in spec.Items.OrderBy(i => i.Position))
        {
            var result = current.Where(r => r.Test == item.Test
                && string.Equals(r.Name, item.Name, StringComparison.OrdinalIgnoreCase))
                                .OrderBy(r => r.EnteredUtc).LastOrDefault();
            string? note = null;
            double? limit = item.Limit;
            if (item.Test == ReleaseTest.Endotoxin && item.ComputedLimit is not null)
            {
                if (plan is null)
                {
                    outcomes.Add(new(item.Position, item.Test, item.Name, $"{Symbol(item.Comparator)} K/M {item.Unit}",
                        item.Required, Show(result, item),
                        ItemStatus.Missing, "the K/M limit needs the route and planned dose (stroma release spec LOT " +
                            "--route … --weight … --dose …)"));
                    continue;
                }
                endotoxin = Endotoxin.Compute(plan, item.Unit);
                limit = endotoxin.Limit;
                note = endotoxin.Basis;
            }
            var criterion = Criterion(item, limit);
            ItemOutcome Outcome(string? shown, ItemStatus status, string? extra = null) =>
                new(item.Position, item.Test, item.Name, criterion, item.Required, shown, status, extra ?? note);

            switch (item.Test)
            {
                case ReleaseTest.PopulationDoublings:
                    outcomes.Add(Outcome(cumulativePd.ToString("0.##", CultureInfo.InvariantCulture) + " " + item.Unit,
                        Judge(item.Comparator, cumulativePd, limit),
                            "computed from the lot's passages across its lineage"));
                    break;
                case ReleaseTest.Marker when result is null:
                    var fromIdentity = MarkerFromIdentity(current, item.Name);
                    outcomes.Add(fromIdentity is null
                        ? Outcome(null, ItemStatus.Missing)
                        : Outcome($"{fromIdentity.Value.ToString("0.##", CultureInfo.InvariantCulture)} %",
                            Judge(item.Comparator, fromIdentity.Value, limit), "from the stored identity analysis"));
                    break;
                case ReleaseTest.Identity when result is not null:
                    outcomes.Add(Outcome(result.Text, Matches(item.Expected!, result.Text) ? ItemStatus.Pass
                        : ItemStatus.OutOfSpecification));
                    break;
                default:
                    if (result is null) outcomes.Add(Outcome(null,
                        item.Comparator == Comparator.Report ? ItemStatus.Reported : ItemStatus.Missing));
                    else if (item.Comparator == Comparator.Report) outcomes.Add(Outcome(Show(result, item),
                        ItemStatus.Reported));
                    else if (item.Comparator == Comparator.Is) outcomes.Add(Outcome(Show(result, item),
                        Matches(item.Expected!, result.Text) ? ItemStatus.Pass : ItemStatus.OutOfSpecification));
                    else outcomes.Add(Outcome(Show(result, item),
                        result.Value is { } v ? Judge(item.Comparator, v, limit) : ItemStatus.Missing));
                    break;
            }
        }
        return new ReleaseEvaluation(outcomes, endotoxin);
    }

    /// <summary>
    /// Finds the item a result belongs to and checks its value and unit, so a wrong entry is refused before it is
    /// stored.
    /// </summary>
    public static SpecificationItem CheckResult(ReleaseSpecification spec, ReleaseTest test, string? name,
        double? value, string? text, string? unit)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (test == ReleaseTest.PopulationDoublings)
            throw new ManufacturingException("Cumulative population doublings are computed from the lot's passages; " +
                "they are not entered.");
        var candidates = spec.Items.Where(i => i.Test == test).ToArray();
        var item = name is null && candidates.Length == 1 ? candidates[0]
            : candidates.FirstOrDefault(i => string.Equals(i.Name, name ?? Terms.Token(test),
                StringComparison.OrdinalIgnoreCase)
                                           || (test == ReleaseTest.Marker
                                               && string.Equals(i.Name,
                                               Identity.Markers.MarkerName.Normalize(name ?? ""),
                                               StringComparison.Ordinal)));
        if (item is null)
        {
            var names = spec.Items.Select(i => i.Test is ReleaseTest.Marker or ReleaseTest.Potency or ReleaseTest.Other
                ? $"{Terms.Token(i.Test)} '{i.Name}'" : Terms.Token(i.Test));
            throw new ManufacturingException($"Specification {spec.Code} v{spec.SpecVersion} has no " +
                $"{Terms.Token(test)}{(name is null ? "" : $" '{name}'")} item; its items are: " +
                $"{string.Join(", ", names)}.");
        }
        if (test == ReleaseTest.Identity) return item;
        var expectedUnit = item.Unit;
        if (!string.IsNullOrWhiteSpace(unit) && !UnitsMatch(expectedUnit, unit))
            throw new ManufacturingException($"{item.Name}: unit '{unit}' does not match the specification unit " +
                $"'{expectedUnit}'.");
        var qualitative = item.Comparator == Comparator.Is || (item.Comparator == Comparator.Report
            && item.Expected is not null);
        if (qualitative)
        {
            if (string.IsNullOrWhiteSpace(text)) throw new ManufacturingException($"{item.Name} is qualitative: give " +
                $"the result as text (e.g. \"{item.Expected}\").");
            QualitativeOutcomes.Check($"{item.Name} result", item.Expected, text);
        }
        else
        {
            if (value is not { } v || !double.IsFinite(v)) throw new ManufacturingException($"{item.Name} needs a " +
                $"numeric result{(expectedUnit.Length > 0 ? $" in {expectedUnit}" : "")}; '{text}' given.");
            if (expectedUnit == "%" && v is < 0 or > 100) throw new ManufacturingException($"{item.Name} {v} % is " +
                $"outside 0–100 %.");
            if (v < 0) throw new ManufacturingException($"{item.Name} cannot be negative; {v} given.");
        }
        return item;
    }

    /// <summary>The criterion as text.</summary>
    public static string Criterion(SpecificationItem item, double? limit = null)
    {
        ArgumentNullException.ThrowIfNull(item);
        limit ??= item.Limit;
        return item.Comparator switch
        {
            Comparator.Is => item.Test == ReleaseTest.Identity ? $"{item.Expected} ({item.Panel})" : item.Expected
                ?? "",
            Comparator.Report => "report",
            _ when limit is null => $"{Symbol(item.Comparator)} {item.ComputedLimit} {item.Unit}".TrimEnd(),
            _ => $"{Symbol(item.Comparator)} {limit.Value.ToString("0.###", CultureInfo.InvariantCulture)} {item.Unit}"
                .TrimEnd(),
        };
    }

    /// <summary>Whether a result text means the expected qualitative outcome.</summary>
    public static bool Matches(string expected, string? actual)
    {
        if (actual is null) return false;
        var a = actual.Trim();
        return string.Equals(expected.Trim(), a, StringComparison.OrdinalIgnoreCase)
               || (Equivalents.TryGetValue(expected.Trim(), out var same)
                   && same.Contains(a, StringComparer.OrdinalIgnoreCase));
    }

    private static bool UnitsMatch(string expected, string given) =>
        string.Equals(expected.Replace(" ", "", StringComparison.Ordinal),
            given.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase)
        || (expected.StartsWith("EU/", StringComparison.Ordinal) && TryEndotoxinUnit(given) == expected);

    private static string? TryEndotoxinUnit(string unit)
    {
        try { return Endotoxin.NormalizeUnit(unit); }
        catch (ManufacturingException) { return null; }
    }

    private static string Symbol(Comparator c) => c switch
    {
        Comparator.AtLeast => "≥",
        Comparator.GreaterThan => ">",
        Comparator.AtMost => "≤",
        Comparator.LessThan => "<",
        _ => "",
    };

    private static ItemStatus Judge(Comparator comparator, double value, double? limit) => comparator switch
    {
        Comparator.Report => ItemStatus.Reported,
        _ when limit is null => ItemStatus.Missing,
        Comparator.AtLeast => value >= limit ? ItemStatus.Pass : ItemStatus.OutOfSpecification,
        Comparator.GreaterThan => value > limit ? ItemStatus.Pass : ItemStatus.OutOfSpecification,
        Comparator.AtMost => value <= limit ? ItemStatus.Pass : ItemStatus.OutOfSpecification,
        Comparator.LessThan => value < limit ? ItemStatus.Pass : ItemStatus.OutOfSpecification,
        _ => ItemStatus.Missing,
    };

    private static string? Show(TestResult? result, SpecificationItem item) => result switch
    {
        null => null,
        { Value: { } v } =>
            $"{v.ToString("0.###", CultureInfo.InvariantCulture)} {(result.Unit.Length > 0 ? result.Unit : item.Unit)}"
                .TrimEnd(),
        _ => result.Text,
    };

    private static double? MarkerFromIdentity(IEnumerable<TestResult> results, string marker)
    {
        var identity = results.Where(r => r.Test == ReleaseTest.Identity && r.IdentityJson is not null)
            .OrderBy(r => r.EnteredUtc).LastOrDefault();
        if (identity is null) return null;
        var parsed = ParseIdentity(identity.IdentityJson!);
        return parsed?.Markers.FirstOrDefault(m => string.Equals(m.Marker, marker, StringComparison.Ordinal)
            && m.PercentPositive is not null)?.PercentPositive;
    }

    /// <summary>Reads a stored identity result (the identity engine's JSON), or null when it cannot be read.</summary>
    public static IdentityResult? ParseIdentity(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<IdentityResult>(json, IdentityJson);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Stroma.Identity.Markers;

namespace Stroma.Identity.Panels;

/// <summary>How a criterion judges a marker.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CriterionDirection>))]
public enum CriterionDirection
{
    /// <summary>The marker must be expressed by at least (or more than) the limit.</summary>
    [JsonStringEnumMemberName("positive")] Positive,
    /// <summary>The marker must be expressed by at most (or fewer than) the limit.</summary>
    [JsonStringEnumMemberName("negative")] Negative,
    /// <summary>Measured and reported, never judged.</summary>
    [JsonStringEnumMemberName("report")] Report,
}

/// <summary>
/// Which control tube a criterion's positivity threshold (and background) must come from. An isotype (or
/// unstained) tube serves every channel; a fluorescence-minus-one (FMO) tube carries every stain of the panel but
/// the one measured, so it also holds the spillover spreading the other fluorochromes put into that channel
/// (Roederer M, Cytometry 2001;45:194–205; Maecker HT, Trotter J, Cytometry A 2006;69:1037–1042).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ControlRequirement>))]
public enum ControlRequirement
{
    /// <summary>Any negative reference: the channel's FMO tube when given, else isotype, else unstained.</summary>
    [JsonStringEnumMemberName("any")] Any,
    /// <summary>An isotype-control tube (a label naming an isotype, e.g. "IgG1"; no marker on any channel).</summary>
    [JsonStringEnumMemberName("isotype")] Isotype,
    /// <summary>An FMO tube: the other channels stained, this one left out.</summary>
    [JsonStringEnumMemberName("fmo")] Fmo,
}

/// <summary>What a borderline criterion (its 95% interval straddles the limit) does to the verdict.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BorderlinePolicy>))]
public enum BorderlinePolicy
{
    /// <summary>The data cannot tell which side of the limit the product lies on: inconclusive.</summary>
    [JsonStringEnumMemberName("inconclusive")] Inconclusive,
    /// <summary>The criterion is judged on its point estimate (and flagged borderline).</summary>
    [JsonStringEnumMemberName("point-estimate")] PointEstimate,
}

/// <summary>
/// One criterion: a marker (or alternatives such as "CD14 or CD11b"), a direction and a limit in percent of cells.
/// </summary>
public sealed record PanelCriterion
{
    /// <summary>
    /// Marker names; more than one means alternatives (any may be measured; every measured one is judged).
    /// </summary>
    public required IReadOnlyList<string> Markers { get; init; }

    /// <summary>positive, negative or report.</summary>
    public required CriterionDirection Direction { get; init; }

    /// <summary>"&gt;=", "&gt;", "&lt;=" or "&lt;" (null for report).</summary>
    public string? Comparison { get; init; }

    /// <summary>Limit in percent of cells (null for report).</summary>
    public double? Limit { get; init; }

    /// <summary>Where the criterion comes from.</summary>
    public string? Source { get; init; }

    /// <summary>The control kind the criterion needs (default: any).</summary>
    public ControlRequirement Control { get; init; } = ControlRequirement.Any;

    /// <summary>Display text, e.g. "CD14 or CD11b ≤ 2%".</summary>
    [JsonIgnore]
    public string Description => Direction == CriterionDirection.Report
        ? $"{string.Join(" or ", Markers)} reported"
        : $"{string.Join(" or ", Markers)} {Comparison?.Replace(">=", "≥", StringComparison.Ordinal)
            .Replace("<=", "≤", StringComparison.Ordinal)} {Limit}%";

    /// <summary>Whether <paramref name="percent"/> satisfies the criterion (always true for report).</summary>
    public bool IsMet(double percent) => (Comparison, Limit) switch
    {
        (_, null) => true,
        (">=", { } l) => percent >= l,
        (">", { } l) => percent > l,
        ("<=", { } l) => percent <= l,
        ("<", { } l) => percent < l,
        _ => throw new IdentityException($"Unknown comparison '{Comparison}'."),
    };
}

/// <summary>A marker panel: the criteria an MSC product's immunophenotype must meet.</summary>
public sealed record IdentityPanel
{
    /// <summary>Panel id, e.g. "isct-2006".</summary>
    public required string Id { get; init; }

    /// <summary>Title.</summary>
    public required string Title { get; init; }

    /// <summary>Version of the panel definition.</summary>
    public string Version { get; init; } = "1";

    /// <summary>Literature source of the panel.</summary>
    public string? Source { get; init; }

    /// <summary>Fewest gated cells per tube for a conclusive verdict.</summary>
    public int MinimumEvents { get; init; } = 1000;

    /// <summary>Criteria.</summary>
    public required IReadOnlyList<PanelCriterion> Criteria { get; init; }

    /// <summary>What a borderline criterion does to the verdict (default: makes it inconclusive).</summary>
    public BorderlinePolicy Borderline { get; init; } = BorderlinePolicy.Inconclusive;

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Built-in panel ids.</summary>
    public static IReadOnlyList<string> BuiltIn { get; } = ["isct-2006", "ifats-isct-2013"];

    /// <summary>A built-in panel by id, or a custom panel from a JSON file path.</summary>
    public static IdentityPanel Load(string idOrPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(idOrPath);
        if (BuiltIn.Contains(idOrPath, StringComparer.OrdinalIgnoreCase))
        {
            var name = $"Stroma.Identity.Data.{idOrPath.ToLowerInvariant()}.json";
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
                ?? throw new IdentityException($"Built-in panel resource {name} is missing.");
            using var reader = new StreamReader(stream);
            return Parse(reader.ReadToEnd(), idOrPath);
        }
        if (!File.Exists(idOrPath))
            throw new IdentityException($"Panel '{idOrPath}' is neither a built-in panel " +
                $"({string.Join(", ", BuiltIn)}) nor an existing JSON file.");
        return Parse(File.ReadAllText(idOrPath), idOrPath);
    }

    /// <summary>Parses and validates panel JSON.</summary>
    public static IdentityPanel Parse(string json, string source)
    {
        IdentityPanel? panel;
        try
        {
            panel = JsonSerializer.Deserialize<IdentityPanel>(json, Json);
        }
        catch (JsonException ex)
        {
            throw new IdentityException($"{source}: not a valid panel ({ex.Message}).", ex);
        }
        if (panel is null) throw new IdentityException($"{source}: empty panel.");
        panel.Validate(source);
        return panel;
    }

    /// <summary>Checks every criterion; throws <see cref="IdentityException"/> naming the problem.</summary>
    public void Validate(string source)
    {
        if (string.IsNullOrWhiteSpace(Id)) throw new IdentityException($"{source}: the panel has no id.");
        if (Criteria.Count == 0) throw new IdentityException($"{source}: the panel has no criteria.");
        if (MinimumEvents < 1) throw new IdentityException($"{source}: minimumEvents must be at least 1.");
        for (var i = 0; i < Criteria.Count; i++)
        {
            var c = Criteria[i];
            var where = $"{source}, criterion {i + 1}";
            if (c.Markers is null || c.Markers.Count == 0) throw new IdentityException($"{where}: no marker named.");
            if (c.Markers.Any(m => MarkerName.Normalize(m) is null))
                throw new IdentityException($"{where}: '{string.Join(", ", c.Markers)}' is not a recognised marker " +
                $"name.");
            if (c.Direction == CriterionDirection.Report) continue;
            if (c.Limit is not { } limit || limit is < 0 or > 100)
                throw new IdentityException($"{where}: a judged criterion needs a limit between 0 and 100 %.");
            var okComparison = c.Direction == CriterionDirection.Positive ? c.Comparison is ">=" or ">"
                : c.Comparison is "<=" or "<";
            if (!okComparison)
                throw new IdentityException($"{where}: comparison '{c.Comparison}' does not fit a " +
                    $"{c.Direction.ToString().ToLowerInvariant()} criterion (use " +
                    $"{(c.Direction == CriterionDirection.Positive ? "\">=\" or \">\"" : "\"<=\" or \"<\"")}).");
        }
    }
}

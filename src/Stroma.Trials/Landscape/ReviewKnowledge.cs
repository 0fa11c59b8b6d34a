using System.Text.Json;
using System.Text.RegularExpressions;

namespace Stroma.Trials.Landscape;

/// <summary>An MSC product with marketing approval, as the review lists it (msc-review.txt §1.4.2.2).</summary>
/// <param name="Name">Product name.</param>
/// <param name="Region">Approving region(s).</param>
/// <param name="Indication">Approved indication.</param>
/// <param name="Year">Year of approval when the review's text gives one.</param>
/// <param name="Quote">The review's words.</param>
public sealed record ApprovedProduct(string Name, string Region, string Indication, int? Year, string Quote);

/// <summary>
/// What the landscape takes from the review (embedded <c>review.json</c>, each entry citing its section):
/// the indication list, the phase grouping and the approved products.
/// </summary>
internal sealed class ReviewKnowledge
{
    private static readonly Lazy<ReviewKnowledge> DefaultLazy = new(Load);

    public static ReviewKnowledge Default => DefaultLazy.Value;

    public required IReadOnlyList<string> Indications { get; init; }
    public required IReadOnlyList<(string Label, string[] Phases)> PhaseGroups { get; init; }
    public required string OtherPhaseGroup { get; init; }
    public required IReadOnlyList<(ApprovedProduct Product, Regex Pattern)> ApprovedProducts { get; init; }

    private static ReviewKnowledge Load()
    {
        using var stream = typeof(ReviewKnowledge).Assembly.GetManifestResourceStream("Stroma.Trials.Landscape.review.json")
            ?? throw new InvalidOperationException("embedded resource review.json is missing from Stroma.Trials");
        using var doc = JsonDocument.Parse(stream);
        var r = doc.RootElement;
        var phases = r.GetProperty("phaseGroups");
        return new ReviewKnowledge
        {
            Indications = r.GetProperty("reviewIndications").GetProperty("terms").EnumerateArray().Select(e => e.GetString()!).ToList(),
            PhaseGroups = phases.GetProperty("groups").EnumerateArray()
                .Select(g => (g.GetProperty("label").GetString()!, g.GetProperty("phases").EnumerateArray().Select(p => p.GetString()!).ToArray())).ToList(),
            OtherPhaseGroup = phases.GetProperty("otherwise").GetString()!,
            ApprovedProducts = r.GetProperty("approvedProducts").GetProperty("products").EnumerateArray().Select(p => (
                new ApprovedProduct(p.GetProperty("name").GetString()!, p.GetProperty("region").GetString()!, p.GetProperty("indication").GetString()!,
                    p.GetProperty("year").ValueKind == JsonValueKind.Number ? p.GetProperty("year").GetInt32() : null, p.GetProperty("quote").GetString()!),
                new Regex(p.GetProperty("pattern").GetString()!, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled))).ToList(),
        };
    }

    /// <summary>The review's phase group of a registry phase list ("Phase 1|Phase 2" → "I-II").</summary>
    public string PhaseGroup(IReadOnlyList<string> phases)
    {
        foreach (var (label, set) in PhaseGroups)
            if (set.Length == phases.Count && set.All(phases.Contains)) return label;
        return OtherPhaseGroup;
    }
}

using System.Text.Json;
using System.Text.RegularExpressions;
using Stroma.Knowledge;

namespace Stroma.Trials.Landscape;

/// <summary>
/// An MSC product with marketing approval, as the review lists it (msc-review.txt §1.4.2.2); the landscape's view of
/// a Stroma.Knowledge product (<see cref="Stroma.Knowledge.ApprovedProduct"/>).
/// </summary>
/// <param name="Name">Product name as the review's list gives it.</param>
/// <param name="Region">Approving region(s).</param>
/// <param name="Indication">Approved indication.</param>
/// <param name="Year">Year of approval when the review's text gives one (none when only an outside source
/// does).</param>
/// <param name="Quote">The review's words.</param>
public sealed record ApprovedProduct(string Name, string Region, string Indication, int? Year, string Quote);

/// <summary>
/// What the landscape takes from the review: the indication list and the phase grouping (embedded <c>review.json</c>,
/// each entry citing its section) and the approved products (Stroma.Knowledge, with review.json's name patterns).
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
        using var stream = typeof(ReviewKnowledge)
            .Assembly.GetManifestResourceStream("Stroma.Trials.Landscape.review.json")
            ?? throw new InvalidOperationException("embedded resource review.json is missing from Stroma.Trials");
        using var doc = JsonDocument.Parse(stream);
        var r = doc.RootElement;
        var phases = r.GetProperty("phaseGroups");
        return new ReviewKnowledge
        {
            Indications = r.GetProperty("reviewIndications").GetProperty("terms").EnumerateArray()
                .Select(e => e.GetString()!).ToList(),
            PhaseGroups = phases.GetProperty("groups").EnumerateArray()
                .Select(g => (g.GetProperty("label").GetString()!, g.GetProperty("phases").EnumerateArray()
                    .Select(p => p.GetString()!).ToArray())).ToList(),
            OtherPhaseGroup = phases.GetProperty("otherwise").GetString()!,
            ApprovedProducts = ApprovedFromKnowledge(r.GetProperty("approvedProducts").GetProperty("patterns")),
        };
    }

    // The products are Knowledge's (one cited source); only how a registry record names each one is the landscape's.
    private static List<(ApprovedProduct, Regex)> ApprovedFromKnowledge(JsonElement patterns)
    {
        var products = KnowledgeBase.Default.Products.Entries;
        var ids = patterns.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        if (!ids.SetEquals(products.Select(p => p.Id)))
            throw new InvalidOperationException(
                "review.json approvedProducts.patterns must name exactly the products of "
                + $"Stroma.Knowledge products.json ({string.Join(", ", products.Select(p => p.Id))}).");
        return products.Select(p => (
            new ApprovedProduct(p.Listing.Label, string.Join(", ", p.Regions), p.Listing.Indication,
                p.IsExternal("approvalYear") ? null : p.ApprovalYear, p.Listing.Quote),
            new Regex(patterns.GetProperty(p.Id).GetString()!,
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled))).ToList();
    }

    /// <summary>The review's phase group of a registry phase list ("Phase 1|Phase 2" → "I-II").</summary>
    public string PhaseGroup(IReadOnlyList<string> phases)
    {
        foreach (var (label, set) in PhaseGroups)
            if (set.Length == phases.Count && set.All(phases.Contains)) return label;
        return OtherPhaseGroup;
    }
}

using System.Text.RegularExpressions;
using Stroma.Knowledge;
using Stroma.Testing;

namespace Stroma.Knowledge.Tests.Support;

/// <summary>
/// The review (shared corpus, not in the repository) split into its numbered sections, for checking that
/// every citation names a real section, quotes it verbatim, and that the cited reference is the one the review
/// gives at that place.
/// </summary>
internal sealed partial class ReviewText
{
    private readonly Dictionary<string, List<string>> _sections = new(StringComparer.Ordinal);

    private ReviewText(string text)
    {
        List<string>? current = null;
        foreach (var raw in text.Split('\n'))
        {
            // The text export glues some headings to the image caption before them ("[image: Table 2]1.4.2.1 …").
            var line = Whitespace().Replace(raw, " ").Trim();
            var heading = ImagePrefix().Replace(line, "");
            if (heading.Length < 120 && !heading.EndsWith('.') && Heading().IsMatch(heading))
            {
                current = [];
                _sections[heading] = current;
                continue;
            }
            current?.Add(line);
        }
    }

    /// <summary>The review, or a skipped test when the corpus is absent.</summary>
    public static ReviewText Load() => Cached.Value ?? new ReviewText(File.ReadAllText(Corpus.Require("reference", "msc-review.txt")));

    private static readonly Lazy<ReviewText?> Cached = new(() =>
        Corpus.Root is { } root && File.Exists(Path.Combine(root, "reference", "msc-review.txt"))
            ? new ReviewText(File.ReadAllText(Path.Combine(root, "reference", "msc-review.txt")))
            : null);

    public IReadOnlyCollection<string> Sections => _sections.Keys;

    /// <summary>What is wrong with a citation, or an empty list.</summary>
    public IReadOnlyList<string> Problems(Citation citation)
    {
        if (!_sections.TryGetValue(citation.Section, out var paragraphs))
            return [$"section '{citation.Section}' is not a heading of the review"];
        var problems = new List<string>();
        var references = citation.Reference?.Split("; ") ?? [];
        if (citation.Quote is null)
        {
            // An external fact still belongs to a section of the review; its reference must be cited there.
            foreach (var r in references.Where(r => !paragraphs.Any(p => p.Contains(r, StringComparison.Ordinal))))
                problems.Add($"reference '{r}' is not cited in §{citation.Section}");
            return problems;
        }
        var quote = Whitespace().Replace(citation.Quote, " ");
        var hits = paragraphs.Select((p, i) => (p, i)).Where(x => x.p.Contains(quote, StringComparison.Ordinal)).Select(x => x.i).ToList();
        if (hits.Count == 0) return [$"quote not found in §{citation.Section}: \"{citation.Quote}\""];
        // The reference must be cited in the quoted paragraph; for a list item, in its list or the line introducing it.
        var scope = new List<string>();
        foreach (var i in hits)
        {
            scope.Add(paragraphs[i]);
            if (!ListItem().IsMatch(paragraphs[i])) continue;
            var first = i;
            while (first > 0 && ListItem().IsMatch(paragraphs[first - 1])) first--;
            var last = i;
            while (last + 1 < paragraphs.Count && ListItem().IsMatch(paragraphs[last + 1])) last++;
            scope.AddRange(paragraphs[Math.Max(first - 1, 0)..(last + 1)]);
        }
        foreach (var r in references.Where(r => !scope.Any(p => p.Contains(r, StringComparison.Ordinal))))
            problems.Add($"reference '{r}' is not cited where the quote stands in §{citation.Section}");
        return problems;
    }

    [GeneratedRegex(@"^\d+(\.\d+)*\s+\S")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^\[image:[^\]]*\]")]
    private static partial Regex ImagePrefix();

    [GeneratedRegex(@"^(- |\d+\) )")]
    private static partial Regex ListItem();

    // Non-breaking and thin spaces occur in the text export; quotes are written with ordinary spaces.
    [GeneratedRegex(@"[^\S\n]+")]
    private static partial Regex Whitespace();
}

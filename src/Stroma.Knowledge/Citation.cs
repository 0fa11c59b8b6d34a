namespace Stroma.Knowledge;

/// <summary>
/// Where a fact comes from: a section of the review Stroma follows, the primary reference the review cites
/// there (when it names one), a short verbatim quote of the review that carries the fact, and — for a fact
/// the review does not state — the outside source it really comes from.
/// </summary>
/// <param name="Section">The review section, numbered and titled as in the review (e.g. "2.1.1 Bone Marrow").</param>
/// <param name="Reference">The primary reference the review cites for the fact (e.g. "Yang et al., 2018"), or
/// null.</param>
/// <param name="Quote">Verbatim words of the review that state the fact, or null for a fact from
/// <paramref name="External"/>.</param>
/// <param name="External">The source outside the review that the fact (or its figure) comes from, or null when the
/// review states it.</param>
public sealed record Citation(string Section, string? Reference = null, string? Quote = null, string? External = null)
{
    /// <summary>True when the fact, or part of it, is not stated in the review.</summary>
    public bool IsExternal => External is not null;

    /// <inheritdoc/>
    public override string ToString()
    {
        var text = Reference is null ? $"review §{Section}" : $"review §{Section} ({Reference})";
        return External is null ? text : $"{text}; external: {External}";
    }

    /// <summary>
    /// Throws unless the citation names a section and is carried by a quote of the review or an external source.
    /// </summary>
    internal void Check(string file, string entryId)
    {
        if (string.IsNullOrWhiteSpace(Section))
            throw new KnowledgeDataException(file, entryId, "a citation has no review section");
        // Each fact is either carried by the review's own words or marked as coming from elsewhere.
        if (string.IsNullOrWhiteSpace(Quote) && string.IsNullOrWhiteSpace(External))
            throw new KnowledgeDataException(file, entryId,
                $"a citation of §{Section} has neither a quote of the review nor an external source");
    }
}

/// <summary>One cited statement about a knowledge entry.</summary>
/// <param name="Aspect">What the fact is about (e.g. "yield", "access", "risk").</param>
/// <param name="Text">The fact in plain words.</param>
/// <param name="Source">Where it comes from.</param>
public sealed record Fact(string Aspect, string Text, Citation Source);

namespace Stroma.Knowledge;

/// <summary>An entry of the knowledge base: an identified thing with cited facts.</summary>
public interface IKnowledgeEntry
{
    /// <summary>Stable identifier, unique within its topic (used in readiness inputs and rules).</summary>
    string Id { get; }

    /// <summary>Display name.</summary>
    string Name { get; }

    /// <summary>Other names the entry is found by (abbreviations, synonyms).</summary>
    IReadOnlyList<string> Aliases { get; }

    /// <summary>The cited facts.</summary>
    IReadOnlyList<Fact> Facts { get; }

    /// <summary>A one-line summary of the entry's typed fields.</summary>
    string Summary { get; }
}

/// <summary>A topic of the knowledge base: one versioned data file and its entries.</summary>
public interface IKnowledgeTopic
{
    /// <summary>Topic identifier (the data file's name, e.g. "tissue-sources").</summary>
    string Id { get; }

    /// <summary>Data version of the file.</summary>
    string Version { get; }

    /// <summary>Display title.</summary>
    string Title { get; }

    /// <summary>What the topic holds.</summary>
    string Description { get; }

    /// <summary>The entries, in file order.</summary>
    IReadOnlyList<IKnowledgeEntry> Entries { get; }

    /// <summary>The entry with this id or alias (case, spacing and punctuation ignored), or null.</summary>
    IKnowledgeEntry? Find(string idOrAlias);
}

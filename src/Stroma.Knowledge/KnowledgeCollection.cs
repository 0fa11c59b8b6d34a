namespace Stroma.Knowledge;

/// <summary>The entries of one topic, found by id or alias. Immutable and safe to share across threads.</summary>
/// <typeparam name="T">The entry type.</typeparam>
public sealed class KnowledgeCollection<T> : IKnowledgeTopic where T : class, IKnowledgeEntry
{
    private readonly Dictionary<string, T> _byName = new(StringComparer.Ordinal);

    internal KnowledgeCollection(string file, string id, string version, string title, string description,
        IReadOnlyList<T> entries)
    {
        Id = id;
        Version = version;
        Title = title;
        Description = description;
        Entries = entries;
        foreach (var entry in entries)
        {
            if (string.IsNullOrWhiteSpace(entry.Id))
                throw new KnowledgeDataException(file, null, "an entry has an empty id");
            if (entry.Facts.Count == 0)
                throw new KnowledgeDataException(file, entry.Id, "has no facts; every entry must cite the review");
            foreach (var fact in entry.Facts) fact.Source.Check(file, entry.Id);
            // An id or alias that two entries share would make lookups depend on file order: refuse it.
            foreach (var name in entry.Aliases.Prepend(entry.Id).Prepend(entry.Name))
            {
                var key = KnowledgeJson.NameKey(name);
                if (key.Length == 0) throw new KnowledgeDataException(file, entry.Id,
                    $"name or alias '{name}' has no letters or digits");
                if (_byName.TryGetValue(key, out var other) && !ReferenceEquals(other, entry))
                    throw new KnowledgeDataException(file, entry.Id,
                        $"name or alias '{name}' is also used by '{other.Id}'");
                _byName[key] = entry;
            }
        }
    }

    /// <inheritdoc/>
    public string Id { get; }

    /// <inheritdoc/>
    public string Version { get; }

    /// <inheritdoc/>
    public string Title { get; }

    /// <inheritdoc/>
    public string Description { get; }

    /// <summary>The entries, in file order.</summary>
    public IReadOnlyList<T> Entries { get; }

    IReadOnlyList<IKnowledgeEntry> IKnowledgeTopic.Entries => Entries;

    /// <summary>The entry with this id, name or alias (case, spacing and punctuation ignored), or null.</summary>
    public T? Find(string idOrAlias) => _byName.GetValueOrDefault(KnowledgeJson.NameKey(idOrAlias));

    IKnowledgeEntry? IKnowledgeTopic.Find(string idOrAlias) => Find(idOrAlias);

    /// <summary>
    /// The entry with this id, name or alias; throws <see cref="KeyNotFoundException"/> naming the known ids otherwise.
    /// </summary>
    public T Get(string idOrAlias) => Find(idOrAlias)
        ?? throw new KeyNotFoundException($"no {Id} entry '{idOrAlias}'; known: " +
            $"{string.Join(", ", Entries.Select(e => e.Id))}");
}

using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Stroma.Cytometry.Formats.Fcs;

/// <summary>
/// The keyword/value pairs of an FCS TEXT segment (plus supplemental TEXT). Look-up is
/// case-insensitive, as the standard requires; enumeration keeps the order and spelling of the file.
/// </summary>
public sealed class FcsKeywords : IReadOnlyDictionary<string, string>
{
    private readonly Dictionary<string, int> _index = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<KeyValuePair<string, string>> _pairs = [];

    /// <summary>An empty set of keywords.</summary>
    public FcsKeywords() { }

    /// <summary>A copy of <paramref name="pairs"/>; later duplicates replace earlier values.</summary>
    public FcsKeywords(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        foreach (var (k, v) in pairs) Set(k, v);
    }

    /// <summary>Sets a keyword, replacing an existing value whatever its case.</summary>
    public void Set(string keyword, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyword);
        ArgumentNullException.ThrowIfNull(value);
        if (_index.TryGetValue(keyword, out var i))
            _pairs[i] = new(_pairs[i].Key, value);
        else
        {
            _index[keyword] = _pairs.Count;
            _pairs.Add(new(keyword, value));
        }
    }

    /// <summary>Adds a keyword only when it is not already present; returns whether it was added.</summary>
    public bool TryAdd(string keyword, string value)
    {
        if (_index.ContainsKey(keyword)) return false;
        Set(keyword, value);
        return true;
    }

    /// <summary>Removes a keyword; returns whether it was present.</summary>
    public bool Remove(string keyword)
    {
        if (!_index.Remove(keyword, out var i)) return false;
        _pairs.RemoveAt(i);
        for (var j = i; j < _pairs.Count; j++) _index[_pairs[j].Key] = j;
        return true;
    }

    /// <inheritdoc/>
    public string this[string key] => _index.TryGetValue(key, out var i) ? _pairs[i].Value
        : throw new KeyNotFoundException($"Keyword {key} is not present.");

    /// <inheritdoc/>
    public IEnumerable<string> Keys => _pairs.Select(p => p.Key);

    /// <inheritdoc/>
    public IEnumerable<string> Values => _pairs.Select(p => p.Value);

    /// <inheritdoc/>
    public int Count => _pairs.Count;

    /// <inheritdoc/>
    public bool ContainsKey(string key) => _index.ContainsKey(key);

    /// <inheritdoc/>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        if (_index.TryGetValue(key, out var i))
        {
            value = _pairs[i].Value;
            return true;
        }
        value = null;
        return false;
    }

    /// <summary>The value of <paramref name="key"/>, or null when absent.</summary>
    public string? Get(string key) => TryGetValue(key, out var v) ? v : null;

    /// <summary>The value trimmed of spaces, or null when absent or blank.</summary>
    public string? GetTrimmed(string key)
    {
        var v = Get(key)?.Trim();
        return string.IsNullOrEmpty(v) ? null : v;
    }

    /// <summary>Parses a numeric keyword in invariant culture; null when absent, blank or not a number.</summary>
    public double? GetDouble(string key) =>
        GetTrimmed(key) is { } s
            && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _pairs.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

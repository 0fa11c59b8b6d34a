using System.Globalization;

namespace Stroma.Trials.Extraction;

/// <summary>
/// A fixed k-fold split of gold trials by a stable hash of their NCT id, so rules can be tuned on some folds
/// and scored on one nobody looked at. The hash (32-bit FNV-1a over the upper-cased id) is the same on every
/// machine and run, unlike <see cref="string.GetHashCode()"/>, and does not depend on the order of the gold file.
/// </summary>
/// <param name="Fold">The fold, 1 to <paramref name="Folds"/>.</param>
/// <param name="Folds">How many folds the gold trials are split into (2 to 100).</param>
/// <param name="Exclude">Keep every trial except that fold's (the tuning folds) instead of only that fold's.</param>
public sealed record GoldFold(int Fold, int Folds, bool Exclude = false)
{
    /// <summary>Which fold (1 to <paramref name="folds"/>) an NCT id falls in.</summary>
    public static int FoldOf(string nctId, int folds)
    {
        ArgumentNullException.ThrowIfNull(nctId);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var hash = 2166136261u;
        foreach (var c in nctId.Trim().ToUpperInvariant())
        {
            hash ^= c;
            hash *= 16777619u;
        }
        return (int)(hash % (uint)folds) + 1;
    }

    /// <summary>Whether a gold trial is kept by this selection.</summary>
    public bool Keeps(string nctId) => (FoldOf(nctId, Folds) == Fold) != Exclude;

    /// <summary>The gold rows this selection keeps, in file order.</summary>
    public IReadOnlyList<GoldRow> Select(IEnumerable<GoldRow> rows) => rows.Where(r => Keeps(r.NctId)).ToList();

    /// <summary>
    /// Reads <c>k/n</c> (fold k of n) or <c>!k/n</c> (every fold but k); null and a message naming what was
    /// expected when the text is neither.
    /// </summary>
    public static GoldFold? TryParse(string? text, out string? error)
    {
        error = null;
        var s = text?.Trim() ?? "";
        var exclude = s.StartsWith('!');
        if (exclude) s = s[1..];
        var parts = s.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var k)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            && n is >= 2 and <= 100 && k >= 1 && k <= n)
            return new GoldFold(k, n, exclude);
        error = $"fold '{text}' is not k/n (fold k of n, 1 <= k <= n, 2 <= n <= 100) or !k/n (every fold but k)";
        return null;
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{(Exclude ? "!" : "")}{Fold}/{Folds}");
}

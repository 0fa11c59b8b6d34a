using System.Text.RegularExpressions;

namespace Stroma.Trials.Extraction;

/// <summary>
/// Literal words a pattern cannot match without, read off the pattern itself, so a rule can skip a pattern
/// over a sentence that holds none of them. The requirement is an OR of branches (the pattern's top-level
/// alternatives), each an AND of clauses, each clause an OR of lower-case ASCII keywords: every match of a
/// branch contains, for each of its clauses, one of the clause's keywords. Derived conservatively: a construct
/// the reader does not know (back-references, conditionals, pattern whitespace) gives no filter at all, and
/// anything it cannot read as literal text (classes, escapes such as <c>\w</c>, non-ASCII letters, lookarounds,
/// optional parts) only weakens the requirement. A pattern whose filter says no is therefore unable to match;
/// one whose filter says yes is run as before.
/// </summary>
internal sealed class LiteralPrefilter
{
    /// <summary>Shortest keyword kept: single characters are in almost every sentence.</summary>
    private const int MinKeyword = 2;

    /// <summary>Longest keyword kept (a longer one is cut to its start).</summary>
    private const int MaxKeyword = 12;

    /// <summary>Most strings one literal run may expand to ("intra[- ]?venous" is three).</summary>
    private const int MaxExpansion = 64;

    private readonly string[][][] _branches;
    private readonly KeywordScanner? _scanner;
    private readonly int[][][] _ids = [];

    private LiteralPrefilter(string[][][] branches, KeywordScanner? scanner = null)
    {
        _branches = branches;
        if (scanner is null) return;
        _scanner = scanner;
        _ids = [.. branches.Select(b => b.Select(c => c.Select(k => scanner.Id(k)).ToArray()).ToArray())];
        if (_ids.Any(b => b.Any(c => c.Any(id => id < 0))))
            throw new ArgumentException("the scanner lacks keywords of this filter", nameof(scanner));
        _mask = new ulong[(scanner.Count + 63) >> 6];
        foreach (var id in _ids.SelectMany(b => b).SelectMany(c => c)) _mask[id >> 6] |= 1UL << (id & 63);
    }

    /// <summary>All keywords of the filter as bits: a text with none of them matches no branch.</summary>
    private readonly ulong[] _mask = [];

    /// <summary>This filter reading the hits of <paramref name="scanner"/>, which must hold all its
    /// keywords.</summary>
    public LiteralPrefilter Bind(KeywordScanner scanner) => new(_branches, scanner);

    /// <summary>Branches (OR) of clauses (AND) of keywords (OR), for tests and for building the scanner.</summary>
    public IReadOnlyList<IReadOnlyList<IReadOnlyList<string>>> Branches => _branches;

    /// <summary>The filter of a pattern, or null when none can be derived (the pattern is then always run).</summary>
    public static LiteralPrefilter? For(Regex rx) => For(rx.ToString(), rx.Options);

    /// <summary>The filter of a pattern, or null when none can be derived (the pattern is then always run).</summary>
    public static LiteralPrefilter? For(string pattern, RegexOptions options)
    {
        if ((options & (RegexOptions.IgnorePatternWhitespace | RegexOptions.ECMAScript)) != 0) return null;
        // Case-insensitive matching in a culture ("i" and "İ" in Turkish) folds letters the scanner does not.
        if ((options & RegexOptions.IgnoreCase) != 0 && (options & RegexOptions.CultureInvariant) == 0) return null;
        Node root;
        try
        {
            root = new Parser(pattern).ParseAll();
        }
        catch (NotSupportedException)
        {
            return null;
        }
        var branches = new List<string[][]>();
        foreach (var branch in TopBranches(root))
        {
            // A keyword's first characters are as required as the whole (and keep the scanner small).
            var clauses = Analyse(branch).Must
                .Where(c => c.Count > 0 && c.All(k => k.Length >= MinKeyword))
                .Select(c => c.Select(k => k.Length > MaxKeyword ? k[..MaxKeyword] : k).Distinct()
                    .Order(StringComparer.Ordinal).ToArray())
                .DistinctBy(c => string.Join('\u0001', c))
                .ToArray();
            // A branch that requires nothing can match any sentence: no filter.
            if (clauses.Length == 0) return null;
            branches.Add(clauses);
        }
        return branches.Count == 0 ? null : new LiteralPrefilter([.. branches]);
    }

    /// <summary>Whether the pattern may match a text whose keywords are <paramref name="present"/>.</summary>
    public bool MayMatch(KeywordHits present)
    {
        if (_scanner is null || !ReferenceEquals(present.Scanner, _scanner))
            throw new InvalidOperationException("the filter is not bound to the scanner of these hits");
        if (!present.Overlaps(_mask)) return false;
        foreach (var branch in _ids)
        {
            var all = true;
            foreach (var clause in branch)
            {
                var any = false;
                foreach (var k in clause)
                    if (present.Contains(k)) { any = true; break; }
                if (!any) { all = false; break; }
            }
            if (all) return true;
        }
        return false;
    }

    /// <summary>Every keyword of the filter.</summary>
    public IEnumerable<string> Keywords => _branches.SelectMany(b => b).SelectMany(c => c);

    // ---- analysis ---------------------------------------------------------------------------------------------

    /// <summary>What a node can match: a finite superset of its matches (or null) and the clauses every match
    /// satisfies.</summary>
    private sealed record Info(HashSet<string>? Exact, List<HashSet<string>> Must);

    private static IEnumerable<Node> TopBranches(Node node) => node switch
    {
        Alt a => a.Items.SelectMany(TopBranches),
        Group g => TopBranches(g.Inner),
        Concat { Items.Count: 1 } c => TopBranches(c.Items[0]),
        _ => [node],
    };

    private static Info Analyse(Node node)
    {
        switch (node)
        {
            // One character alone is too weak a keyword: literal runs make the clauses (see Concat).
            case Lit l:
                return new Info([l.C.ToString()], []);
            case Empty:
                return new Info([""], []);
            case AnyChar:
                return new Info(null, []);
            case CharSet s:
                return new Info([.. s.Chars.Select(c => c.ToString())], []);
            case Group g:
                return Analyse(g.Inner);
            case Repeat r:
            {
                var inner = Analyse(r.Inner);
                if (r.Min == 0)
                {
                    if (r.Max == 1 && inner.Exact is { } e && e.Count < MaxExpansion) return new Info([.. e, ""], []);
                    return new Info(null, []);
                }
                HashSet<string>? exact = null;
                if (r.Min == r.Max && inner.Exact is { } ie)
                {
                    exact = [""];
                    for (var i = 0; i < r.Min && exact is not null; i++) exact = Product(exact, ie);
                }
                var must = new List<HashSet<string>>(inner.Must);
                if (exact is not null && !exact.Contains("")) must.Add(exact);
                return new Info(exact, must);
            }
            case Alt a:
            {
                var infos = a.Items.Select(Analyse).ToList();
                HashSet<string>? exact = null;
                if (infos.All(i => i.Exact is not null))
                {
                    exact = [.. infos.SelectMany(i => i.Exact!)];
                    if (exact.Count > MaxExpansion) exact = null;
                }
                var must = new List<HashSet<string>>();
                if (exact is not null && !exact.Contains("")) must.Add(exact);
                // OR of the alternatives: one clause of each, joined.
                else if (infos.All(i => i.Must.Count > 0))
                    must.Add([.. infos.SelectMany(i => Best(i.Must))]);
                return new Info(exact, must);
            }
            case Concat c:
            {
                var must = new List<HashSet<string>>();
                HashSet<string> run = [""];
                var allExact = true;
                void Flush()
                {
                    if (!run.Contains("")) must.Add(run);
                    run = [""];
                }
                foreach (var item in c.Items)
                {
                    var info = Analyse(item);
                    must.AddRange(info.Must);
                    if (info.Exact is null)
                    {
                        allExact = false;
                        Flush();
                        continue;
                    }
                    if (Product(run, info.Exact) is { } joined) run = joined;
                    else
                    {
                        allExact = false;
                        Flush();
                        run = info.Exact;
                    }
                }
                var exact = allExact ? run : null;
                Flush();
                return new Info(exact, must);
            }
            default:
                throw new InvalidOperationException("unknown node " + node.GetType().Name);
        }
    }

    /// <summary>The clause with the longest shortest keyword (fewest keywords on a tie).</summary>
    private static HashSet<string> Best(List<HashSet<string>> clauses) =>
        clauses.OrderByDescending(c => c.Count == 0 ? 0 : c.Min(k => k.Length)).ThenBy(c => c.Count).First();

    private static HashSet<string>? Product(HashSet<string> a, HashSet<string> b)
    {
        if ((long)a.Count * b.Count > MaxExpansion) return null;
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var x in a)
            foreach (var y in b)
                result.Add(x + y);
        return result;
    }

    // ---- parsing ----------------------------------------------------------------------------------------------

    private abstract record Node;

    /// <summary>A literal ASCII character, lower-cased (letters are matched regardless of case).</summary>
    private sealed record Lit(char C) : Node;

    /// <summary>Matches no character (anchors, <c>\b</c>, lookarounds, comments).</summary>
    private sealed record Empty : Node;

    /// <summary>One character the reader does not track.</summary>
    private sealed record AnyChar : Node;

    /// <summary>One of a few literal ASCII characters (lower-cased).</summary>
    private sealed record CharSet(char[] Chars) : Node;

    private sealed record Group(Node Inner) : Node;

    private sealed record Repeat(Node Inner, int Min, int Max) : Node;

    private sealed record Alt(List<Node> Items) : Node;

    private sealed record Concat(List<Node> Items) : Node;

    /// <summary>A reader of the .NET pattern syntax the vocabularies use; anything else is not supported.</summary>
    private sealed class Parser(string p)
    {
        private int _i;

        public Node ParseAll()
        {
            var node = ParseAlt();
            if (_i != p.Length) throw new NotSupportedException("unbalanced ')'");
            return node;
        }

        private Node ParseAlt()
        {
            var items = new List<Node> { ParseConcat() };
            while (_i < p.Length && p[_i] == '|')
            {
                _i++;
                items.Add(ParseConcat());
            }
            return items.Count == 1 ? items[0] : new Alt(items);
        }

        private Node ParseConcat()
        {
            var items = new List<Node>();
            while (_i < p.Length && p[_i] is not ('|' or ')'))
            {
                var atom = ParseAtom();
                items.Add(ParseQuantifier(atom));
            }
            return new Concat(items);
        }

        private Node ParseQuantifier(Node atom)
        {
            while (_i < p.Length)
            {
                int min, max;
                var c = p[_i];
                if (c == '*') { min = 0; max = int.MaxValue; _i++; }
                else if (c == '+') { min = 1; max = int.MaxValue; _i++; }
                else if (c == '?') { min = 0; max = 1; _i++; }
                else if (c == '{' && TryBraces(out min, out max)) { }
                else break;
                if (_i < p.Length && p[_i] == '?') _i++; // lazy: the same strings, another order
                // A quantified zero-width node is still zero-width.
                atom = atom is Empty ? atom : new Repeat(atom, min, max);
            }
            return atom;
        }

        private bool TryBraces(out int min, out int max)
        {
            min = max = 0;
            var j = _i + 1;
            var a = Digits(ref j);
            if (a is null) return false;
            int? b = a;
            if (j < p.Length && p[j] == ',')
            {
                j++;
                b = Digits(ref j) ?? int.MaxValue;
            }
            if (j >= p.Length || p[j] != '}') return false;
            _i = j + 1;
            min = a.Value;
            max = b.Value;
            return true;
        }

        private int? Digits(ref int j)
        {
            var start = j;
            while (j < p.Length && char.IsAsciiDigit(p[j])) j++;
            if (j == start || j - start > 6) return null;
            return int.Parse(p.AsSpan(start, j - start), System.Globalization.CultureInfo.InvariantCulture);
        }

        private Node ParseAtom()
        {
            var c = p[_i];
            switch (c)
            {
                case '(':
                    return ParseGroup();
                case '[':
                    return ParseClass();
                case '.':
                    _i++;
                    return new AnyChar();
                case '^' or '$':
                    _i++;
                    return new Empty();
                case '\\':
                    return ParseEscape();
                case '*' or '+' or '?':
                    throw new NotSupportedException("quantifier without operand");
                default:
                    _i++;
                    return Literal(c);
            }
        }

        private static Node Literal(char c) => char.IsAscii(c) ? new Lit(char.ToLowerInvariant(c)) : new AnyChar();

        private Node ParseGroup()
        {
            _i++; // (
            var lookaround = false;
            if (_i < p.Length && p[_i] == '?')
            {
                _i++;
                if (_i >= p.Length) throw new NotSupportedException("truncated group");
                var k = p[_i];
                if (k == ':' || k == '>') _i++;
                else if (k == '=' || k == '!') { _i++; lookaround = true; }
                else if (k == '<' && _i + 1 < p.Length && p[_i + 1] is '=' or '!') { _i += 2; lookaround = true; }
                else if (k == '<' || k == '\'')
                {
                    var close = k == '<' ? '>' : '\'';
                    var end = p.IndexOf(close, _i + 1);
                    if (end < 0) throw new NotSupportedException("unterminated group name");
                    var name = p.AsSpan(_i + 1, end - _i - 1);
                    // Balancing groups ("(?<a-b>...)") are not read.
                    if (name.Contains('-') || name.IsEmpty) throw new NotSupportedException("balancing group");
                    _i = end + 1;
                }
                else if (k == '#')
                {
                    var end = p.IndexOf(')', _i);
                    if (end < 0) throw new NotSupportedException("unterminated comment");
                    _i = end + 1;
                    return new Empty();
                }
                else
                {
                    // Inline options: (?i:...), (?-i:...); a bare (?i) changes the rest of the group and is not read.
                    var start = _i;
                    while (_i < p.Length && p[_i] is 'i' or 'm' or 'n' or 's' or '-') _i++;
                    if (_i == start || _i >= p.Length || p[_i] != ':')
                        throw new NotSupportedException("inline option or conditional");
                    _i++;
                }
            }
            var inner = ParseAlt();
            if (_i >= p.Length || p[_i] != ')') throw new NotSupportedException("unterminated group");
            _i++;
            return lookaround ? new Empty() : new Group(inner);
        }

        private Node ParseEscape()
        {
            if (_i + 1 >= p.Length) throw new NotSupportedException("trailing backslash");
            var e = p[_i + 1];
            _i += 2;
            switch (e)
            {
                case 'b' or 'B' or 'A' or 'z' or 'Z' or 'G':
                    return new Empty();
                case 'w' or 'W' or 's' or 'S' or 'd' or 'D':
                    return new AnyChar();
                case 'p' or 'P':
                {
                    var end = p.IndexOf('}', _i);
                    if (_i >= p.Length || p[_i] != '{' || end < 0) throw new NotSupportedException("bad \\p");
                    _i = end + 1;
                    return new AnyChar();
                }
                case 'x':
                    _i += 2;
                    return new AnyChar();
                case 'u':
                    _i += 4;
                    return new AnyChar();
                case 'c':
                    _i += 1;
                    return new AnyChar();
                case 'n' or 't' or 'r' or 'f' or 'v' or 'e' or 'a':
                    return new AnyChar();
                default:
                    if (char.IsAsciiLetterOrDigit(e) || e == '_' || e == 'k')
                        throw new NotSupportedException("back-reference or unknown escape \\" + e);
                    return Literal(e);
            }
        }

        private Node ParseClass()
        {
            _i++; // [
            var negated = _i < p.Length && p[_i] == '^';
            if (negated) _i++;
            var chars = new HashSet<char>();
            var opaque = negated;
            var first = true;
            while (true)
            {
                if (_i >= p.Length) throw new NotSupportedException("unterminated class");
                var c = p[_i];
                if (c == ']' && !first) { _i++; break; }
                first = false;
                if (c == '-' && _i + 1 < p.Length && p[_i + 1] == '[') throw new NotSupportedException("subtraction");
                char? lo = null;
                if (c == '\\')
                {
                    if (_i + 1 >= p.Length) throw new NotSupportedException("trailing backslash");
                    var e = p[_i + 1];
                    _i += 2;
                    if (e is 'p' or 'P')
                    {
                        var end = p.IndexOf('}', _i);
                        if (end < 0) throw new NotSupportedException("bad \\p");
                        _i = end + 1;
                        opaque = true;
                    }
                    else if (e is 'x') { _i += 2; opaque = true; }
                    else if (e is 'u') { _i += 4; opaque = true; }
                    else if (e is 'c') { _i += 1; opaque = true; }
                    else if (char.IsAsciiLetterOrDigit(e) || e == '_') opaque = true;
                    else lo = e;
                }
                else
                {
                    lo = c;
                    _i++;
                }
                if (lo is null) continue;
                // A range "a-z" (a '-' before ']' is literal).
                if (_i + 1 < p.Length && p[_i] == '-' && p[_i + 1] != ']')
                {
                    var hi = p[_i + 1];
                    if (hi == '\\' || hi == '[') throw new NotSupportedException("escaped range end");
                    _i += 2;
                    if (hi - lo.Value > 8 || hi < lo.Value) { opaque = true; continue; }
                    for (var x = lo.Value; x <= hi; x++) chars.Add(x);
                    continue;
                }
                chars.Add(lo.Value);
            }
            if (opaque || chars.Count == 0 || chars.Count > 8 || chars.Any(x => !char.IsAscii(x))) return new AnyChar();
            return new CharSet([.. chars.Select(char.ToLowerInvariant).Distinct()]);
        }
    }
}

/// <summary>
/// Which keywords a text holds, found in one pass (Aho–Corasick over the text lower-cased as the patterns'
/// case-insensitive matching folds it). Immutable, shared across threads.
/// </summary>
internal sealed class KeywordScanner
{
    /// <summary>
    /// Non-ASCII characters that case-insensitive .NET patterns (invariant culture) match for an ASCII one: the
    /// Kelvin sign for "k". Folded to that letter before scanning, so a keyword the pattern would see is never
    /// missed. <c>KeywordScannerTests</c> checks this list against the regex engine for every character.
    /// </summary>
    internal static readonly IReadOnlyDictionary<char, char> AsciiFolds = new Dictionary<char, char>
    {
        ['\u212A'] = 'k',
    };

    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

    // Automaton: goto on ASCII (128 columns), failure links folded into the table, outputs per state.
    private int[] _next = [];
    private int[][] _outputs = [];
    private byte[] _symbol = new byte[128];
    private int _width = 1;

    public KeywordScanner(IEnumerable<string> keywords)
    {
        foreach (var k in keywords)
        {
            if (k.Length == 0 || k.Any(c => !char.IsAscii(c) || char.IsAsciiLetterUpper(c)))
                throw new ArgumentException($"keyword '{k}' is not lower-case ASCII", nameof(keywords));
            _ids.TryAdd(k, _ids.Count);
        }
        Build();
    }

    public int Count => _ids.Count;

    /// <summary>The id of a keyword, or -1 when it is not one.</summary>
    public int Id(string keyword) => _ids.TryGetValue(keyword, out var id) ? id : -1;

    private void Build()
    {
        // Columns only for the characters keywords hold (any other character leads back to the root), so the table
        // stays small enough to sit in cache.
        var used = _ids.Keys.SelectMany(k => k).Distinct().Order().ToList();
        _symbol = new byte[128];
        for (var i = 0; i < used.Count; i++) _symbol[used[i]] = (byte)(i + 1);
        var width = _width = used.Count + 1;
        var gotos = new List<int[]> { New() };
        var outs = new List<List<int>> { new() };
        int[] New()
        {
            var row = new int[width];
            Array.Fill(row, -1);
            return row;
        }
        foreach (var (k, id) in _ids)
        {
            var s = 0;
            foreach (var ch in k)
            {
                var c = _symbol[ch];
                if (gotos[s][c] < 0)
                {
                    gotos[s][c] = gotos.Count;
                    gotos.Add(New());
                    outs.Add([]);
                }
                s = gotos[s][c];
            }
            outs[s].Add(id);
        }
        var fail = new int[gotos.Count];
        var queue = new Queue<int>();
        for (var c = 0; c < width; c++)
        {
            if (gotos[0][c] < 0) gotos[0][c] = 0;
            else
            {
                fail[gotos[0][c]] = 0;
                queue.Enqueue(gotos[0][c]);
            }
        }
        while (queue.Count > 0)
        {
            var r = queue.Dequeue();
            outs[r].AddRange(outs[fail[r]]);
            for (var c = 0; c < width; c++)
            {
                var s = gotos[r][c];
                if (s < 0) gotos[r][c] = gotos[fail[r]][c];
                else
                {
                    fail[s] = gotos[fail[r]][c];
                    queue.Enqueue(s);
                }
            }
        }
        _next = new int[gotos.Count * width];
        for (var st = 0; st < gotos.Count; st++) Array.Copy(gotos[st], 0, _next, st * width, width);
        _outputs = [.. outs.Select(o => o.Distinct().ToArray())];
    }

    /// <summary>The keywords in a text.</summary>
    public KeywordHits Scan(ReadOnlySpan<char> text)
    {
        var bits = new ulong[(_ids.Count + 63) >> 6];
        var next = _next;
        var symbol = _symbol;
        var width = _width;
        var outputs = _outputs;
        var s = 0;
        foreach (var raw in text)
        {
            var c = raw;
            if (c >= 128)
            {
                // A character no keyword holds resets the automaton (keywords are ASCII).
                if (!AsciiFolds.TryGetValue(c, out c)) { s = 0; continue; }
            }
            else if (char.IsAsciiLetterUpper(c)) c = (char)(c | 0x20);
            s = next[s * width + symbol[c]];
            var found = outputs[s];
            for (var i = 0; i < found.Length; i++) bits[found[i] >> 6] |= 1UL << (found[i] & 63);
        }
        return new KeywordHits(this, bits);
    }
}

/// <summary>The keywords found in one text.</summary>
internal sealed class KeywordHits(KeywordScanner scanner, ulong[] bits)
{
    public KeywordScanner Scanner { get; } = scanner;

    public bool Contains(int id) => (bits[id >> 6] & (1UL << (id & 63))) != 0;

    /// <summary>Whether the text holds any of the keywords whose bits are set in <paramref name="mask"/>.</summary>
    public bool Overlaps(ulong[] mask)
    {
        for (var i = 0; i < mask.Length; i++)
            if ((bits[i] & mask[i]) != 0) return true;
        return false;
    }

    /// <summary>Whether the text holds a keyword (false for a word the scanner was not built with).</summary>
    public bool Contains(string keyword) => Scanner.Id(keyword) is var id and >= 0 && Contains(id);

    public override string ToString() => bits.Sum(System.Numerics.BitOperations.PopCount) + " keywords";
}

/// <summary>The prefilters of a fixed set of patterns, with one scanner for all their keywords.</summary>
internal sealed class PatternFilters
{
    private readonly Dictionary<Regex, LiteralPrefilter> _filters = new(ReferenceEqualityComparer.Instance);

    public PatternFilters(IEnumerable<Regex> patterns)
    {
        var unbound = new Dictionary<Regex, LiteralPrefilter>(ReferenceEqualityComparer.Instance);
        foreach (var rx in patterns)
            if (!unbound.ContainsKey(rx) && LiteralPrefilter.For(rx) is { } f) unbound[rx] = f;
        Scanner = new KeywordScanner(unbound.Values.SelectMany(f => f.Keywords));
        foreach (var (rx, f) in unbound) _filters[rx] = f.Bind(Scanner);
    }

    public KeywordScanner Scanner { get; }

    /// <summary>Every pattern that has a prefilter, with it.</summary>
    public IEnumerable<(Regex Pattern, LiteralPrefilter Filter)> Filtered => _filters.Select(x => (x.Key, x.Value));

    public KeywordHits Scan(string text) => Scanner.Scan(text);

    /// <summary>Whether the pattern may match a text with these keywords (true for a pattern without a
    /// filter).</summary>
    public bool MayMatch(Regex pattern, KeywordHits hits) =>
        !_filters.TryGetValue(pattern, out var f) || f.MayMatch(hits);
}

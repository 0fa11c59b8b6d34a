using System.Text.RegularExpressions;
using Stroma.Trials.Model;

namespace Stroma.Trials.Extraction;

/// <summary>Where a piece of text sits, which decides how much a mention in it counts.</summary>
internal enum Zone
{
    /// <summary>Name, other names and description of an MSC intervention; label and description of an arm that gives
    /// it.</summary>
    Core,

    /// <summary>Titles and keywords.</summary>
    Title,

    /// <summary>Brief summary and detailed description.</summary>
    Context,

    /// <summary>Other interventions and arms (comparators, procedures).</summary>
    Other,
}

/// <summary>
/// One registry text field (or one item of a list field). Compared by reference: rules key caches by
/// segment, and hashing a 30,000-character description on every lookup would dominate the run.
/// </summary>
internal sealed class Segment(string field, int index, string text, Zone zone)
{
    public string Field { get; } = field;

    public int Index { get; } = index;

    public string Text { get; } = text;

    public Zone Zone { get; } = zone;

    /// <summary>The prefilter keywords in the text (see <see cref="TrialText.MayMatch(Segment, LiteralPrefilter?)"/>),
    /// found on first use.</summary>
    internal KeywordHits? Keywords { get; set; }

    public Evidence Quote(int start, int end, string supports)
    {
        start = Math.Clamp(start, 0, Text.Length);
        end = Math.Clamp(end, start, Text.Length);
        // EXTRACTION.md: evidence is at most 200 characters, double quotes replaced by single quotes.
        if (end - start > 200) end = start + 200;
        return new Evidence(Field, Index, start, end, Text[start..end].Replace('"', '\'').ReplaceLineEndings(" "),
            supports);
    }
}

/// <summary>A sentence of a segment (its text cut once).</summary>
internal sealed class Sentence(Segment segment, int start, int end)
{
    public Segment Segment { get; } = segment;

    public int Start { get; } = start;

    public int End { get; } = end;

    public string Text { get; } = segment.Text[start..end];

    public Zone Zone => Segment.Zone;

    /// <summary>The prefilter keywords in the text (see
    /// <see cref="TrialText.MayMatch(Sentence, LiteralPrefilter?)"/>), found on first use.</summary>
    internal KeywordHits? Keywords { get; set; }
}

/// <summary>A term found in a segment.</summary>
internal readonly record struct Mention(Segment Segment, int Start, int End, bool Weak)
{
    public string Text => Segment.Text[Start..End];
}

/// <summary>
/// A trial's text laid out for the rules: segments by zone, sentences, and the MSC mentions in them
/// (with tumour and SDF-1 uses of "mesenchymal"/"stromal" masked out).
/// </summary>
internal sealed partial class TrialText
{
    private readonly ExtractionVocabulary _v;
    private readonly Dictionary<Segment, List<Sentence>> _sentences = [];
    private readonly Dictionary<Segment, IReadOnlyList<Mention>> _mentions = [];
    private readonly Dictionary<Sentence, bool> _background = [];
    private readonly Dictionary<Sentence, bool> _generic = [];
    private readonly Dictionary<Sentence, bool> _administration = [];

    public TrialText(ClinicalTrial trial, ExtractionVocabulary v)
    {
        _v = v;
        Trial = trial;
        var raw = new List<Segment>();
        void Add(string field, int index, string? text, Zone zone)
        {
            if (!string.IsNullOrWhiteSpace(text)) raw.Add(new Segment(field, index, text, zone));
        }

        // First pass: which interventions and arms concern an MSC product.
        var mscInterventions = new bool[trial.Interventions.Count];
        for (var i = 0; i < trial.Interventions.Count; i++)
        {
            var iv = trial.Interventions[i];
            // An intervention named as SVF, BMAC or mononuclear cells is that product, whatever its description says it
            // contains.
            if (v.NonMscProducts.Any(p => p.Pattern.IsMatch(iv.Name)) && !v.MscStrong.IsMatch(iv.Name)) continue;
            mscInterventions[i] = HasMsc(iv.Name) || HasMsc(iv.Description) || iv.OtherNames.Any(HasMsc)
                || HasProduct(iv.Name) || HasProduct(iv.Description);
        }
        // A placebo or sham named after the product it imitates ("the same fluid used for the MSC preparation,
        // without cells") is the comparator, not the product: the product is then found as if no intervention named it.
        for (var i = 0; i < trial.Interventions.Count; i++)
        {
            var iv = trial.Interventions[i];
            if (mscInterventions[i] && IsComparator(iv.Name)) mscInterventions[i] = false;
        }
        if (!mscInterventions.Any(x => x) && trial.UnattributedOtherNames.Any(HasMsc))
        {
            // Classic records flatten other names across interventions: an MSC other name belongs to one of the
            // non-placebo interventions.
            for (var i = 0; i < trial.Interventions.Count; i++)
                mscInterventions[i] = !NotProduct().IsMatch(trial.Interventions[i].Name);
        }
        if (!mscInterventions.Any(x => x))
        {
            // No intervention names an MSC product: fall back to cell interventions ("Cellular therapy", "Stem cell
            // injection").
            for (var i = 0; i < trial.Interventions.Count; i++)
            {
                var iv = trial.Interventions[i];
                mscInterventions[i] =
                    (iv.Type is not ("Procedure" or "Device" or "Behavioral" or "Diagnostic Test" or "Radiation"))
                    && (IsCellText(iv.Name) || IsCellText(iv.Description)) && !IsComparator(iv.Name);
            }
        }
        if (!mscInterventions.Any(x => x))
        {
            // Still none (a product code such as "Stemchymal®" with the cells described elsewhere): the product must be
            // one of the interventions that are not a comparator, a procedure or a device.
            for (var i = 0; i < trial.Interventions.Count; i++)
            {
                var iv = trial.Interventions[i];
                mscInterventions[i] = iv.Type is "Biological" or "Drug" or "Genetic" or "Combination Product"
                    && !NotProduct().IsMatch(iv.Name);
            }
        }
        if (!mscInterventions.Any(x => x) && trial.Interventions.Count(iv => !NotProduct().IsMatch(iv.Name)) == 1)
        {
            // A single non-comparator intervention of any type ("Other") is the product the record is about.
            for (var i = 0; i < trial.Interventions.Count; i++)
            {
                var iv = trial.Interventions[i];
                mscInterventions[i] = iv.Type is not ("Behavioral" or "Diagnostic Test" or "Radiation")
                    && !NotProduct().IsMatch(iv.Name);
            }
        }
        var mscInterventionNames = trial.Interventions.Where((_, i) => mscInterventions[i]).Select(iv => iv.Name)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var mscArmLabels = trial.Interventions.Where((_, i) => mscInterventions[i]).SelectMany(iv => iv.ArmGroupLabels)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var mscArms = new bool[trial.ArmGroups.Count];
        for (var a = 0; a < trial.ArmGroups.Count; a++)
        {
            var arm = trial.ArmGroups[a];
            if (arm.Type is "Placebo Comparator" or "Sham Comparator" or "No Intervention") continue;
            mscArms[a] = mscArmLabels.Contains(arm.Label) || HasMsc(arm.Label) || HasMsc(arm.Description)
                || HasProduct(arm.Description) || HasProduct(arm.Label)
                || (arm.Description is not null
                    && mscInterventionNames.Any(n => n.Length > 3
                        && arm.Description.Contains(n, StringComparison.OrdinalIgnoreCase)))
                // Classic records lose which intervention an arm gets: an experimental arm of an MSC trial that names
                // no comparator gets the product.
                || (arm.Type == "Experimental" && mscInterventionNames.Count > 0 && mscArmLabels.Count == 0
                    && !NotProduct().IsMatch(arm.Label + " " + arm.Description));
        }
        MscInterventionCount = mscInterventions.Count(x => x);
        MscArmCount = mscArms.Count(x => x);

        Add("BriefTitle", 0, trial.BriefTitle, Zone.Title);
        Add("OfficialTitle", 0, trial.OfficialTitle, Zone.Title);
        for (var i = 0; i < trial.Keywords.Count; i++) Add("Keyword", i, trial.Keywords[i], Zone.Title);
        var otherIndex = 0;
        for (var i = 0; i < trial.Interventions.Count; i++)
        {
            var iv = trial.Interventions[i];
            var zone = mscInterventions[i] ? Zone.Core : Zone.Other;
            Add("InterventionName", i, iv.Name, zone);
            Add("InterventionDescription", i, iv.Description, zone);
            foreach (var other in iv.OtherNames) Add("InterventionOtherName", otherIndex++, other, zone);
        }
        foreach (var other in trial.UnattributedOtherNames) Add("InterventionOtherName", otherIndex++, other,
            HasMsc(other) || HasProduct(other) ? Zone.Core : Zone.Other);
        for (var a = 0; a < trial.ArmGroups.Count; a++)
        {
            var zone = mscArms[a] ? Zone.Core : Zone.Other;
            Add("ArmGroupLabel", a, trial.ArmGroups[a].Label, zone);
            Add("ArmGroupDescription", a, trial.ArmGroups[a].Description, zone);
        }
        Add("BriefSummary", 0, trial.BriefSummary, Zone.Context);
        Add("DetailedDescription", 0, trial.DetailedDescription, Zone.Context);
        Segments = raw;
    }

    public ClinicalTrial Trial { get; }

    private readonly Dictionary<object, object> _cache = [];

    /// <summary>A value computed once per trial (rules share mention lists).</summary>
    public T Cached<T>(object key, Func<T> compute) where T : class
    {
        if (_cache.TryGetValue(key, out var v)) return (T)v;
        var value = compute();
        _cache[key] = value;
        return value;
    }

    public IReadOnlyList<Segment> Segments { get; }

    public int MscInterventionCount { get; }

    public int MscArmCount { get; }

    public IEnumerable<Segment> In(params Zone[] zones) => Segments.Where(s => zones.Contains(s.Zone));

    /// <summary>Sentences of a segment (split at sentence ends and line breaks).</summary>
    public IReadOnlyList<Sentence> Sentences(Segment segment)
    {
        if (_sentences.TryGetValue(segment, out var list)) return list;
        list = [];
        var start = 0;
        var text = segment.Text;
        foreach (Match m in SentenceBreak().Matches(text))
        {
            var end = m.Index;
            if (text[m.Index] is '.' or '!' or '?')
            {
                // Not after "e.g.", "i.e.", "vs.", "approx.", "Fig."; the stop belongs to the sentence it ends.
                if (NoBreakBefore().IsMatch(text.AsSpan(Math.Max(0, m.Index - 7), Math.Min(7, m.Index)))) continue;
                end = m.Index + 1;
            }
            if (end > start) list.Add(Trim(segment, start, end));
            start = m.Index + m.Length;
        }
        if (start < segment.Text.Length) list.Add(Trim(segment, start, segment.Text.Length));
        list.RemoveAll(s => s.End <= s.Start);
        if (list.Count == 0) list.Add(new Sentence(segment, 0, segment.Text.Length));
        if (list.Exists(x => x.End - x.Start > MaxSentence)) list = Bounded(segment, list);
        _sentences[segment] = list;
        return list;
    }

    /// <summary>
    /// Longest sentence the rules see. Rules run several patterns over each sentence and look around every hit
    /// in it, so their work is linear in the text only while sentences have a bound. Registry sentences are a
    /// few hundred characters; a longer "sentence" is a list or lost punctuation, cut at a space.
    /// </summary>
    internal const int MaxSentence = 1500;

    private static List<Sentence> Bounded(Segment segment, List<Sentence> list)
    {
        var bounded = new List<Sentence>(list.Count);
        foreach (var sentence in list)
        {
            var start = sentence.Start;
            while (sentence.End - start > MaxSentence)
            {
                var cut = segment.Text.LastIndexOf(' ', start + MaxSentence - 1, MaxSentence / 2);
                var end = cut > start ? cut : start + MaxSentence;
                bounded.Add(Trim(segment, start, end));
                start = end;
            }
            bounded.Add(Trim(segment, start, sentence.End));
        }
        bounded.RemoveAll(s => s.End <= s.Start);
        return bounded;
    }

    public IEnumerable<Sentence> Sentences(IEnumerable<Segment> segments) => segments.SelectMany(Sentences);

    /// <summary>MSC mentions (strong and weak), products included, with excluded uses masked.</summary>
    public IReadOnlyList<Mention> MscMentions(Segment segment)
    {
        if (_mentions.TryGetValue(segment, out var cached)) return cached;
        var found = FindMentions(segment);
        if (segment.Field.Length > 0) _mentions[segment] = found;
        return found;
    }

    /// <summary>Whether a sentence names the product (an MSC term or a product name).</summary>
    public bool HasMention(Sentence sentence) =>
        FirstOverlap(MscMentions(sentence.Segment), sentence.Start, sentence.End) >= 0;

    /// <summary>
    /// Index of the first of the (sorted, non-overlapping) mentions that overlaps [start, end), or -1. A binary
    /// search, so asking it for every sentence of a long text stays linear in the text rather than quadratic.
    /// </summary>
    public static int FirstOverlap(IReadOnlyList<Mention> sorted, int start, int end)
    {
        int lo = 0, hi = sorted.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >> 1;
            if (sorted[mid].End <= start) lo = mid + 1;
            else hi = mid;
        }
        return lo < sorted.Count && sorted[lo].Start < end ? lo : -1;
    }

    private List<Mention> FindMentions(Segment segment)
    {
        // Matches of each pattern come in text order, so overlap tests are merges over sorted lists (linear),
        // never a scan of every earlier mention per match (quadratic on a long text).
        var excluded = MayMatch(segment, _v.FilterOf(_v.MscExclusions))
            ? Spans(_v.MscExclusions, segment.Text) : [];
        var list = new List<Mention>();
        void Collect(Regex rx, bool weak)
        {
            // A text without the pattern's literal words holds no match of it.
            if (!MayMatch(segment, _v.FilterOf(rx))) return;
            var found = new List<Mention>();
            int e = 0, k = 0;
            foreach (Match m in rx.Matches(segment.Text))
            {
                var end = m.Index + m.Length;
                if (m.Length == 0) continue;
                while (e < excluded.Count && excluded[e].End <= m.Index) e++;
                if (e < excluded.Count && excluded[e].Start < end) continue;
                while (k < list.Count && list[k].End <= m.Index) k++;
                if (k < list.Count && list[k].Start < end) continue;
                found.Add(new Mention(segment, m.Index, end, weak));
            }
            if (found.Count == 0) return;
            list.AddRange(found);
            list.Sort((a, b) => a.Start.CompareTo(b.Start));
        }
        Collect(_v.MscStrong, false);
        Collect(_v.AnyProduct, false);
        Collect(_v.MscWeak, true);
        return list;
    }

    /// <summary>Non-overlapping matches of a pattern, in text order.</summary>
    private static List<(int Start, int End)> Spans(Regex rx, string text)
    {
        var spans = new List<(int, int)>();
        foreach (Match m in rx.Matches(text)) spans.Add((m.Index, m.Index + m.Length));
        return spans;
    }

    public IEnumerable<Mention> MscMentions(IEnumerable<Segment> segments) => segments.SelectMany(MscMentions);

    /// <summary>The sentence before this one in its field, or null for the first.</summary>
    public Sentence? Previous(Sentence sentence)
    {
        var list = Sentences(sentence.Segment);
        int lo = 0, hi = list.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >> 1;
            if (list[mid].Start < sentence.Start) lo = mid + 1;
            else if (list[mid].Start > sentence.Start) hi = mid - 1;
            else return mid > 0 ? list[mid - 1] : null;
        }
        return null;
    }

    private ProductLinks? _links;

    /// <summary>The record's product mentions and what each sentence speaks of (built on first use).</summary>
    public ProductLinks Links => _links ??= new ProductLinks(this, _v);

    /// <summary>The sentence holding a position.</summary>
    public Sentence SentenceAt(Segment segment, int position)
    {
        var list = Sentences(segment);
        int lo = 0, hi = list.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >> 1;
            if (position < list[mid].Start) hi = mid - 1;
            else if (position >= list[mid].End) lo = mid + 1;
            else return list[mid];
        }
        // Between two sentences (the spaces after a stop): the nearest one, never a copy of the whole field.
        return list[Math.Clamp(lo, 0, list.Count - 1)];
    }

    /// <summary>Whether a sentence speaks of cells or a cell product ("stem cells", "cell therapy", "the
    /// product").</summary>
    public bool HasGenericCells(Sentence sentence) =>
        _generic.TryGetValue(sentence, out var known) ? known
            : _generic[sentence] = IsMatch(_v.GenericCells, sentence);

    /// <summary>Whether a sentence speaks of giving something (inject, infuse, transplant, administer, …).</summary>
    public bool HasAdministration(Sentence sentence) =>
        _administration.TryGetValue(sentence, out var known) ? known
            : _administration[sentence] = IsMatch(_v.Administration, sentence);

    /// <summary>
    /// Whether a vocabulary pattern may match the sentence's text: false only when the sentence lacks the literal
    /// words every match of the pattern holds (<see cref="LiteralPrefilter"/>), so the pattern need not be run.
    /// </summary>
    public bool MayMatch(Sentence sentence, LiteralPrefilter? filter) =>
        filter is null || filter.MayMatch(sentence.Keywords ??= _v.Keywords.Scan(sentence.Text));

    /// <summary>Whether a vocabulary pattern may match the segment's text (as for a sentence).</summary>
    public bool MayMatch(Segment segment, LiteralPrefilter? filter) =>
        filter is null || filter.MayMatch(segment.Keywords ??= _v.Keywords.Scan(segment.Text));

    /// <summary><paramref name="pattern"/>.IsMatch(sentence text), skipped when its prefilter rules a match
    /// out.</summary>
    public bool IsMatch(Regex pattern, Sentence sentence) =>
        MayMatch(sentence, _v.FilterOf(pattern)) && pattern.IsMatch(sentence.Text);

    /// <summary><paramref name="pattern"/>.IsMatch(segment text), skipped when its prefilter rules a match
    /// out.</summary>
    public bool IsMatch(Regex pattern, Segment segment) =>
        MayMatch(segment, _v.FilterOf(pattern)) && pattern.IsMatch(segment.Text);

    public bool IsBackground(Sentence sentence)
    {
        if (sentence.Zone == Zone.Core) return false;
        if (_background.TryGetValue(sentence, out var known)) return known;
        return _background[sentence] = IsMatch(_v.Background, sentence);
    }

    public bool HasMsc(string? text)
    {
        if (string.IsNullOrEmpty(text)) return false;
        var seg = new Segment("", 0, text, Zone.Other);
        return MscMentions(seg).Count > 0;
    }

    private bool HasProduct(string? text) => !string.IsNullOrEmpty(text) && _v.AnyProduct.IsMatch(text);

    /// <summary>A placebo, sham or control named as such, with no product in its name.</summary>
    private bool IsComparator(string name) =>
        ComparatorName().IsMatch(name) && !HasMsc(name) && !HasProduct(name) && !IsCellText(name);

    public bool IsCellText(string? text) => !string.IsNullOrEmpty(text) && _v.GenericCells.IsMatch(text)
        && !_v.NotMscCells.IsMatch(text);

    private static Sentence Trim(Segment segment, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(segment.Text[start])) start++;
        while (end > start && char.IsWhiteSpace(segment.Text[end - 1])) end--;
        return new Sentence(segment, start, end);
    }

    [GeneratedRegex(@"placebo|saline|standard|control|sham|vehicle|usual care|conventional|chemotherap"
        + @"|cisplatin|pemetrexed", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NotProduct();

    /// <summary>A name that says placebo, sham, vehicle, saline or control (one pattern for every rule).</summary>
    [GeneratedRegex(@"placebo|\bsham\b|\bvehicle\b|saline|\bcontrol\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    internal static partial Regex ComparatorName();

    // Sentence ends: a stop before a capital, digit or bracket ("efficacy.Patients" too), and line breaks (spaces
    // before a break are trimmed, not matched: "\s*\n" would rescan a long run of spaces from each of them).
    [GeneratedRegex(@"[.!?](?:\s+(?=[A-Z0-9(\[•\-*])|(?<=[a-z]{3}[.!?])(?=[A-Z][a-z]))|\n\s*",
        RegexOptions.CultureInvariant)]
    private static partial Regex SentenceBreak();

    [GeneratedRegex(@"(?:\b(?:e\.g|i\.e|vs|approx|al|Dr|No|Fig|ca|inc|Ltd|St)|[^\w)\]%’'""])$",
        RegexOptions.CultureInvariant)]
    private static partial Regex NoBreakBefore();
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace Stroma.Trials.Extraction.Rules;

/// <summary>
/// dose_count (EXTRACTION.md): administrations of the product per patient. Read from counted nouns
/// ("five infusions", "a single injection", "twice"), schedules ("weekly for 4 weeks", "once per 4 weeks
/// for 12 weeks" → 3, "2 infusions per week for 4 weeks" → 8), lists of days ("on days 0, 30, 60 and 90"
/// → 4), repeats ("repeated 9 times" → 10) and optional extra doses at their maximum ("a second infusion
/// if needed" → 2, "3–5 doses" → 5). The largest count stated for the product wins.
/// </summary>
internal static partial class DoseCountRule
{
    private const int Cap = 60;

    public static (int? Count, Evidence? Evidence) Decide(TrialText t, ExtractionVocabulary v)
    {
        int? best = null;
        Evidence? evidence = null;
        foreach (var s in t.In(Zone.Core, Zone.Title, Zone.Context))
        {
            foreach (var sentence in t.Sentences(s))
            {
                if (!CountHint().IsMatch(sentence.Text)) continue;
                // "Infliximab 5 mg/kg at weeks 0, 2 and 6": another drug's schedule, even inside an MSC arm
                // (mention linking, ProductLinks).
                if (t.Links.Names(sentence) == Reference.Other) continue;
                var aboutProduct = t.Links.About(sentence);
                // Sentences that do not name the product count only through lists of days, weeks or months.
                if (!aboutProduct && !DayHint().IsMatch(sentence.Text)) continue;
                if (s.Zone == Zone.Context)
                {
                    if (t.IsBackground(sentence)) continue;
                    if (!aboutProduct && !t.HasAdministration(sentence)) continue;
                }
                var n = Count(sentence.Text, v, aboutProduct, t.MscArmCount);
                if (n is null || n > Cap || (best is not null && n <= best)) continue;
                best = n;
                evidence = s.Quote(sentence.Start, sentence.End, "doseCount");
            }
        }
        return (best, evidence);
    }

    /// <summary>The prefilters of the count patterns (see <see cref="LiteralPrefilter"/>).</summary>
    private static readonly Lazy<PatternFilters> Filters = new(() => new PatternFilters(
        [
            Additional(), AdditionalPeriod(), ConsecutiveDays(), Counted(), DayList(), DoubleDose(), EveryFromTo(),
            ExtraDose(), Frequency(), ListThenUnit(), NumberedAdministration(), OneOccasion(), OrdinalList(),
            PrefixedDayList(), RepeatedPoints(), Schedule(), SingleDose(), SingleSession(), TheFirst(), Times(),
            TimesInTotal(), TotalOf(), Visits(),
        ]));

    /// <summary><paramref name="rx"/>.Matches(text), or none when its prefilter rules a match out.</summary>
    private static IEnumerable<Match> Matches(Regex rx, string text, KeywordHits hits) =>
        Filters.Value.MayMatch(rx, hits) ? rx.Matches(text) : [];

    private static bool IsMatch(Regex rx, string text, KeywordHits hits) =>
        Filters.Value.MayMatch(rx, hits) && rx.IsMatch(text);

    /// <summary>The count patterns, for the prefilter tests.</summary>
    internal static PatternFilters CountFilters => Filters.Value;

    /// <summary>
    /// The largest count a sentence states. Sentences that do not name the product ("then the therapy is
    /// given on the 1st, 8th and 15th day") count only through their lists of days.
    /// </summary>
    internal static int? Count(string text, ExtractionVocabulary v, bool aboutProduct = true, int productArms = 1)
    {
        var candidates = new List<int>();
        // The count patterns' literal words in the sentence, found once: a pattern without them is not run.
        var hits = Filters.Value.Scan(text);
        var single = IsMatch(SingleSession(), text, hits);

        foreach (Match m in Matches(DayList(), text, hits))
        {
            if (!Administered().IsMatch(text) || NotAdministration().IsMatch(text[Math.Max(0, m.Index - 90)..m.Index])
                || OtherArm(text, m.Index)) continue;
            candidates.Add(ListItem().Matches(m.Groups["list"].Value).Count);
        }
        // "at D1 - D3 - D5": each day written with its own prefix; three or more joined by dashes are a list, not a
        // range.
        foreach (Match m in Matches(PrefixedDayList(), text, hits))
        {
            if (!Administered().IsMatch(text) || NotAdministration().IsMatch(text[Math.Max(0, m.Index - 90)..m.Index])
                || OtherArm(text, m.Index)) continue;
            candidates.Add(ListItem().Matches(m.Value).Count);
        }
        foreach (Match m in Matches(RepeatedPoints(), text, hits))
        {
            if (!Administered().IsMatch(text) || NotAdministration().IsMatch(text[Math.Max(0, m.Index - 90)..m.Index])
                || OtherArm(text, m.Index)) continue;
            candidates.Add(Unit().Matches(m.Value).Count);
        }
        foreach (Match m in Matches(OrdinalList(), text, hits))
        {
            if (!Administered().IsMatch(text) || NotAdministration().IsMatch(text[Math.Max(0, m.Index - 90)..m.Index])
                || OtherArm(text, m.Index)) continue;
            candidates.Add(Ordinal().Matches(m.Value).Count);
        }
        // "at 0, 6 and 12 weeks": the unit after the list.
        foreach (Match m in Matches(ListThenUnit(), text, hits))
        {
            if (!Administered().IsMatch(text) || NotAdministration().IsMatch(text[Math.Max(0, m.Index - 90)..m.Index])
                || OtherArm(text, m.Index)) continue;
            // "at 1, 3 and 6 months after treatment": visits counted from the administration, not administrations.
            var end = m.Index + m.Length;
            if (AfterAdministration().IsMatch(text.AsSpan(end, Math.Min(30, text.Length - end)))) continue;
            candidates.Add(ListItem().Matches(m.Groups["list"].Value).Count);
        }
        // "3rd transplantation": the n-th administration means at least n.
        foreach (Match m in Matches(NumberedAdministration(), text, hits))
        {
            if (int.TryParse(m.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var nth)
                && nth is > 1 and <= 12) candidates.Add(nth);
        }
        foreach (Match m in Matches(TotalOf(), text, hits))
            if (Value(m.Groups["n"].Value, v) is { } n
                && !(n > 6 && m.Value.Contains("inject", StringComparison.OrdinalIgnoreCase))) return n;
        foreach (Match m in Matches(Visits(), text, hits))
            if (Value(m.Groups["n"].Value, v) is { } n) candidates.Add(n);
        if (!aboutProduct) return candidates.Count == 0 ? null : candidates.Max();
        (int Count, double PerDay)? scheduled = null;
        var phases = new List<(int Start, int End, int Count, bool JoinOnly)>();
        foreach (Match m in Matches(Schedule(), text, hits))
        {
            // "followed up on days 1, 4, 7 and 14, every 6 weeks for 6 months": a visit schedule.
            var given = Given(text[Math.Max(0, m.Index - 90)..(m.Index + Math.Min(m.Length, 30))]);
            if (given == false) continue;
            if (OtherArm(text, m.Index)) continue;
            var perPeriod = m.Groups["k"].Success ? Value(m.Groups["k"].Value, v) ?? 1 : 1;
            var period = m.Groups["p"].Success ? Value(m.Groups["p"].Value, v) ?? 1 : 1;
            var duration = Value(m.Groups["d"].Value, v);
            if (duration is null || period == 0) continue;
            var days = Days(m.Groups["du"].Value) * duration.Value;
            var every = Days(m.Groups["u"].Value) * period;
            if (every <= 0) continue;
            var n = (int)Math.Round(perPeriod * days / every, MidpointRounding.AwayFromZero);
            if (n >= 1 && given is null) phases.Add((m.Index, m.Index + m.Length, n, true));
            else if (n >= 1)
            {
                candidates.Add(n);
                scheduled = (n, perPeriod / every);
                phases.Add((m.Index, m.Index + m.Length, n, false));
            }
        }
        // "treatment on six consecutive days": one administration a day.
        foreach (Match m in Matches(ConsecutiveDays(), text, hits))
        {
            if (NotAdministration().IsMatch(text[Math.Max(0, m.Index - 60)..m.Index])) continue;
            if (Value(m.Groups["n"].Value, v) is { } n) candidates.Add(n);
        }
        foreach (Match m in Matches(EveryFromTo(), text, hits))
        {
            var period = Value(m.Groups["p"].Value, v) ?? 1;
            if (period > 0 && int.TryParse(m.Groups["b"].Value, out var b)
                && int.TryParse(m.Groups["a"].Value, out var a) && b > a)
                candidates.Add((b - a) / period + 1);
        }
        foreach (Match m in Matches(Frequency(), text, hits))
        {
            var given = Given(text[Math.Max(0, m.Index - 40)..m.Index]);
            if (given == false) continue;
            var duration = Value(m.Groups["d"].Value, v);
            if (duration is null) continue;
            // "twice daily for 7 days": the times per period multiply the periods.
            var perPeriod = m.Groups["k"].Success ? Value(m.Groups["k"].Value, v) ?? 1 : 1;
            var periods = Days(m.Groups["du"].Value) * duration.Value / Days(m.Groups["u"].Value);
            var n = (int)Math.Round(perPeriod * periods, MidpointRounding.AwayFromZero);
            if (n >= 1 && given is null) phases.Add((m.Index, m.Index + m.Length, n, true));
            else if (n >= 1)
            {
                candidates.Add(n);
                scheduled = (n, perPeriod / Days(m.Groups["u"].Value));
                phases.Add((m.Index, m.Index + m.Length, n, false));
            }
        }
        // EXTRACTION.md: schedules imply the count, and a schedule in phases ("weekly for 4 weeks, then every 2
        // weeks for 8 weeks") counts every phase: 4 + 4. Only phases that each state a count are summed.
        if (PhaseTotal(text, phases) is { } phased) candidates.Add(phased);
        // "weekly for 4 weeks, with the option of an additional 4 weeks": the schedule goes on for the extra period
        // (EXTRACTION.md: optional extra doses count at their maximum).
        if (scheduled is { PerDay: > 0 } plan)
            foreach (Match m in Matches(AdditionalPeriod(), text, hits))
                if (Value(m.Groups["d"].Value, v) is { } more)
                    candidates.Add(plan.Count + (int)Math.Round(plan.PerDay * more * Days(m.Groups["du"].Value),
                        MidpointRounding.AwayFromZero));
        foreach (Match m in Matches(Counted(), text, hits))
        {
            var n = Value(m.Groups["n"].Value, v);
            if (n is null) continue;
            if (OtherArm(text, m.Index)) continue;
            // "at Months 6, 9 and 12 post applications": a time point, not a count; "one of two treatments": arms;
            // "divided into 4 injections": sites of one session.
            if (NotACount().IsMatch(text.AsSpan(Math.Max(0, m.Index - 30), Math.Min(30, m.Index)))) continue;
            if (char.IsAsciiDigit(m.Groups["n"].Value[0])
                && GroupLabel().IsMatch(text.AsSpan(Math.Max(0, m.Index - 30), Math.Min(30, m.Index)))) continue;
            // "3 repeated intravenous injection" counts; "50 million cell infusion", "CD 34 and MSC infusion" do not.
            if (!m.Groups["noun"].Value.EndsWith('s') && !m.Groups["rep"].Success && n > 1
                && !RouteAdjectives().IsMatch(m.Groups["mid"].Value)) continue;
            // "concentrated 50 times": times count administrations only after a verb of giving or with "in total".
            if (m.Groups["noun"].Value.Equals("times", StringComparison.OrdinalIgnoreCase)
                && (!TimesCountAdministrations(text, m)
                    || PowerOfTen().IsMatch(text.AsSpan(m.Index + m.Length)))) continue;
            if (ProcedureStep().IsMatch(text.AsSpan(Math.Max(0, m.Index - 40), Math.Min(40, m.Index)))) continue;
            if (m.Groups["hi"].Success && Value(m.Groups["hi"].Value, v) is { } hi) n = Math.Max(n.Value, hi);
            var tail = text[(m.Index + m.Length)..Math.Min(text.Length, m.Index + m.Length + 25)];
            // "a single injection of MSCs and three injections of hyaluronic acid": the count is the other product's.
            if (OfWhat().Match(text, m.Index + m.Length) is { Success: true } what
                && (v.OtherProducts.IsMatch(what.Groups["what"].Value)
                    || v.NotMscCells.IsMatch(what.Groups["what"].Value))
                && !v.MscStrong.IsMatch(what.Groups["what"].Value)) continue;
            if (NotCounted().IsMatch(tail) || NotCounted().IsMatch(m.Value)) continue;
            // "two doses of MSCs (20,000,000 and 100,000,000)": dose levels, not administrations.
            var wide = text[(m.Index + m.Length)..Math.Min(text.Length, m.Index + m.Length + 90)];
            if (m.Groups["noun"].Value.StartsWith("dose", StringComparison.OrdinalIgnoreCase)
                && (Levels().IsMatch(wide) || single || (productArms > 1 && n == productArms))) continue;
            // Many injections in one session are injection sites ("20 intramuscular injections of 0.5 ml").
            if (m.Groups["noun"].Value.StartsWith("inject", StringComparison.OrdinalIgnoreCase)
                && (single || n > 6)) continue;
            if (m.Groups["rep"].Success
                && m.Groups["rep"].Value.StartsWith("repeat", StringComparison.OrdinalIgnoreCase)
                && m.Groups["noun"].Value.StartsWith("time", StringComparison.OrdinalIgnoreCase))
                n += 1;
            candidates.Add(n.Value);
        }
        // "(9 times in total)" settles the count.
        foreach (Match m in Matches(TimesInTotal(), text, hits))
            if (Value(m.Groups["n"].Value, v) is { } n) return n;
        foreach (Match m in Matches(Times(), text, hits))
        {
            // "washed twice", "measured twice": a laboratory or assessment step, not an administration.
            if (LabStep().IsMatch(text.AsSpan(Math.Max(0, m.Index - 25), Math.Min(25, m.Index)))) continue;
            // "the above process is repeated 6 times": a step within one administration (a balloon's stop-flow
            // cycles), not another administration.
            if (ProcedureStep().IsMatch(text.AsSpan(Math.Max(0, m.Index - 40), Math.Min(40, m.Index)))) continue;
            if (Value(m.Groups["n"].Value, v) is { } n)
                candidates.Add(m.Value.StartsWith("repeat", StringComparison.OrdinalIgnoreCase) ? n + 1 : n);
        }
        // "single- or double-dose intravenous injection".
        if (IsMatch(DoubleDose(), text, hits)) candidates.Add(2);
        foreach (Match m in Matches(ExtraDose(), text, hits))
            if (Value(m.Groups["n"].Value, v) is { } n) candidates.Add(n);
        if (IsMatch(SingleDose(), text, hits)) candidates.Add(1);
        // One administration without a counted noun: "infusion of MSCs once", "on day 0", "during the operation".
        if (candidates.Count == 0 && aboutProduct && Administered().IsMatch(text) && IsMatch(OneOccasion(), text, hits))
            candidates.Add(1);
        // EXTRACTION.md: dose_count counts every administration, so a booster or additional dose adds to the
        // doses stated before it ("a single infusion followed by a booster at month 6" → 2).
        // "Four doses, the first at birth and three additional ones": the additional doses are part of the total.
        var extra = 0;
        foreach (Match m in Matches(Additional(), text, hits))
        {
            // "if additional doses of MSCs can be expanded": doses as manufactured lots, not given.
            var end = m.Index + m.Length;
            if (DosesAsSubject().IsMatch(text.AsSpan(end, Math.Min(40, text.Length - end)))) continue;
            extra += m.Groups["n"].Success ? Value(m.Groups["n"].Value, v) ?? 1 : 1;
        }
        if (extra > 0)
        {
            var stated = candidates.Count == 0 ? 1 : candidates.Max();
            return Math.Min(Cap, IsMatch(TheFirst(), text, hits) ? Math.Max(stated, 1 + extra) : stated + extra);
        }
        return candidates.Count == 0 ? null : candidates.Max();
    }

    /// <summary>
    /// The largest sum of counted schedule phases joined by "then" or "followed by", or null when no two counted
    /// phases are joined.
    /// </summary>
    /// <remarks>A join-only phase (one read as not given only because "followed by" stands before it) counts only
    /// after a phase it is joined to.</remarks>
    private static int? PhaseTotal(string text, List<(int Start, int End, int Count, bool JoinOnly)> phases)
    {
        if (phases.Count < 2) return null;
        phases.Sort((x, y) => x.Start != y.Start ? x.Start.CompareTo(y.Start) : y.End.CompareTo(x.End));
        int? best = null;
        var (sum, joined, end) = (0, 0, -1);
        foreach (var phase in phases)
        {
            // A schedule matched by two patterns counts once.
            if (phase.Start < end) continue;
            if (end >= 0 && joined > 0 && PhaseJoin().IsMatch(text.AsSpan(end, phase.Start - end)))
            {
                sum += phase.Count;
                joined++;
            }
            else (sum, joined) = phase.JoinOnly ? (0, 0) : (phase.Count, 1);
            end = phase.End;
            if (joined >= 2 && (best is null || sum > best)) best = sum;
        }
        return best;
    }

    /// <summary>
    /// True when a schedule's window has no visit word, false when it has one, null when its only one is the
    /// "followed by" that joins it to an earlier phase ("weekly for 3 weeks followed by monthly for 3 months").
    /// </summary>
    private static bool? Given(string window)
    {
        if (!NotAdministration().IsMatch(window)) return true;
        return NotAdministration().IsMatch(FollowedBy().Replace(window, " ")) ? false : null;
    }

    [GeneratedRegex(@"\bfollowed\s+by\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FollowedBy();

    /// <summary>"N times" counts administrations near a verb of giving, after "once a week," or "up to", or with "in
    /// total".</summary>
    private static bool TimesCountAdministrations(string text, Match m)
    {
        var before = text[Math.Max(0, m.Index - 60)..m.Index];
        var after = text[(m.Index + m.Length)..Math.Min(text.Length, m.Index + m.Length + 30)];
        return Administered().IsMatch(before) || Administered().IsMatch(after) || InTotal().IsMatch(after)
            || TimesLead().IsMatch(text[Math.Max(0, m.Index - 30)..m.Index]);
    }

    /// <summary>
    /// "The control group receives placebo at weeks 0, 4 and 8; the MSC group one infusion": a schedule in a clause
    /// that names the comparator is that arm's, not the product's.
    /// </summary>
    private static bool OtherArm(string text, int index)
    {
        var clause = text.LastIndexOfAny([';', ':'], Math.Max(0, index - 1)) + 1;
        var lead = text.AsSpan(clause, index - clause);
        // "MSCs or placebo at weeks 0, 4 and 8": both arms on one schedule.
        return Comparator().IsMatch(lead) && !CellWord().IsMatch(lead);
    }

    [GeneratedRegex(@"MSCs?\b|mesenchymal|stromal|\bcells?\b|exosom|vesicles?|\bEVs?\b|secretome",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CellWord();

    // The comparator as the one given the schedule: "the control group receives", "receive placebo".
    [GeneratedRegex(@"\b(?:placebo|control|sham|comparator|saline)\s+(?:group|arm|cohort)s?\s+(?:will\s+)?(?:receiv\w*"
        + @"|get\w*|(?:is|are|will be) given|undergo\w*)|\b(?:receiv\w*|given"
        + @"|get\w*)\s+(?:(?:a|an|the|matching|identical)\s+)?(?:placebo|saline|vehicle|sham)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Comparator();

    private static int? Value(string s, ExtractionVocabulary v)
    {
        s = s.Trim();
        if (int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return n;
        return v.NumberWords.TryGetValue(s, out var w) ? w : s is "a" or "an" or "once" ? 1 : s is "thrice" ? 3 : null;
    }

    private static double Days(string unit) => unit.ToLowerInvariant() switch
    {
        var u when u.StartsWith("day", StringComparison.Ordinal) || u == "daily" || u == "d" => 1,
        var u when u.StartsWith("week", StringComparison.Ordinal) => 7,
        var u when u.StartsWith("month", StringComparison.Ordinal) => 30,
        var u when u.StartsWith("year", StringComparison.Ordinal) => 365,
        _ => 0,
    };

    // Every count pattern needs a digit or one of these words; most sentences have neither.
    [GeneratedRegex(@"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|single|once"
        + @"|twice|thrice|second|third|fourth|fifth|weekly|monthly|daily)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CountHint();

    [GeneratedRegex(@"\b(?:days?|weeks?|months?|D\d)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DayHint();

    private const string Word = @"\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
        + @"|fifteen|twenty";
    private const string Noun = @"doses|injections|infusions|administrations|transplantations|transplants|applications"
        + @"|implantations|treatments|courses|times|sessions|cycles|instillations|inhalations|transfusions";

    // "2 infusions per week for 4 weeks", "once per 4 weeks … for 12 weeks", "every 3 months for 12 months".
    [GeneratedRegex(@"(?:\b(?:(?<k>once|twice)|(?<k>" + Word + @")\s*(?:" + Noun
        + @"|injection|infusion|dose))\b(?:[^.;]|(?<=\d)\.(?=\d)){0,40}?)?\b(?:per|a|each|every|q)\s*(?<p>" + Word
        + @")?\s*(?<u>day|week|month)s?\b(?:(?!\b(?:per|every|once|twice|then)\b)(?:[^.;]|(?<=\d)\.(?=\d))){0,60}?\b"
        + @"(?:for|during|over|within)\s+(?:a (?:total|period) of\s+|each of\s+)?(?<d>" + Word
        + @")\s*(?:(?:consecutive|successive)\s+)?(?<du>days?|weeks?|months?|years?)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Schedule();

    // ", then", "and then", "followed by a": what joins two phases of one schedule ("weekly for 4 weeks, then every
    // 2 weeks for 8 weeks"); a few words may name the administration again ("then an MSC infusion every month").
    [GeneratedRegex(@"^\s*,?\s*(?:and\s+)?(?:then|followed\s+by|thereafter|after\s+that)\s*,?\s*(?:by\s+)?"
        + @"(?:[A-Za-z\-]+\s+){0,4}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PhaseJoin();

    // "every 4 weeks from Week 0 to Week 36" → 10.
    [GeneratedRegex(@"every\s+(?<p>" + Word
        + @")?\s*(?:weeks?|months?|days?)\s+from\s+(?:weeks?|months?|days?)\s*(?<a>\d{1,3})\s+(?:to|until|through"
        + @"|-)\s+(?:weeks?|months?|days?)?\s*(?<b>\d{1,3})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EveryFromTo();

    // "weekly for 4 weeks", "monthly for 3 months".
    [GeneratedRegex(@"(?:\b(?:(?<k>once|twice|thrice)|(?<k>\d|two|three|four)\s+times)\s+)?\b(?<u>daily|weekly"
        + @"|monthly)\b(?:[^.;]|(?<=\d)\.(?=\d)){0,60}?\b(?:for|during|over)\s+(?<d>" + Word
        + @")\s*(?:(?:consecutive|successive)\s+)?(?<du>days?|weeks?|months?)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Frequency();

    // "on days 0, 30, 60 and 90", "on day 1,7", "at weeks 0, 4 and 8".
    [GeneratedRegex(@"\b(?:on|at|in)?\s*(?:days?|weeks?|months?|D)\s*(?<list>[-+]?\d{1,3}"
        + @"(?:\s*(?:,\s*(?:and|&)?|，|、|and|&|\+|or)\s*(?:(?:days?|weeks?|months?|D)\s*)?[-+]?\d{1,3})+)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DayList();

    [GeneratedRegex(@"[-+]?\d{1,3}", RegexOptions.CultureInvariant)]
    private static partial Regex ListItem();

    [GeneratedRegex(@"(?<![\w-])(?:D|Day)\s?\d{1,3}(?:\s*[-–]\s*(?:D|Day)\s?\d{1,3}){2,}(?![\w-])",
        RegexOptions.CultureInvariant)]
    private static partial Regex PrefixedDayList();

    // "at week 0, week 4, week 8".
    [GeneratedRegex(@"\b(?:day|week|month)\s*\d{1,3}(?:\s*(?:,|，|、|and|&)\s*(?:day|week|month)\s*\d{1,3})+",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RepeatedPoints();

    [GeneratedRegex(@"\b(?:day|week|month)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Unit();

    // "the 1st, 8th and 15th day".
    [GeneratedRegex(@"\d{1,3}(?:st|nd|rd|th)(?:\s*(?:,|and|&)\s*\d{1,3}(?:st|nd|rd|th))+\s*(?:days?|weeks?|months?)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OrdinalList();

    [GeneratedRegex(@"\d{1,3}(?:st|nd|rd|th)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Ordinal();

    // "five infusions", "3 repeated intravenous injection", "total of 4 intrathecal injections", "3-5 doses", "repeated
    // 9 times".
    [GeneratedRegex(@"(?<![\w\-])(?<n>" + Word + @")(?:\s*(?:-|–|to|or)\s*(?<hi>" + Word
        + @"))?\s+(?:(?<rep>repeated)\s+)?(?<mid>(?:(?!(?:days?|weeks?|months?|years?|hours?|minutes?|after|before"
        + @"|following|prior|apart|of|the|per|every|times|patients?|subjects?|participants?|groups?|arms?|cohorts?|for"
        + @"|with|in|to|and|or|at|by|will|be|are|is|was|were|receive\w*|million|billion|\d+|one|two|three|four|five|six"
        + @"|seven|eight|nine|ten|twelve)\b)[\w\-.]+\s+){0,3}?)(?<noun>" + Noun
        + @"|injection|infusion|dose|administration)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Counted();

    // "for a total of 10 infusions".
    [GeneratedRegex(@"\btotal of\s+(?<n>" + Word + @")\s+(?:[\w\-]+\s+){0,3}?(?:" + Noun
        + @"|infusion|injection|administration)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TotalOf();

    // Words that may stand between a count and a singular noun ("Three intra-articular injection", "3 IV infusion").
    [GeneratedRegex(@"^(?:(?:intra\S*|IV|i\.v\.?|intravenous|subcutaneous|intramuscular|local|consecutive|separate"
        + @"|additional|sequential|weekly|monthly|cell|cellular|MSCs?|stem)\s+)*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RouteAdjectives();

    [GeneratedRegex(@"(?<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven"
        + @"|twelve)\s+times\s+in\s+total", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TimesInTotal();

    [GeneratedRegex(@"(?:\b(?:days?|weeks?|months?|years?|D|W|M)\s*(?:\d{1,3}\s*(?:,|and|&|or|-|–|to)\s*){0,6}"
        + @"|\b(?:one|each|any|either) of(?: the)?|\b(?:divided|split|distributed|fractionated|aliquoted) (?:in|into"
        + @"|over|between)(?: the)?)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NotACount();

    // "Group 3 MSC dose", "Cohort 2 high dose": a numeral right after a group's name labels the group ("in the arm
    // four times" is a count: a number word after "arm" is not a label).
    private const string GroupName = @"\b(?:groups?|cohorts?|arms?|levels?|parts?|phases?|stages?|steps?|tiers?)"
        + @"\s*(?:no\.?|#|number)?\s*";

    [GeneratedRegex(GroupName + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GroupLabel();

    [GeneratedRegex(@"^\s*(?:in total|totally|in all)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex InTotal();

    [GeneratedRegex(@"(?:\b(?:once|twice) (?:a|per|every) (?:day|week|month)\s*,?|\bup to|\btotal(?:ly)?"
        + @"|\bin total)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TimesLead();

    // "6 infusion visits".
    [GeneratedRegex(@"\b(?<n>" + Word
        + @")\s+(?:infusion|injection|dosing|treatment|administration|transplantation)\s+visits\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Visits();

    // "repeated 9 times" (after a first dose), "twice", "three times".
    [GeneratedRegex(@"(?:\b(?<n>twice|thrice)\b(?!\s*(?:daily|a day|per day|a week|weekly|per week)))"
        + @"|(?:repeated\s+(?:\d{1,2}\s*(?:~|-|–|to)\s*)?(?<n>" + Word + @")\s+times)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Times();

    [GeneratedRegex(@"\b(?:wash\w*|rins\w*|centrifug\w*|passag\w*|split|subcultur\w*|filter\w*|stain\w*|count\w*"
        + @"|measur\w*|assess\w*|evaluat\w*|examin\w*|test\w*|screen\w*|sampl\w*|collect\w*"
        + @"|record\w*)(?:\s+\w+){0,2}\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LabStep();

    // "a booster dose", "one additional infusion", "two extra injections" (not "additional 2 weeks").
    [GeneratedRegex(@"\b(?:(?:a|an|one|(?<n>two|three|four|five|\d))\s+)?(?:additional|booster|extra|supplementary"
        + @"|further)\s+(?:(?:intravenous|intrathecal|local|cell|MSCs?|stem cell)\s+)?(?:doses?|injections?|infusions?"
        + @"|administrations?|applications?|transplantations?|implantations?)\b"
        + @"|\bbooster\b(?!\s+(?:vaccin\w*|of\s+(?!the cells)))",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Additional();

    [GeneratedRegex(@"^\s*(?:of\s+(?:[\w\-]+\s+){0,2})?(?:are|is|can|could|may|were|was"
        + @"|will be (?:made|manufactured|produced|expanded|available))\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DosesAsSubject();

    [GeneratedRegex(@"\b(?:the|a) first (?:dose|injection|infusion|administration|application|transplantation)\b"
        + @"|\bafter the first\b|\bthe first (?:one|at)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TheFirst();

    [GeneratedRegex(@"\b(?:on|for|over|during)\s+(?<n>" + Word + @")\s+(?:consecutive|successive|subsequent)\s+days\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ConsecutiveDays();

    // "2 times 10^6 cells": a multiplication in number notation, not a count.
    [GeneratedRegex(@"^\s*10\s*(?:\^|E|e|\*\*|\(|\d|/)", RegexOptions.CultureInvariant)]
    private static partial Regex PowerOfTen();

    [GeneratedRegex(@"\bdouble[- ]dose", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DoubleDose();

    // "a second course … will be given", "a second infusion if needed".
    [GeneratedRegex(@"\b(?:a|the)\s+(?<n>second|third|fourth|fifth)\s+(?:\w+\s+){0,2}(?:dose|injection|infusion"
        + @"|administration|course|transplantation|application|treatment|implantation)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ExtraDose();

    [GeneratedRegex(@"\b(?:a single|single|one|1|once)\s+(?:(?!(?:of|days?|weeks?|months?|years?|hours?|minutes?|pre"
        + @"|post|after|before)\b)[\w\-().]+\s+){0,3}?(?:dose|injection|infusion|administration|application"
        + @"|implantation|transplantation|treatment|intravenous infusion)\b|\bonce on day\b|\bat day of \w+ once\b"
        + @"|\bsingle-(?:dose|injection|infusion|administration|shot)\b|\bone[- ]time\b|\b1 time\b|\bonly once\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SingleDose();

    [GeneratedRegex(@"(?<![\w,])(?:at|on|in)\s+(?<list>\d{1,3}(?:\s*(?:,|，|、|and|&)\s*\d{1,3})+)\s*(?:days?"
        + @"|weeks?|months?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ListThenUnit();

    [GeneratedRegex(@"^\s*(?:post|after|following|from|since|of follow)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AfterAdministration();

    [GeneratedRegex(@"\b(?<n>\d{1,2})(?:st|nd|rd|th)\s+(?:(?:intravenous|intrathecal|local|cell|MSCs?)\s+)?"
        + @"(?:transplantation|infusion|injection|dose|administration|application|implantation|treatment)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NumberedAdministration();

    [GeneratedRegex(@"\bonce\b(?!\s+(?:a|per|every|each|daily|weekly|monthly|again|the)\b)"
        + @"|\b(?:on|at) (?:day|D) ?0\b(?!\s*(?:,|and|&|to|through|-|–|or|\+))"
        + @"|\bduring (?:the |a )?(?:[\w\-]+ ){0,2}?(?:operation|surgery|CABG|arthroscopy|procedure)\b"
        + @"|\b(?:single|one) (?:surgical )?(?:surgery|operation|procedure|intervention|session)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OneOccasion();

    [GeneratedRegex(@"\bsingle (?:administration|session|procedure|surgery|operation|intervention)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SingleSession();

    [GeneratedRegex(@"^\s*(?:levels?|groups?|cohorts?|arms?|sites?|points?|locations?"
        + @"|of (?:the )?(?:placebo|saline|steroid|cyclophosphamide|chemotherapy|follow|visit)|(?:of )?follow-?up"
        + @"|visits?)|dose levels|different|escalat", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NotCounted();

    [GeneratedRegex(@"\d[\d,.]*\s*(?:x\s*10\S*\s*)?(?:million\s*)?(?:cells\s*)?(?:and|or|,)\s*\d"
        + @"|\b(?:levels?|low|high|medium|escalat\w*|cohorts?)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Levels();

    [GeneratedRegex(@"inject\w*|infus\w*|administ\w*|transplant\w*|dose\w*|given|receiv\w*|implant\w*|treat\w*"
        + @"|therap\w*|deliver\w*|accept\w*|applied|inhal\w*|intravenous\w*|intrathecal\w*",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Administered();

    [GeneratedRegex(@"screen\w*|baseline|between|follow\w*|visits?|\bclinic\b|\bcome\b|return\w*|\basked\b|assess\w*"
        + @"|evaluat\w*|measur\w*|monitor\w*|collect\w*|sampl\w*|examin\w*|test\w*|record\w*|scor\w*",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NotAdministration();

    [GeneratedRegex(@"\b(?:process|steps?|manoeuvres?|maneuvers?|inflations?|occlusions?|sequence)"
        + @"\s+(?:(?:is|are|was|were|will be|can be|may be|should be)\s+)?(?:repeated\s+)?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ProcedureStep();

    // "with the option of an additional 4 weeks of treatment", "for a further 3 months".
    [GeneratedRegex(@"\b(?:additional|further|extra|another)\s+(?<d>" + Word + @")\s*(?<du>days?|weeks?|months?)\b"
        + @"(?!\s+(?:of\s+)?(?:follow|observation|monitoring|visits?))",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AdditionalPeriod();

    // What a counted administration is of: "injections of hyaluronic acid", "infusions of PRP".
    [GeneratedRegex(@"\G\s*(?:of|with)\s+(?<what>[^,.;()]{1,40})",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OfWhat();
}

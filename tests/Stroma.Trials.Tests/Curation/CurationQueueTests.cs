using Stroma.Trials.Curation;
using Stroma.Trials.Extraction;
using Stroma.Trials.Formats;
using Stroma.Trials.Landscape;
using Stroma.Trials.Model;
using Xunit;

namespace Stroma.Trials.Tests.Curation;

/// <summary>The review queue, decisions applied to extractions, snapshots, and the gold export.</summary>
public sealed class CurationQueueTests
{
    private static readonly DateTime When = new(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc);

    private static CurationDecision Decide(ClinicalTrial t, string field, string value, CurationAction action = CurationAction.Accept,
        int minutes = 0, string? extracted = null) =>
        new(t.NctId, field, action, value, extracted ?? value, TrialFingerprint.Of(t), "olga", When.AddMinutes(minutes),
            action == CurationAction.Correct ? "read the arm" : null, "quoted text");

    private static (ClinicalTrial, TrialExtraction) Extracted(ClinicalTrial t) => (t, MscExtractor.Default.Extract(t));

    [Fact]
    public void The_queue_starts_with_the_least_certain_trial_and_ends_with_reviewed_ones()
    {
        var clear = CurationTrials.Trial("NCT90000201");
        var vague = CurationTrials.Trial("NCT90000202", summary: "The cells are used at an early passage.");
        var done = CurationTrials.Trial("NCT90000203");
        var doneExtraction = MscExtractor.Default.Extract(done);
        var book = new CurationBook(CurationFields.All.Select(f => Decide(done, f, CurationFields.ValueOf(doneExtraction, f))));
        var queue = CurationQueue.Build([Extracted(done), Extracted(clear), Extracted(vague)], book);
        Assert.Equal(["NCT90000202", "NCT90000201", "NCT90000203"], queue.Select(q => q.Trial.NctId));
        Assert.True(queue[0].LeastCertain < queue[1].LeastCertain);
        Assert.Equal(0, queue[2].Open);
        Assert.All(queue[2].Fields, f => Assert.Equal(ReviewState.Reviewed, f.State));
    }

    [Fact]
    public void A_trial_that_is_not_an_msc_trial_needs_only_the_fields_scored_on_every_trial()
    {
        var t = CurationTrials.Trial(intervention: "Physiotherapy", description: "Exercise twice a week.") with { ArmGroups = [] };
        var item = CurationQueue.Item(t, CurationTrials.Extraction(t.NctId, msc: false), CurationBook.Empty);
        Assert.Equal(CurationFields.OnAllTrials, item.Fields.Where(f => f.Required).Select(f => f.Field));
        Assert.Equal(3, item.Open);
    }

    [Fact]
    public void Decisions_replace_extracted_values_only_for_the_record_version_they_were_taken_on()
    {
        var t = CurationTrials.Trial();
        var e = MscExtractor.Default.Extract(t);
        var book = new CurationBook([Decide(t, "route", "intramuscular", CurationAction.Correct, extracted: "intravenous"),
            Decide(t, "match", "allogeneic")]);
        var curated = book.Apply(t, e);
        Assert.Equal(["intramuscular"], curated.Extraction.Route);
        Assert.Equal(["match", "route"], curated.Reviewed.Order(StringComparer.Ordinal));

        // A new snapshot changed the record: the decisions stay stored but no longer apply, and the fields are queued again.
        var changed = t with { BriefSummary = "The protocol now gives two infusions." };
        var again = book.Apply(changed, e);
        Assert.Equal(e.Route, again.Extraction.Route);
        Assert.Empty(again.Reviewed);
        Assert.Equal(["match", "route"], again.Stale.Order(StringComparer.Ordinal));
        var item = CurationQueue.Item(changed, e, book);
        Assert.True(item.Changed);
        Assert.Equal(ReviewState.Changed, item["route"].State);
        Assert.Equal(ReviewState.Reviewed, CurationQueue.Item(t, e, book)["route"].State);
    }

    [Fact]
    public void The_latest_decision_on_a_field_wins()
    {
        var t = CurationTrials.Trial();
        var book = new CurationBook([Decide(t, "route", "intramuscular", CurationAction.Correct, 5, "intravenous"), Decide(t, "route", "intravenous", minutes: 1)]);
        Assert.Equal("intramuscular", book.For(t.NctId)["route"].Value);
        Assert.Equal(1, book.Count);
    }

    [Fact]
    public void The_gold_export_reads_back_and_scores_the_extractor_against_the_reviewers()
    {
        var t = CurationTrials.Trial();
        var e = MscExtractor.Default.Extract(t);
        var decisions = CurationFields.All.Select(f => Decide(t, f, CurationFields.ValueOf(e, f))).ToList();
        decisions[CurationFields.All.ToList().IndexOf("route")] = Decide(t, "route", "intra_arterial", CurationAction.Correct, 1, CurationFields.ValueOf(e, "route"));
        var partial = CurationTrials.Trial("NCT90000301");
        decisions.Add(Decide(partial, "route", "intravenous"));
        using var dir = new Stroma.Testing.TempDirectory();
        var path = Path.Combine(dir.Path, "curated.csv");
        GoldExportResult result;
        using (var w = new StreamWriter(path)) result = CurationGold.Write(w, new CurationBook(decisions));
        Assert.Equal(1, result.Trials);
        Assert.Equal(["NCT90000301"], result.Incomplete);

        var gold = GoldStandard.Read(path);
        var row = Assert.Single(gold);
        Assert.Equal(("intra_arterial", "2e6", "cells_per_kg", "quoted text"), (row.Route, row.DoseLow, row.DoseUnit, row.Evidence));
        var report = ExtractionScorer.Score(gold, new Dictionary<string, TrialExtraction> { [t.NctId] = e });
        var mismatch = Assert.Single(report.Mismatches);
        Assert.Equal(("route", "intra_arterial"), (mismatch.Field, mismatch.Gold));
        Assert.All(report.Fields.Where(f => f.Field != "route"), f => Assert.Equal(1, f.Accuracy));
    }

    [Fact]
    public void Evidence_that_would_run_as_a_spreadsheet_formula_is_guarded_in_the_export_and_reads_back_exactly()
    {
        var t = CurationTrials.Trial();
        const string Formula = "=HYPERLINK(\"http://example.invalid\",\"cells\")";
        var decisions = new[]
        {
            Decide(t, "msc_intervention", "no", CurationAction.Correct, extracted: "yes") with { Evidence = Formula },
            Decide(t, "product", "none", CurationAction.Correct, extracted: "cells"),
            Decide(t, "match", "none", CurationAction.Correct, extracted: "allogeneic"),
        };
        using var dir = new Stroma.Testing.TempDirectory();
        var path = Path.Combine(dir.Path, "curated.csv");
        using (var w = new StreamWriter(path)) Assert.Equal(1, CurationGold.Write(w, new CurationBook(decisions)).Trials);
        var line = File.ReadAllText(path).Split("\r\n")[1];
        Assert.EndsWith(",\"'=HYPERLINK('http://example.invalid','cells')\"", line, StringComparison.Ordinal);
        Assert.Equal(Formula.Replace('"', '\''), Assert.Single(GoldStandard.Read(path)).Evidence);
    }

    [Fact]
    public void A_reviewed_non_msc_trial_is_exported_with_the_values_extraction_md_gives_such_trials()
    {
        var t = CurationTrials.Trial();
        var decisions = new[]
        {
            Decide(t, "msc_intervention", "no", CurationAction.Correct, extracted: "yes"),
            Decide(t, "product", "none", CurationAction.Correct, extracted: "cells"),
            Decide(t, "match", "none", CurationAction.Correct, extracted: "allogeneic"),
        };
        using var w = new StringWriter();
        Assert.Equal(1, CurationGold.Write(w, new CurationBook(decisions)).Trials);
        var line = w.ToString().Split("\r\n")[1];
        Assert.Equal("NCT90000101,no,none,none,none,none,,,,,unspecified,none_stated,no,quoted text", line);
    }

    [Fact]
    public void The_landscape_tables_use_reviewed_values_and_name_the_reviewed_cells()
    {
        var t = CurationTrials.Trial();
        var e = MscExtractor.Default.Extract(t);
        var book = new CurationBook([Decide(t, "route", "intramuscular", CurationAction.Correct, extracted: CurationFields.ValueOf(e, "route")),
            Decide(t, "tissue_source", CurationFields.ValueOf(e, "tissue_source"))]);
        var sink = new RowSink();
        var report = LandscapeRun.Run([new TrialReadResult(t, null)], MscExtractor.Default, sink, curation: book);
        var (_, row) = Assert.Single(sink.Rows);
        Assert.Equal("intramuscular", row[ReviewTables.Header.ToList().IndexOf("Route")]);
        Assert.Equal("Cell Source; Route", row[^1]);
        Assert.Equal("Reviewed", ReviewTables.Header[^1]);
        Assert.Equal(1, report.ByRoute["intramuscular"]);

        var unreviewed = new RowSink();
        LandscapeRun.Run([new TrialReadResult(t, null)], MscExtractor.Default, unreviewed);
        Assert.Equal("", unreviewed.Rows[0].Row[^1]);
    }

    private sealed class RowSink : ILandscapeTableSink
    {
        public List<(ReviewTable Table, IReadOnlyList<string> Row)> Rows { get; } = [];

        public void Add(ReviewTable table, IReadOnlyList<string> row) => Rows.Add((table, row));

        public void Finish(LandscapeReport report) { }

        public void Dispose() { }
    }
}

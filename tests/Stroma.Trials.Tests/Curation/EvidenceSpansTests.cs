using Stroma.Trials.Curation;
using Stroma.Trials.Extraction;
using Xunit;

namespace Stroma.Trials.Tests.Curation;

/// <summary>Evidence is shown in its place as plain-text pieces, the quote marked.</summary>
public sealed class EvidenceSpansTests
{
    [Fact]
    public void The_quote_is_cut_out_of_its_field_with_context_each_side_as_plain_text()
    {
        var description = "Screening visit first. <b>Cells</b> of bone marrow, 2 x 10^6 cells/kg, by vein. Follow-up at week 4.";
        var t = CurationTrials.Trial(description: description);
        var start = description.IndexOf("Cells", StringComparison.Ordinal) - 3;
        var end = description.IndexOf(" Follow", StringComparison.Ordinal);
        var spans = EvidenceSpans.Of(t, new Evidence("InterventionDescription", 0, start, end, description[start..end], "dose"));
        Assert.Equal([SpanKind.Context, SpanKind.Evidence, SpanKind.Context], spans.Select(s => s.Kind));
        Assert.Equal(description, string.Concat(spans.Select(s => s.Text)));
        Assert.StartsWith("<b>Cells</b>", spans[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_field_is_cut_at_words_and_marked_with_ellipses()
    {
        var words = string.Join(' ', Enumerable.Repeat("padding", 80));
        var description = words + " Cells are given intravenously. " + words;
        var start = description.IndexOf("Cells", StringComparison.Ordinal);
        var end = start + "Cells are given intravenously.".Length;
        var spans = EvidenceSpans.Of(CurationTrials.Trial(description: description),
            new Evidence("InterventionDescription", 0, start, end, description[start..end], "route"));
        Assert.StartsWith("…padding", spans[0].Text, StringComparison.Ordinal);
        Assert.EndsWith("padding…", spans[2].Text, StringComparison.Ordinal);
        Assert.InRange(spans[0].Text.Length, 100, EvidenceSpans.Context + 2);
    }

    [Fact]
    public void Evidence_whose_offsets_no_longer_fit_the_record_is_shown_alone()
    {
        var t = CurationTrials.Trial();
        var spans = EvidenceSpans.Of(t, new Evidence("ArmGroupDescription", 7, 0, 10, "Two doses.", "doseCount"));
        Assert.Equal([new TextSpan("Two doses.", SpanKind.Evidence)], spans);
        var moved = EvidenceSpans.Of(t, new Evidence("InterventionDescription", 0, 0, 4, "Nope", "dose"));
        Assert.Equal([new TextSpan("Nope", SpanKind.Evidence)], moved);
    }
}

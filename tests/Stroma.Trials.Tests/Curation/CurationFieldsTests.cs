using Stroma.Trials.Curation;
using Stroma.Trials.Extraction;
using Xunit;

namespace Stroma.Trials.Tests.Curation;

/// <summary>Reviewer values are checked against EXTRACTION.md's vocabulary and spelled as the gold files spell them.</summary>
public sealed class CurationFieldsTests
{
    [Theory]
    [InlineData("route", "intramuscular; Intravenous", "intravenous;intramuscular")]
    [InlineData("tissue_source", "adipose,bone_marrow,adipose", "bone_marrow;adipose")]
    [InlineData("product", "secretome;cells", "cells;secretome")]
    [InlineData("match", " Both ", "both")]
    [InlineData("msc_intervention", "YES", "yes")]
    [InlineData("priming", "hypoxia;inflammatory", "hypoxia;inflammatory")]
    [InlineData("dose", "2000000 cells_per_kg", "2e6 cells_per_kg")]
    [InlineData("dose", "1e7 .. 1e8 cells", "1e7-1e8 cells")]
    [InlineData("dose", "1E7-1.5e8 cells", "1e7-1.5e8 cells")]
    [InlineData("dose", "", "")]
    [InlineData("dose_count", "3", "3")]
    [InlineData("dose_count", "", "")]
    [InlineData("passage", "p3", "P3")]
    [InlineData("passage", "P2 - P5", "P2-P5")]
    [InlineData("passage", "<=P5", "<=P5")]
    [InlineData("passage", "Unspecified", "unspecified")]
    public void A_value_from_the_vocabulary_comes_back_in_canonical_spelling_and_order(string field, string value, string expected) =>
        Assert.Equal(expected, CurationFields.Normalize(field, value));

    [Theory]
    [InlineData("route", "intravenously")]
    [InlineData("route", "none;intravenous")]
    [InlineData("tissue_source", "")]
    [InlineData("match", "donor")]
    [InlineData("engineered", "maybe")]
    [InlineData("dose", "2e6 cells/kg")]
    [InlineData("dose", "5e6-1e6 cells")]
    [InlineData("dose", "0 cells")]
    [InlineData("dose_count", "0")]
    [InlineData("dose_count", "1001")]
    [InlineData("dose_count", "two")]
    [InlineData("passage", "third")]
    [InlineData("passage", "P5-P2")]
    [InlineData("passage", "<=P2-P5")]
    public void A_value_outside_the_vocabulary_is_refused_naming_the_field_and_value(string field, string value)
    {
        var ex = Assert.Throws<CurationException>(() => CurationFields.Normalize(field, value, "NCT90000101"));
        Assert.Equal(field, ex.Field);
        Assert.StartsWith("NCT90000101: " + field, ex.Message, StringComparison.Ordinal);
        Assert.Contains("expected", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_field_is_refused_with_the_list_of_curated_fields()
    {
        var ex = Assert.Throws<CurationException>(() => CurationFields.Check("evidence"));
        Assert.Contains("tissue_source", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_field_reads_the_extraction_in_gold_spelling_and_writes_a_corrected_value_back()
    {
        var e = CurationTrials.Extraction();
        Assert.Equal("2e6 cells_per_kg", CurationFields.ValueOf(e, "dose"));
        Assert.Equal("yes", CurationFields.ValueOf(e, "msc_intervention"));
        var corrected = CurationFields.With(e, "route", "intra_arterial;intravenous");
        Assert.Equal(["intravenous", "intra_arterial"], corrected.Route);
        Assert.Equal(new DoseRange(1e7, 5e7, "cells"), CurationFields.With(e, "dose", "1e7-5e7 cells").Dose);
        Assert.Null(CurationFields.With(e, "dose", "").Dose);
        Assert.Null(CurationFields.With(e, "dose_count", "").DoseCount);
        foreach (var field in CurationFields.All)
            Assert.Equal(CurationFields.ValueOf(e, field), CurationFields.ValueOf(CurationFields.With(e, field, CurationFields.ValueOf(e, field)), field));
    }

    [Fact]
    public void Select_lists_offer_every_vocabulary_word_and_the_words_that_stand_alone()
    {
        Assert.Equal([.. ExtractionWords.Routes, "unspecified", "none"], CurationFields.Choices("route"));
        Assert.Equal(["yes", "no"], CurationFields.Choices("engineered"));
        Assert.Empty(CurationFields.Choices("dose"));
    }

    [Fact]
    public void A_correction_needs_a_reason_and_a_value_other_than_the_extracted_one()
    {
        var fp = new string('a', 64);
        var noReason = new CurationRequest("NCT90000101", "route", CurationAction.Correct, "intravenous", fp, "intramuscular", "  ");
        Assert.Contains("reason", Assert.Throws<CurationException>(() => noReason.Validate()).Message, StringComparison.Ordinal);
        var same = noReason with { CorrectedValue = "Intravenous", Reason = "checked" };
        Assert.Contains("accept it instead", Assert.Throws<CurationException>(() => same.Validate()).Message, StringComparison.Ordinal);
        var ok = (noReason with { CorrectedValue = "intramuscular", Reason = " arm 2 injects the thigh " }).Validate();
        Assert.Equal("intramuscular", ok.Value);
        Assert.Equal("arm 2 injects the thigh", ok.Reason);
        var accept = new CurationRequest("nct90000101", "Route", CurationAction.Accept, "intravenous", fp).Validate();
        Assert.Equal(("NCT90000101", "route", "intravenous"), (accept.NctId, accept.Field, accept.Value));
        Assert.Throws<CurationException>(() => (accept with { Fingerprint = "abc" }).Validate());
        Assert.Throws<CurationException>(() => (accept with { NctId = "NCT123" }).Validate());
    }
}

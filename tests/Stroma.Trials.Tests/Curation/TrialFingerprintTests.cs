using Stroma.Trials.Curation;
using Stroma.Trials.Model;
using Xunit;

namespace Stroma.Trials.Tests.Curation;

/// <summary>The content fingerprint changes with what the extraction reads, and only with that.</summary>
public sealed class TrialFingerprintTests
{
    [Fact]
    public void The_fingerprint_is_a_lower_case_sha256_that_is_the_same_for_the_same_content()
    {
        var a = TrialFingerprint.Of(CurationTrials.Trial());
        Assert.Matches("^[0-9a-f]{64}$", a);
        Assert.Equal(a, TrialFingerprint.Of(CurationTrials.Trial()));
    }

    [Fact]
    public void Status_dates_line_endings_and_outer_spaces_do_not_change_the_fingerprint()
    {
        var a = TrialFingerprint.Of(CurationTrials.Trial(summary: "Line one.\nLine two."));
        var b = TrialFingerprint.Of(CurationTrials.Trial(summary: "  Line one.\r\nLine two. ", status: "COMPLETED") with
        {
            StartDate = RegistryDate.TryParse("2024-01"), EnrollmentCount = 40, Source = "elsewhere.json",
        });
        Assert.Equal(a, b);
    }

    [Theory]
    [InlineData("description")]
    [InlineData("summary")]
    [InlineData("arm")]
    [InlineData("intervention")]
    public void A_change_to_any_text_the_extraction_reads_changes_the_fingerprint(string what)
    {
        var before = CurationTrials.Trial(summary: "Cells are given once.");
        var after = what switch
        {
            "description" => CurationTrials.Trial(summary: "Cells are given once.", description: "Cells, 1 x 10^6 cells/kg, intramuscular."),
            "summary" => CurationTrials.Trial(summary: "Cells are given twice."),
            "arm" => before with { ArmGroups = [new TrialArmGroup { Label = "Cells", Type = "Experimental", Description = "Two infusions." }] },
            _ => CurationTrials.Trial(summary: "Cells are given once.", intervention: "Umbilical cord mesenchymal stromal cells"),
        };
        Assert.NotEqual(TrialFingerprint.Of(before), TrialFingerprint.Of(after));
    }

    [Fact]
    public void Moving_text_from_one_field_to_another_changes_the_fingerprint()
    {
        var a = CurationTrials.Trial(summary: "Given once.") with { DetailedDescription = null };
        var b = CurationTrials.Trial(summary: null) with { DetailedDescription = "Given once." };
        Assert.NotEqual(TrialFingerprint.Of(a), TrialFingerprint.Of(b));
    }
}

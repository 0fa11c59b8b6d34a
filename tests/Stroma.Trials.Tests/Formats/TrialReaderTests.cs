using System.IO.Compression;
using System.Text;
using Stroma.Trials.Formats;
using Stroma.Trials.Model;
using Stroma.Testing;
using Xunit;

namespace Stroma.Trials.Tests.Formats;

public sealed class TrialReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string, TrialFormat> SameStudyInEveryFormat => new()
    {
        { "classic-study.json", TrialFormat.CtGovClassic },
        { "v2-study.json", TrialFormat.CtGovV2 },
        { "legacy-study.xml", TrialFormat.CtGovXml },
        { "download-current.csv", TrialFormat.CtGovCsv },
        { "download-classic.csv", TrialFormat.CtGovCsv },
    };

    [Theory]
    [MemberData(nameof(SameStudyInEveryFormat))]
    public void Every_format_is_recognised_from_its_first_bytes(string file, TrialFormat expected)
    {
        var head = File.ReadAllBytes(Path.Combine(Fixtures.Folder, file)).AsSpan();
        Assert.Equal(expected, TrialReader.Detect(head[..Math.Min(head.Length, TrialReader.DetectionBytes)]));
    }

    [Theory]
    [MemberData(nameof(SameStudyInEveryFormat))]
    public void Every_format_yields_the_same_normalised_registry_facts(string file, TrialFormat format)
    {
        _ = format;
        var trial = ReadOne(Path.Combine(Fixtures.Folder, file));
        Assert.Equal("NCT90000001", trial.NctId);
        Assert.Equal("Umbilical Cord MSCs for Knee Osteoarthritis", trial.BriefTitle);
        Assert.Equal("UCKOA", trial.Acronym);
        Assert.Equal("Active, not recruiting", trial.OverallStatus);
        Assert.Equal("Phase 1|Phase 2", trial.PhaseLabel);
        Assert.Equal("Interventional", trial.StudyType);
        Assert.Equal(new RegistryDate(2019, 3, null), trial.StartDate!.Value with { Type = null });
        Assert.Equal(new RegistryDate(2021, 6, 30), trial.PrimaryCompletionDate!.Value with { Type = null });
        Assert.Equal(30, trial.EnrollmentCount);
        Assert.Equal("Example University Hospital", trial.LeadSponsor!.Name);
        Assert.Equal("OTHER", trial.LeadSponsor.Class);
        Assert.Equal("Example Cell Therapy Ltd", Assert.Single(trial.Collaborators).Name);
        Assert.Equal(["China", "Spain"], trial.Countries);
        Assert.Equal(["Knee Osteoarthritis"], trial.Conditions);
        Assert.Equal("All", trial.Sex);
        Assert.Equal(["UC-MSC", "Hyaluronic acid"], trial.Interventions.Select(i => i.Name));
        Assert.Equal(["Biological", "Drug"], trial.Interventions.Select(i => i.Type));
        Assert.Equal("Change in WOMAC score", trial.Outcomes[0].Measure.Split(',')[0]);
    }

    [Theory]
    [InlineData("classic-study.json")]
    [InlineData("v2-study.json")]
    [InlineData("legacy-study.xml")]
    public void Formats_with_full_records_carry_descriptions_arms_ages_and_references(string file)
    {
        var trial = ReadOne(Path.Combine(Fixtures.Folder, file));
        Assert.Equal("A single intra-articular injection of 5 x 10^7 umbilical cord mesenchymal stromal cells in 3 mL.", trial.Interventions[0].Description);
        // Classic field lists cannot say which of several interventions an other name belongs to.
        Assert.Equal(["hUC-MSC"], trial.Interventions[0].OtherNames.Concat(trial.UnattributedOtherNames));
        Assert.Equal(["Experimental", "Active Comparator"], trial.ArmGroups.Select(a => a.Type));
        Assert.Equal("One intra-articular injection of 5 x 10^7 UC-MSC in 3 mL.", trial.ArmGroups[0].Description);
        Assert.Equal("Anticipated", trial.EnrollmentType);
        Assert.Equal(("40 Years", "75 Years"), (trial.MinimumAge, trial.MaximumAge));
        Assert.Equal("INDUSTRY", trial.Collaborators[0].Class);
        Assert.Equal(["Osteoarthritis, Knee"], trial.ConditionMeshTerms);
        Assert.Equal(["MSC", "cartilage"], trial.Keywords);
        Assert.Equal("12345678", Assert.Single(trial.References).Pmid);
        Assert.StartsWith("This study tests allogeneic umbilical cord mesenchymal stromal cells (UC-MSC) injected into the knee", trial.BriefSummary);
        Assert.NotNull(trial.DataVersionDate);
    }

    [Fact]
    public void Xml_text_blocks_are_rejoined_into_paragraphs()
    {
        var trial = ReadOne(Fixtures.Xml);
        Assert.Equal("This study tests allogeneic umbilical cord mesenchymal stromal cells (UC-MSC) injected into the knee of patients with osteoarthritis.", trial.BriefSummary);
        Assert.Equal(new DateOnly(2021, 6, 18), trial.DataVersionDate);
    }

    [Fact]
    public void Browse_branches_come_from_classic_and_v2_records()
    {
        Assert.Equal(["Muscle, Bone, and Cartilage Diseases", "All Conditions"], ReadOne(Fixtures.Classic).ConditionBrowseBranches);
        Assert.Equal(["Muscle, Bone, and Cartilage Diseases", "All Conditions"], ReadOne(Fixtures.V2Study).ConditionBrowseBranches);
        Assert.Equal(["Osteoarthritis", "Joint Diseases"], ReadOne(Fixtures.V2Study).ConditionAncestorTerms);
    }

    [Fact]
    public void A_v2_page_streams_its_studies_and_skips_malformed_ones_naming_the_field()
    {
        var results = TrialReader.Read([Fixtures.V2Page]).ToList();
        Assert.Equal(4, results.Count);
        Assert.Equal(["NCT90000001", "NCT90000004"], results.Where(r => r.Trial is not null).Select(r => r.Trial!.NctId));
        var badCount = results[1].Error!;
        Assert.Equal("NCT90000002", badCount.Record);
        Assert.Equal("protocolSection.designModule.enrollmentInfo.count", badCount.Field);
        Assert.Contains("\"many\"", badCount.Error, StringComparison.Ordinal);
        var noId = results[2].Error!;
        Assert.Equal("study 3", noId.Record);
        Assert.Equal("protocolSection.identificationModule.nctId", noId.Field);
        Assert.Equal("Completed", results[3].Trial!.OverallStatus);
        Assert.Equal(["Not Applicable"], results[3].Trial!.Phases);
    }

    [Fact]
    public void A_csv_row_with_a_bad_value_is_skipped_and_quoted_line_breaks_stay_inside_their_cell()
    {
        var results = TrialReader.Read([Fixtures.CsvCurrent]).ToList();
        Assert.Equal(3, results.Count);
        var bad = results[1].Error!;
        Assert.Equal(("NCT90000003", "Enrollment"), (bad.Record, bad.Field));
        var good = results[2].Trial!;
        Assert.Equal("NCT90000005", good.NctId);
        Assert.Equal(["Spain", "Belgium"], good.Countries);
        Assert.Equal("Cx601", good.Interventions[0].Name);
        Assert.Equal("Completed", good.OverallStatus);
        Assert.Equal(["Phase 3"], good.Phases);
    }

    [Theory]
    [InlineData("v2-study.json")]
    [InlineData("legacy-study.xml")]
    [InlineData("classic-study.json")]
    public void A_bulk_zip_of_one_study_per_file_is_read_entry_by_entry(string fixture)
    {
        var zip = _dir.File("bulk.zip");
        Fixtures.WriteBulkZip(zip, Path.Combine(Fixtures.Folder, fixture), 25);
        var trials = TrialReader.Read([zip]).Select(r => r.Trial ?? throw new InvalidOperationException(r.Error!.Error)).ToList();
        Assert.Equal(25, trials.Count);
        Assert.Equal("NCT91000024", trials[^1].NctId);
        Assert.EndsWith("bulk.zip!NCT9100xxxx/NCT91000024" + Path.GetExtension(fixture), trials[^1].Source, StringComparison.Ordinal);
        Assert.Equal(25, TrialSources.CountInputs([zip]));
    }

    [Fact]
    public void A_zip64_archive_beyond_65535_entries_is_walked_without_loading_its_directory()
    {
        var zip = _dir.File("many.zip");
        const int count = 70_000;
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            for (var i = 0; i < count; i++)
            {
                using var s = archive.CreateEntry($"e{i}.txt", CompressionLevel.NoCompression).Open();
                s.WriteByte((byte)'x');
            }
        }
        using var walker = new StreamingZip(zip);
        Assert.Equal(count, walker.EntryCount);
        var n = 0;
        foreach (var e in walker.Entries())
        {
            if (n % 9_999 == 0)
            {
                using var s = walker.Open(e);
                Assert.Equal('x', s.ReadByte());
            }
            n++;
        }
        Assert.Equal(count, n);
    }

    [Fact]
    public void A_study_larger_than_the_read_buffer_is_still_split_out_of_a_page()
    {
        // Larger than the 64 KB first buffer, within the limit of one field.
        var big = File.ReadAllText(Fixtures.V2Study).Replace("\"briefSummary\": \"", "\"briefSummary\": \"" + new string('x', 150_000), StringComparison.Ordinal);
        var page = _dir.File("page.json");
        File.WriteAllText(page, "{\"studies\":[" + big + "," + big.Replace("NCT90000001", "NCT90000009", StringComparison.Ordinal) + "]}");
        var trials = TrialReader.Read([page]).Select(r => r.Trial!).ToList();
        Assert.Equal(["NCT90000001", "NCT90000009"], trials.Select(t => t.NctId));
        Assert.True(trials[0].BriefSummary!.Length > 150_000);
    }

    [Fact]
    public void Malformed_and_unknown_inputs_are_reported_and_the_run_continues()
    {
        var broken = _dir.File("a-broken.json");
        File.WriteAllText(broken, "{\"protocolSection\": {\"identificationModule\": {\"nctId\": \"NCT90000001\"");
        var text = _dir.File("b-notes.json");
        File.WriteAllText(text, "[1, 2, 3]");
        var classicBad = _dir.File("c-classic.json");
        File.WriteAllText(classicBad, "{\"NCTId\":[\"NCT90000007\"],\"EnrollmentCount\":[\"lots\"]}");
        File.Copy(Fixtures.Xml, _dir.File("d-study.xml"));
        File.WriteAllText(_dir.File("e-readme.csv"), "just,a,csv\n1,2,3\n");

        var results = TrialReader.Read([_dir.Path, _dir.File("missing.json")]).ToList();

        var errors = results.Where(r => r.Error is not null).Select(r => r.Error!).ToList();
        Assert.Equal("NCT90000001", Assert.Single(results, r => r.Trial is not null).Trial!.NctId);
        Assert.Contains(errors, e => e.File == broken && e.Error.Contains("JSON", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.File == text && e.Error.Contains("not a recognised registry format", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.File == classicBad && e.Record == "NCT90000007" && e.Field == "EnrollmentCount");
        Assert.Contains(errors, e => e.File.EndsWith("e-readme.csv", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.File.EndsWith("missing.json", StringComparison.Ordinal) && e.Error == "no such file or folder");
    }

    [Fact]
    public void A_wrongly_typed_classic_field_is_a_typed_error_naming_file_record_and_field()
    {
        using var doc = System.Text.Json.JsonDocument.Parse("{\"NCTId\":[\"NCT90000008\"],\"Condition\":{\"x\":1}}");
        var ex = Assert.Throws<TrialFormatException>(() => Stroma.Trials.Formats.CtGovClassic.CtGovClassicReader.Parse(doc.RootElement, "f.json"));
        Assert.Equal(("f.json", "NCT90000008", "Condition"), (ex.File, ex.Record, ex.Field));
        Assert.Contains("expected a list of strings", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_classic_corpus_record_is_read_without_error()
    {
        var folder = Corpus.Require("corpus", "trials", "ctgov-classic");
        var results = TrialReader.Read([folder]).ToList();
        Assert.Empty(results.Where(r => r.Error is not null).Select(r => $"{r.Error!.File}: {r.Error.Error}"));
        Assert.Equal(Directory.GetFiles(folder, "*.json").Length, results.Count);
        Assert.All(results, r => Assert.Matches("^NCT[0-9]{8}$", r.Trial!.NctId));
    }

    private static ClinicalTrial ReadOne(string path)
    {
        var r = TrialReader.Read([path]).First();
        return r.Trial ?? throw new InvalidOperationException(r.Error!.Error);
    }
}

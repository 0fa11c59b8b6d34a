using System.Text.Json;
using Stroma.Trials.Model;

namespace Stroma.Trials.Formats.CtGovV2;

/// <summary>
/// Reads ClinicalTrials.gov API v2 JSON (<c>protocolSection</c> / <c>derivedSection</c>): a single study,
/// a page <c>{"studies":[…]}</c>, or an array, streaming one study at a time. Enumerations
/// ("ACTIVE_NOT_RECRUITING", "PHASE1") become the classic labels (<see cref="RegistryLabels"/>).
/// </summary>
public static class CtGovV2Reader
{
    /// <summary>Reads every study in the stream.</summary>
    public static IEnumerable<TrialReadResult> Read(Stream stream, string file) =>
        JsonRecordSplitter.ReadRecords(stream, file, "study", (e, f, position) => Parse(e, f, position));

    /// <summary>Maps one v2 study; raises <see cref="TrialFormatException"/> naming the field on bad input.</summary>
    public static ClinicalTrial Parse(JsonElement study, string file, string? position = null)
    {
        if (study.ValueKind != JsonValueKind.Object)
            throw new TrialFormatException(file, position, null, $"expected a JSON object, found {study.ValueKind}");
        var root = new JsonFields(study, file, position);
        var protocol = root.Object("protocolSection");
        if (!protocol.Exists)
            throw new TrialFormatException(file, position, "protocolSection", "missing; expected an API v2 study");
        var nct = RecordParts.NctId(protocol.Object("identificationModule").String("nctId"), file, position,
            "protocolSection.identificationModule.nctId");
        root = new JsonFields(study, file, nct);
        protocol = root.Object("protocolSection");
        var derived = root.Object("derivedSection");

        var id = protocol.Object("identificationModule");
        var status = protocol.Object("statusModule");
        var sponsors = protocol.Object("sponsorCollaboratorsModule");
        var description = protocol.Object("descriptionModule");
        var conditions = protocol.Object("conditionsModule");
        var design = protocol.Object("designModule");
        var arms = protocol.Object("armsInterventionsModule");
        var outcomes = protocol.Object("outcomesModule");
        var eligibility = protocol.Object("eligibilityModule");
        var locations = protocol.Object("contactsLocationsModule");
        var references = protocol.Object("referencesModule");
        var browse = derived.Object("conditionBrowseModule");

        RegistryDate? Date(string name)
        {
            var s = status.Object(name);
            return RecordParts.Date(s.String("date"), RegistryLabels.Title(s.String("type")), file, nct,
                $"protocolSection.statusModule.{name}.date");
        }

        var lead = sponsors.Object("leadSponsor");
        var leadName = RecordParts.Text(lead.String("name"));
        var enrollment = design.Object("enrollmentInfo");

        return new ClinicalTrial
        {
            NctId = nct,
            Source = file,
            BriefTitle = RecordParts.Text(id.String("briefTitle")),
            OfficialTitle = RecordParts.Text(id.String("officialTitle")),
            Acronym = RecordParts.Text(id.String("acronym")),
            OverallStatus = RegistryLabels.Status(status.String("overallStatus")),
            Phases = RegistryLabels.Phases(design.Strings("phases")),
            StudyType = RegistryLabels.Title(design.String("studyType")),
            ObservationalModel = RegistryLabels.Title(design.Object("designInfo").String("observationalModel")),
            StartDate = Date("startDateStruct"),
            PrimaryCompletionDate = Date("primaryCompletionDateStruct"),
            CompletionDate = Date("completionDateStruct"),
            WhyStopped = RecordParts.Text(status.String("whyStopped")),
            ResultsFirstPosted = Date("resultsFirstPostDateStruct"),
            EnrollmentCount = enrollment.Int("count"),
            EnrollmentType = RegistryLabels.EnrollmentType(enrollment.String("type")),
            LeadSponsor = leadName is null ? null
                : new TrialOrganization(leadName, RegistryLabels.AgencyClass(lead.String("class"))),
            Collaborators = sponsors.Objects("collaborators")
                .Select(c => new TrialOrganization(c.String("name") ?? "",
                RegistryLabels.AgencyClass(c.String("class")))).ToList(),
            Countries = RecordParts.Distinct(locations.Objects("locations").Select(l => l.String("country"))),
            Conditions = conditions.Strings("conditions"),
            Keywords = conditions.Strings("keywords"),
            ConditionMeshTerms = Names(browse, "meshes", "term"),
            ConditionAncestorTerms = Names(browse, "ancestors", "term"),
            ConditionBrowseBranches = Names(browse, "browseBranches", "name"),
            Interventions = arms.Objects("interventions").Select(i => new TrialIntervention
            {
                Type = RegistryLabels.Title(i.String("type")),
                Name = i.String("name") ?? throw i.Bad("name", "missing intervention name"),
                Description = RecordParts.Text(i.String("description")),
                OtherNames = i.Strings("otherNames"),
                ArmGroupLabels = i.Strings("armGroupLabels"),
            }).ToList(),
            ArmGroups = arms.Objects("armGroups").Select(a => new TrialArmGroup
            {
                Label = a.String("label") ?? throw a.Bad("label", "missing arm group label"),
                Type = RegistryLabels.Title(a.String("type")),
                Description = RecordParts.Text(a.String("description")),
            }).ToList(),
            BriefSummary = RecordParts.Text(description.String("briefSummary")),
            DetailedDescription = RecordParts.Text(description.String("detailedDescription")),
            Sex = RegistryLabels.Sex(eligibility.String("sex")),
            MinimumAge = RecordParts.Text(eligibility.String("minimumAge")),
            MaximumAge = RecordParts.Text(eligibility.String("maximumAge")),
            Outcomes =
            [
                .. Outcomes(outcomes, "primaryOutcomes", OutcomeKind.Primary),
                .. Outcomes(outcomes, "secondaryOutcomes", OutcomeKind.Secondary),
                .. Outcomes(outcomes, "otherOutcomes", OutcomeKind.Other),
            ],
            References = references.Objects("references")
                .Select(r => new TrialReference(r.String("pmid"), r.String("type")?.ToLowerInvariant(),
                    r.String("citation") ?? "")).ToList(),
            DataVersionDate = RecordParts.VersionDate(derived.Object("miscInfoModule").String("versionHolder")),
        };
    }

    /// <summary>The non-empty <paramref name="field"/> of each object in a list ("meshes" → terms).</summary>
    private static List<string> Names(JsonFields module, string list, string field) =>
        module.Objects(list).Select(m => m.String(field) ?? "").Where(t => t.Length > 0).ToList();

    private static IEnumerable<TrialOutcome> Outcomes(JsonFields module, string name, OutcomeKind kind) =>
        module.Objects(name)
            .Select(o => new TrialOutcome(kind, o.String("measure") ?? "", RecordParts.Text(o.String("description")),
            RecordParts.Text(o.String("timeFrame"))));
}

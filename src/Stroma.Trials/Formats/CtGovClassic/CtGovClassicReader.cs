using System.Text.Json;
using Stroma.Trials.Model;

namespace Stroma.Trials.Formats.CtGovClassic;

/// <summary>
/// Reads the classic full-study JSON flattened to field lists (the shared corpus's format): one study per
/// object, each registry field a list of strings. Lists that belong together (intervention names, types and
/// descriptions) are aligned by position; the registry drops empty entries, so when a list is shorter than
/// its partner the entries are attached in order, and lists that cannot be attributed at all
/// (<c>InterventionOtherName</c> across several interventions) are kept on the trial.
/// </summary>
public static class CtGovClassicReader
{
    /// <summary>Reads every study in the stream (one object, or an array of them).</summary>
    public static IEnumerable<TrialReadResult> Read(Stream stream, string file) =>
        JsonRecordSplitter.ReadRecords(stream, file, "record", (e, f, position) => Parse(e, f, position));

    /// <summary>Maps one classic record; raises <see cref="TrialFormatException"/> naming the field on bad
    /// input.</summary>
    public static ClinicalTrial Parse(JsonElement root, string file, string? position = null)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw new TrialFormatException(file, position, null, $"expected a JSON object, found {root.ValueKind}");
        var f = new JsonFields(root, file, position);
        var ids = f.Strings("NCTId");
        var nct = RecordParts.NctId(ids.Count > 0 ? ids[0] : null, file, position, "NCTId");
        f = new JsonFields(root, file, nct);
        string? One(string name) => f.Strings(name) is { Count: > 0 } l ? RecordParts.Text(l[0]) : null;

        var names = f.Strings("InterventionName");
        var types = f.Strings("InterventionType");
        var descriptions = f.Strings("InterventionDescription");
        var otherNames = f.Strings("InterventionOtherName");
        var interventionArms = f.Strings("InterventionArmGroupLabel");
        var interventions = new List<TrialIntervention>(names.Count);
        for (var i = 0; i < names.Count; i++)
        {
            interventions.Add(new TrialIntervention
            {
                Name = names[i],
                Type = RegistryLabels.Title(At(types, i)),
                Description = RecordParts.Text(At(descriptions, i)),
                OtherNames = names.Count == 1 ? otherNames : [],
                ArmGroupLabels = names.Count == 1 ? interventionArms : [],
            });
        }

        var armLabels = f.Strings("ArmGroupLabel");
        var armTypes = f.Strings("ArmGroupType");
        var armDescriptions = f.Strings("ArmGroupDescription");
        var arms = armLabels.Select((label, i) => new TrialArmGroup
        {
            Label = label,
            Type = RegistryLabels.Title(At(armTypes, i)),
            Description = RecordParts.Text(At(armDescriptions, i)),
        }).ToList();

        var sponsorName = One("LeadSponsorName");
        var collaboratorNames = f.Strings("CollaboratorName");
        var collaboratorClasses = f.Strings("CollaboratorClass");

        return new ClinicalTrial
        {
            NctId = nct,
            Source = file,
            BriefTitle = One("BriefTitle"),
            OfficialTitle = One("OfficialTitle"),
            Acronym = One("Acronym"),
            OverallStatus = RegistryLabels.Status(One("OverallStatus")),
            Phases = RegistryLabels.Phases(f.Strings("Phase")),
            StudyType = RegistryLabels.Title(One("StudyType")),
            ObservationalModel = One("DesignObservationalModel"),
            StartDate = RecordParts.Date(One("StartDate"), One("StartDateType"), file, nct, "StartDate"),
            PrimaryCompletionDate = RecordParts.Date(One("PrimaryCompletionDate"), One("PrimaryCompletionDateType"),
                file, nct, "PrimaryCompletionDate"),
            CompletionDate = RecordParts.Date(One("CompletionDate"), One("CompletionDateType"), file, nct,
                "CompletionDate"),
            WhyStopped = One("WhyStopped"),
            ResultsFirstPosted = RecordParts.Date(One("ResultsFirstPostDate"), One("ResultsFirstPostDateType"),
                file, nct, "ResultsFirstPostDate"),
            EnrollmentCount = RecordParts.Int(One("EnrollmentCount"), file, nct, "EnrollmentCount"),
            EnrollmentType = RegistryLabels.EnrollmentType(One("EnrollmentType")),
            LeadSponsor = sponsorName is null ? null
                : new TrialOrganization(sponsorName, RegistryLabels.AgencyClass(One("LeadSponsorClass"))),
            Collaborators = collaboratorNames.Select((n, i) =>
                new TrialOrganization(n, RegistryLabels.AgencyClass(At(collaboratorClasses, i)))).ToList(),
            Countries = RecordParts.Distinct(f.Strings("LocationCountry")),
            Conditions = f.Strings("Condition"),
            ConditionMeshTerms = f.Strings("ConditionMeshTerm"),
            ConditionAncestorTerms = f.Strings("ConditionAncestorTerm"),
            ConditionBrowseBranches = f.Strings("ConditionBrowseBranchName"),
            Keywords = f.Strings("Keyword"),
            Interventions = interventions,
            UnattributedOtherNames = names.Count == 1 ? [] : otherNames,
            ArmGroups = arms,
            BriefSummary = One("BriefSummary"),
            DetailedDescription = One("DetailedDescription"),
            Sex = RegistryLabels.Sex(One("Gender")),
            MinimumAge = One("MinimumAge"),
            MaximumAge = One("MaximumAge"),
            Outcomes = [.. Outcomes(f, OutcomeKind.Primary, "Primary"),
                .. Outcomes(f, OutcomeKind.Secondary, "Secondary"), .. Outcomes(f, OutcomeKind.Other, "Other")],
            References = References(f),
            DataVersionDate = RecordParts.VersionDate(One("VersionHolder")),
        };
    }

    private static string? At(IReadOnlyList<string> list, int i) => i < list.Count ? list[i] : null;

    private static IEnumerable<TrialOutcome> Outcomes(JsonFields f, OutcomeKind kind, string prefix)
    {
        var measures = f.Strings(prefix + "OutcomeMeasure");
        var descriptions = f.Strings(prefix + "OutcomeDescription");
        var frames = f.Strings(prefix + "OutcomeTimeFrame");
        // Descriptions are optional per outcome and the flattening drops the missing ones: only trust them when every
        // outcome has one.
        var aligned = descriptions.Count == measures.Count;
        return measures.Select((m, i) =>
            new TrialOutcome(kind, m, aligned ? descriptions[i] : null, frames.Count == measures.Count ? frames[i]
            : null));
    }

    private static List<TrialReference> References(JsonFields f)
    {
        var citations = f.Strings("ReferenceCitation");
        var pmids = f.Strings("ReferencePMID");
        var types = f.Strings("ReferenceType");
        return citations.Select((c, i) =>
            new TrialReference(pmids.Count == citations.Count ? pmids[i] : null, At(types, i), c)).ToList();
    }
}

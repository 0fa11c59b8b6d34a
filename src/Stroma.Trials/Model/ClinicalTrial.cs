namespace Stroma.Trials.Model;

/// <summary>
/// One registry study, normalised from any supported ClinicalTrials.gov format. Registry labels
/// (status, phases, study type, intervention and arm types) are kept as the classic registry writes
/// them ("Active, not recruiting", "Phase 1", "Not Applicable"), whatever the source format spelled.
/// </summary>
public sealed record ClinicalTrial
{
    /// <summary>ClinicalTrials.gov identifier, e.g. NCT01541579.</summary>
    public required string NctId { get; init; }

    /// <summary>Where the record came from (file path, or <c>archive.zip!entry</c>, with a row number for
    /// CSV).</summary>
    public string Source { get; init; } = "";

    /// <summary>Brief (lay) title.</summary>
    public string? BriefTitle { get; init; }

    /// <summary>Official (protocol) title.</summary>
    public string? OfficialTitle { get; init; }

    /// <summary>Study acronym.</summary>
    public string? Acronym { get; init; }

    /// <summary>Overall recruitment status, classic label (e.g. "Active, not recruiting", "Unknown status").</summary>
    public string? OverallStatus { get; init; }

    /// <summary>Phases, classic labels ("Early Phase 1", "Phase 1" … "Phase 4", "Not Applicable"); empty when none
    /// given.</summary>
    public IReadOnlyList<string> Phases { get; init; } = [];

    /// <summary>Study type, classic label ("Interventional", "Observational", "Expanded Access").</summary>
    public string? StudyType { get; init; }

    /// <summary>Observational model ("Cohort", "Case-Only", …); set only for observational designs, which tells them
    /// apart when the study type is missing.</summary>
    public string? ObservationalModel { get; init; }

    /// <summary>Study start date.</summary>
    public RegistryDate? StartDate { get; init; }

    /// <summary>Primary completion date.</summary>
    public RegistryDate? PrimaryCompletionDate { get; init; }

    /// <summary>Study completion date.</summary>
    public RegistryDate? CompletionDate { get; init; }

    /// <summary>Why the study stopped early (terminated, suspended or withdrawn), as the sponsor wrote it.</summary>
    public string? WhyStopped { get; init; }

    /// <summary>When results were first posted on ClinicalTrials.gov; null while none are.</summary>
    public RegistryDate? ResultsFirstPosted { get; init; }

    /// <summary>Enrollment (participants).</summary>
    public int? EnrollmentCount { get; init; }

    /// <summary>"Actual" or "Anticipated".</summary>
    public string? EnrollmentType { get; init; }

    /// <summary>Lead sponsor.</summary>
    public TrialOrganization? LeadSponsor { get; init; }

    /// <summary>Collaborators.</summary>
    public IReadOnlyList<TrialOrganization> Collaborators { get; init; } = [];

    /// <summary>Distinct location countries, in order of first appearance.</summary>
    public IReadOnlyList<string> Countries { get; init; } = [];

    /// <summary>Conditions as the sponsor wrote them.</summary>
    public IReadOnlyList<string> Conditions { get; init; } = [];

    /// <summary>MeSH terms the registry mapped the conditions to.</summary>
    public IReadOnlyList<string> ConditionMeshTerms { get; init; } = [];

    /// <summary>MeSH ancestor terms of the condition terms.</summary>
    public IReadOnlyList<string> ConditionAncestorTerms { get; init; } = [];

    /// <summary>Condition browse branches (e.g. "Nervous System Diseases"); absent from legacy XML and CSV.</summary>
    public IReadOnlyList<string> ConditionBrowseBranches { get; init; } = [];

    /// <summary>Keywords.</summary>
    public IReadOnlyList<string> Keywords { get; init; } = [];

    /// <summary>Interventions.</summary>
    public IReadOnlyList<TrialIntervention> Interventions { get; init; } = [];

    /// <summary>
    /// Intervention other names that cannot be attributed to one intervention (the classic field lists
    /// flatten them across interventions).
    /// </summary>
    public IReadOnlyList<string> UnattributedOtherNames { get; init; } = [];

    /// <summary>Arm groups.</summary>
    public IReadOnlyList<TrialArmGroup> ArmGroups { get; init; } = [];

    /// <summary>Brief summary.</summary>
    public string? BriefSummary { get; init; }

    /// <summary>Detailed description.</summary>
    public string? DetailedDescription { get; init; }

    /// <summary>Eligible sex: "All", "Female" or "Male".</summary>
    public string? Sex { get; init; }

    /// <summary>Minimum age as written (e.g. "18 Years").</summary>
    public string? MinimumAge { get; init; }

    /// <summary>Maximum age as written.</summary>
    public string? MaximumAge { get; init; }

    /// <summary>Primary, secondary and other outcome measures.</summary>
    public IReadOnlyList<TrialOutcome> Outcomes { get; init; } = [];

    /// <summary>Literature references.</summary>
    public IReadOnlyList<TrialReference> References { get; init; } = [];

    /// <summary>Date of the registry data version the record was taken from, when the format carries it.</summary>
    public DateOnly? DataVersionDate { get; init; }

    /// <summary>Phases joined with "|" as the registry lists them ("Phase 1|Phase 2"); empty when none.</summary>
    public string PhaseLabel => string.Join('|', Phases);
}

/// <summary>An organisation (lead sponsor or collaborator) and its registry class (INDUSTRY, NIH, FED, OTHER_GOV,
/// OTHER, …).</summary>
public sealed record TrialOrganization(string Name, string? Class);

/// <summary>One intervention of a study.</summary>
public sealed record TrialIntervention
{
    /// <summary>Classic label: "Biological", "Drug", "Procedure", "Combination Product", ….</summary>
    public string? Type { get; init; }

    /// <summary>Intervention name.</summary>
    public required string Name { get; init; }

    /// <summary>Intervention description.</summary>
    public string? Description { get; init; }

    /// <summary>Other names (synonyms, codes, trade names).</summary>
    public IReadOnlyList<string> OtherNames { get; init; } = [];

    /// <summary>Labels of the arm groups that receive it.</summary>
    public IReadOnlyList<string> ArmGroupLabels { get; init; } = [];
}

/// <summary>One arm group of a study.</summary>
public sealed record TrialArmGroup
{
    /// <summary>Arm label.</summary>
    public required string Label { get; init; }

    /// <summary>Classic label: "Experimental", "Active Comparator", "Placebo Comparator", "No Intervention",
    /// ….</summary>
    public string? Type { get; init; }

    /// <summary>Arm description.</summary>
    public string? Description { get; init; }
}

/// <summary>Kind of outcome measure.</summary>
public enum OutcomeKind
{
    /// <summary>Primary outcome.</summary>
    Primary,

    /// <summary>Secondary outcome.</summary>
    Secondary,

    /// <summary>Other pre-specified outcome.</summary>
    Other,
}

/// <summary>An outcome measure.</summary>
public sealed record TrialOutcome(OutcomeKind Kind, string Measure, string? Description, string? TimeFrame);

/// <summary>A literature reference.</summary>
public sealed record TrialReference(string? Pmid, string? Type, string Citation);

using System.Text;
using System.Xml;
using System.Xml.Linq;
using Stroma.Trials.Model;

namespace Stroma.Trials.Formats.CtGovXml;

/// <summary>
/// Reads the legacy <c>clinical_study</c> XML (the registry's public.xsd): one study per file as the bulk
/// zip holds them, or several <c>clinical_study</c> elements under any root, streamed with an
/// <see cref="XmlReader"/> one study at a time. Text blocks, hard-wrapped and indented in this format,
/// are rejoined into paragraphs. The format has no browse branches; MeSH terms come from
/// <c>condition_browse</c>.
/// </summary>
public static class CtGovXmlReader
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    /// <summary>Reads every <c>clinical_study</c> in the stream.</summary>
    public static IEnumerable<TrialReadResult> Read(Stream stream, string file)
    {
        using var reader = XmlReader.Create(stream, Settings);
        var position = 0;
        while (true)
        {
            XElement? element;
            try
            {
                element = reader.ReadToFollowing("clinical_study") ? (XElement)XNode.ReadFrom(reader) : null;
            }
            catch (XmlException ex)
            {
                throw new TrialFormatException(file, position == 0 ? null : $"after study {position}", null, $"malformed XML at line {ex.LineNumber}, column {ex.LinePosition}: {ex.Message}", ex);
            }
            if (element is null) yield break;
            position++;
            TrialReadResult result;
            try { result = TrialReadResult.Ok(Parse(element, file, $"study {position}")); }
            catch (TrialFormatException ex) { result = TrialReadResult.Failed(TrialReadError.From(file, ex)); }
            yield return result;
        }
    }

    /// <summary>Maps one <c>clinical_study</c> element.</summary>
    public static ClinicalTrial Parse(XElement study, string file, string? position = null)
    {
        var nct = RecordParts.NctId(study.Element("id_info")?.Element("nct_id")?.Value, file, position, "id_info/nct_id");
        string? Text(XElement? e) => e is null ? null : RecordParts.Text(Block(e.Element("textblock")?.Value ?? e.Value));
        string? Value(XElement? e) => RecordParts.Text(e?.Value.Trim());
        RegistryDate? Date(string name)
        {
            var e = study.Element(name);
            return RecordParts.Date(e?.Value, RegistryLabels.Title(e?.Attribute("type")?.Value), file, nct, name);
        }

        var lead = study.Element("sponsors")?.Element("lead_sponsor");
        var leadName = Value(lead?.Element("agency"));
        var eligibility = study.Element("eligibility");
        var countries = study.Element("location_countries")?.Elements("country").Select(c => c.Value)
            ?? study.Elements("location").Select(l => l.Element("facility")?.Element("address")?.Element("country")?.Value);

        return new ClinicalTrial
        {
            NctId = nct,
            Source = file,
            BriefTitle = Value(study.Element("brief_title")),
            OfficialTitle = Value(study.Element("official_title")),
            Acronym = Value(study.Element("acronym")),
            OverallStatus = RegistryLabels.Status(Value(study.Element("overall_status"))),
            Phases = RegistryLabels.Phases([Value(study.Element("phase"))]),
            StudyType = RegistryLabels.Title(Value(study.Element("study_type"))),
            ObservationalModel = Value(study.Element("study_design_info")?.Element("observational_model")),
            StartDate = Date("start_date"),
            PrimaryCompletionDate = Date("primary_completion_date"),
            CompletionDate = Date("completion_date"),
            EnrollmentCount = RecordParts.Int(study.Element("enrollment")?.Value, file, nct, "enrollment"),
            EnrollmentType = RegistryLabels.EnrollmentType(study.Element("enrollment")?.Attribute("type")?.Value),
            LeadSponsor = leadName is null ? null : new TrialOrganization(leadName, RegistryLabels.AgencyClass(Value(lead!.Element("agency_class")))),
            Collaborators = (study.Element("sponsors")?.Elements("collaborator") ?? [])
                .Select(c => new TrialOrganization(Value(c.Element("agency")) ?? "", RegistryLabels.AgencyClass(Value(c.Element("agency_class"))))).ToList(),
            Countries = RecordParts.Distinct(countries),
            Conditions = study.Elements("condition").Select(c => c.Value.Trim()).ToList(),
            ConditionMeshTerms = study.Element("condition_browse")?.Elements("mesh_term").Select(m => m.Value.Trim()).ToList() ?? [],
            Keywords = study.Elements("keyword").Select(k => k.Value.Trim()).ToList(),
            Interventions = study.Elements("intervention").Select(i => new TrialIntervention
            {
                Type = RegistryLabels.Title(Value(i.Element("intervention_type"))),
                Name = Value(i.Element("intervention_name")) ?? throw new TrialFormatException(file, nct, "intervention/intervention_name", "missing intervention name"),
                Description = Text(i.Element("description")),
                OtherNames = i.Elements("other_name").Select(o => o.Value.Trim()).ToList(),
                ArmGroupLabels = i.Elements("arm_group_label").Select(o => o.Value.Trim()).ToList(),
            }).ToList(),
            ArmGroups = study.Elements("arm_group").Select(a => new TrialArmGroup
            {
                Label = Value(a.Element("arm_group_label")) ?? throw new TrialFormatException(file, nct, "arm_group/arm_group_label", "missing arm group label"),
                Type = RegistryLabels.Title(Value(a.Element("arm_group_type"))),
                Description = Text(a.Element("description")),
            }).ToList(),
            BriefSummary = Text(study.Element("brief_summary")),
            DetailedDescription = Text(study.Element("detailed_description")),
            Sex = RegistryLabels.Sex(Value(eligibility?.Element("gender"))),
            MinimumAge = Value(eligibility?.Element("minimum_age")),
            MaximumAge = Value(eligibility?.Element("maximum_age")),
            Outcomes =
            [
                .. Outcomes(study, "primary_outcome", OutcomeKind.Primary),
                .. Outcomes(study, "secondary_outcome", OutcomeKind.Secondary),
                .. Outcomes(study, "other_outcome", OutcomeKind.Other),
            ],
            References = study.Elements("reference").Concat(study.Elements("results_reference"))
                .Select(r => new TrialReference(Value(r.Element("PMID")), r.Name.LocalName == "results_reference" ? "result" : "background", Value(r.Element("citation")) ?? "")).ToList(),
            DataVersionDate = VersionDate(study.Element("required_header")?.Element("download_date")?.Value),
        };
    }

    private static IEnumerable<TrialOutcome> Outcomes(XElement study, string name, OutcomeKind kind) =>
        study.Elements(name).Select(o => new TrialOutcome(kind, o.Element("measure")?.Value.Trim() ?? "", RecordParts.Text(o.Element("description")?.Value.Trim()), RecordParts.Text(o.Element("time_frame")?.Value.Trim())));

    /// <summary>"ClinicalTrials.gov processed this data on June 18, 2021" → 2021-06-18.</summary>
    private static DateOnly? VersionDate(string? text)
    {
        if (text is null) return null;
        var at = text.IndexOf(" on ", StringComparison.Ordinal);
        return RecordParts.VersionDate(at >= 0 ? text[(at + 4)..] : text);
    }

    /// <summary>Rejoins a hard-wrapped, indented text block: lines within a paragraph joined by spaces, paragraphs by a blank line.</summary>
    internal static string Block(string text)
    {
        var sb = new StringBuilder(text.Length);
        var paragraph = new StringBuilder();
        foreach (var raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                Flush();
                continue;
            }
            if (paragraph.Length > 0) paragraph.Append(' ');
            paragraph.Append(line);
        }
        Flush();
        return sb.ToString();

        void Flush()
        {
            if (paragraph.Length == 0) return;
            if (sb.Length > 0) sb.Append("\n\n");
            sb.Append(paragraph);
            paragraph.Clear();
        }
    }
}

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
    private const string StudyElement = "clinical_study";

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    /// <summary>
    /// Reads every <c>clinical_study</c> in the stream. The start tags are also counted in the raw bytes,
    /// independently of the XML reader: when fewer studies were read than the file holds, an error says so.
    /// </summary>
    public static IEnumerable<TrialReadResult> Read(Stream stream, string file)
    {
        var bytes = new StudyStream(stream);
        using var reader = XmlReader.Create(bytes, Settings);
        var position = 0;
        while (true)
        {
            XElement? element;
            string? problem;
            try
            {
                // After a study the reader already stands on the next node, which may be the next study.
                var found = reader.NodeType == XmlNodeType.Element && reader.Name == StudyElement
                    || reader.ReadToFollowing(StudyElement);
                if (!found) break;
                bytes.BeginStudy(position + 1);
                element = Build(reader, bytes, out problem);
                bytes.EndStudy();
            }
            catch (XmlException ex)
            {
                throw new TrialFormatException(file, position == 0 ? null : $"after study {position}", null,
                    $"malformed XML at line {ex.LineNumber}, column {ex.LinePosition}: {ex.Message}", ex);
            }
            position++;
            TrialReadResult result;
            if (element is null)
                result = TrialReadResult.Failed(new TrialReadError(file, $"study {position}", null, problem!));
            else
            {
                try { result = TrialReadResult.Ok(Parse(element, file, $"study {position}")); }
                catch (TrialFormatException ex) { result = TrialReadResult.Failed(TrialReadError.From(file, ex)); }
            }
            yield return result;
        }
        if (bytes.StartTags != position)
            yield return TrialReadResult.Failed(new TrialReadError(file, null, null,
                $"the file holds {bytes.StartTags} <clinical_study> start tags but {position} studies were read; " +
                "the others are not in the results"));
    }

    /// <summary>
    /// Builds the element the reader stands on, iteratively (no recursion sized by the input) and at most
    /// <see cref="TrialLimits.MaxXmlDepth"/> levels deep; leaves the reader on the node after its end tag.
    /// A study nested too deeply is skipped to its end tag and null is returned with the problem.
    /// </summary>
    private static XElement? Build(XmlReader reader, StudyStream bytes, out string? problem)
    {
        problem = null;
        var depth = reader.Depth;
        var root = NewElement(reader);
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return root;
        }
        var current = root;
        while (reader.Read())
        {
            if (bytes.Oversized)
            {
                // Left out, not built further: the rest of it is read past node by node, and the next study follows.
                problem = $"larger than {TrialLimits.MaxRecordBytes} bytes, the limit for one study; it was left out " +
                          "and the studies after it were read";
                SkipToEnd(reader, depth);
                return null;
            }
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    if (reader.Depth - depth > TrialLimits.MaxXmlDepth)
                    {
                        problem = $"elements nested more than {TrialLimits.MaxXmlDepth} levels deep " +
                            $"(line {(reader as IXmlLineInfo)?.LineNumber}); " +
                                  "the registry's schema nests about ten";
                        SkipToEnd(reader, depth);
                        return null;
                    }
                    var child = NewElement(reader);
                    current.Add(child);
                    if (!reader.IsEmptyElement) current = child;
                    break;
                case XmlNodeType.EndElement:
                    if (reader.Depth == depth)
                    {
                        reader.Read();
                        return root;
                    }
                    current = current.Parent!;
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA
                    or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    // Separate text nodes: appending to the previous one would copy it each time (quadratic).
                    current.Add(new XText(reader.Value));
                    break;
            }
        }
        return root;
    }

    /// <summary>Reads past the end tag of the element that opened at <paramref name="depth"/>.</summary>
    private static void SkipToEnd(XmlReader reader, int depth)
    {
        while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth) && reader.Read()) { }
        reader.Read();
    }

    private static XElement NewElement(XmlReader reader)
    {
        var element = new XElement(XName.Get(reader.LocalName, reader.NamespaceURI));
        if (reader.MoveToFirstAttribute())
        {
            do
            {
                if (reader.NamespaceURI != "http://www.w3.org/2000/xmlns/")
                    element.SetAttributeValue(XName.Get(reader.LocalName, reader.NamespaceURI), reader.Value);
            }
            while (reader.MoveToNextAttribute());
            reader.MoveToElement();
        }
        return element;
    }

    /// <summary>Maps one <c>clinical_study</c> element.</summary>
    public static ClinicalTrial Parse(XElement study, string file, string? position = null)
    {
        var nct = RecordParts.NctId(study.Element("id_info")?.Element("nct_id")?.Value, file, position,
            "id_info/nct_id");
        string Raw(XElement e) => RecordParts.Bounded(e.Value, file, nct, e.Name.LocalName).Trim();
        string? Text(XElement? e) => e is null ? null
            : RecordParts.Text(Block(e.Element("textblock") is { } block ? Raw(block) : Raw(e)));
        string? Value(XElement? e) => e is null ? null : RecordParts.Text(Raw(e));
        RegistryDate? Date(string name)
        {
            var e = study.Element(name);
            return RecordParts.Date(Value(e), RegistryLabels.Title(e?.Attribute("type")?.Value), file, nct, name);
        }

        var lead = study.Element("sponsors")?.Element("lead_sponsor");
        var leadName = Value(lead?.Element("agency"));
        var eligibility = study.Element("eligibility");
        var countries = study.Element("location_countries")?.Elements("country").Select(Value)
            ?? study.Elements("location")
                .Select(l => Value(l.Element("facility")?.Element("address")?.Element("country")));

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
            WhyStopped = Value(study.Element("why_stopped")),
            // public.xsd names it results_first_posted since 2017; older downloads wrote firstreceived_results_date.
            ResultsFirstPosted = Date("results_first_posted") ?? Date("firstreceived_results_date"),
            EnrollmentCount = RecordParts.Int(Value(study.Element("enrollment")), file, nct, "enrollment"),
            EnrollmentType = RegistryLabels.EnrollmentType(study.Element("enrollment")?.Attribute("type")?.Value),
            LeadSponsor = leadName is null ? null
                : new TrialOrganization(leadName, RegistryLabels.AgencyClass(Value(lead!.Element("agency_class")))),
            Collaborators = (study.Element("sponsors")?.Elements("collaborator") ?? [])
                .Select(c => new TrialOrganization(Value(c.Element("agency")) ?? "",
                    RegistryLabels.AgencyClass(Value(c.Element("agency_class"))))).ToList(),
            Countries = RecordParts.Distinct(countries),
            Conditions = study.Elements("condition").Select(Raw).ToList(),
            ConditionMeshTerms = study.Element("condition_browse")?.Elements("mesh_term").Select(Raw).ToList() ?? [],
            Keywords = study.Elements("keyword").Select(Raw).ToList(),
            Interventions = study.Elements("intervention").Select(i => new TrialIntervention
            {
                Type = RegistryLabels.Title(Value(i.Element("intervention_type"))),
                Name = Value(i.Element("intervention_name"))
                    ?? throw new TrialFormatException(file, nct, "intervention/intervention_name",
                    "missing intervention name"),
                Description = Text(i.Element("description")),
                OtherNames = i.Elements("other_name").Select(Raw).ToList(),
                ArmGroupLabels = i.Elements("arm_group_label").Select(Raw).ToList(),
            }).ToList(),
            ArmGroups = study.Elements("arm_group").Select(a => new TrialArmGroup
            {
                Label = Value(a.Element("arm_group_label"))
                    ?? throw new TrialFormatException(file, nct, "arm_group/arm_group_label",
                    "missing arm group label"),
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
                .. Outcomes(study, "primary_outcome", OutcomeKind.Primary, Value),
                .. Outcomes(study, "secondary_outcome", OutcomeKind.Secondary, Value),
                .. Outcomes(study, "other_outcome", OutcomeKind.Other, Value),
            ],
            References = study.Elements("reference").Concat(study.Elements("results_reference"))
                .Select(r => new TrialReference(Value(r.Element("PMID")), r.Name.LocalName == "results_reference"
                    ? "result" : "background", Value(r.Element("citation")) ?? "")).ToList(),
            DataVersionDate = VersionDate(Value(study.Element("required_header")?.Element("download_date"))),
        };
    }

    private static IEnumerable<TrialOutcome> Outcomes(XElement study, string name, OutcomeKind kind,
        Func<XElement?, string?> value) =>
        study.Elements(name)
            .Select(o => new TrialOutcome(kind, value(o.Element("measure")) ?? "", value(o.Element("description")),
            value(o.Element("time_frame"))));

    /// <summary>"ClinicalTrials.gov processed this data on June 18, 2021" → 2021-06-18.</summary>
    private static DateOnly? VersionDate(string? text)
    {
        if (text is null) return null;
        var at = text.IndexOf(" on ", StringComparison.Ordinal);
        return RecordParts.VersionDate(at >= 0 ? text[(at + 4)..] : text);
    }

    /// <summary>Rejoins a hard-wrapped, indented text block: lines within a paragraph joined by spaces, paragraphs by a
    /// blank line.</summary>
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

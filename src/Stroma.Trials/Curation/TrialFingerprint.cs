using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Stroma.Trials.Model;

namespace Stroma.Trials.Curation;

/// <summary>
/// The content fingerprint of a registry record: SHA-256 (FIPS 180-4) of a canonical JSON rendering of the fields the
/// extraction reads — NCT id, study type, phases, titles, acronym, summary, description, conditions, keywords,
/// interventions (type, name, description, other names, arm labels), unattributed other names and arm groups (label,
/// type, description). Text is compared after Unicode NFC normalisation, with line endings as <c>\n</c> and outer
/// white space trimmed, so the same record read from the classic JSON, API v2 JSON or XML download gives the same
/// fingerprint; status, dates, enrollment, sponsors, locations and references do not enter it (a trial that starts
/// recruiting keeps its review). A curation decision remembers the fingerprint it was made on: a new registry
/// snapshot re-uses it while the fingerprint is unchanged and queues the field again when it is not.
/// </summary>
public static class TrialFingerprint
{
    /// <summary>Lower-case hexadecimal SHA-256 of the record's canonical content (64 characters).</summary>
    public static string Of(ClinicalTrial trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            // Property order is fixed by this code, never by a serializer's reflection order.
            w.WriteStartObject();
            w.WriteString("nctId", trial.NctId.Trim().ToUpperInvariant());
            Text(w, "studyType", trial.StudyType);
            List(w, "phases", trial.Phases);
            Text(w, "briefTitle", trial.BriefTitle);
            Text(w, "officialTitle", trial.OfficialTitle);
            Text(w, "acronym", trial.Acronym);
            Text(w, "briefSummary", trial.BriefSummary);
            Text(w, "detailedDescription", trial.DetailedDescription);
            List(w, "conditions", trial.Conditions);
            List(w, "keywords", trial.Keywords);
            w.WriteStartArray("interventions");
            foreach (var iv in trial.Interventions)
            {
                w.WriteStartObject();
                Text(w, "type", iv.Type);
                Text(w, "name", iv.Name);
                Text(w, "description", iv.Description);
                List(w, "otherNames", iv.OtherNames);
                List(w, "armGroupLabels", iv.ArmGroupLabels);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            List(w, "unattributedOtherNames", trial.UnattributedOtherNames);
            w.WriteStartArray("armGroups");
            foreach (var arm in trial.ArmGroups)
            {
                w.WriteStartObject();
                Text(w, "label", arm.Label);
                Text(w, "type", arm.Type);
                Text(w, "description", arm.Description);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
    }

    private static void Text(Utf8JsonWriter w, string name, string? value)
    {
        if (Canonical(value) is { } v) w.WriteString(name, v);
        else w.WriteNull(name);
    }

    private static void List(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(Canonical(v) ?? "");
        w.WriteEndArray();
    }

    private static string? Canonical(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        return value.Normalize(NormalizationForm.FormC).ReplaceLineEndings("\n").Trim();
    }
}

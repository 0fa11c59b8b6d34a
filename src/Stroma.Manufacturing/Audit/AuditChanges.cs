using System.Text.Json;

namespace Stroma.Manufacturing.Audit;

/// <summary>One changed field of an audit entry: its name, the value before and the value after (null: none).</summary>
/// <param name="Field">Field name.</param>
/// <param name="Old">Value before (null for an insert or an empty value).</param>
/// <param name="New">Value after (null for a delete or an empty value).</param>
public sealed record FieldChange(string Field, string? Old, string? New);

/// <summary>Reads an audit entry's <see cref="AuditEntry.Changes"/> (<c>{"Field":{"old":…,"new":…}}</c>) field by
/// field.</summary>
public static class AuditChanges
{
    /// <summary>The fields of <paramref name="changesJson"/>, in stored order; a text that is not that shape gives one
    /// "(raw)" row.</summary>
    public static IReadOnlyList<FieldChange> Parse(string? changesJson)
    {
        if (string.IsNullOrWhiteSpace(changesJson)) return [];
        try
        {
            using var doc = JsonDocument.Parse(changesJson, new JsonDocumentOptions { MaxDepth = 8 });
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return [new FieldChange("(raw)", null, changesJson)];
            var rows = new List<FieldChange>();
            foreach (var field in doc.RootElement.EnumerateObject())
            {
                if (field.Value.ValueKind != JsonValueKind.Object)
                    { rows.Add(new FieldChange(field.Name, null, Text(field.Value))); continue; }
                var old = field.Value.TryGetProperty("old", out var o) ? Text(o) : null;
                var @new = field.Value.TryGetProperty("new", out var n) ? Text(n) : null;
                rows.Add(new FieldChange(field.Name, old, @new));
            }
            return rows;
        }
        catch (JsonException)
        {
            // Shown as stored: a row that is not JSON is itself a finding for whoever reads the trail.
            return [new FieldChange("(raw)", null, changesJson)];
        }
    }

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => value.GetString(),
        _ => value.GetRawText(),
    };
}

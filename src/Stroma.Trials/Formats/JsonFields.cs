using System.Globalization;
using System.Text.Json;

namespace Stroma.Trials.Formats;

/// <summary>Typed access to JSON properties that raises <see cref="TrialFormatException"/> naming the field.</summary>
internal readonly struct JsonFields
{
    private readonly JsonElement _element;
    private readonly string _file;
    private readonly string? _record;
    private readonly string _prefix;

    public JsonFields(JsonElement element, string file, string? record, string prefix = "")
    {
        _element = element;
        _file = file;
        _record = record;
        _prefix = prefix;
    }

    public bool Exists => _element.ValueKind == JsonValueKind.Object;

    public JsonFields Object(string name)
    {
        if (_element.ValueKind == JsonValueKind.Object && Property(name, out var v))
        {
            if (v.ValueKind == JsonValueKind.Null) return new JsonFields(default, _file, _record, Path(name));
            if (v.ValueKind != JsonValueKind.Object) throw Bad(name, $"expected an object, found {v.ValueKind}");
            return new JsonFields(v, _file, _record, Path(name) + ".");
        }
        return new JsonFields(default, _file, _record, Path(name) + ".");
    }

    public string? String(string name)
    {
        if (!TryGet(name, out var v)) return null;
        return v.ValueKind switch
        {
            JsonValueKind.String => Text(v, name),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => Checked(v.GetRawText(), name),
            _ => throw Bad(name, $"expected text, found {v.ValueKind}"),
        };
    }

    public int? Int(string name)
    {
        if (!TryGet(name, out var v)) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i)) return i;
        if (v.ValueKind == JsonValueKind.String
            && int.TryParse(Text(v, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var j)) return j;
        throw Bad(name, $"expected a whole number, found {Show(v, name)}");
    }

    public IReadOnlyList<string> Strings(string name)
    {
        if (!TryGet(name, out var v)) return [];
        if (v.ValueKind == JsonValueKind.String) return [Text(v, name)];
        if (v.ValueKind != JsonValueKind.Array) throw Bad(name, $"expected a list of strings, found {v.ValueKind}");
        var list = new List<string>(v.GetArrayLength());
        foreach (var item in v.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String) list.Add(Text(item, name));
            else if (item.ValueKind != JsonValueKind.Null)
                throw Bad(name, $"expected a list of strings, found an item of kind {item.ValueKind}");
        }
        return list;
    }

    public IEnumerable<JsonFields> Objects(string name)
    {
        if (!TryGet(name, out var v)) yield break;
        if (v.ValueKind != JsonValueKind.Array) throw Bad(name, $"expected a list of objects, found {v.ValueKind}");
        var i = 0;
        foreach (var item in v.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
                throw Bad($"{name}[{i}]", $"expected an object, found {item.ValueKind}");
            yield return new JsonFields(item, _file, _record, $"{Path(name)}[{i}].");
            i++;
        }
    }

    public TrialFormatException Bad(string name, string problem) => new(_file, _record, Path(name), problem);

    private string Path(string name) => _prefix + name;

    private bool TryGet(string name, out JsonElement value)
    {
        if (_element.ValueKind == JsonValueKind.Object && Property(name, out value)
            && value.ValueKind != JsonValueKind.Null) return true;
        value = default;
        return false;
    }

    private string Show(JsonElement v, string name)
    {
        var text = v.ValueKind == JsonValueKind.String ? $"\"{Text(v, name)}\"" : v.GetRawText();
        return RecordParts.Show(text);
    }

    /// <summary>A string value, checked: valid UTF-8 (RFC 8259 §8.1) and no longer than <see
    /// cref="TrialLimits.MaxTextChars"/>.</summary>
    private string Text(JsonElement v, string name)
    {
        // The reader keeps string bytes as they are; invalid UTF-8 surfaces only here, as InvalidOperationException.
        string text;
        try { text = v.GetString()!; }
        catch (InvalidOperationException) { throw Bad(name,
            "text is not valid UTF-8 (or escapes an unpaired surrogate)"); }
        return Checked(text, name);
    }

    private bool Property(string name, out JsonElement value)
    {
        // The lookup compares against every property name of the object, unescaping each; one that is not valid text
        // throws.
        try { return _element.TryGetProperty(name, out value); }
        catch (InvalidOperationException) { throw Bad(name,
            "the object holding this field has a property name that is not valid UTF-8"); }
    }

    private string Checked(string text, string name) => text.Length <= TrialLimits.MaxTextChars
        ? text
        : throw Bad(name,
            $"text of {text.Length} characters is longer than {TrialLimits.MaxTextChars}, the limit for one field");
}

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
        if (_element.ValueKind == JsonValueKind.Object && _element.TryGetProperty(name, out var v))
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
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.GetRawText(),
            _ => throw Bad(name, $"expected text, found {v.ValueKind}"),
        };
    }

    public int? Int(string name)
    {
        if (!TryGet(name, out var v)) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i)) return i;
        if (v.ValueKind == JsonValueKind.String && int.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var j)) return j;
        throw Bad(name, $"expected a whole number, found {Show(v)}");
    }

    public IReadOnlyList<string> Strings(string name)
    {
        if (!TryGet(name, out var v)) return [];
        if (v.ValueKind == JsonValueKind.String) return [v.GetString()!];
        if (v.ValueKind != JsonValueKind.Array) throw Bad(name, $"expected a list of strings, found {v.ValueKind}");
        var list = new List<string>(v.GetArrayLength());
        foreach (var item in v.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String) list.Add(item.GetString()!);
            else if (item.ValueKind != JsonValueKind.Null) throw Bad(name, $"expected a list of strings, found an item of kind {item.ValueKind}");
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
            if (item.ValueKind != JsonValueKind.Object) throw Bad($"{name}[{i}]", $"expected an object, found {item.ValueKind}");
            yield return new JsonFields(item, _file, _record, $"{Path(name)}[{i}].");
            i++;
        }
    }

    public TrialFormatException Bad(string name, string problem) => new(_file, _record, Path(name), problem);

    private string Path(string name) => _prefix + name;

    private bool TryGet(string name, out JsonElement value)
    {
        if (_element.ValueKind == JsonValueKind.Object && _element.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null) return true;
        value = default;
        return false;
    }

    private static string Show(JsonElement v) => v.ValueKind == JsonValueKind.String ? $"\"{v.GetString()}\"" : v.GetRawText();
}

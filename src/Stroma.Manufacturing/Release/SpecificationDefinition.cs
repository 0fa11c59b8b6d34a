using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Stroma.Identity.Markers;
using Stroma.Manufacturing.Records;

namespace Stroma.Manufacturing.Release;

/// <summary>One item of a specification file.</summary>
public sealed record SpecificationItemDefinition
{
    /// <summary>Test token (identity, marker, viability, sterility, mycoplasma, endotoxin, karyotype, potency,
    /// population_doublings, other).</summary>
    public required string Test { get; init; }

    /// <summary>Marker (CD73), potency assay (IDO activity) or label.</summary>
    public string? Name { get; init; }

    /// <summary>Comparator: &gt;=, &gt;, &lt;=, &lt;, is, report (or minimum, greater than, maximum, less
    /// than).</summary>
    public string? Comparator { get; init; }

    /// <summary>Numeric limit, or "K/M" for an endotoxin limit computed from route and dose.</summary>
    [JsonConverter(typeof(LimitConverter))]
    public string? Limit { get; init; }

    /// <summary>Expected text for "is" criteria.</summary>
    public string? Expected { get; init; }

    /// <summary>Unit.</summary>
    public string? Unit { get; init; }

    /// <summary>Whether the item must pass for release (default true).</summary>
    public bool Required { get; init; } = true;

    /// <summary>Identity panel (identity items).</summary>
    public string? Panel { get; init; }

    private sealed class LimitConverter : JsonConverter<string?>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType switch
        {
            JsonTokenType.Number => reader.GetDouble().ToString("R", CultureInfo.InvariantCulture),
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Null => null,
            _ => throw new JsonException("limit must be a number or \"K/M\"."),
        };

        public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
        {
            if (value is null) writer.WriteNullValue();
            else if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture,
                out var d)) writer.WriteNumberValue(d);
            else writer.WriteStringValue(value);
        }
    }
}

/// <summary>A release specification as data (JSON): code, version, title, source and items.</summary>
public sealed record SpecificationDefinition
{
    /// <summary>Code (letters, digits, '-', '_', '.').</summary>
    public required string Code { get; init; }

    /// <summary>Version; when absent the store assigns the next one.</summary>
    public int? Version { get; init; }

    /// <summary>Title.</summary>
    public string Title { get; init; } = "";

    /// <summary>Where the limits come from.</summary>
    public string? Source { get; init; }

    /// <summary>Items.</summary>
    public required IReadOnlyList<SpecificationItemDefinition> Items { get; init; }

    /// <summary>The identity panel an identity item names when it names none.</summary>
    public const string DefaultIdentityPanel = "isct-2006";

    /// <summary>The panel the specification's identity item asks for (the default panel when it has none).</summary>
    public string IdentityPanel() =>
        Items.FirstOrDefault(i => Terms.TryParse<ReleaseTest>(i.Test, out var t) && t == ReleaseTest.Identity)?.Panel
        ?? DefaultIdentityPanel;

    /// <summary>JSON options for specification files.</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>The built-in default specification (viability ≥ 70 %, sterility, mycoplasma, endotoxin K/M, karyotype,
    /// identity, PD ≤ 30).</summary>
    public static SpecificationDefinition Default { get; } = LoadEmbedded("stroma-default.json");

    /// <summary>
    /// Codes of the built-in specifications: reserved, so no user can store a version that calls itself the default
    /// (change control, EU GMP Annex 11 §10 — the default's content comes only from this release of Stroma).
    /// </summary>
    public static IReadOnlyList<string> ReservedCodes { get; } = [Default.Code];

    /// <summary>Refuses a user-drafted definition that takes a reserved built-in code.</summary>
    public void EnsureNotReserved()
    {
        if (ReservedCodes.Contains(Code, StringComparer.OrdinalIgnoreCase))
            throw new ManufacturingException($"Specification code '{Code}' is reserved for the built-in " +
                $"specification; give your " +
                                             $"specification its own code (e.g. site-{Code}).") { Subject = Code };
    }

    /// <summary>Parses a specification file's text.</summary>
    public static SpecificationDefinition Parse(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<SpecificationDefinition>(json, Json)
                   ?? throw new ManufacturingException($"Specification {source} is empty.");
        }
        catch (JsonException ex)
        {
            throw new ManufacturingException($"Specification {source} is not valid: {ex.Message}", ex);
        }
    }

    /// <summary>Reads a specification file.</summary>
    public static SpecificationDefinition Load(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path), path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ManufacturingException($"Specification file {path} cannot be read: {ex.Message}", ex);
        }
    }

    /// <summary>Validates the definition and turns it into a storable specification (version as given, or 0 for
    /// "next").</summary>
    public ReleaseSpecification ToRecord()
    {
        if (string.IsNullOrWhiteSpace(Code) || !Code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            throw new ManufacturingException($"Specification code '{Code}' must be letters, digits, '-', '_' or '.'.");
        if (Version is < 1) throw new ManufacturingException($"Specification {Code}: version must be 1 or more; " +
            $"{Version} given.");
        if (Items is null || Items.Count == 0) throw new ManufacturingException($"Specification {Code} has no items.");
        var items = Items.Select((d, i) => ToItem(d, i + 1)).ToList();
        var duplicate = items.GroupBy(i => (i.Test, Key: i.Name.ToUpperInvariant())).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ManufacturingException($"Specification {Code} lists " +
            $"{Terms.Token(duplicate.Key.Test)} '{duplicate.First().Name}' twice.");
        var record = new ReleaseSpecification
        {
            Code = Code,
            SpecVersion = Version ?? 0,
            Title = string.IsNullOrWhiteSpace(Title) ? Code : Title,
            Source = Source,
            Items = items,
        };
        // Hash the normalised form, so ">=" and "minimum", or an omitted default unit, give the same content.
        record.ContentSha256 =
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(FromRecord(record)
            with { Version = null }, Json))));
        return record;
    }

    /// <summary>SHA-256 of the normalised items, title and source (not the version), so identical re-imports are
    /// recognised.</summary>
    public string ContentHash() => ToRecord().ContentSha256;

    /// <summary>The definition of a stored specification (for printing and re-export).</summary>
    public static SpecificationDefinition FromRecord(ReleaseSpecification spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new SpecificationDefinition
        {
            Code = spec.Code,
            Version = spec.SpecVersion,
            Title = spec.Title,
            Source = spec.Source,
            Items = spec.Items.OrderBy(i => i.Position).Select(i => new SpecificationItemDefinition
            {
                Test = Terms.Token(i.Test),
                Name = i.Name,
                Comparator = Terms.Token(i.Comparator),
                Limit = i.ComputedLimit ?? i.Limit?.ToString("R", CultureInfo.InvariantCulture),
                Expected = i.Expected,
                Unit = i.Unit.Length == 0 ? null : i.Unit,
                Required = i.Required,
                Panel = i.Panel,
            }).ToArray(),
        };
    }

    private SpecificationItem ToItem(SpecificationItemDefinition d, int position)
    {
        var test = Terms.Parse<ReleaseTest>(d.Test, $"Specification {Code} item {position}: test");
        string Where() => $"Specification {Code} item {position} ({d.Test}{(d.Name is null ? "" : " " + d.Name)})";
        var item = new SpecificationItem { Position = position, Test = test, Required = d.Required,
            Unit = d.Unit?.Trim() ?? "" };
        var comparator = d.Comparator is null ? (Comparator?)null
            : Terms.Parse<Comparator>(d.Comparator, $"{Where()}: comparator");
        double? Number()
        {
            if (d.Limit is null) return null;
            return double.TryParse(d.Limit, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
                && double.IsFinite(v) ? v
                : throw new ManufacturingException($"{Where()}: limit '{d.Limit}' is not a number.");
        }
        void Numeric(Comparator fallback, double? min = null, double? max = null)
        {
            item.Comparator = comparator ?? fallback;
            if (item.Comparator == Comparator.Is) throw new ManufacturingException($"{Where()}: a numeric test needs " +
                $">=, >, <=, < or report, not 'is'.");
            item.Limit = Number();
            if (item.Comparator != Comparator.Report
                && item.Limit is null) throw new ManufacturingException($"{Where()}: a limit is needed.");
            if (item.Limit is { } l && (l < (min ?? double.MinValue) || l > (max ?? double.MaxValue)))
                throw new ManufacturingException($"{Where()}: limit {l} is outside {min}–{max}.");
        }
        void Text(string expected)
        {
            item.Comparator = comparator ?? Comparator.Is;
            if (item.Comparator is not (Comparator.Is or Comparator.Report))
                throw new ManufacturingException($"{Where()}: a qualitative test takes 'is' with an expected text.");
            item.Expected = string.IsNullOrWhiteSpace(d.Expected) ? expected : d.Expected.Trim();
        }
        switch (test)
        {
            case ReleaseTest.Identity:
                item.Name = d.Name ?? "identity";
                item.Panel = d.Panel ?? DefaultIdentityPanel;
                Text("pass");
                break;
            case ReleaseTest.Marker:
                item.Name = MarkerName.Normalize(d.Name ?? "")
                    ?? throw new ManufacturingException($"{Where()}: '{d.Name}' is not a recognised marker name.");
                if (item.Unit.Length == 0) item.Unit = "%";
                Numeric(Comparator.AtLeast, 0, 100);
                break;
            case ReleaseTest.Viability:
                item.Name = d.Name ?? "viability";
                if (item.Unit.Length == 0) item.Unit = "%";
                Numeric(Comparator.AtLeast, 0, 100);
                break;
            case ReleaseTest.Sterility or ReleaseTest.Mycoplasma or ReleaseTest.Karyotype:
                item.Name = d.Name ?? Terms.Token(test);
                Text(test switch { ReleaseTest.Sterility => "no growth", ReleaseTest.Mycoplasma => "not detected", _ =>
                    "normal" });
                break;
            case ReleaseTest.Endotoxin:
                item.Name = d.Name ?? "endotoxin";
                item.Comparator = comparator ?? Comparator.AtMost;
                if (item.Comparator is not (Comparator.AtMost or Comparator.LessThan))
                    throw new ManufacturingException($"{Where()}: endotoxin takes <= or <.");
                if (string.Equals(d.Limit?.Replace(" ", "", StringComparison.Ordinal), "K/M",
                    StringComparison.OrdinalIgnoreCase))
                {
                    item.ComputedLimit = "K/M";
                    item.Unit = Endotoxin.NormalizeUnit(item.Unit.Length == 0 ? "EU/mL" : item.Unit);
                }
                else
                {
                    item.Limit = Number() ?? throw new ManufacturingException($"{Where()}: give a numeric limit or " +
                        $"\"K/M\".");
                    if (item.Unit.Length == 0) item.Unit = "EU/mL";
                }
                break;
            case ReleaseTest.PopulationDoublings:
                item.Name = d.Name ?? "cumulative population doublings";
                if (item.Unit.Length == 0) item.Unit = "PD";
                Numeric(Comparator.AtMost, 0);
                break;
            default:
                item.Name = string.IsNullOrWhiteSpace(d.Name)
                    ? throw new ManufacturingException($"{Where()}: a {Terms.Token(test)} item needs a name (e.g. " +
                    $"\"IDO activity\").") : d.Name.Trim();
                if (d.Expected is not null && d.Limit is null) Text(d.Expected);
                else Numeric(Comparator.AtLeast);
                break;
        }
        return item;
    }

    private static SpecificationDefinition LoadEmbedded(string name)
    {
        using var stream = Assembly.GetExecutingAssembly()
            .GetManifestResourceStream($"Stroma.Manufacturing.Data.{name}")
                           ?? throw new InvalidOperationException($"embedded specification {name} is missing");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), name);
    }
}

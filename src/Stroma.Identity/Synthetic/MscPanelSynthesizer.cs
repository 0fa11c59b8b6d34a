using System.Globalization;
using System.Text.Json;
using Stroma.Cytometry;
using Stroma.Cytometry.Compensation;
using Stroma.Cytometry.Formats.Fcs;
using Stroma.Identity.Analysis;
using Stroma.IO;

namespace Stroma.Identity.Synthetic;

/// <summary>A stained channel of a synthetic tube: its fluorochrome channel and the marker(s) it carries.</summary>
/// <param name="Channel">Detector ($PnN), e.g. "APC-A".</param>
/// <param name="Label"><c>$PnS</c> as a kit would label it, e.g. "CD73 APC".</param>
/// <param name="Markers">Markers on this channel (several for a negative cocktail).</param>
public sealed record SyntheticStain(string Channel, string Label, IReadOnlyList<string> Markers);

/// <summary>
/// A synthetic scenario: which panel it is meant for, the tubes, true positive fractions and the expected verdict.
/// </summary>
/// <param name="Name">Scenario name.</param>
/// <param name="Panel">Panel id it should be judged with.</param>
/// <param name="Description">What it represents.</param>
/// <param name="Tubes">Stained tubes (each paired with one isotype control written alongside).</param>
/// <param name="PositiveFraction">Marker → probability that a cell expresses it.</param>
/// <param name="ExpectedVerdict">pass / fail.</param>
/// <param name="SpilloverScale">Multiplier on the default spillover coefficients.</param>
public sealed record SyntheticScenario(
    string Name, string Panel, string Description, IReadOnlyList<IReadOnlyList<SyntheticStain>> Tubes,
    IReadOnlyDictionary<string, double> PositiveFraction, string ExpectedVerdict, double SpilloverScale = 1)
{
    /// <summary>
    /// Write $DATATYPE I tubes: every value rounded to a whole channel and clipped at 0, as an integer ADC records
    /// it (so many events share a value and a threshold can fall on a tie).
    /// </summary>
    public bool IntegerData { get; init; }

    /// <summary>Also write one fluorescence-minus-one control per stained channel (fmo-&lt;channel&gt;.fcs).</summary>
    public bool FmoControls { get; init; }
}

/// <summary>What <see cref="MscPanelSynthesizer.Write"/> produced, also written as manifest.json.</summary>
/// <param name="Scenario">Scenario name.</param>
/// <param name="Panel">Panel id.</param>
/// <param name="Seed">Random seed.</param>
/// <param name="ExpectedVerdict">Verdict the scenario is built to produce.</param>
/// <param name="Stained">Stained tube files.</param>
/// <param name="Controls">Control tube files.</param>
/// <param name="TruePercentPositive">Marker → realised % of singlet cells that express it.</param>
/// <param name="TrueChannelPercent">Channel → realised % of singlet cells positive on it (the union for a cocktail),
/// per stained tube file.</param>
public sealed record SyntheticManifest(
    string Scenario, string Panel, int Seed, string ExpectedVerdict, IReadOnlyList<string> Stained,
        IReadOnlyList<string> Controls,
    IReadOnlyDictionary<string, double> TruePercentPositive,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> TrueChannelPercent);

/// <summary>
/// Writes stained + isotype-control FCS tubes of an MSC immunophenotype panel with known truth: debris,
/// doublets (areas add, heights do not), autofluorescence that scales with cell size, log-normal marker
/// signals, spillover between fluorochromes declared in <c>$SPILLOVER</c> (so skipping compensation
/// visibly mis-reads bright neighbours), and detector noise.
/// </summary>
public static class MscPanelSynthesizer
{
    private static readonly string[] Fluorescence = ["FITC-A", "PE-A", "PerCP-Cy5-5-A", "APC-A"];

    // Typical spillover of a 4-colour 488/633 nm setup (FITC→PE strongest), before scaling.
    private static readonly double[] DefaultSpill =
    [
        1, 0.22, 0.03, 0,
        0.015, 1, 0.12, 0.01,
        0, 0.002, 1, 0.06,
        0, 0.001, 0.04, 1,
    ];

    // Median signal of a positive cell per marker (linear units).
    private static readonly Dictionary<string, double> Brightness = new(StringComparer.Ordinal)
    {
        ["CD90"] = 30000, ["CD73"] = 16000, ["CD105"] = 9000, ["CD44"] = 22000, ["CD34"] = 5000, ["CD45"] = 7000,
        ["CD11b"] = 6000, ["CD14"] = 6000, ["CD19"] = 6000, ["HLA-DR"] = 8000, ["CD31"] = 6000,
    };

    /// <summary>The ISCT tube: CD90 FITC, the negative cocktail on PE, CD105 PerCP-Cy5.5, CD73 APC.</summary>
    public static IReadOnlyList<SyntheticStain> IsctTube { get; } =
    [
        new("FITC-A", "CD90 FITC", ["CD90"]),
        new("PE-A", "CD34/CD11b/CD19/CD45/HLA-DR PE", ["CD34", "CD11b", "CD19", "CD45", "HLA-DR"]),
        new("PerCP-Cy5-5-A", "CD105 PerCP-Cy5.5", ["CD105"]),
        new("APC-A", "APC-A :: CD73", ["CD73"]),
    ];

    private static readonly IReadOnlyList<SyntheticStain> AdiposePositive =
    [
        new("FITC-A", "CD90-FITC", ["CD90"]), new("PE-A", "CD44-PE", ["CD44"]),
        new("PerCP-Cy5-5-A", "CD105-PerCP-Cy5.5", ["CD105"]), new("APC-A", "CD73-APC", ["CD73"]),
    ];

    private static readonly IReadOnlyList<SyntheticStain> AdiposeNegative =
    [
        new("FITC-A", "CD31 FITC", ["CD31"]), new("PE-A", "CD34 PE", ["CD34"]), new("APC-A", "CD45 APC", ["CD45"]),
    ];

    private static Dictionary<string, double> IsctFractions(double cd105 = 0.975, double hlaDr = 0.001) =>
        new(StringComparer.Ordinal)
    {
        ["CD90"] = 0.992, ["CD73"] = 0.985, ["CD105"] = cd105, ["CD34"] = 0.001, ["CD11b"] = 0.001, ["CD19"] = 0.0005,
            ["CD45"] = 0.001, ["HLA-DR"] = hlaDr,
    };

    /// <summary>The built-in scenarios.</summary>
    public static IReadOnlyList<SyntheticScenario> Scenarios { get; } =
    [
        new("bm-msc-pass", "isct-2006", "Bone-marrow MSC meeting every ISCT criterion.", [IsctTube], IsctFractions(),
            "pass"),
        new("low-cd105", "isct-2006",
            "CD105 expressed by only ~85% of cells (e.g. late passage or serum-free expansion).", [IsctTube],
            IsctFractions(cd105: 0.85), "fail"),
        new("hla-dr-contamination", "isct-2006",
            "~6% HLA-DR-positive cells (e.g. IFN-γ exposure or haematopoietic carry-over) in the negative cocktail.",
            [IsctTube], IsctFractions(hlaDr: 0.06), "fail"),
        new("adipose", "ifats-isct-2013",
            "Culture-expanded adipose stromal cells: CD44 high, early-passage CD34 on ~20% of cells.",
            [AdiposePositive, AdiposeNegative],
            new Dictionary<string, double>(StringComparer.Ordinal) { ["CD90"] = 0.97, ["CD73"] = 0.96, ["CD105"] = 0.9,
                ["CD44"] = 0.98, ["CD31"] = 0.002, ["CD34"] = 0.2, ["CD45"] = 0.003 }, "pass"),
        new("spillover", "isct-2006",
            "A passing product with strong FITC→PE spillover: correct only when compensated.", [IsctTube],
            IsctFractions(), "pass", SpilloverScale: 1.6),
    ];

    /// <summary>Finds a scenario by name.</summary>
    public static SyntheticScenario Find(string name) =>
        Scenarios.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new IdentityException($"Unknown scenario '{name}'; known: " +
            $"{string.Join(", ", Scenarios.Select(s => s.Name))}.");

    /// <summary>Writes the scenario's tubes and manifest.json into <paramref name="folder"/>.</summary>
    public static SyntheticManifest Write(string folder, SyntheticScenario scenario, int seed = 1, int events = 20_000)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        Directory.CreateDirectory(folder);
        var random = new Random(seed);
        var spill = new SpilloverMatrix(Fluorescence,
            DefaultSpill.Select((v, i) => i % 5 == 0 ? 1 : v * scenario.SpilloverScale).ToArray(), "synthetic");
        var stained = new List<string>();
        var controls = new List<string>();
        var markerPositive = new Dictionary<string, long>(StringComparer.Ordinal);
        var markerTotal = new Dictionary<string, long>(StringComparer.Ordinal);
        var channelTruth = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal);

        for (var t = 0; t < scenario.Tubes.Count; t++)
        {
            var stains = scenario.Tubes[t];
            var name = scenario.Tubes.Count == 1 ? "stained.fcs" : $"stained-{t + 1}.fcs";
            var integer = scenario.IntegerData;
            var fractions = scenario.PositiveFraction;
            var (table, positives, singletCount) = Generate(random, events, stains, fractions, spill, integer);
            var path = Path.Combine(folder, name);
            WriteTube(path, table, stains, spill, $"{scenario.Name} stained tube {t + 1}", integer);
            stained.Add(path);
            var perChannel = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var stain in stains)
            {
                perChannel[stain.Channel] = 100.0 * positives[stain.Channel] / singletCount;
                foreach (var marker in stain.Markers)
                {
                    markerPositive[marker] = markerPositive.GetValueOrDefault(marker) + positives["marker:" + marker];
                    markerTotal[marker] = markerTotal.GetValueOrDefault(marker) + singletCount;
                }
            }
            channelTruth[path] = perChannel;

            var controlPath = Path.Combine(folder, scenario.Tubes.Count == 1 ? "isotype.fcs" : $"isotype-{t + 1}.fcs");
            var isotype = stains.Select(s => new SyntheticStain(s.Channel, $"IgG1 isotype {s.Channel[..^2]}", []))
                .ToArray();
            var (controlTable, _, _) = Generate(random, events, isotype, scenario.PositiveFraction, spill, integer);
            WriteTube(controlPath, controlTable, isotype, spill, $"{scenario.Name} isotype control {t + 1}", integer);
            controls.Add(controlPath);
            if (!scenario.FmoControls) continue;
            foreach (var left in stains)
            {
                // Every stain of the tube but one; the left-out channel carries no label, as no antibody is in it.
                var fmo = stains.Select(s => s == left ? new SyntheticStain(s.Channel, "", []) : s).ToArray();
                var tubeTag = scenario.Tubes.Count == 1 ? "" : $"{t + 1}-";
                var fmoPath = Path.Combine(folder, $"fmo-{tubeTag}{left.Channel[..^2]}.fcs");
                var (fmoTable, _, _) = Generate(random, events, fmo, scenario.PositiveFraction, spill, integer);
                var fmoSource = $"{scenario.Name} FMO control for {left.Channel}, tube {t + 1}";
                WriteTube(fmoPath, fmoTable, fmo, spill, fmoSource, integer);
                controls.Add(fmoPath);
            }
        }

        var truth = markerPositive.ToDictionary(kv => kv.Key, kv => 100.0 * kv.Value / markerTotal[kv.Key],
            StringComparer.Ordinal);
        var manifest = new SyntheticManifest(scenario.Name, scenario.Panel, seed, scenario.ExpectedVerdict, stained,
            controls, truth, channelTruth);
        AtomicFile.WriteAllText(Path.Combine(folder, "manifest.json"),
            JsonSerializer.Serialize(manifest, IdentityBatch.Json));
        return manifest;
    }

    private static void WriteTube(
        string path, EventTable table, IReadOnlyList<SyntheticStain> stains, SpilloverMatrix spill, string source,
        bool integer)
    {
        string? Label(string channel) =>
            stains.FirstOrDefault(s => s.Channel == channel)?.Label is { Length: > 0 } l ? l : null;
        var channels = table.Names.Select(n => new FcsChannel(n, Label(n), 262144)).ToArray();
        FcsWriter.Write(path, table, new FcsWriteSettings
        {
            DataType = integer ? FcsDataType.Integer : FcsDataType.Single,
            Channels = channels,
            Spillover = spill,
            Keywords = [new("$CYT", "Stroma synthetic cytometer"), new("$SRC", source), new("$DATE", "25-NOV-2026")],
        });
    }

    private static (EventTable Table, Dictionary<string, long> Positives, long Singlets) Generate(
        Random random, int events, IReadOnlyList<SyntheticStain> stains, IReadOnlyDictionary<string, double> fractions,
        SpilloverMatrix spill, bool integer)
    {
        string[] names = ["FSC-A", "FSC-H", "SSC-A", .. Fluorescence, "Time"];
        var columns = names.Select(_ => new float[events]).ToArray();
        var positives = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var s in stains)
        {
            positives[s.Channel] = 0;
            foreach (var m in s.Markers) positives["marker:" + m] = 0;
        }
        long singlets = 0;
        var trueSignal = new double[Fluorescence.Length];
        var observed = new double[Fluorescence.Length];

        for (var e = 0; e < events; e++)
        {
            var kind = random.NextDouble();
            double fscA, fscH, sscA;
            Array.Clear(trueSignal);
            if (kind < 0.08)
            {
                // Debris: small, dim, no marker signal.
                fscA = LogNormal(random, 6000, 0.7);
                fscH = fscA * 0.85 * (1 + 0.08 * Normal(random));
                sscA = LogNormal(random, 4000, 0.8);
                for (var c = 0; c < Fluorescence.Length; c++) trueSignal[c] = LogNormal(random, 60, 0.8);
            }
            else
            {
                var doublet = kind >= 0.94;
                var cellCount = doublet ? 2 : 1;
                fscA = 0;
                fscH = 0;
                sscA = 0;
                for (var k = 0; k < cellCount; k++)
                {
                    var size = LogNormal(random, 1, 0.18);
                    var area = 90000 * size * (1 + 0.02 * Normal(random));
                    fscA += area;
                    fscH = Math.Max(fscH, 0.85 * 90000 * size * (1 + 0.02 * Normal(random)));
                    sscA += 45000 * Math.Pow(size, 0.7) * LogNormal(random, 1, 0.25);
                    for (var c = 0; c < Fluorescence.Length; c++) trueSignal[c] += LogNormal(random, 120 * size, 0.45);
                    foreach (var stain in stains)
                    {
                        var channel = Array.IndexOf(Fluorescence, stain.Channel);
                        var channelPositive = false;
                        foreach (var marker in stain.Markers)
                        {
                            if (random.NextDouble() >= fractions.GetValueOrDefault(marker)) continue;
                            trueSignal[channel] += LogNormal(random, Brightness.GetValueOrDefault(marker, 8000) * size,
                                0.4);
                            channelPositive = true;
                            if (!doublet) positives["marker:" + marker]++;
                        }
                        if (!doublet && channelPositive) positives[stain.Channel]++;
                    }
                }
                if (doublet) fscH *= 1.05;
                else singlets++;
            }

            // observed_j = Σ_i true_i · S[i, j], then detector noise.
            for (var j = 0; j < Fluorescence.Length; j++)
            {
                double sum = 0;
                for (var i = 0; i < Fluorescence.Length; i++) sum += trueSignal[i] * spill[i, j];
                observed[j] = sum + 25 * Normal(random);
            }
            columns[0][e] = Clamp(fscA + 150 * Normal(random), integer);
            columns[1][e] = Clamp(fscH + 150 * Normal(random), integer);
            columns[2][e] = Clamp(sscA + 150 * Normal(random), integer);
            for (var j = 0; j < Fluorescence.Length; j++) columns[3 + j][e] = Clamp(observed[j], integer);
            columns[^1][e] = integer ? e : e * 0.01f;
        }
        return (EventTable.FromColumns(names, events, columns), positives, singlets);
    }

    private static float Clamp(double v, bool integer) =>
        integer ? (float)Math.Clamp(Math.Round(v), 0, 262143) : (float)Math.Clamp(v, -262144, 262143);

    private static double LogNormal(Random random, double median, double cv)
    {
        var sigma = Math.Sqrt(Math.Log(1 + cv * cv));
        return median * Math.Exp(sigma * Normal(random));
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>Parses a manifest written by <see cref="Write"/>.</summary>
    public static SyntheticManifest ReadManifest(string path) =>
        JsonSerializer.Deserialize<SyntheticManifest>(File.ReadAllText(path),
            new JsonSerializerOptions { PropertyNameCaseInsensitive = true })
        ?? throw new IdentityException($"{path} is not a synthetic manifest.");

    /// <summary>Culture-invariant percentage text.</summary>
    internal static string Pct(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}

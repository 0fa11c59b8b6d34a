using System.Text.Json.Serialization;

namespace Stroma.Identity.Analysis;

/// <summary>Overall identity verdict.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<IdentityVerdict>))]
public enum IdentityVerdict
{
    /// <summary>Every judged criterion is met.</summary>
    [JsonStringEnumMemberName("pass")] Pass,
    /// <summary>At least one judged criterion is not met.</summary>
    [JsonStringEnumMemberName("fail")] Fail,
    /// <summary>The analysis cannot decide (too few events, missing control, unmapped required marker).</summary>
    [JsonStringEnumMemberName("inconclusive")] Inconclusive,
}

/// <summary>Which percentage a criterion is judged on.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PositivityRule>))]
public enum PositivityRule
{
    /// <summary>
    /// Stained % above the threshold minus the control's % above the same threshold, floored at 0
    /// (isotype/FMO-subtracted positivity). The default.
    /// </summary>
    [JsonStringEnumMemberName("net")] Net,
    /// <summary>Stained % above the threshold, the control's own background not subtracted.</summary>
    [JsonStringEnumMemberName("gross")] Gross,
}

/// <summary>What the control tube behind a marker's threshold was.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ControlKind>))]
public enum ControlKind
{
    /// <summary>
    /// An isotype control: no marker stained, a channel label naming an isotype (IgG1, IgG2a, IgM…).
    /// </summary>
    [JsonStringEnumMemberName("isotype")] Isotype,
    /// <summary>Fluorescence minus one: the other channels stained, this one left out.</summary>
    [JsonStringEnumMemberName("fmo")] Fmo,
    /// <summary>An unstained tube: no marker and no isotype named.</summary>
    [JsonStringEnumMemberName("unstained")] Unstained,
}

/// <summary>Event counts through the gates, summed over stained tubes.</summary>
/// <param name="Total">All events.</param>
/// <param name="Cells">Events in the cell (debris-excluding) gate.</param>
/// <param name="Singlets">Events in the singlet gate.</param>
public sealed record EventCounts(int Total, int Cells, int Singlets);

/// <summary>The measurement of one marker against one criterion.</summary>
/// <param name="Marker">Marker name.</param>
/// <param name="Channel">Channel ($PnN) that measured it, or null when unmapped.</param>
/// <param name="Direction">positive, negative or report.</param>
/// <param name="PercentPositive">
/// The % positive the criterion was judged on: <see cref="NetPercent"/> under the net rule (the default),
/// <see cref="GrossPercent"/> under the gross rule (see <see cref="IdentityResult.Positivity"/>).
/// </param>
/// <param name="Ci95">
/// 95% interval of <paramref name="PercentPositive"/> (<see cref="NetCi95"/> or <see cref="GrossCi95"/>).
/// </param>
/// <param name="Threshold">Positivity threshold (channel value) from the control.</param>
/// <param name="Limit">Criterion limit in %, null for report.</param>
/// <param name="Pass">Whether the criterion is met (null when not judged or not measurable).</param>
/// <param name="Borderline">True when the 95% interval straddles the limit.</param>
public sealed record MarkerResult(
    string Marker, string? Channel, string Direction, double? PercentPositive, double[]? Ci95, double? Threshold,
        double? Limit, bool? Pass, bool Borderline)
{
    /// <summary>The criterion text, e.g. "CD105 ≥ 95%".</summary>
    public string? Criterion { get; init; }

    /// <summary>Stained tube file the channel was measured in.</summary>
    public string? Tube { get; init; }

    /// <summary>Control file the threshold came from.</summary>
    public string? Control { get; init; }

    /// <summary>Gated events the percentage is based on.</summary>
    public int? Events { get; init; }

    /// <summary>Kind of the control tube (isotype, fmo or unstained).</summary>
    public ControlKind? ControlKind { get; init; }

    /// <summary>Gated events of the control tube.</summary>
    public int? ControlEvents { get; init; }

    /// <summary>% of gated stained cells above the threshold.</summary>
    public double? GrossPercent { get; init; }

    /// <summary>95% Wilson interval of <see cref="GrossPercent"/>.</summary>
    public double[]? GrossCi95 { get; init; }

    /// <summary>% of gated control cells above the same threshold (its background).</summary>
    public double? ControlPercent { get; init; }

    /// <summary>95% Wilson interval of <see cref="ControlPercent"/>.</summary>
    public double[]? ControlCi95 { get; init; }

    /// <summary>Net % positive: <see cref="GrossPercent"/> − <see cref="ControlPercent"/>, floored at 0.</summary>
    public double? NetPercent { get; init; }

    /// <summary>95% interval of the net %: Newcombe's hybrid score interval for a difference, floored at 0.</summary>
    public double[]? NetCi95 { get; init; }
}

/// <summary>An input file and its SHA-256, so a verdict can be tied to exact data.</summary>
/// <param name="Path">File path as given.</param>
/// <param name="Role">stained or control.</param>
/// <param name="Sha256">Lower-case hex digest of the file bytes.</param>
/// <param name="Events">Events in the file.</param>
public sealed record InputFile(string Path, string Role, string Sha256, int Events);

/// <summary>The result of an identity analysis (the <c>--json</c> output of <c>stroma identity</c>).</summary>
public sealed record IdentityResult
{
    /// <summary>Panel id.</summary>
    public required string Panel { get; init; }

    /// <summary>Verdict.</summary>
    public required IdentityVerdict Verdict { get; init; }

    /// <summary>Why, in plain words.</summary>
    public required string Reason { get; init; }

    /// <summary>Gate counts.</summary>
    public required EventCounts Events { get; init; }

    /// <summary>One entry per evaluated marker.</summary>
    public required IReadOnlyList<MarkerResult> Markers { get; init; }

    /// <summary>
    /// The percentage criteria were judged on (null in results written before the rule existed, which were gross);
    /// why is in <see cref="Parameters"/>["positivity"].
    /// </summary>
    public PositivityRule? Positivity { get; init; }

    /// <summary>Input files with digests.</summary>
    public IReadOnlyList<InputFile> Inputs { get; init; } = [];

    /// <summary>Analysis parameters (percentile, compensation, gating algorithm), for the record.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Data behind the report's plots (not serialised).</summary>
    [JsonIgnore]
    public IdentityDiagnostics? Diagnostics { get; init; }
}

/// <summary>Per-tube gate data for plots.</summary>
/// <param name="File">Tube file.</param>
/// <param name="Gate">Gate decisions.</param>
/// <param name="ForwardScatter">FSC-A sample (≤ 20,000 events).</param>
/// <param name="SideScatter">SSC-A sample.</param>
/// <param name="SingletMetric">FSC-H (or FSC-W) sample.</param>
/// <param name="InCells">Cell-gate membership of the sampled events.</param>
/// <param name="InSinglets">Singlet-gate membership of the sampled events.</param>
public sealed record TubeDiagnostics(string File, AutoGateResult Gate, double[] ForwardScatter, double[] SideScatter,
    double[]? SingletMetric, bool[] InCells, bool[] InSinglets);

/// <summary>Stained and control values of one marker channel (gated, sampled) and the threshold.</summary>
/// <param name="Marker">Marker.</param>
/// <param name="Channel">Channel.</param>
/// <param name="Stained">Stained values.</param>
/// <param name="Control">Control values.</param>
/// <param name="Threshold">Positivity threshold.</param>
public sealed record MarkerDiagnostics(string Marker, string Channel, double[] Stained, double[] Control,
    double Threshold)
{
    /// <summary>Stained tube the channel belongs to.</summary>
    public string? Tube { get; init; }
}

/// <summary>Everything the report plots.</summary>
/// <param name="Tubes">Stained tubes.</param>
/// <param name="Markers">Marker channels.</param>
public sealed record IdentityDiagnostics(IReadOnlyList<TubeDiagnostics> Tubes,
    IReadOnlyList<MarkerDiagnostics> Markers);

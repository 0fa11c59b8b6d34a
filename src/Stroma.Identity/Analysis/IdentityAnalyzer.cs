using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Stroma.Cytometry;
using Stroma.Cytometry.Compensation;
using Stroma.Cytometry.Formats.Fcs;
using Stroma.Cytometry.Gating;
using Stroma.Identity.Markers;
using Stroma.Identity.Panels;

namespace Stroma.Identity.Analysis;

/// <summary>What to analyse and how.</summary>
public sealed record IdentityRequest
{
    /// <summary>Stained tube files.</summary>
    public required IReadOnlyList<string> Stained { get; init; }

    /// <summary>Control tube files (isotype, FMO or unstained).</summary>
    public required IReadOnlyList<string> Controls { get; init; }

    /// <summary>The panel to judge against.</summary>
    public required IdentityPanel Panel { get; init; }

    /// <summary>Marker → channel ($PnN) overrides, e.g. CD73 → APC-A.</summary>
    public IReadOnlyDictionary<string, string> MarkerChannels { get; init; } = new Dictionary<string, string>();

    /// <summary>Control percentile that sets each channel's positivity threshold.</summary>
    public double Percentile { get; init; } = 99.5;

    /// <summary>Which % the criteria are judged on: net of the control's background (default) or gross.</summary>
    public PositivityRule Positivity { get; init; } = PositivityRule.Net;

    /// <summary>Apply compensation (from <see cref="Spillover"/> or each file's own matrix).</summary>
    public bool Compensate { get; init; } = true;

    /// <summary>A spillover matrix to use instead of the files' own.</summary>
    public SpilloverMatrix? Spillover { get; init; }

    /// <summary>Automatic gate parameters.</summary>
    public AutoGateOptions Gating { get; init; } = new();

    /// <summary>User gates instead of automatic ones (with <see cref="Population"/>).</summary>
    public GatingStrategy? Gates { get; init; }

    /// <summary>Population of <see cref="Gates"/> to analyse (default: the last one).</summary>
    public string? Population { get; init; }

    /// <summary>Per-tube user gates from a workspace (e.g. FlowJo); used instead of <see cref="Gates"/> and the
    /// automatic gates when set.</summary>
    public WorkspaceGates? Workspace { get; init; }
}

/// <summary>
/// The identity pipeline: read tubes → scale → compensate → gate cells and singlets → threshold each marker
/// channel at a percentile of its control → % positive with a 95% Wilson interval → criteria → verdict.
/// </summary>
public static partial class IdentityAnalyzer
{
    private const int PlotSample = 20_000;

    private sealed record Tube(string Path, string Role, FcsDataset Data, Dictionary<int, double[]> Values,
        bool[] Gated, AutoGateResult Gate, string Sha256);

    /// <summary>Runs the analysis.</summary>
    public static IdentityResult Analyze(IdentityRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Stained.Count == 0) throw new IdentityException("At least one stained tube is needed.");
        if (request.Percentile is <= 50 or >= 100)
            throw new IdentityException($"The control percentile must lie between 50 and 100; {request.Percentile} " +
            $"given.");

        var stained = request.Stained.Select(p => Load(p, "stained", request)).ToArray();
        var controls = request.Controls.Select(p => Load(p, "control", request)).ToArray();
        var mapping = MapMarkers(stained, request.MarkerChannels);
        var panel = request.Panel;
        var problems = new List<string>();
        var markers = new List<MarkerResult>();
        var plots = new List<MarkerDiagnostics>();

        foreach (var tube in stained.Where(t => t.Gated.Count(g => g) < panel.MinimumEvents))
            problems.Add($"too few events: {Path.GetFileName(tube.Path)} has {tube.Gated.Count(g => g)} gated cells " +
                $"(at least {panel.MinimumEvents} needed)");
        if (controls.Length == 0) problems.Add("no control tube was given (isotype, FMO or unstained)");

        foreach (var criterion in panel.Criteria)
        {
            var measured = criterion.Markers.Select(m => (Marker: MarkerName.Normalize(m)!,
                Found: mapping.TryGetValue(MarkerName.Normalize(m)!, out var at) ? at : default((Tube, int)?)))
                .Where(x => x.Found is not null).ToArray();
            var direction = criterion.Direction.ToString().ToLowerInvariant();
            if (measured.Length == 0)
            {
                if (criterion.Direction != CriterionDirection.Report)
                    problems.Add($"unmapped required marker {string.Join(" or ", criterion.Markers)}: no stained " +
                        $"channel's label names it (map it with --marker {criterion.Markers[0]}=CHANNEL)");
                markers.Add(new MarkerResult(criterion.Markers[0], null, direction, null, null, null, criterion.Limit,
                    null, false) { Criterion = criterion.Description });
                continue;
            }
            foreach (var (marker, found) in measured)
            {
                var (tube, index) = found!.Value;
                var channel = tube.Data.Parameters[index].Name;
                var control = PickControl(controls, tube, channel, criterion.Control);
                if (control is null)
                {
                    problems.Add($"missing control: {MissingControl(criterion.Control)} for channel {channel} " +
                                 $"({marker}, criterion {criterion.Description})");
                    var limit = criterion.Limit;
                    markers.Add(new MarkerResult(marker, channel, direction, null, null, null, limit, null, false)
                    {
                        Criterion = criterion.Description, Tube = tube.Path,
                    });
                    continue;
                }
                var controlValues = Gated(control.Value.Tube, control.Value.Index);
                if (controlValues.Length < panel.MinimumEvents)
                    problems.Add($"too few events: control {Path.GetFileName(control.Value.Tube.Path)} has " +
                        $"{controlValues.Length} gated cells (at least {panel.MinimumEvents} needed)");
                var threshold = Statistics.Percentile(controlValues, request.Percentile);
                var stainedValues = Gated(tube, index);
                var measure = Positivity.Measure(stainedValues, controlValues, threshold);
                markers.Add(Judge(criterion, marker, channel, direction, measure, threshold, request.Positivity) with
                {
                    Tube = tube.Path, Control = control.Value.Tube.Path, ControlKind = control.Value.Kind,
                });
                // One plot per measured channel: a cocktail channel is shown once, titled with all its markers.
                var existing = plots.FindIndex(p => p.Channel == channel && p.Tube == tube.Path);
                if (existing >= 0)
                    plots[existing] = plots[existing] with { Marker = plots[existing].Marker + "/" + marker };
                else plots.Add(new MarkerDiagnostics(marker, channel, Sample(stainedValues), Sample(controlValues),
                    threshold) { Tube = tube.Path });
            }
        }

        var (verdict, reason) = Decide(panel, request.Positivity, problems, markers);
        var parameters = Describe(request);

        return new IdentityResult
        {
            Panel = panel.Id,
            Verdict = verdict,
            Positivity = request.Positivity,
            Reason = reason,
            Events = new EventCounts(stained.Sum(t => t.Gate.Total), stained.Sum(t => t.Gate.Cells),
                stained.Sum(t => t.Gate.Singlets)),
            Markers = markers,
            Inputs = stained.Concat(controls).Select(t => new InputFile(t.Path, t.Role, t.Sha256, t.Data.EventCount))
                .ToArray(),
            Parameters = parameters,
            Diagnostics = new IdentityDiagnostics(stained.Select(TubePlot).ToArray(), plots),
        };
    }

    /// <summary>Judges one measured marker on the rule's % (net or gross) and its 95% interval.</summary>
    private static MarkerResult Judge(PanelCriterion criterion, string marker, string channel, string direction,
        PositivityMeasure measure, double threshold, PositivityRule rule)
    {
        var (judged, ci) = rule == PositivityRule.Net ? (measure.Net, measure.NetCi) : (measure.Gross, measure.GrossCi);
        var judgedCriterion = criterion.Direction != CriterionDirection.Report;
        bool? pass = judgedCriterion ? criterion.IsMet(judged) : null;
        var borderline = judgedCriterion && criterion.Limit is { } edge && ci.Low < edge && edge < ci.High;
        double[] interval = [ci.Low, ci.High];
        var limit = criterion.Limit;
        return new MarkerResult(marker, channel, direction, judged, interval, threshold, limit, pass, borderline)
        {
            Criterion = criterion.Description,
            Events = (int)measure.Events,
            ControlEvents = (int)measure.ControlEvents,
            GrossPercent = measure.Gross,
            GrossCi95 = [measure.GrossCi.Low, measure.GrossCi.High],
            ControlPercent = measure.Control,
            ControlCi95 = [measure.ControlCi.Low, measure.ControlCi.High],
            NetPercent = measure.Net,
            NetCi95 = [measure.NetCi.Low, measure.NetCi.High],
        };
    }

    /// <summary>The analysis parameters, in words, for the record.</summary>
    private static Dictionary<string, string> Describe(IdentityRequest request)
    {
        var panel = request.Panel;
        var compensation = !request.Compensate ? "none (disabled)"
            : request.Spillover is not null
                ? $"supplied matrix '{request.Spillover.Source}' ({request.Spillover.Size} channels)"
            : "each file's own spillover keyword ($SPILLOVER/SPILL/$COMP), when present";
        var percentile = request.Percentile.ToString(CultureInfo.InvariantCulture);
        return new Dictionary<string, string>
        {
            ["panel"] = $"{panel.Id} v{panel.Version}: {panel.Title}",
            ["panelSource"] = panel.Source ?? "",
            ["positivityThreshold"] =
                $"{percentile}th percentile of the gated control values of each channel; an event is positive above it",
            ["positivity"] = Positivity.Describe(request.Positivity),
            ["confidenceInterval"] =
                "95%: Wilson score interval for the stained and control % (Wilson 1927); Newcombe's hybrid score " +
                "interval for the net % (Newcombe, Stat Med 1998;17:873–890, method 10); a criterion is borderline " +
                "when the interval of the % it is judged on straddles its limit",
            ["borderline"] = panel.Borderline == BorderlinePolicy.Inconclusive
                ? "a borderline criterion makes the verdict inconclusive (panel: \"borderline\": \"inconclusive\")"
                : "a borderline criterion is judged on its point estimate (panel: \"borderline\": \"point-estimate\")",
            ["controls"] =
                "per criterion as the panel asks (\"control\": any, isotype or fmo); with \"any\", an FMO tube for " +
                "the channel when given, else an isotype tube, else an unstained one",
            ["compensation"] = compensation,
            ["gating"] = request.Workspace is { } workspace
                ? $"user population '{workspace.PopulationPath}' from {workspace.Source}, each tube gated by its own " +
                  "workspace sample (" + string.Join(", ", workspace.Tubes.Select(t =>
                      $"{Path.GetFileName(t.Key)} → sample '{t.Value.Sample}'")) + ")"
                : request.Gates is not null
                ? $"user GatingML population '{request.Population ?? request.Gates.Populations[^1].Id}'"
                : request.Gating.Describe(),
            ["population"] = request.Workspace?.PopulationPath ?? request.Population ?? "",
            ["gatesSource"] = request.Workspace?.Source
                ?? (request.Gates is not null ? "GatingML 2.0 file" : "automatic cell and singlet gates"),
            ["minimumEvents"] = panel.MinimumEvents.ToString(CultureInfo.InvariantCulture),
            ["software"] = $"Stroma.Identity {typeof(IdentityAnalyzer).Assembly.GetName().Version}",
        };
    }

    private static Tube Load(string path, string role, IdentityRequest request)
    {
        FcsDataset data;
        string sha;
        try
        {
            var bytes = File.ReadAllBytes(path);
            sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
            data = FcsReader.Read(bytes, path).First;
        }
        catch (FcsFormatException ex)
        {
            throw new IdentityException($"{role} tube {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IdentityException($"{role} tube {path} cannot be read: {ex.Message}", ex);
        }
        if (data.EventCount == 0) throw new IdentityException($"{role} tube {path} holds no events.");

        var values = new Dictionary<int, double[]>();
        for (var i = 0; i < data.Parameters.Count; i++) values[i] = data.ScaledColumn(i);

        var matrix = request.Compensate ? request.Spillover ?? data.Spillover : null;
        if (matrix is not null)
        {
            var indices = matrix.Channels.Select(c => data.IndexOf(c)).ToArray();
            if (indices.Contains(-1))
            {
                var missing = matrix.Channels.Where(c => data.IndexOf(c) < 0);
                throw new IdentityException($"{role} tube {path}: the spillover matrix names channels the file lacks " +
                    $"({string.Join(", ", missing)}); mismatched channels between tubes and matrix.");
            }
            try
            {
                var columns = indices.Select(i => (Memory<double>)values[i]).ToArray();
                new Compensator(matrix).Apply(columns, columns);
            }
            catch (CytometryException ex)
            {
                throw new IdentityException($"{role} tube {path}: {ex.Message}", ex);
            }
        }

        bool[] gated;
        AutoGateResult gate;
        var user = request.Workspace is { } workspace
            ? workspace.Tubes.TryGetValue(path, out var own) ? (own.Strategy, own.Population)
                : throw new IdentityException($"{role} tube {path}: {workspace.Source} has no gates for it.")
            : request.Gates is { } strategy ? (strategy, request.Population ?? strategy.Populations[^1].Id)
            : default((GatingStrategy Strategy, string Population)?);
        if (user is { } gates)
        {
            try
            {
                gated = gates.Strategy.Apply(data)[gates.Population].Membership.ToArray();
            }
            catch (Exception ex) when (ex is CytometryException or KeyNotFoundException)
            {
                throw new IdentityException($"{role} tube {path}: the user gates cannot be applied ({ex.Message}).",
                    ex);
            }
            var count = gated.Count(g => g);
            gate = new AutoGateResult(null, null, null, null, 0, null, null, data.EventCount, count, count);
        }
        else
        {
            gate = AutoGate.Apply(data, values, request.Gating, out gated);
        }
        return new Tube(path, role, data, values, gated, gate, sha);
    }

    /// <summary>
    /// Marker → (stained tube, channel index): overrides first, then every stained channel's $PnS label.
    /// </summary>
    private static Dictionary<string, (Tube, int)?> MapMarkers(Tube[] stained,
        IReadOnlyDictionary<string, string> overrides)
    {
        var mapping = new Dictionary<string, (Tube, int)?>(StringComparer.Ordinal);
        foreach (var (rawMarker, channel) in overrides)
        {
            var marker = MarkerName.Normalize(rawMarker)
                ?? throw new IdentityException($"--marker {rawMarker}={channel}: '{rawMarker}' is not a recognised " +
                $"marker name.");
            var hit = stained.Select(t => (Tube: t, Index: t.Data.IndexOf(channel))).FirstOrDefault(x => x.Index >= 0);
            if (hit.Tube is null)
                throw new IdentityException($"--marker {rawMarker}={channel}: no stained tube has a channel " +
                    $"'{channel}' (channels: {string.Join(", ", stained[0].Data.Parameters.Select(p => p.Name))}).");
            mapping[marker] = (hit.Tube, hit.Index);
        }
        foreach (var tube in stained)
            for (var i = 0; i < tube.Data.Parameters.Count; i++)
                foreach (var marker in MarkerName.FindAll(tube.Data.Parameters[i].Stain))
                    mapping.TryAdd(marker, (tube, i));
        return mapping;
    }

    /// <summary>
    /// The control for a channel: a tube measuring the channel without staining it. A tube staining none of its
    /// channels is an isotype control (a label names the isotype) or an unstained one and serves every channel; a tube
    /// staining the stained tube's other channels with the same markers, and this one with none, is its
    /// fluorescence-minus-one control for this channel. A tube staining other channels differently (another tube's
    /// FMO) is no reference here.
    /// With <see cref="ControlRequirement.Any"/> the FMO tube is preferred: it also holds the spillover spreading the
    /// other stains put into the channel (Roederer M, Cytometry 2001;45:194–205).
    /// </summary>
    private static (Tube Tube, int Index, ControlKind Kind)? PickControl(
        Tube[] controls, Tube stained, string channel, ControlRequirement requirement)
    {
        (Tube Tube, int Index, ControlKind Kind)? best = null;
        foreach (var control in controls)
        {
            var index = control.Data.IndexOf(channel);
            if (index < 0 || Classify(control, stained, channel) is not { } kind) continue;
            var acceptable = requirement switch
            {
                ControlRequirement.Fmo => kind == ControlKind.Fmo,
                ControlRequirement.Isotype => kind == ControlKind.Isotype,
                _ => true,
            };
            if (acceptable && (best is null || Rank(kind) < Rank(best.Value.Kind))) best = (control, index, kind);
        }
        return best;

        static int Rank(ControlKind kind) => kind switch { ControlKind.Fmo => 0, ControlKind.Isotype => 1, _ => 2 };
    }

    private static ControlKind? Classify(Tube control, Tube stained, string channel)
    {
        IReadOnlyList<string> Markers(Tube tube, string name) =>
            tube.Data.IndexOf(name) is var i and >= 0 ? MarkerName.FindAll(tube.Data.Parameters[i].Stain) : [];
        if (Markers(control, channel).Count > 0) return null;
        static IEnumerable<string> StainedChannels(Tube tube) =>
            tube.Data.Parameters.Where(p => MarkerName.FindAll(p.Stain).Count > 0).Select(p => p.Name);
        if (!StainedChannels(control).Any())
        {
            var label = control.Data.Parameters[control.Data.IndexOf(channel)].Stain ?? "";
            return IsotypePattern().IsMatch(label) ? ControlKind.Isotype : ControlKind.Unstained;
        }
        var others = StainedChannels(control).Union(StainedChannels(stained), StringComparer.Ordinal)
            .Where(name => !string.Equals(name, channel, StringComparison.Ordinal));
        var sameStains = others.All(name =>
            Markers(control, name).SequenceEqual(Markers(stained, name), StringComparer.Ordinal));
        return sameStains ? ControlKind.Fmo : null;
    }

    private static string MissingControl(ControlRequirement requirement) => requirement switch
    {
        ControlRequirement.Fmo =>
            "the panel asks for an FMO control (a tube staining the other channels and leaving this one unstained), " +
            "and none was given",
        ControlRequirement.Isotype =>
            "the panel asks for an isotype control (no marker stained, a label naming the isotype, e.g. IgG1), " +
            "and none was given",
        _ => "no control tube measures the channel without staining it",
    };

    // Immunoglobulin isotypes of control antibodies (IgG1, IgG2a, IgG2b, IgM, IgA…) or the word itself.
    [GeneratedRegex(@"\bisotype\b|(?<![A-Za-z])Ig[GMAED]\d?[a-c]?(?![A-Za-z])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex IsotypePattern();

    /// <summary>
    /// The verdict: inconclusive when a measurement could not be made; fail when a criterion is clearly not met;
    /// then, when a criterion's interval straddles its limit, as the panel says (inconclusive, or the point estimate).
    /// </summary>
    private static (IdentityVerdict Verdict, string Reason) Decide(
        IdentityPanel panel, PositivityRule rule, List<string> problems, List<MarkerResult> markers)
    {
        var basis = rule == PositivityRule.Net ? "net" : "gross";
        string Show(MarkerResult m) =>
            $"{m.Marker} {Pct(m.PercentPositive!.Value)}% {basis} " +
            $"(95% CI {Pct(m.Ci95![0])}–{Pct(m.Ci95[1])}; criterion {m.Criterion})";
        string List(IEnumerable<MarkerResult> ms) => string.Join("; ", ms.Select(Show));

        if (problems.Count > 0)
            return (IdentityVerdict.Inconclusive, string.Join("; ", problems.Distinct(StringComparer.Ordinal)));
        var clearFails = markers.Where(m => m.Pass == false && !m.Borderline).ToArray();
        if (clearFails.Length > 0) return (IdentityVerdict.Fail, "not met: " + List(clearFails));
        var borderline = markers.Where(m => m.Borderline).ToArray();
        if (borderline.Length > 0 && panel.Borderline == BorderlinePolicy.Inconclusive)
            return (IdentityVerdict.Inconclusive, "borderline (the 95% interval straddles the limit, and the panel " +
                                                  "treats borderline as inconclusive): " + List(borderline));
        var failed = markers.Where(m => m.Pass == false).ToArray();
        if (failed.Length > 0)
            return (IdentityVerdict.Fail, "not met on the point estimate (borderline; the panel judges borderline " +
                                          "on the point estimate): " + List(failed));
        var judged = markers.Count(m => m.Pass == true);
        var note = borderline.Length > 0 ? $"; borderline, judged on the point estimate: {List(borderline)}" : "";
        return (IdentityVerdict.Pass,
            $"all {judged} judged markers meet the {panel.Id} criteria on {basis} % positive{note}");
    }

    private static string Pct(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static double[] Gated(Tube tube, int index)
    {
        var values = tube.Values[index];
        var result = new List<double>(values.Length);
        for (var i = 0; i < values.Length; i++)
            if (tube.Gated[i] && !double.IsNaN(values[i])) result.Add(values[i]);
        return [.. result];
    }

    private static double[] Sample(double[] values)
    {
        if (values.Length <= PlotSample) return values;
        var stride = (double)values.Length / PlotSample;
        return Enumerable.Range(0, PlotSample).Select(i => values[(int)(i * stride)]).ToArray();
    }

    private static TubeDiagnostics TubePlot(Tube tube)
    {
        var n = tube.Data.EventCount;
        var stride = Math.Max(1, n / PlotSample);
        var picks = Enumerable.Range(0, n / stride).Select(i => i * stride).ToArray();
        double[] Column(string? name) => name is null ? new double[picks.Length]
            : picks.Select(i => tube.Values[tube.Data.IndexOf(name)][i]).ToArray();
        var cells = CellMembership(tube);
        return new TubeDiagnostics(tube.Path, tube.Gate, Column(tube.Gate.ForwardScatter),
            Column(tube.Gate.SideScatter),
            tube.Gate.SingletChannel is null ? null : Column(tube.Gate.SingletChannel),
            picks.Select(i => cells[i]).ToArray(), picks.Select(i => tube.Gated[i]).ToArray());
    }

    private static bool[] CellMembership(Tube tube)
    {
        var n = tube.Data.EventCount;
        var cells = new bool[n];
        if (tube.Gate.ForwardScatter is null)
        {
            Array.Copy(tube.Gated, cells, n);
            return cells;
        }
        var f = tube.Values[tube.Data.IndexOf(tube.Gate.ForwardScatter)];
        var threshold = tube.Gate.DebrisThreshold ?? double.NegativeInfinity;
        for (var i = 0; i < n; i++) cells[i] = tube.Gated[i] || (f[i] > 0 && f[i] >= threshold);
        return cells;
    }
}

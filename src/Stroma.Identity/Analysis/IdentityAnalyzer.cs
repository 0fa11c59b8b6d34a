using System.Globalization;
using System.Security.Cryptography;
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
}

/// <summary>
/// The identity pipeline: read tubes → scale → compensate → gate cells and singlets → threshold each marker
/// channel at a percentile of its control → % positive with a 95% Wilson interval → criteria → verdict.
/// </summary>
public static class IdentityAnalyzer
{
    private const int PlotSample = 20_000;

    private sealed record Tube(string Path, string Role, FcsDataset Data, Dictionary<int, double[]> Values, bool[] Gated, AutoGateResult Gate, string Sha256);

    /// <summary>Runs the analysis.</summary>
    public static IdentityResult Analyze(IdentityRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Stained.Count == 0) throw new IdentityException("At least one stained tube is needed.");
        if (request.Percentile is <= 50 or >= 100) throw new IdentityException($"The control percentile must lie between 50 and 100; {request.Percentile} given.");

        var stained = request.Stained.Select(p => Load(p, "stained", request)).ToArray();
        var controls = request.Controls.Select(p => Load(p, "control", request)).ToArray();
        var mapping = MapMarkers(stained, request.MarkerChannels);
        var panel = request.Panel;
        var problems = new List<string>();
        var markers = new List<MarkerResult>();
        var plots = new List<MarkerDiagnostics>();

        foreach (var tube in stained.Where(t => t.Gated.Count(g => g) < panel.MinimumEvents))
            problems.Add($"too few events: {Path.GetFileName(tube.Path)} has {tube.Gated.Count(g => g)} gated cells (at least {panel.MinimumEvents} needed)");
        if (controls.Length == 0) problems.Add("no control tube was given (isotype, FMO or unstained)");

        foreach (var criterion in panel.Criteria)
        {
            var measured = criterion.Markers.Select(m => (Marker: MarkerName.Normalize(m)!, Found: mapping.TryGetValue(MarkerName.Normalize(m)!, out var at) ? at : default((Tube, int)?)))
                .Where(x => x.Found is not null).ToArray();
            var direction = criterion.Direction.ToString().ToLowerInvariant();
            if (measured.Length == 0)
            {
                if (criterion.Direction != CriterionDirection.Report)
                    problems.Add($"unmapped required marker {string.Join(" or ", criterion.Markers)}: no stained channel's label names it (map it with --marker {criterion.Markers[0]}=CHANNEL)");
                markers.Add(new MarkerResult(criterion.Markers[0], null, direction, null, null, null, criterion.Limit, null, false) { Criterion = criterion.Description });
                continue;
            }
            foreach (var (marker, found) in measured)
            {
                var (tube, index) = found!.Value;
                var channel = tube.Data.Parameters[index].Name;
                var control = PickControl(controls, channel, marker);
                if (control is null)
                {
                    problems.Add($"missing control: no control tube measures channel {channel} ({marker}) without staining it");
                    markers.Add(new MarkerResult(marker, channel, direction, null, null, null, criterion.Limit, null, false) { Criterion = criterion.Description, Tube = tube.Path });
                    continue;
                }
                var controlValues = Gated(control.Value.Tube, control.Value.Index);
                if (controlValues.Length < panel.MinimumEvents)
                    problems.Add($"too few events: control {Path.GetFileName(control.Value.Tube.Path)} has {controlValues.Length} gated cells (at least {panel.MinimumEvents} needed)");
                var threshold = Statistics.Percentile(controlValues, request.Percentile);
                var stainedValues = Gated(tube, index);
                var positive = stainedValues.Count(v => v > threshold);
                var percent = stainedValues.Length == 0 ? 0 : 100.0 * positive / stainedValues.Length;
                var (low, high) = Statistics.WilsonInterval(positive, stainedValues.Length);
                bool? pass = criterion.Direction == CriterionDirection.Report ? null : criterion.IsMet(percent);
                var borderline = criterion.Limit is { } limit && criterion.Direction != CriterionDirection.Report && low < limit && limit < high;
                markers.Add(new MarkerResult(marker, channel, direction, percent, [low, high], threshold, criterion.Limit, pass, borderline)
                {
                    Criterion = criterion.Description, Tube = tube.Path, Control = control.Value.Tube.Path, Events = stainedValues.Length,
                });
                // One plot per measured channel: a cocktail channel is shown once, titled with all its markers.
                var existing = plots.FindIndex(p => p.Channel == channel && p.Tube == tube.Path);
                if (existing >= 0) plots[existing] = plots[existing] with { Marker = plots[existing].Marker + "/" + marker };
                else plots.Add(new MarkerDiagnostics(marker, channel, Sample(stainedValues), Sample(controlValues), threshold) { Tube = tube.Path });
            }
        }

        IdentityVerdict verdict;
        string reason;
        var failed = markers.Where(m => m.Pass == false).ToArray();
        if (problems.Count > 0)
        {
            verdict = IdentityVerdict.Inconclusive;
            reason = string.Join("; ", problems.Distinct(StringComparer.Ordinal));
        }
        else if (failed.Length > 0)
        {
            verdict = IdentityVerdict.Fail;
            reason = "not met: " + string.Join("; ", failed.Select(m => $"{m.Marker} {m.PercentPositive!.Value.ToString("0.##", CultureInfo.InvariantCulture)}% (criterion {m.Criterion})"));
        }
        else
        {
            verdict = IdentityVerdict.Pass;
            var judged = markers.Count(m => m.Pass == true);
            var borderline = markers.Where(m => m.Borderline).Select(m => m.Marker).ToArray();
            reason = $"all {judged} judged markers meet the {panel.Id} criteria" +
                     (borderline.Length > 0 ? $"; borderline (95% interval straddles the limit): {string.Join(", ", borderline)}" : "");
        }

        var compensation = !request.Compensate ? "none (disabled)"
            : request.Spillover is not null ? $"supplied matrix '{request.Spillover.Source}' ({request.Spillover.Size} channels)"
            : "each file's own spillover keyword ($SPILLOVER/SPILL/$COMP), when present";
        var parameters = new Dictionary<string, string>
        {
            ["panel"] = $"{panel.Id} v{panel.Version}: {panel.Title}",
            ["panelSource"] = panel.Source ?? "",
            ["positivityThreshold"] = $"{request.Percentile.ToString(CultureInfo.InvariantCulture)}th percentile of the gated control values of each channel; an event is positive above it",
            ["confidenceInterval"] = "95% Wilson score interval; a criterion is borderline when the interval straddles its limit",
            ["compensation"] = compensation,
            ["gating"] = request.Gates is not null ? $"user GatingML population '{request.Population ?? request.Gates.Populations[^1].Id}'" : request.Gating.Describe(),
            ["minimumEvents"] = panel.MinimumEvents.ToString(CultureInfo.InvariantCulture),
            ["software"] = $"Stroma.Identity {typeof(IdentityAnalyzer).Assembly.GetName().Version}",
        };

        return new IdentityResult
        {
            Panel = panel.Id,
            Verdict = verdict,
            Reason = reason,
            Events = new EventCounts(stained.Sum(t => t.Gate.Total), stained.Sum(t => t.Gate.Cells), stained.Sum(t => t.Gate.Singlets)),
            Markers = markers,
            Inputs = stained.Concat(controls).Select(t => new InputFile(t.Path, t.Role, t.Sha256, t.Data.EventCount)).ToArray(),
            Parameters = parameters,
            Diagnostics = new IdentityDiagnostics(stained.Select(TubePlot).ToArray(), plots),
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
                throw new IdentityException($"{role} tube {path}: the spillover matrix names channels the file lacks ({string.Join(", ", missing)}); mismatched channels between tubes and matrix.");
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
        if (request.Gates is { } strategy)
        {
            try
            {
                var population = request.Population ?? strategy.Populations[^1].Id;
                gated = strategy.Apply(data)[population].Membership.ToArray();
            }
            catch (Exception ex) when (ex is CytometryException or KeyNotFoundException)
            {
                throw new IdentityException($"{role} tube {path}: the user gates cannot be applied ({ex.Message}).", ex);
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

    /// <summary>Marker → (stained tube, channel index): overrides first, then every stained channel's $PnS label.</summary>
    private static Dictionary<string, (Tube, int)?> MapMarkers(Tube[] stained, IReadOnlyDictionary<string, string> overrides)
    {
        var mapping = new Dictionary<string, (Tube, int)?>(StringComparer.Ordinal);
        foreach (var (rawMarker, channel) in overrides)
        {
            var marker = MarkerName.Normalize(rawMarker) ?? throw new IdentityException($"--marker {rawMarker}={channel}: '{rawMarker}' is not a recognised marker name.");
            var hit = stained.Select(t => (Tube: t, Index: t.Data.IndexOf(channel))).FirstOrDefault(x => x.Index >= 0);
            if (hit.Tube is null)
                throw new IdentityException($"--marker {rawMarker}={channel}: no stained tube has a channel '{channel}' (channels: {string.Join(", ", stained[0].Data.Parameters.Select(p => p.Name))}).");
            mapping[marker] = (hit.Tube, hit.Index);
        }
        foreach (var tube in stained)
            for (var i = 0; i < tube.Data.Parameters.Count; i++)
                foreach (var marker in MarkerName.FindAll(tube.Data.Parameters[i].Stain))
                    mapping.TryAdd(marker, (tube, i));
        return mapping;
    }

    private static (Tube Tube, int Index)? PickControl(Tube[] controls, string channel, string marker)
    {
        foreach (var control in controls)
        {
            var index = control.Data.IndexOf(channel);
            if (index < 0) continue;
            // A control stained for this very marker is not a negative reference for it.
            if (MarkerName.FindAll(control.Data.Parameters[index].Stain).Contains(marker, StringComparer.Ordinal)) continue;
            return (control, index);
        }
        return null;
    }

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
        double[] Column(string? name) => name is null ? new double[picks.Length] : picks.Select(i => tube.Values[tube.Data.IndexOf(name)][i]).ToArray();
        var cells = CellMembership(tube);
        return new TubeDiagnostics(tube.Path, tube.Gate, Column(tube.Gate.ForwardScatter), Column(tube.Gate.SideScatter),
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

using Stroma.Identity;
using Stroma.Identity.Analysis;
using Stroma.Identity.Panels;
using Stroma.Manufacturing;
using Stroma.Manufacturing.Release;

namespace Stroma.Storage.Services;

/// <summary>Which specification a lot is released against, and the planned use that sets its endotoxin limit.</summary>
/// <param name="Route">Route of administration.</param>
public sealed record SpecificationAssignment(AdministrationRoute Route)
{
    /// <summary>"code" (latest version) or "code@N"; default: the built-in stroma-default.</summary>
    public string? Specification { get; init; }

    /// <summary>A specification's content: used when a stored version with this content has been approved by
    /// QA.</summary>
    public SpecificationDefinition? Definition { get; init; }

    /// <summary>Planned patient weight (kg).</summary>
    public double? WeightKg { get; init; }

    /// <summary>Planned cells per kg per dose.</summary>
    public double? CellsPerKg { get; init; }

    /// <summary>Planned dose volume (mL).</summary>
    public double? VolumeMl { get; init; }

    /// <summary>Planned administration time (h).</summary>
    public double? InfusionHours { get; init; }
}

/// <summary>A result to record.</summary>
/// <param name="Test">Test.</param>
public sealed record ResultInput(ReleaseTest Test)
{
    /// <summary>Marker, potency assay, or label (optional when the specification has one item of the test).</summary>
    public string? Name { get; init; }

    /// <summary>Numeric value.</summary>
    public double? Value { get; init; }

    /// <summary>Text value (qualitative tests).</summary>
    public string? Text { get; init; }

    /// <summary>Unit (checked against the specification).</summary>
    public string? Unit { get; init; }

    /// <summary>Method or instrument.</summary>
    public string? Method { get; init; }

    /// <summary>Why a result replaces the item's earlier one (required for a correction or retest).</summary>
    public string? Reason { get; init; }
}

/// <summary>How an identity analysis was asked for; stored so it can be re-run for plots.</summary>
/// <param name="Stained">Stained tube files (full paths).</param>
/// <param name="Controls">Control tube files (full paths).</param>
/// <param name="Panel">Panel id or file.</param>
public sealed record IdentityInput(IReadOnlyList<string> Stained, IReadOnlyList<string> Controls, string Panel)
{
    /// <summary>Control percentile for thresholds.</summary>
    public double Percentile { get; init; } = 99.5;

    /// <summary>Marker → channel overrides.</summary>
    public IReadOnlyDictionary<string, string> MarkerChannels { get; init; } = new Dictionary<string, string>();

    /// <summary>Whether to compensate.</summary>
    public bool Compensate { get; init; } = true;

    /// <summary>The approved stored panel's JSON when <see cref="Panel"/> names one (kept so the analysis can be
    /// re-run).</summary>
    public string? PanelJson { get; init; }

    /// <summary>The identity engine request.</summary>
    public IdentityRequest ToRequest() => new()
    {
        Stained = Stained, Controls = Controls, Panel = PanelJson is null ? IdentityPanel.Load(Panel)
            : IdentityPanel.Parse(PanelJson, Panel),
        Percentile = Percentile,
        MarkerChannels = MarkerChannels, Compensate = Compensate,
    };
}

/// <summary>A signature request: who, re-authenticated by password, signs what and why.</summary>
/// <param name="UserName">Signer.</param>
/// <param name="Password">Password, checked at signing time.</param>
/// <param name="Disposition">Released, rejected or quarantined.</param>
/// <param name="Reason">Reason.</param>
public sealed record SignInput(string UserName, string Password, Disposition Disposition, string Reason)
{
    /// <summary>Meaning (default by disposition: "approved for release", "rejected", "placed in quarantine").</summary>
    public string? Meaning { get; init; }
}

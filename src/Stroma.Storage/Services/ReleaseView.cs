using Stroma.Manufacturing;
using Stroma.Manufacturing.Audit;
using Stroma.Manufacturing.Certificates;
using Stroma.Manufacturing.Records;
using Stroma.Manufacturing.Release;

namespace Stroma.Storage.Services;

/// <summary>A recorded result as shown.</summary>
/// <param name="Test">Test token.</param>
/// <param name="Name">Name.</param>
/// <param name="Value">Value.</param>
/// <param name="Text">Text.</param>
/// <param name="Unit">Unit.</param>
/// <param name="Method">Method.</param>
/// <param name="EnteredBy">Who entered it.</param>
/// <param name="EnteredUtc">When.</param>
/// <param name="Superseded">Replaced by a newer result.</param>
/// <param name="Inputs">Identity inputs "role:path:sha256".</param>
public sealed record ResultView(string Test, string Name, double? Value, string? Text, string Unit, string? Method,
    string EnteredBy, DateTime EnteredUtc, bool Superseded, string? Inputs)
{
    /// <summary>Database key.</summary>
    public int Id { get; init; }

    /// <summary>1 for the item's first result, n for its n-th version.</summary>
    public int Revision { get; init; } = 1;

    /// <summary>Why this version replaced the previous one.</summary>
    public string? CorrectionReason { get; init; }

    /// <summary>Specification version in force when it was judged.</summary>
    public string? Specification { get; init; }

    /// <summary>True when this result judges its item now (see <see cref="LotRelease.EffectiveResults"/>).</summary>
    public bool InForce { get; init; }

    /// <summary>True when an OOS investigation invalidated it (assignable cause).</summary>
    public bool Invalidated { get; init; }
}

/// <summary>A lot's release record with its evaluation.</summary>
public sealed record ReleaseView
{
    /// <summary>Lot code.</summary>
    public required string Lot { get; init; }
    /// <summary>Lot status token.</summary>
    public required string Status { get; init; }
    /// <summary>Specification.</summary>
    public required SpecificationView Specification { get; init; }
    /// <summary>Route token.</summary>
    public required string Route { get; init; }
    /// <summary>Planned weight.</summary>
    public double? WeightKg { get; init; }
    /// <summary>Planned cells/kg.</summary>
    public double? CellsPerKg { get; init; }
    /// <summary>Planned volume.</summary>
    public double? VolumeMl { get; init; }
    /// <summary>Evaluation.</summary>
    public required ReleaseEvaluation Evaluation { get; init; }
    /// <summary>Results including superseded ones.</summary>
    public required IReadOnlyList<ResultView> Results { get; init; }
    /// <summary>Signatures.</summary>
    public required IReadOnlyList<SignatureLine> Signatures { get; init; }
    /// <summary>Disposition token, or null while pending.</summary>
    public string? Disposition { get; init; }
    /// <summary>True when every required item passes.</summary>
    public bool Releasable => Evaluation.Releasable;
    /// <summary>True until released or rejected: results, investigations and signatures continue (also from
    /// quarantine).</summary>
    public bool AwaitsDecision { get; init; } = true;
    /// <summary>OOS investigations of the lot's results.</summary>
    public IReadOnlyList<InvestigationView> Investigations { get; init; } = [];
    /// <summary>Deviations linked to the lot.</summary>
    public IReadOnlyList<DeviationView> Deviations { get; init; } = [];
    /// <summary>What blocks release: failing or missing items, open investigations and open deviations.</summary>
    public IReadOnlyList<string> Blocking => [.. Evaluation.Blocking,
        .. Investigations.Where(i => i.IsOpen).Select(i =>
            $"OOS investigation #{i.Id} ({i.Name} {i.Observed}) is open"),
        .. Deviations.Where(d => d.IsOpen).Select(d => $"deviation #{d.Id} is open")];

    internal static ReleaseView Of(Lot lot, LotRelease release, Dictionary<string, string?> signers,
        IReadOnlyList<Deviation> deviations)
    {
        var evaluation = release.Evaluate(lot);
        // Every showing re-checks each signature against the content it signed; a mismatch replaces the disposition.
        var invalidSignatures = SignatureCheck.InvalidSignatures(release, lot);
        var inForce = release.EffectiveResults().Where(r => !r.Superseded).Select(r => r.Id).ToHashSet();
        var invalidated = release.Investigations.Where(i => i.Status == InvestigationStatus.Invalidated)
            .Select(i => i.TestResultId).ToHashSet();
        return new ReleaseView
        {
            Lot = lot.Code,
            Status = invalidSignatures.Count > 0 ? SignatureCheck.Invalid : Terms.Token(lot.Status),
            Specification = SpecificationView.Of(release.Specification!),
            Route = Terms.Token(release.Route),
            WeightKg = release.PatientWeightKg,
            CellsPerKg = release.CellsPerKg,
            VolumeMl = release.DoseVolumeMl,
            Evaluation = evaluation,
            Results = release.Results.OrderBy(r => r.EnteredUtc).ThenBy(r => r.Id)
                .Select(r => new ResultView(Terms.Token(r.Test), r.Name, r.Value, r.Text, r.Unit, r.Method,
                r.EnteredBy, r.EnteredUtc, r.Superseded, r.InputSha256)
            {
                Id = r.Id, Revision = r.Revision, CorrectionReason = r.CorrectionReason,
                    Specification = r.Specification, InForce = inForce.Contains(r.Id),
                Invalidated = invalidated.Contains(r.Id),
            }).ToArray(),
            Investigations = release.Investigations.OrderBy(i => i.Id).Select(i => InvestigationView.Of(i, lot.Code))
                .ToArray(),
            Deviations = deviations.Select(DeviationView.Of).ToArray(),
            AwaitsDecision = !release.IsFinal,
            Signatures = release.Signatures.OrderBy(s => s.SignedUtc)
                .Select(s => new SignatureLine(s.UserName, signers.GetValueOrDefault(s.UserName), s.Role, s.Meaning,
                s.Reason,
                Terms.Token(s.Disposition), s.SignedUtc, s.ManifestSha256)
                {
                    ContentMatches = !invalidSignatures.Contains(s.Id), Specification = s.Specification,
                }).ToArray(),
            Disposition = invalidSignatures.Count > 0 ? SignatureCheck.Invalid : release.Disposition is { } d
                ? Terms.Token(d) : null,
        };
    }
}

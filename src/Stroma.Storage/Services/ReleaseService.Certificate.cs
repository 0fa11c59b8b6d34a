using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Stroma.Identity;
using Stroma.Identity.Analysis;
using Stroma.Identity.Panels;
using Stroma.Manufacturing;
using Stroma.Manufacturing.Audit;
using Stroma.Manufacturing.Certificates;
using Stroma.Manufacturing.Culture;
using Stroma.Manufacturing.Records;
using Stroma.Manufacturing.Release;

namespace Stroma.Storage.Services;

// What a certificate of analysis prints, gathered from the release, the lot, the audit chain and a re-run identity
// analysis.
public sealed partial class ReleaseService
{
    /// <summary>Everything the certificate of analysis prints (re-running the identity analysis for plots when its
    /// inputs are unchanged).</summary>
    public async Task<CertificateData> CertificateAsync(string lotCode, CancellationToken cancellationToken = default)
    {
        var view = await GetAsync(lotCode, cancellationToken).ConfigureAwait(false);
        var lot = await new LotService(_db) { Limits = Limits }.GetAsync(lotCode, cancellationToken)
            .ConfigureAwait(false);
        var audit = await new AuditService(_db).VerifyAsync(cancellationToken).ConfigureAwait(false);
        var identityRow = await _db.TestResults.AsNoTracking()
            .Where(r => r.Test == ReleaseTest.Identity && !r.Superseded
                && _db.Releases.Any(x => x.Id == r.ReleaseId && x.Lot!.Code == lotCode))
            .OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        IdentityResult? stored = null, rerun = null;
        string? note = null;
        if (identityRow?.IdentityJson is { } json)
        {
            stored = SpecificationEvaluator.ParseIdentity(json);
            (rerun, note) = Reanalyse(identityRow, stored);
        }
        var lotRecord = await _db.Lots.AsNoTracking().Include(l => l.Priming)
            .SingleAsync(l => l.Code == lotCode, cancellationToken).ConfigureAwait(false);
        return new CertificateData
        {
            Lot = lot.Code,
            Kind = Terms.Label(Terms.Parse<LotKind>(lot.Kind, "kind")),
            Label = lot.Label,
            Din = lot.Din is null ? null : Manufacturing.Isbt128.DonationIdentificationNumber.Parse(lot.Din).Formatted,
            Donor = lot.Donor,
            Source = Terms.Label(Terms.Parse<TissueSource>(lot.Source, "source")),
            Isolation = Terms.Label(Terms.Parse<IsolationMethod>(lot.Isolation, "isolation")),
            Lineage = lot.Lineage.Select(l => new LineageLine(l.Code, Terms.Label(Terms.Parse<LotKind>(l.Kind, "kind")),
                l.CumulativePd)).ToArray(),
            CumulativePd = lot.CumulativePd,
            Passages = lot.Passages.Count,
            Priming = lotRecord.Priming.OrderBy(p => p.Date).Select(p => string.Create(CultureInfo.InvariantCulture,
                $"{Terms.Label(p.Agent)}{(p.Detail is null ? "" : $" ({p.Detail})")}" +
                $"{(p.Dose is { } d ? $" {d:0.###} {p.DoseUnit}" : "")} for {p.DurationHours:0.##} h " +
                $"from {p.Date:yyyy-MM-dd}")).ToArray(),
            Specification = $"{view.Specification.InForce} — {view.Specification.Title}",
            Route = Terms.Label(Terms.Parse<AdministrationRoute>(view.Route, "route")),
            Evaluation = view.Evaluation,
            Identity = stored,
            IdentityReanalysed = rerun,
            IdentityNote = note,
            IdentityInputs = stored?.Inputs ?? [],
            Signatures = view.Signatures,
            QualityEvents = QualityEvents(view),
            Disposition = view.Disposition,
            AuditSequence = audit.LastSequence,
            AuditHash = audit.LastHash,
            AuditIntact = audit.Intact,
            GeneratedUtc = DateTime.UtcNow,
        };
    }

    private static QualityEventLine[] QualityEvents(ReleaseView view) =>
    [
        .. view.Investigations.Select(i => new QualityEventLine($"OOS investigation #{i.Id}",
            $"{i.Name} {i.Observed} (criterion {i.Criterion}, {i.Specification})",
            i.Status, i.AssignableCause is null ? i.Conclusion
                : $"assignable cause: {i.AssignableCause}; {i.Conclusion}", Closed(i.ClosedBy, i.ClosedUtc))),
        .. view.Deviations.Select(d => new QualityEventLine($"deviation #{d.Id}",
            $"{d.Description} (impact: {d.Impact})", d.Status,
            d.Conclusion is null ? d.Capa : $"{d.Conclusion}; CAPA: {d.Capa}", Closed(d.ClosedBy, d.ClosedUtc))),
    ];

    private static string? Closed(string? by, DateTime? utc) =>
        by is null ? null : $"{by} {utc?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}";

    private static (IdentityResult? Result, string? Note) Reanalyse(TestResult row, IdentityResult? stored)
    {
        if (stored is null) return (null, "The stored identity result could not be read; only its verdict is shown.");
        if (row.IdentityRequestJson is null) return (null,
            "Stored numbers shown: the analysis request was not stored.");
        var request = JsonSerializer.Deserialize<IdentityInput>(row.IdentityRequestJson, Json);
        if (request is null) return (null, "Stored numbers shown: the analysis request could not be read.");
        foreach (var input in stored.Inputs)
        {
            if (!File.Exists(input.Path)) return (null,
                $"Stored numbers shown: input file {input.Path} is no longer available, " +
                "so plots cannot be re-computed.");
            using var stream = File.OpenRead(input.Path);
            if (Convert.ToHexStringLower(SHA256.HashData(stream)) != input.Sha256)
                return (null, $"Stored numbers shown: input file {input.Path} has changed since the analysis " +
                    $"(SHA-256 differs).");
        }
        try
        {
            return (IdentityAnalyzer.Analyze(request.ToRequest()), null);
        }
        catch (IdentityException ex)
        {
            return (null, $"Stored numbers shown: re-analysis failed ({ex.Message}).");
        }
    }
}

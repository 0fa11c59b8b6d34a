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

/// <summary>Release specifications, results, e-signatures and certificates of analysis.</summary>
public sealed partial class ReleaseService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly StromaDbContext _db;
    private readonly UserService _users;

    /// <summary>Creates the service over a context.</summary>
    public ReleaseService(StromaDbContext db)
    {
        _db = db;
        _users = new UserService(db);
    }

    /// <summary>Senescence limits for warnings in certificates.</summary>
    public SenescenceLimits Limits { get; set; } = SenescenceLimits.Default;

    /// <summary>Stores a specification as a new draft version (an identical one already stored is returned
    /// instead).</summary>
    public Task<SpecificationView> ImportSpecificationAsync(SpecificationDefinition definition, string actor,
        CancellationToken cancellationToken = default) =>
        new SpecificationService(_db).DraftAsync(definition, actor, cancellationToken);

    /// <summary>Assigns a specification and planned use to a lot (which enters quarantine awaiting release).</summary>
    public async Task<ReleaseView> AssignAsync(string lotCode, SpecificationAssignment assignment, string actor,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        assignment.Definition?.ToRecord();
        await _db.WriteAsync(actor, null, async ct =>
        {
            var lot = await _db.Lots.Include(l => l.Passages).SingleOrDefaultAsync(l => l.Code == lotCode, ct)
                .ConfigureAwait(false)
                      ?? throw new RecordNotFoundException("lot", lotCode);
            var spec = assignment.Definition is not null ? await new SpecificationService(_db)
                .ApprovedForAssignmentAsync(assignment.Definition, ct).ConfigureAwait(false)
                : await new SpecificationService(_db).InForceAsync(assignment.Specification, ct).ConfigureAwait(false);
            var release = await _db.Releases.Include(r => r.Results).SingleOrDefaultAsync(r => r.LotId == lot.Id, ct)
                .ConfigureAwait(false);
            if (release is null)
            {
                release = new LotRelease { LotId = lot.Id };
                _db.Releases.Add(release);
            }
            release.Assign(lot, spec, assignment.Route, assignment.WeightKg, assignment.CellsPerKg, assignment.VolumeMl,
                assignment.InfusionHours);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
        return await GetAsync(lotCode, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records a result (refused when the specification has no such test, or the value or unit does not fit
    /// it).</summary>
    public async Task<ReleaseView> RecordResultAsync(string lotCode, ResultInput input, string actor,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        LotRelease.EnsureEnteredByHand(input.Test);
        var user = await _users.RequireWriterAsync(actor, "Entering results", cancellationToken).ConfigureAwait(false);
        await _db.WriteAsync(user.UserName, input.Reason?.Trim(), async ct =>
        {
            var (lot, release) = await LoadAsync(lotCode, ct, tracking: true).ConfigureAwait(false);
            var item = SpecificationEvaluator.CheckResult(release.Specification!, input.Test, input.Name, input.Value,
                input.Text, input.Unit);
            Add(lot, release, new TestResult
            {
                Test = item.Test, Name = item.Name, Value = input.Value,
                    Text = string.IsNullOrWhiteSpace(input.Text) ? null : input.Text.Trim(),
                Unit = item.Unit, Method = input.Method, EnteredBy = user.UserName,
                    EnteredUtc = AuditChain.Normalize(DateTime.UtcNow),
                CorrectionReason = input.Reason,
            });
            return 0;
        }, cancellationToken).ConfigureAwait(false);
        return await GetAsync(lotCode, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs the identity engine on the given files and records its result JSON, verdict and input
    /// SHA-256s.</summary>
    public async Task<(ReleaseView Release, IdentityResult Identity)> RecordIdentityAsync(string lotCode,
        IdentityInput input, string actor,
        CancellationToken cancellationToken = default, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var user = await _users.RequireWriterAsync(actor, "Entering results", cancellationToken).ConfigureAwait(false);
        // Only a built-in or QA-approved panel version judges a release result (change control, EU GMP Annex 11 §10).
        var panelInForce = await new SpecificationService(_db).PanelInForceAsync(input.Panel, cancellationToken)
            .ConfigureAwait(false);
        var full = input with
        {
            Stained = input.Stained.Select(Path.GetFullPath).ToArray(),
                Controls = input.Controls.Select(Path.GetFullPath).ToArray(),
            Panel = panelInForce.Id, PanelJson = panelInForce.Json,
        };
        IdentityResult result;
        try
        {
            result = IdentityAnalyzer.Analyze(full.ToRequest());
        }
        catch (IdentityException ex)
        {
            throw new ManufacturingException($"Identity analysis failed: {ex.Message}", ex) { Subject = lotCode };
        }
        await _db.WriteAsync(user.UserName, reason?.Trim(), async ct =>
        {
            var (lot, release) = await LoadAsync(lotCode, ct, tracking: true).ConfigureAwait(false);
            var item = release.IdentityItem(lot, result.Panel);
            Add(lot, release, new TestResult
            {
                Test = ReleaseTest.Identity, Name = item.Name, Text = result.Verdict.ToString().ToLowerInvariant(),
                    Unit = "",
                Method = $"Stroma.Identity {panelInForce.Reference}", EnteredBy = user.UserName,
                EnteredUtc = AuditChain.Normalize(DateTime.UtcNow), CorrectionReason = reason,
                IdentityJson = JsonSerializer.Serialize(result, IdentityBatch.Json),
                IdentityRequestJson = JsonSerializer.Serialize(full, Json),
                InputSha256 = string.Join('\n', result.Inputs.Select(i => $"{i.Role}:{i.Path}:{i.Sha256}")),
            });
            return 0;
        }, cancellationToken).ConfigureAwait(false);
        return (await GetAsync(lotCode, cancellationToken).ConfigureAwait(false), result);
    }

    /// <summary>
    /// Signs a disposition: the signer is re-authenticated by password, must hold the QA role and must not have entered
    /// any of the lot's results (four-eyes); "released" needs every required item to pass.
    /// </summary>
    public async Task<ReleaseView> SignAsync(string lotCode, SignInput input,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (string.IsNullOrWhiteSpace(input.Reason)) throw new ManufacturingException("A signature needs a reason.");
        var user = await _users.AuthenticateAsync(input.UserName, input.Password, cancellationToken)
            .ConfigureAwait(false);
        var signer = Signer.WithRoles(user.UserName, user.Roles);
        await _db.WriteAsync(user.UserName, input.Reason.Trim(), async ct =>
        {
            var (lot, release) = await LoadAsync(lotCode, ct, tracking: true).ConfigureAwait(false);
            var deviations = await LotDeviationsAsync(lot.Id, tracking: false, ct).ConfigureAwait(false);
            release.Sign(lot, signer, input.Disposition, input.Meaning, input.Reason,
                AuditChain.Normalize(DateTime.UtcNow), deviations);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
        return await GetAsync(lotCode, cancellationToken).ConfigureAwait(false);
    }

    private void Add(Lot lot, LotRelease release, TestResult result)
    {
        release.AddResult(lot, result);
        _db.Entry(release).Property(r => r.Version).IsModified = true;
    }

    private async Task<(Lot Lot, LotRelease Release)> LoadAsync(string lotCode, CancellationToken ct,
        bool tracking = false)
    {
        var (lot, release) = await TryLoadAsync(lotCode, ct, tracking).ConfigureAwait(false);
        if (lot is null) throw new RecordNotFoundException("lot", lotCode);
        return (lot, release
                     ?? throw new ManufacturingException($"Lot {lot.Code} has no release specification yet; assign " +
                         $"one first: stroma release spec {lot.Code} --route ROUTE --weight KG --dose VALUE.")
                         { Subject = lot.Code });
    }
}

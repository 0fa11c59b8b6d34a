using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Stroma.Identity;
using Stroma.Identity.Panels;
using Stroma.Manufacturing;
using Stroma.Manufacturing.Audit;
using Stroma.Manufacturing.Records;
using Stroma.Manufacturing.Release;

namespace Stroma.Storage.Services;

/// <summary>A stored identity panel version.</summary>
/// <param name="Code">Panel id.</param>
/// <param name="Version">Version.</param>
/// <param name="Status">"draft" or "approved".</param>
/// <param name="Sha256">SHA-256 of the panel JSON.</param>
/// <param name="DraftedBy">Author.</param>
/// <param name="CreatedUtc">When drafted.</param>
/// <param name="ApprovedBy">QA approver.</param>
/// <param name="ApprovedUtc">When approved.</param>
public sealed record PanelView(string Code, int Version, string Status, string Sha256, string DraftedBy,
    DateTime CreatedUtc, string? ApprovedBy,
    DateTime? ApprovedUtc)
{
    internal static PanelView Of(IdentityPanelVersion p) =>
        new(p.Code, p.PanelVersion, p.Status.ToString().ToLowerInvariant(), p.ContentSha256,
        p.DraftedBy, p.CreatedUtc, p.ApprovedBy, p.ApprovedUtc);
}

/// <summary>The identity panel a release result is judged with, resolved under change control.</summary>
/// <param name="Id">Panel id the engine reports.</param>
/// <param name="Json">The approved version's JSON (null for a built-in panel).</param>
/// <param name="Reference">"isct-2006 (built-in)" or "site-panel v2 (approved by quentin)".</param>
public sealed record PanelInForce(string Id, string? Json, string Reference);

/// <summary>
/// Change control of specifications and identity panels: drafting a new version (a writer), QA approval with an
/// e-signature, and resolving the version in force. Built-in codes are reserved and never drafted by users.
/// </summary>
public sealed class SpecificationService(StromaDbContext db)
{
    private readonly UserService _users = new(db);

    /// <summary>Stores a specification as a new draft version (an identical stored version is returned
    /// instead).</summary>
    public async Task<SpecificationView> DraftAsync(SpecificationDefinition definition, string actor,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        definition.EnsureNotReserved();
        definition.ToRecord();
        var user = await _users.RequireWriterAsync(actor, "Drafting a specification", cancellationToken)
            .ConfigureAwait(false);
        return await db.WriteAsync(user.UserName, $"specification {definition.Code} drafted", async ct =>
            SpecificationView.Of(await StoreAsync(db, definition, user.UserName, ct).ConfigureAwait(false)),
                cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Approves a draft specification version ("code@N") with the QA signer's e-signature.</summary>
    public async Task<SpecificationView> ApproveAsync(string reference, ESignature signature,
        CancellationToken cancellationToken = default)
    {
        var signer = await Signers.AuthenticateAsync(_users, signature, cancellationToken).ConfigureAwait(false);
        var (code, version) = ParseReference(reference, "Specification");
        return await db.WriteAsync(signer.UserName, signature.Reason.Trim(), async ct =>
        {
            var query = db.Specifications.Include(s => s.Items).Where(s => s.Code == code);
            var spec = version is { } v ? await query.SingleOrDefaultAsync(s => s.SpecVersion == v, ct)
                .ConfigureAwait(false)
                : await query.OrderByDescending(s => s.SpecVersion).FirstOrDefaultAsync(ct).ConfigureAwait(false);
            if (spec is null) throw new RecordNotFoundException("specification", reference);
            spec.Approve(signer, signature.Reason, AuditChain.Normalize(DateTime.UtcNow));
            return SpecificationView.Of(spec);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores an identity panel file's JSON as a new draft version; built-in panel ids are reserved.</summary>
    public async Task<PanelView> DraftPanelAsync(string json, string source, string actor,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(json);
        IdentityPanel panel;
        try
        {
            panel = IdentityPanel.Parse(json, source);
        }
        catch (IdentityException ex)
        {
            throw new ManufacturingException($"Identity panel {source} is not valid: {ex.Message}", ex)
                { Subject = source };
        }
        if (IdentityPanel.BuiltIn.Contains(panel.Id, StringComparer.OrdinalIgnoreCase))
            throw new ManufacturingException($"Identity panel id '{panel.Id}' is reserved for the built-in panel; " +
                $"give your panel its own id " +
                                             $"(e.g. site-{panel.Id}).") { Subject = panel.Id };
        var user = await _users.RequireWriterAsync(actor, "Drafting an identity panel", cancellationToken)
            .ConfigureAwait(false);
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
        return await db.WriteAsync(user.UserName, $"identity panel {panel.Id} drafted", async ct =>
        {
            var existing = await db.Set<IdentityPanelVersion>().Where(p => p.Code == panel.Id).ToListAsync(ct)
                .ConfigureAwait(false);
            if (existing.FirstOrDefault(p => p.ContentSha256 == sha) is { } same) return PanelView.Of(same);
            var row = new IdentityPanelVersion
            {
                Code = panel.Id, PanelVersion = existing.Count == 0 ? 1 : existing.Max(p => p.PanelVersion) + 1,
                    Json = json, ContentSha256 = sha,
                Status = DocumentStatus.Draft, DraftedBy = user.UserName, CreatedUtc = DateTime.UtcNow,
            };
            db.Set<IdentityPanelVersion>().Add(row);
            return PanelView.Of(row);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Approves a draft identity panel version ("id@N", or the latest) with the QA signer's
    /// e-signature.</summary>
    public async Task<PanelView> ApprovePanelAsync(string reference, ESignature signature,
        CancellationToken cancellationToken = default)
    {
        var signer = await Signers.AuthenticateAsync(_users, signature, cancellationToken).ConfigureAwait(false);
        var (code, version) = ParseReference(reference, "Identity panel");
        return await db.WriteAsync(signer.UserName, signature.Reason.Trim(), async ct =>
        {
            var query = db.Set<IdentityPanelVersion>().Where(p => p.Code == code);
            var panel = version is { } v ? await query.SingleOrDefaultAsync(p => p.PanelVersion == v, ct)
                .ConfigureAwait(false)
                : await query.OrderByDescending(p => p.PanelVersion).FirstOrDefaultAsync(ct).ConfigureAwait(false);
            if (panel is null) throw new RecordNotFoundException("identity panel", reference);
            panel.Approve(signer, signature.Reason, AuditChain.Normalize(DateTime.UtcNow));
            return PanelView.Of(panel);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every stored identity panel version.</summary>
    public async Task<IReadOnlyList<PanelView>> ListPanelsAsync(CancellationToken cancellationToken = default) =>
        (await db.Set<IdentityPanelVersion>().AsNoTracking().OrderBy(p => p.Code).ThenBy(p => p.PanelVersion)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false)).Select(PanelView.Of).ToArray();

    /// <summary>
    /// The panel a release result may be judged with: a built-in id, or an approved stored version ("id" = latest
    /// approved, "id@N"). A panel file, or a draft, is refused: what decides a release is under change control.
    /// </summary>
    public async Task<PanelInForce> PanelInForceAsync(string reference, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        var builtIn = IdentityPanel.BuiltIn.FirstOrDefault(b =>
            string.Equals(b, reference.Trim(), StringComparison.OrdinalIgnoreCase));
        if (builtIn is not null) return new PanelInForce(builtIn, null, $"{builtIn} (built-in)");
        if (File.Exists(reference))
            throw new ManufacturingException($"Identity panel file {reference} is not under change control: draft it " +
                $"(stroma release panel --file " +
                                             $"{reference}) and have QA approve it, then give its id.")
                                                 { Subject = reference };
        var (code, version) = ParseReference(reference, "Identity panel");
        var query = db.Set<IdentityPanelVersion>().AsNoTracking().Where(p => p.Code == code);
        var panel = version is { } v ? await query.SingleOrDefaultAsync(p => p.PanelVersion == v, cancellationToken)
            .ConfigureAwait(false)
            : await query.Where(p => p.Status == DocumentStatus.Approved).OrderByDescending(p => p.PanelVersion)
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (panel is null)
            throw new ManufacturingException($"Identity panel '{reference}' is neither built-in " +
                $"({string.Join(", ", IdentityPanel.BuiltIn)}) nor an " +
                                             "approved stored version.") { Subject = reference };
        if (panel.Status != DocumentStatus.Approved)
            throw new ReleaseRefusedException($"Identity panel {panel.Reference} is a draft: QA must approve it " +
                $"before it can judge a release result.")
                { Subject = reference };
        return new PanelInForce(panel.Code, panel.Json, $"{panel.Reference} (approved by {panel.ApprovedBy})");
    }

    internal static (string Code, int? Version) ParseReference(string? reference, string what)
    {
        var text = (reference ?? "").Trim();
        if (text.Length == 0) throw new ManufacturingException($"{what} reference is required (CODE or CODE@VERSION).");
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at < 0) return (text, null);
        return int.TryParse(text[(at + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? (text[..at], n)
            : throw new ManufacturingException($"{what} reference '{reference}' must be CODE or CODE@VERSION.");
    }

    // The built-in default ships with Stroma; it is in force as released with the software (its content is fixed and
    // its
    // code reserved, so no user version can take its place).
    internal static void MarkBuiltIn(ReleaseSpecification record)
    {
        record.DraftedBy = "system";
        record.Status = DocumentStatus.Approved;
        record.ApprovedBy = "system";
        record.ApprovedUtc = record.CreatedUtc;
        record.ApprovalReason = "built-in specification shipped with Stroma";
    }

    /// <summary>Stores a definition as a new version, or returns the identical stored one.</summary>
    internal static async Task<ReleaseSpecification> StoreAsync(StromaDbContext db, SpecificationDefinition definition,
        string draftedBy,
        CancellationToken ct, bool builtIn = false)
    {
        var record = definition.ToRecord();
        var existing = await db.Specifications.Include(s => s.Items).Where(s => s.Code == record.Code).ToListAsync(ct)
            .ConfigureAwait(false);
        var same = existing.FirstOrDefault(s => s.ContentSha256 == record.ContentSha256
            && (definition.Version is null || s.SpecVersion == definition.Version));
        if (same is not null) return same;
        if (definition.Version is { } v && existing.Any(s => s.SpecVersion == v))
            throw new ManufacturingException($"Specification {record.Code} v{v} is already stored with different " +
                $"content; stored versions never " +
                                             "change — give the new content a new version.") { Subject = record.Code };
        record.SpecVersion = definition.Version ?? (existing.Count == 0 ? 1 : existing.Max(s => s.SpecVersion) + 1);
        record.CreatedUtc = DateTime.UtcNow;
        record.DraftedBy = draftedBy;
        if (builtIn) MarkBuiltIn(record);
        db.Specifications.Add(record);
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        return record;
    }

    // A definition given with an assignment is used only when a stored version with that content is approved.
    internal async Task<ReleaseSpecification> ApprovedForAssignmentAsync(SpecificationDefinition definition,
        CancellationToken ct)
    {
        var record = definition.ToRecord();
        if (SpecificationDefinition.ReservedCodes.Contains(record.Code, StringComparer.OrdinalIgnoreCase)
            && record.ContentSha256 == SpecificationDefinition.Default.ContentHash())
            return await InForceAsync(record.Code, ct).ConfigureAwait(false);
        definition.EnsureNotReserved();
        var stored = await db.Specifications.Include(s => s.Items)
            .Where(s => s.Code == record.Code && s.ContentSha256 == record.ContentSha256)
            .OrderByDescending(s => s.SpecVersion).ToListAsync(ct).ConfigureAwait(false);
        return stored.FirstOrDefault(s => s.Status == DocumentStatus.Approved)
               ?? throw new ReleaseRefusedException(stored.Count == 0
                   ? $"Specification {record.Code} with this content is not stored: draft it (stroma release spec " +
                       $"--file) and have QA approve it."
                   : $"Specification {stored[0].Reference} is a draft: QA must approve it before it can be used.")
                       { Subject = record.Code };
    }

    internal async Task<ReleaseSpecification> InForceAsync(string? reference, CancellationToken ct)
    {
        var text = string.IsNullOrWhiteSpace(reference) ? SpecificationDefinition.Default.Code : reference.Trim();
        var at = text.IndexOf('@', StringComparison.Ordinal);
        var code = at < 0 ? text : text[..at];
        int? version = at < 0 ? null
            : int.TryParse(text[(at + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
            : throw new ManufacturingException($"Specification reference '{reference}' must be CODE or CODE@VERSION.");
        var query = db.Specifications.Include(s => s.Items).Where(s => s.Code == code);
        // A bare code means the latest version in force (approved); CODE@N names one version, which must be approved to
        // be used.
        var builtInHash = SpecificationDefinition.Default.ContentHash();
        // A built-in version stored before change control existed is the shipped content: it is put in force here,
        // through the audited write, never by a silent migration.
        var legacy = SpecificationDefinition.ReservedCodes.Contains(code, StringComparer.OrdinalIgnoreCase)
            ? await query.Where(s => s.Status == DocumentStatus.Draft && s.ContentSha256 == builtInHash
                && s.DraftedBy == "").ToListAsync(ct)
                .ConfigureAwait(false)
            : [];
        foreach (var row in legacy) MarkBuiltIn(row);
        if (legacy.Count > 0) await db.SaveChangesAsync(ct).ConfigureAwait(false);
        var spec = version is { } v ? await query.SingleOrDefaultAsync(s => s.SpecVersion == v, ct)
            .ConfigureAwait(false)
            : await query.Where(s => s.Status == DocumentStatus.Approved).OrderByDescending(s => s.SpecVersion)
                .FirstOrDefaultAsync(ct).ConfigureAwait(false);
        if (spec is null && code == SpecificationDefinition.Default.Code
            && (version is null || version == SpecificationDefinition.Default.Version))
            spec = await StoreAsync(db, SpecificationDefinition.Default, "system", ct, builtIn: true)
                .ConfigureAwait(false);
        return spec ?? throw new RecordNotFoundException("specification", text);
    }
}

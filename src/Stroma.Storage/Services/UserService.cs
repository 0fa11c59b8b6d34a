using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Stroma.Manufacturing;

namespace Stroma.Storage.Services;

/// <summary>A user as shown to people (no secrets).</summary>
/// <param name="UserName">User name.</param>
/// <param name="FullName">Full name.</param>
/// <param name="Roles">Roles.</param>
/// <param name="CreatedUtc">When created.</param>
public sealed record UserInfo(string UserName, string? FullName, IReadOnlyList<string> Roles, DateTime CreatedUtc)
{
    /// <summary>Disabled by an Admin.</summary>
    public bool Disabled { get; init; }

    /// <summary>Locked out after failed password entries until this time (UTC), when locked.</summary>
    public DateTime? LockedUntilUtc { get; init; }
}

/// <summary>
/// Users and roles in the ASP.NET Core Identity tables (same normalisation, security stamps and password hashes
/// as Identity's UserManager, so the web app signs in the same people). No user or password exists by default.
/// </summary>
public sealed class UserService
{
    /// <summary>Shortest password accepted.</summary>
    public const int MinimumPasswordLength = 10;

    /// <summary>Failed password entries (sign-in or e-signature) that lock an account (Identity's default
    /// policy).</summary>
    public const int MaxFailedAttempts = 5;

    /// <summary>How long a locked account stays locked.</summary>
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    // A hash to verify against when the user does not exist, so the answer takes as long as for a wrong password.
    private static readonly Lazy<string> DummyHash = new(() =>
        new PasswordHasher<StromaUser>().HashPassword(new StromaUser(), Guid.NewGuid().ToString("N")));

    private readonly StromaDbContext _db;
    private readonly PasswordHasher<StromaUser> _hasher = new();

    /// <summary>Creates the service over a context.</summary>
    public UserService(StromaDbContext db) => _db = db;

    /// <summary>Adds a user with one role and a password (hashed by Identity's password hasher).</summary>
    public async Task<UserInfo> AddAsync(string userName, string role, string password, string actor,
        string? fullName = null, CancellationToken cancellationToken = default)
    {
        var name = (userName ?? "").Trim();
        if (name.Length is 0 or > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@'))
            throw new ManufacturingException($"User name '{userName}' must be 1–64 letters, digits, '.', '-', '_' or " +
                $"'@'.") { Subject = userName };
        var canonicalRole = StromaRoles.Normalize(role)
            ?? throw new ManufacturingException($"Role '{role}' is not one of: {string.Join(", ", StromaRoles.All)}.");
        CheckPassword(name, password);
        return await _db.WriteAsync(actor, $"user {name} added with role {canonicalRole}", async ct =>
        {
            var normalized = name.ToUpperInvariant();
            if (await _db.Users.AnyAsync(u => u.NormalizedUserName == normalized, ct).ConfigureAwait(false))
                throw new ManufacturingException($"User '{name}' already exists.") { Subject = name };
            var user = new StromaUser
            {
                Id = Guid.NewGuid().ToString(),
                UserName = name,
                NormalizedUserName = normalized,
                FullName = fullName,
                SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant(),
                // Repeated failed sign-ins lock the account (the web app's lockout policy applies to every user).
                LockoutEnabled = true,
                ConcurrencyStamp = Guid.NewGuid().ToString(),
                CreatedUtc = DateTime.UtcNow,
            };
            user.PasswordHash = _hasher.HashPassword(user, password);
            var roleRow = await _db.Roles.SingleAsync(r => r.Name == canonicalRole, ct).ConfigureAwait(false);
            _db.Users.Add(user);
            _db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roleRow.Id });
            return new UserInfo(name, fullName, [canonicalRole], user.CreatedUtc);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>All users with their roles.</summary>
    public async Task<IReadOnlyList<UserInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        var users = await _db.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        var roles = await (from ur in _db.UserRoles join r in _db.Roles on ur.RoleId equals r.Id select new { ur.UserId,
            r.Name })
            .AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        return users.Select(u => Info(u, roles.Where(r => r.UserId == u.Id).Select(r => r.Name!)
            .Order(StringComparer.Ordinal).ToArray())).ToArray();
    }

    /// <summary>A user, or null.</summary>
    public async Task<UserInfo?> FindAsync(string userName, CancellationToken cancellationToken = default)
    {
        var normalized = (userName ?? "").Trim().ToUpperInvariant();
        var user = await _db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedUserName == normalized,
            cancellationToken).ConfigureAwait(false);
        if (user is null) return null;
        var roles = await (from ur in _db.UserRoles join r in _db.Roles on ur.RoleId equals r.Id where ur.UserId ==
            user.Id select r.Name)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return Info(user, roles.Select(r => r!).ToArray());
    }

    private static UserInfo Info(StromaUser u, string[] roles) => new(u.UserName!, u.FullName, roles, u.CreatedUtc)
    {
        Disabled = u.Disabled,
        LockedUntilUtc = u.LockoutEnd is { } end && end > DateTimeOffset.UtcNow ? end.UtcDateTime : null,
    };

    /// <summary>A registered, active user holding a role that may write records (Operator, QA, Admin).</summary>
    public async Task<UserInfo> RequireWriterAsync(string userName, string purpose,
        CancellationToken cancellationToken = default)
    {
        var user = await FindAsync(userName, cancellationToken).ConfigureAwait(false)
                   ?? throw new ManufacturingException($"{purpose} must be done by a registered user; '{userName}' " +
                       $"is not one (an Admin adds users with: stroma user add NAME --role Operator --password-stdin).")
                       { Subject = userName };
        if (user.Disabled)
            throw new ManufacturingException($"User '{user.UserName}' is disabled and may not write records.")
                { Subject = userName };
        if (!user.Roles.Any(r => StromaRoles.Writers.Contains(r, StringComparer.Ordinal)))
            throw new ManufacturingException($"User '{user.UserName}' ({string.Join(", ", user.Roles)}) may not " +
                $"write records; {purpose} needs the Operator, QA or Admin role.") { Subject = userName };
        return user;
    }

    /// <summary>
    /// Re-authenticates a user by user name and password — both components of the signature, at every signing
    /// (21 CFR 11.200(a)(1)) — the check an e-signature and a CLI write make. Failed entries are counted
    /// and audited, and lock the account after <see cref="MaxFailedAttempts"/> (21 CFR 11.300(d): attempts at
    /// unauthorized use are detected and reported; EU GMP Annex 11 §12.1). One message for every refusal — unknown
    /// user, wrong password, locked or disabled account — so it reveals nothing about which names exist.
    /// </summary>
    public async Task<UserInfo> AuthenticateAsync(string userName, string password,
        CancellationToken cancellationToken = default)
    {
        var normalized = (userName ?? "").Trim().ToUpperInvariant();
        var user = await _db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedUserName == normalized,
            cancellationToken).ConfigureAwait(false);
        var refused = new ReleaseRefusedException($"Re-authentication failed for '{userName}': user name or password " +
            $"not accepted, or the account is locked.") { Subject = userName };
        if (user?.PasswordHash is null)
        {
            _hasher.VerifyHashedPassword(new StromaUser(), DummyHash.Value, password ?? "");
            throw refused;
        }
        var locked = user.LockoutEnd is { } end && end > DateTimeOffset.UtcNow;
        var ok = _hasher.VerifyHashedPassword(user, user.PasswordHash,
            password ?? "") != PasswordVerificationResult.Failed;
        if (locked || user.Disabled) throw refused;
        if (!ok)
        {
            await _db.WriteAsync(user.UserName!, "failed password entry", async ct =>
            {
                var row = await _db.Users.SingleAsync(u => u.Id == user.Id, ct).ConfigureAwait(false);
                row.AccessFailedCount++;
                if (row.AccessFailedCount >= MaxFailedAttempts)
                {
                    row.LockoutEnd = DateTimeOffset.UtcNow + LockoutDuration;
                    row.AccessFailedCount = 0;
                    _db.Reason = $"account locked after {MaxFailedAttempts} failed password entries";
                }
                return 0;
            }, cancellationToken).ConfigureAwait(false);
            throw refused;
        }
        if (user.AccessFailedCount > 0)
        {
            await _db.WriteAsync(user.UserName!, "password accepted: failed-entry count reset", async ct =>
            {
                (await _db.Users.SingleAsync(u => u.Id == user.Id, ct).ConfigureAwait(false)).AccessFailedCount = 0;
                return 0;
            }, cancellationToken).ConfigureAwait(false);
        }
        return (await FindAsync(user.UserName!, cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>True when no user exists yet (the first Admin may then be created without signing in).</summary>
    public async Task<bool> IsEmptyAsync(CancellationToken cancellationToken = default) =>
        !await _db.Users.AnyAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>An active user holding the Admin role (user management is theirs alone).</summary>
    public async Task<UserInfo> RequireAdminAsync(string userName, CancellationToken cancellationToken = default)
    {
        var user = await FindAsync(userName, cancellationToken).ConfigureAwait(false);
        if (user is null || user.Disabled || !user.Roles.Contains(StromaRoles.Admin, StringComparer.Ordinal))
            throw new ManufacturingException($"User management needs an active Admin; '{userName}' is not one.")
                { Subject = userName };
        return user;
    }

    /// <summary>
    /// Adds a user on behalf of <paramref name="admin"/> (an active Admin), or — when no user exists yet — the first
    /// Admin (the bootstrap, recorded as done by "bootstrap").
    /// </summary>
    public async Task<UserInfo> AddAsAdminAsync(string admin, string userName, string role, string password,
        string? fullName = null,
        CancellationToken cancellationToken = default)
    {
        if (await IsEmptyAsync(cancellationToken).ConfigureAwait(false))
        {
            if (StromaRoles.Normalize(role) != StromaRoles.Admin)
                throw new ManufacturingException("No users exist yet: the first user must be an Admin (--role " +
                    "Admin), who then adds the others.") { Subject = userName };
            return await AddAsync(userName, StromaRoles.Admin, password, "bootstrap", fullName, cancellationToken)
                .ConfigureAwait(false);
        }
        var by = await RequireAdminAsync(admin, cancellationToken).ConfigureAwait(false);
        return await AddAsync(userName, role, password, by.UserName, fullName, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Disables or re-enables a user (Admin only; nobody disables themselves). Disabled users keep their
    /// history.</summary>
    public Task<UserInfo> SetDisabledAsync(string admin, string userName, bool disabled,
        CancellationToken cancellationToken = default) =>
        ChangeAsync(admin, userName, disabled ? "user disabled" : "user enabled", (user, _) =>
        {
            if (disabled && string.Equals(user.UserName, admin, StringComparison.OrdinalIgnoreCase))
                throw new ManufacturingException("An Admin cannot disable their own account.") { Subject = userName };
            user.Disabled = disabled;
            return Task.CompletedTask;
        }, cancellationToken);

    /// <summary>Ends a lockout and clears the failed-entry count (Admin only).</summary>
    public Task<UserInfo> UnlockAsync(string admin, string userName, CancellationToken cancellationToken = default) =>
        ChangeAsync(admin, userName, "user unlocked", (user, _) =>
        {
            user.LockoutEnd = null;
            user.AccessFailedCount = 0;
            return Task.CompletedTask;
        }, cancellationToken);

    /// <summary>Gives a user exactly one role (Admin only; an Admin keeps their own Admin role).</summary>
    public Task<UserInfo> SetRoleAsync(string admin, string userName, string role,
        CancellationToken cancellationToken = default)
    {
        var canonical = StromaRoles.Normalize(role)
            ?? throw new ManufacturingException($"Role '{role}' is not one of: {string.Join(", ", StromaRoles.All)}.");
        return ChangeAsync(admin, userName, $"role set to {canonical}", async (user, ct) =>
        {
            if (string.Equals(user.UserName, admin, StringComparison.OrdinalIgnoreCase)
                && canonical != StromaRoles.Admin)
                throw new ManufacturingException("An Admin cannot remove their own Admin role.") { Subject = userName };
            _db.UserRoles.RemoveRange(await _db.UserRoles.Where(r => r.UserId == user.Id).ToListAsync(ct)
                .ConfigureAwait(false));
            var roleRow = await _db.Roles.SingleAsync(r => r.Name == canonical, ct).ConfigureAwait(false);
            _db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roleRow.Id });
        }, cancellationToken);
    }

    /// <summary>Changes the user's own password after checking the current one (any user).</summary>
    public async Task ChangePasswordAsync(string userName, string currentPassword, string newPassword,
        CancellationToken cancellationToken = default)
    {
        var user = await AuthenticateAsync(userName, currentPassword, cancellationToken).ConfigureAwait(false);
        CheckPassword(user.UserName, newPassword);
        await _db.WriteAsync(user.UserName, "own password changed", async ct =>
        {
            var row = await _db.Users.SingleAsync(u => u.UserName == user.UserName, ct).ConfigureAwait(false);
            row.PasswordHash = _hasher.HashPassword(row, newPassword);
            // A new stamp ends the user's other sessions and CLI tokens.
            row.SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant();
            return 0;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The user's id and security stamp (for signing CLI tokens), or null when unknown or disabled.</summary>
    public async Task<(string Id, string Stamp)?> StampAsync(string userName,
        CancellationToken cancellationToken = default)
    {
        var normalized = (userName ?? "").Trim().ToUpperInvariant();
        var user = await _db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedUserName == normalized,
            cancellationToken).ConfigureAwait(false);
        return user is null || user.Disabled ? null : (user.Id, user.SecurityStamp ?? "");
    }

    private async Task<UserInfo> ChangeAsync(string admin, string userName, string reason, Func<StromaUser,
        CancellationToken, Task> change,
        CancellationToken cancellationToken)
    {
        var by = await RequireAdminAsync(admin, cancellationToken).ConfigureAwait(false);
        var normalized = (userName ?? "").Trim().ToUpperInvariant();
        await _db.WriteAsync(by.UserName, $"{reason}: {userName}", async ct =>
        {
            var user = await _db.Users.SingleOrDefaultAsync(u => u.NormalizedUserName == normalized, ct)
                .ConfigureAwait(false)
                       ?? throw new RecordNotFoundException("user", userName ?? "");
            await change(user, ct).ConfigureAwait(false);
            // Disabling, unlocking or a new role takes effect on open sessions at their next check.
            user.SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant();
            return 0;
        }, cancellationToken).ConfigureAwait(false);
        return (await FindAsync(userName!, cancellationToken).ConfigureAwait(false))!;
    }

    private static void CheckPassword(string userName, string password)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinimumPasswordLength)
            throw new ManufacturingException($"The password must have at least {MinimumPasswordLength} characters.")
                { Subject = userName };
        if (password.Contains(userName, StringComparison.OrdinalIgnoreCase))
            throw new ManufacturingException("The password must not contain the user name.") { Subject = userName };
        if (password.Distinct().Count() < 4)
            throw new ManufacturingException("The password must use at least 4 different characters.")
                { Subject = userName };
    }
}

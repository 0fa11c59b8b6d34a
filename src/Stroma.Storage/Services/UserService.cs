using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Stroma.Manufacturing;

namespace Stroma.Storage.Services;

/// <summary>A user as shown to people (no secrets).</summary>
/// <param name="UserName">User name.</param>
/// <param name="FullName">Full name.</param>
/// <param name="Roles">Roles.</param>
/// <param name="CreatedUtc">When created.</param>
public sealed record UserInfo(string UserName, string? FullName, IReadOnlyList<string> Roles, DateTime CreatedUtc);

/// <summary>
/// Users and roles in the ASP.NET Core Identity tables (same normalisation, security stamps and password hashes
/// as Identity's UserManager, so the web app signs in the same people). No user or password exists by default.
/// </summary>
public sealed class UserService
{
    /// <summary>Shortest password accepted.</summary>
    public const int MinimumPasswordLength = 10;

    private readonly StromaDbContext _db;
    private readonly PasswordHasher<StromaUser> _hasher = new();

    /// <summary>Creates the service over a context.</summary>
    public UserService(StromaDbContext db) => _db = db;

    /// <summary>Adds a user with one role and a password (hashed by Identity's password hasher).</summary>
    public async Task<UserInfo> AddAsync(string userName, string role, string password, string actor, string? fullName = null, CancellationToken cancellationToken = default)
    {
        var name = (userName ?? "").Trim();
        if (name.Length is 0 or > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@'))
            throw new ManufacturingException($"User name '{userName}' must be 1–64 letters, digits, '.', '-', '_' or '@'.") { Subject = userName };
        var canonicalRole = StromaRoles.Normalize(role) ?? throw new ManufacturingException($"Role '{role}' is not one of: {string.Join(", ", StromaRoles.All)}.");
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
        var users = await _db.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(cancellationToken).ConfigureAwait(false);
        var roles = await (from ur in _db.UserRoles join r in _db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name })
            .AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        return users.Select(u => new UserInfo(u.UserName!, u.FullName, roles.Where(r => r.UserId == u.Id).Select(r => r.Name!).Order(StringComparer.Ordinal).ToArray(), u.CreatedUtc)).ToArray();
    }

    /// <summary>A user, or null.</summary>
    public async Task<UserInfo?> FindAsync(string userName, CancellationToken cancellationToken = default)
    {
        var normalized = (userName ?? "").Trim().ToUpperInvariant();
        var user = await _db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedUserName == normalized, cancellationToken).ConfigureAwait(false);
        if (user is null) return null;
        var roles = await (from ur in _db.UserRoles join r in _db.Roles on ur.RoleId equals r.Id where ur.UserId == user.Id select r.Name)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new UserInfo(user.UserName!, user.FullName, roles.Select(r => r!).ToArray(), user.CreatedUtc);
    }

    /// <summary>A registered user holding a role that may write records (Operator, QA, Admin).</summary>
    public async Task<UserInfo> RequireWriterAsync(string userName, string purpose, CancellationToken cancellationToken = default)
    {
        var user = await FindAsync(userName, cancellationToken).ConfigureAwait(false)
                   ?? throw new ManufacturingException($"{purpose} must be done by a registered user; '{userName}' is not one (add users with: stroma user add NAME --role Operator --password-stdin).") { Subject = userName };
        if (!user.Roles.Any(r => StromaRoles.Writers.Contains(r, StringComparer.Ordinal)))
            throw new ManufacturingException($"User '{user.UserName}' ({string.Join(", ", user.Roles)}) may not write records; {purpose} needs the Operator, QA or Admin role.") { Subject = userName };
        return user;
    }

    /// <summary>Re-authenticates a user by password (the check an e-signature makes at signing time).</summary>
    public async Task<UserInfo> AuthenticateAsync(string userName, string password, CancellationToken cancellationToken = default)
    {
        var normalized = (userName ?? "").Trim().ToUpperInvariant();
        var user = await _db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedUserName == normalized, cancellationToken).ConfigureAwait(false);
        // One message for unknown users and wrong passwords: it must not reveal which names exist.
        if (user?.PasswordHash is null || _hasher.VerifyHashedPassword(user, user.PasswordHash, password ?? "") == PasswordVerificationResult.Failed)
            throw new ReleaseRefusedException($"Re-authentication failed for '{userName}': user name or password not accepted.") { Subject = userName };
        return (await FindAsync(user.UserName!, cancellationToken).ConfigureAwait(false))!;
    }

    private static void CheckPassword(string userName, string password)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinimumPasswordLength)
            throw new ManufacturingException($"The password must have at least {MinimumPasswordLength} characters.") { Subject = userName };
        if (password.Contains(userName, StringComparison.OrdinalIgnoreCase))
            throw new ManufacturingException("The password must not contain the user name.") { Subject = userName };
        if (password.Distinct().Count() < 4)
            throw new ManufacturingException("The password must use at least 4 different characters.") { Subject = userName };
    }
}

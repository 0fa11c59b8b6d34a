using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Stroma.Manufacturing;

namespace Stroma.Storage.Services;

/// <summary>
/// Short-lived sign-in tokens for the command line (<c>stroma login</c>): <c>v1 USER EXPIRY MAC</c>, the MAC being
/// HMAC-SHA256 under the facility key over the user's id, security stamp and the expiry. A token is void once it
/// expires, once the user is disabled, or once their security stamp changes (password or role change, unlock);
/// it is never stored in the database (21 CFR 11.300; EU GMP Annex 11 §12.1).
/// </summary>
public sealed class SessionTokens
{
    /// <summary>Longest lifetime of a token.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(12);

    private readonly StromaDbContext _db;
    private readonly UserService _users;

    /// <summary>Creates the service over a context.</summary>
    public SessionTokens(StromaDbContext db)
    {
        _db = db;
        _users = new UserService(db);
    }

    private string Mac(string id, string stamp, long expiry) =>
        _db.AuditKey.Mac(string.Create(CultureInfo.InvariantCulture, $"stroma-cli-token v1\n{id}\n{stamp}\n{expiry}"));

    /// <summary>Authenticates the user by password (failed entries count towards the lockout) and issues a
    /// token.</summary>
    public async Task<(string Token, DateTime ExpiresUtc)> IssueAsync(string userName, string password,
        TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        if (lifetime <= TimeSpan.Zero || lifetime > MaxLifetime)
            throw new ManufacturingException($"A sign-in lasts between a minute and {MaxLifetime.TotalHours:0} hours.");
        var user = await _users.AuthenticateAsync(userName, password, cancellationToken).ConfigureAwait(false);
        var (id, stamp) = (await _users.StampAsync(user.UserName, cancellationToken).ConfigureAwait(false))!.Value;
        var expires = DateTimeOffset.UtcNow.Add(lifetime).ToUnixTimeSeconds();
        return ($"v1 {user.UserName} {expires} {Mac(id, stamp, expires)}",
            DateTimeOffset.FromUnixTimeSeconds(expires).UtcDateTime);
    }

    /// <summary>The user a token names, when it is well-formed, unexpired, correctly signed and its user active; else
    /// null.</summary>
    public async Task<string?> ValidateAsync(string token, CancellationToken cancellationToken = default)
    {
        var f = (token ?? "").Trim().Split(' ');
        if (f.Length != 4 || f[0] != "v1" || !long.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture,
            out var expiry)) return null;
        if (DateTimeOffset.FromUnixTimeSeconds(expiry) <= DateTimeOffset.UtcNow) return null;
        if (await _users.StampAsync(f[1], cancellationToken).ConfigureAwait(false) is not { } stamp) return null;
        var expected = Encoding.ASCII.GetBytes(Mac(stamp.Id, stamp.Stamp, expiry));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(f[3])) ? f[1] : null;
    }
}

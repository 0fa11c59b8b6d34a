using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stroma.Manufacturing;
using Stroma.Storage;

namespace Stroma.Web.Infrastructure;

/// <summary>
/// Sign-in that takes as long for a user name that does not exist (or is locked out) as for a wrong password:
/// the framework answers those without hashing, which lets anyone list the accounts by timing the answer
/// (OWASP Authentication Cheat Sheet, "Authentication and error messages": response time must not differ).
/// A password is hashed against a dummy hash made with the same hasher, so the cost is the same.
/// </summary>
public sealed class StromaSignInManager(
    UserManager<StromaUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<StromaUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<StromaUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<StromaUser> confirmation,
    StromaDbContext db)
    : SignInManager<StromaUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes,
        confirmation)
{
    private static readonly StromaUser Nobody = new() { UserName = "\u0000nobody" };
    private readonly Lazy<string> _dummyHash = new(() => userManager.PasswordHasher.HashPassword(Nobody,
        Guid.NewGuid().ToString("N")));

    /// <summary>How often a sign-in is tried again when another sign-in of the same user wrote first.</summary>
    private const int Attempts = 5;

    /// <inheritdoc/>
    /// <remarks>
    /// A sign-in writes the user row (the failed-attempt count is reset on success, raised on failure), guarded by
    /// the row's concurrency stamp. Two sign-ins of one user at the same moment (two tabs, two workstations) would
    /// make the second fail with a conflict; it is tried again on a freshly read row instead, so the count stays
    /// right (no lost increment) and neither sign-in fails for a reason the user cannot see.
    /// </remarks>
    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent,
        bool lockoutOnFailure)
    {
        for (var attempt = 1; ; attempt++)
        {
            var user = await UserManager.FindByNameAsync(userName).ConfigureAwait(false);
            if (user is null)
            {
                SpendHashTime(password);
                return SignInResult.Failed;
            }
            try
            {
                return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure)
                    .ConfigureAwait(false);
            }
            catch (ConcurrencyConflictException) when (attempt < Attempts)
            {
                // Forget the stale row (and any audit rows of the failed save) and read it again.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>A user an Admin disabled may not sign in (21 CFR 11.300(b)).</summary>
    public override async Task<bool> CanSignInAsync(StromaUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return !user.Disabled && await base.CanSignInAsync(user).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    protected override async Task<SignInResult?> PreSignInCheck(StromaUser user)
    {
        // A locked-out account is refused before its password is checked; spend the same time anyway.
        var refused = await base.PreSignInCheck(user).ConfigureAwait(false);
        if (refused is not null) SpendHashTime("");
        return refused;
    }

    private void SpendHashTime(string password) => UserManager.PasswordHasher.VerifyHashedPassword(Nobody,
        _dummyHash.Value, password ?? "");
}

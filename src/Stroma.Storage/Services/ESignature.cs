using Stroma.Manufacturing.Records;

namespace Stroma.Storage.Services;

/// <summary>An e-signature request: who signs, re-authenticated by password at signing time (21 CFR
/// 11.200(a)).</summary>
/// <param name="UserName">Signer.</param>
/// <param name="Password">Password, checked now.</param>
/// <param name="Reason">Reason or meaning given by the signer.</param>
public sealed record ESignature(string UserName, string Password, string Reason);

internal static class Signers
{
    /// <summary>Re-authenticates through the same path release signatures use and returns the domain's
    /// signer.</summary>
    public static async Task<Signer> AuthenticateAsync(UserService users, ESignature signature, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(signature);
        if (string.IsNullOrWhiteSpace(signature.Reason))
            throw new Manufacturing.ManufacturingException("An e-signature needs a reason.");
        var user = await users.AuthenticateAsync(signature.UserName, signature.Password, ct).ConfigureAwait(false);
        return Signer.WithRoles(user.UserName, user.Roles);
    }
}

using Stroma.Manufacturing.Records;

namespace Stroma.Manufacturing.Audit;

/// <summary>
/// Re-checks an e-signature against the content it signed: the manifest hash is recomputed from the results as they
/// stood when the signature was made (21 CFR 11.70: signatures linked to their records so they cannot be transferred
/// or the record changed unnoticed). Run whenever a release is shown, exported or its certificate rendered.
/// </summary>
public static class SignatureCheck
{
    /// <summary>What is shown instead of the disposition when a signature no longer matches its content.</summary>
    public const string Invalid = "signature invalid: signed content changed";

    /// <summary>True when the signature's manifest hash matches the lot's content as of the signing time.</summary>
    public static bool Matches(LotRelease release, Lot lot, ReleaseSignature signature)
    {
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(lot);
        ArgumentNullException.ThrowIfNull(signature);
        if (release.Specification is null) return false;
        // The results current at signing: entered no later than the signature, and not yet replaced by then.
        var entered = release.Results.Where(r => r.EnteredUtc <= signature.SignedUtc).ToArray();
        var asSigned = entered.Select(r => Copy(r, superseded: entered.Any(n =>
            !ReferenceEquals(n, r) && n.Test == r.Test
            && string.Equals(n.Name, r.Name, StringComparison.OrdinalIgnoreCase) && (n.EnteredUtc, n.Id)
                .CompareTo((r.EnteredUtc, r.Id)) > 0))).ToList();
        var snapshot = new LotRelease { Specification = release.Specification, Results = asSigned };
        var manifest = snapshot.Manifest(lot, signature.Disposition, signature.Meaning, signature.SignedUtc);
        if (string.Equals(manifest, signature.ManifestSha256, StringComparison.Ordinal)) return true;
        // Signatures made before times were normalised hashed them as held in memory ("O", 100 ns, kind as loaded).
        var legacy = snapshot.Manifest(lot, signature.Disposition, signature.Meaning, Utc(signature.SignedUtc),
            t => t.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        return string.Equals(legacy, signature.ManifestSha256, StringComparison.Ordinal);
    }

    /// <summary>Ids of the signatures of <paramref name="release"/> whose content changed since signing.</summary>
    public static IReadOnlySet<int> InvalidSignatures(LotRelease release, Lot lot)
    {
        ArgumentNullException.ThrowIfNull(release);
        return release.Signatures.Where(s => !Matches(release, lot, s)).Select(s => s.Id).ToHashSet();
    }

    // The signing time was printed as UTC when signed; a provider may hand it back unmarked (SQLite). Result times are
    // used as loaded: they were read back from the database before signing too.
    private static DateTime Utc(DateTime t) => DateTime.SpecifyKind(t, DateTimeKind.Utc);

    private static TestResult Copy(TestResult r, bool superseded) => new()
    {
        Id = r.Id, ReleaseId = r.ReleaseId, Test = r.Test, Name = r.Name, Value = r.Value, Text = r.Text, Unit = r.Unit,
            Method = r.Method,
        EnteredBy = r.EnteredBy, EnteredUtc = r.EnteredUtc, Superseded = superseded, IdentityJson = r.IdentityJson,
        IdentityRequestJson = r.IdentityRequestJson, InputSha256 = r.InputSha256,
    };
}

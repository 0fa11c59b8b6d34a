using Microsoft.AspNetCore.Identity;

namespace Stroma.Storage;

/// <summary>A Stroma user, stored by ASP.NET Core Identity so the web app signs in the same people.</summary>
public sealed class StromaUser : IdentityUser
{
    /// <summary>Full name printed beside signatures.</summary>
    public string? FullName { get; set; }

    /// <summary>When the user was created (UTC).</summary>
    public DateTime CreatedUtc { get; set; }

    /// <summary>
    /// Disabled by an Admin: may neither sign in, write nor sign; the account and its history stay (21 CFR 11.300(b):
    /// identification codes are never re-issued, so users are disabled rather than deleted).
    /// </summary>
    public bool Disabled { get; set; }
}

/// <summary>The four roles.</summary>
public static class StromaRoles
{
    /// <summary>Records manufacturing data and enters results.</summary>
    public const string Operator = "Operator";

    /// <summary>Quality assurance: signs release decisions.</summary>
    public const string QA = Manufacturing.Records.LotRelease.SigningRole;

    /// <summary>Reads only.</summary>
    public const string Viewer = "Viewer";

    /// <summary>Manages users.</summary>
    public const string Admin = "Admin";

    /// <summary>All roles.</summary>
    public static IReadOnlyList<string> All { get; } = [Operator, QA, Viewer, Admin];

    /// <summary>Roles allowed to write records.</summary>
    public static IReadOnlyList<string> Writers { get; } = [Operator, QA, Admin];

    /// <summary>The canonical spelling of a role name, or null.</summary>
    public static string? Normalize(string? role) => All.FirstOrDefault(r =>
        string.Equals(r, role?.Trim(), StringComparison.OrdinalIgnoreCase));

    // Fixed ids and stamps: the roles are seeded by the migrations and must be identical on every database.
    internal static IdentityRole[] Seed() =>
    [
        new() { Id = "role-operator", Name = Operator, NormalizedName = "OPERATOR",
            ConcurrencyStamp = "b5a1f0b2-operator" },
        new() { Id = "role-qa", Name = QA, NormalizedName = "QA", ConcurrencyStamp = "b5a1f0b2-qa" },
        new() { Id = "role-viewer", Name = Viewer, NormalizedName = "VIEWER", ConcurrencyStamp = "b5a1f0b2-viewer" },
        new() { Id = "role-admin", Name = Admin, NormalizedName = "ADMIN", ConcurrencyStamp = "b5a1f0b2-admin" },
    ];
}

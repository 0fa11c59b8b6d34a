using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore.Metadata;
using Stroma.Manufacturing;
using Stroma.Manufacturing.Audit;
using Stroma.Manufacturing.Records;

namespace Stroma.Storage.Audit;

/// <summary>
/// The canonical serialisation of a stored record and its SHA-256, carried by each audit row so that the record's
/// current content can be compared with what Stroma last wrote (21 CFR 11.10(e); EU GMP Annex 11 §9).
/// </summary>
/// <remarks>
/// Every persisted column of the row, by property name in ordinal order, as JSON. The optimistic-concurrency
/// <c>Version</c> is left out (it changes when a child record changes, which is audited on the child). Columns
/// holding their type's default (null, 0, false) are left out too: a column added later with a default keeps the
/// hashes of existing rows valid, and the form stays unique for a given set of columns.
/// </remarks>
internal static class RecordSeal
{
    /// <summary>The value of a column as the audit trail and the record hash write it.</summary>
    public static JsonNode? Value(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b,
        int i => i,
        long l => l,
        double d => d,
        DateTime t => AuditChain.Normalize(t).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset o => AuditChain.Normalize(o.UtcDateTime)
            .ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
        Enum e => Terms.TokenOf(e),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    /// <summary>The record's key as the audit trail names it: its key columns' values joined by '|'.</summary>
    public static string RecordId(IEntityType type, Func<IProperty, object?> value) =>
        string.Join('|', (type.FindPrimaryKey()?.Properties ?? []).Select(p => Value(value(p)) switch
        {
            null => "null",
            JsonValue v when v.TryGetValue<string>(out var text) => text,
            var node => node.ToJsonString(),
        }));

    /// <summary>SHA-256 (lower-case hex) of the record's canonical serialisation.</summary>
    public static string Hash(IEntityType type, Func<IProperty, object?> value)
    {
        var json = new JsonObject();
        foreach (var property in type.GetProperties().OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            if (property.Name == "Version") continue;
            var v = value(property);
            if (v is null || IsDefault(property.ClrType, v)) continue;
            json[property.Name] = Value(v);
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json.ToJsonString())));
    }

    // Only a non-nullable column has a default other than null: a nullable result of 0 is not "no result".
    private static bool IsDefault(Type column, object value) =>
        column.IsValueType && Nullable.GetUnderlyingType(column) is null && value switch
    {
        bool b => !b,
        int i => i == 0,
        long l => l == 0,
        double d => d == 0 && !double.IsNegative(d),
        _ when value.GetType().IsValueType => value.Equals(Activator.CreateInstance(value.GetType())),
        _ => false,
    };

    /// <summary>The name the audit trail gives a kind of record.</summary>
    public static string EntityName(Type type) =>
        type == typeof(IdentityUserRole<string>) ? "UserRole"
        : type == typeof(StromaUser) ? "User"
        : type == typeof(IdentityRole) ? "Role"
        : type == typeof(LotRelease) ? "Release"
        : type.Name;

    /// <summary>Whether a kind of record is sealed (everything but the audit trail itself).</summary>
    public static bool IsSealed(IEntityType type) =>
        type.ClrType != typeof(AuditEntry) && type.ClrType != typeof(AuditHead) && !type.IsOwned()
            && type.FindPrimaryKey() is not null;
}

using Npgsql;
using Stroma.Storage;
using Stroma.Testing;
using Xunit;

namespace Stroma.Storage.Tests;

/// <summary>A throw-away database: an SQLite file in a temp folder, or a fresh PostgreSQL database.</summary>
public sealed class TestDatabase : IDisposable
{
    private readonly Action _drop;

    internal TestDatabase(string connection, Action drop)
    {
        Connection = connection;
        _drop = drop;
    }

    /// <summary>What <c>--db</c> or <see cref="StromaDatabase.OpenAsync"/> takes.</summary>
    public string Connection { get; }

    /// <summary>A new context on the database, migrated.</summary>
    public Task<StromaDbContext> OpenAsync() => StromaDatabase.OpenAsync(Connection);

    public void Dispose() => _drop();

    /// <summary>
    /// Runs raw SQL against the audit table as an attacker with owner rights would: first switching off the
    /// append-only triggers the migrations install, then editing or deleting rows behind Stroma's back.
    /// </summary>
    public static async Task TamperAsync(StromaDbContext db, params string[] statements)
    {
        var disable = db.Provider == StorageProvider.PostgreSql
            ? "ALTER TABLE \"AuditEntries\" DISABLE TRIGGER USER"
            : "DROP TRIGGER IF EXISTS \"AuditEntries_no_update\"; DROP TRIGGER IF EXISTS \"AuditEntries_no_delete\"";
        foreach (var sql in statements.Prepend(disable))
            await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.ExecuteSqlRawAsync(db.Database, sql);
    }
}

/// <summary>Creates throw-away databases of one provider.</summary>
public interface ITestDatabaseProvider
{
    static abstract TestDatabase Create();
}

/// <summary>SQLite: always available.</summary>
public sealed class SqliteProvider : ITestDatabaseProvider
{
    public static TestDatabase Create()
    {
        var dir = new TempDirectory();
        return new TestDatabase(dir.File("stroma.db"), dir.Dispose);
    }
}

/// <summary>PostgreSQL: needs STROMA_PG (a connection string whose role may create databases); skips otherwise.</summary>
public sealed class PostgresProvider : ITestDatabaseProvider
{
    public const string SkipMessage = "PostgreSQL tests need STROMA_PG, a connection string to a server whose role may create databases (.ci/postgres.sh starts one on 127.0.0.1 and prints it).";

    public static string? Server => Environment.GetEnvironmentVariable("STROMA_PG") is { Length: > 0 } pg ? pg : null;

    public static TestDatabase Create()
    {
        var server = Server;
        if (server is null) Requirement.Missing(SkipMessage);
        var name = "stroma_t_" + Guid.NewGuid().ToString("N")[..16];
        Execute(server, $"CREATE DATABASE {name}");
        var connection = new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = false }.ConnectionString;
        return new TestDatabase(connection, () => Drop(server, name));
    }

    /// <summary>
    /// Drops a test database. WITH (FORCE) ends the test's own sessions, but a non-superuser role may not end an
    /// autovacuum worker that happens to be on the database (42501): wait for it briefly and try again; a
    /// database that still cannot be dropped is left to the throw-away server rather than failing the test.
    /// </summary>
    private static void Drop(string server, string name)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Execute(server, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                return;
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InsufficientPrivilege
                or PostgresErrorCodes.ObjectInUse)
            {
                if (attempt == 10) return;
                Thread.Sleep(200 * attempt);
            }
        }
    }

    private static void Execute(string server, string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}

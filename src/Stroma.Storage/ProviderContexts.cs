using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Stroma.Storage;

/// <summary>The Stroma model on SQLite; its migrations live in <c>Migrations/Sqlite</c>.</summary>
public sealed class SqliteStromaDbContext : StromaDbContext
{
    /// <summary>Creates the context.</summary>
    public SqliteStromaDbContext(DbContextOptions<SqliteStromaDbContext> options) : base(options) { }

    /// <inheritdoc/>
    public override StorageProvider Provider => StorageProvider.Sqlite;
}

/// <summary>The Stroma model on PostgreSQL; its migrations live in <c>Migrations/Postgres</c>.</summary>
public sealed class PostgresStromaDbContext : StromaDbContext
{
    /// <summary>Creates the context.</summary>
    public PostgresStromaDbContext(DbContextOptions<PostgresStromaDbContext> options) : base(options) { }

    /// <inheritdoc/>
    public override StorageProvider Provider => StorageProvider.PostgreSql;
}

/// <summary>Lets <c>dotnet ef migrations add … --context SqliteStromaDbContext</c> build the model without a
/// database.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteStromaDbContext>
{
    /// <inheritdoc/>
    public SqliteStromaDbContext CreateDbContext(string[] args) =>
        (SqliteStromaDbContext)StromaDatabase.Create("Data Source=design-time.db");
}

/// <summary>Lets <c>dotnet ef migrations add … --context PostgresStromaDbContext</c> build the model without a
/// server.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresStromaDbContext>
{
    /// <inheritdoc/>
    public PostgresStromaDbContext CreateDbContext(string[] args) =>
        (PostgresStromaDbContext)StromaDatabase.Create("Host=localhost;Database=stroma_design");
}

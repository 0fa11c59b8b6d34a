using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Stroma.Manufacturing;
using Stroma.Storage.Services;

namespace Stroma.Storage;

/// <summary>
/// Opens Stroma databases. A database is named by an SQLite file path (or an SQLite connection string with
/// <c>Data Source=</c>), or a PostgreSQL connection string recognised by its <c>Host=</c> key.
/// </summary>
public static class StromaDatabase
{
    /// <summary>The default SQLite file: <c>$XDG_DATA_HOME/stroma/stroma.db</c> or
    /// <c>~/.local/share/stroma/stroma.db</c> (the platform's local data folder elsewhere).</summary>
    public static string DefaultPath
    {
        get
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
            var root = !string.IsNullOrWhiteSpace(xdg) ? xdg
                : OperatingSystem.IsWindows()
                    ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
            return Path.Combine(root, "stroma", "stroma.db");
        }
    }

    /// <summary>Seconds an SQLite command waits for a lock held by another writer before giving up.</summary>
    public const int BusyTimeoutSeconds = 5;

    /// <summary>True for a PostgreSQL connection string (it has a <c>Host=</c> key).</summary>
    public static bool IsPostgres(string database) =>
        database.Split(';').Any(part => part.TrimStart().StartsWith("Host=", StringComparison.OrdinalIgnoreCase)
                                        || part.TrimStart().StartsWith("Server=", StringComparison.OrdinalIgnoreCase));

    /// <summary>The provider a database name selects.</summary>
    public static StorageProvider ProviderOf(string database) =>
        IsPostgres(database) ? StorageProvider.PostgreSql : StorageProvider.Sqlite;

    /// <summary>A connection string for a database name (a path becomes an SQLite connection string).</summary>
    public static string ConnectionString(string? database)
    {
        database = string.IsNullOrWhiteSpace(database) ? DefaultPath : database.Trim();
        if (IsPostgres(database)) return database;
        // Pooling off: a CLI process holds no file handle after it finishes, and tests can delete their files.
        var builder = database.Contains("Data Source=", StringComparison.OrdinalIgnoreCase)
            ? new SqliteConnectionStringBuilder(database)
            : new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(database) };
        builder.Pooling = false;
        // A writer waits at most this long for another writer's lock (Microsoft.Data.Sqlite retries SQLITE_BUSY until
        // the command timeout), then StromaDbContext.WriteAsync retries a few times and fails with a clear message:
        // every write lands or is refused within seconds, never after minutes.
        builder.DefaultTimeout = BusyTimeoutSeconds;
        return builder.ToString();
    }

    /// <summary>Configures EF Core options for a database name.</summary>
    public static void Configure(DbContextOptionsBuilder options, string? database)
    {
        ArgumentNullException.ThrowIfNull(options);
        var connection = ConnectionString(database);
        if (IsPostgres(connection)) options.UseNpgsql(connection);
        else options.UseSqlite(connection);
    }

    /// <summary>Creates a context (without touching the database).</summary>
    public static StromaDbContext Create(string? database)
    {
        var connection = ConnectionString(database);
        if (IsPostgres(connection))
            return new PostgresStromaDbContext(new DbContextOptionsBuilder<PostgresStromaDbContext>()
                .UseNpgsql(connection).Options);
        return new SqliteStromaDbContext(new DbContextOptionsBuilder<SqliteStromaDbContext>().UseSqlite(connection)
            .Options);
    }

    /// <summary>Opens a database, creating the SQLite file's folder and applying pending migrations.</summary>
    public static Task<StromaDbContext> OpenAsync(string? database, CancellationToken cancellationToken = default) =>
        OpenAsync(database, keyFile: null, cancellationToken);

    /// <summary>
    /// Opens a database with the audit chain sealed by the facility key in <paramref name="keyFile"/> (default
    /// <see cref="Audit.FacilityKeyFile.DefaultPath"/>); a trail written before the chain was keyed is sealed now.
    /// </summary>
    public static async Task<StromaDbContext> OpenAsync(string? database, string? keyFile,
        CancellationToken cancellationToken = default)
    {
        var connection = ConnectionString(database);
        if (!IsPostgres(connection))
        {
            var file = new SqliteConnectionStringBuilder(connection).DataSource;
            if (file.Length > 0 && file != ":memory:")
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        }
        var db = Create(connection);
        db.KeyFile = keyFile;
        try
        {
            // Write-ahead logging: readers never block the writer nor it them, and a commit is one append
            // (SQLite "Write-Ahead Logging", https://sqlite.org/wal.html). The mode is stored in the file.
            if (db.Provider == StorageProvider.Sqlite && !IsMemory(connection))
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken)
                    .ConfigureAwait(false);
            // Migrating takes a database-wide lock; look first, so everyday commands on an up-to-date database stay
            // cheap.
            if ((await db.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false)).Any())
                await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
            await AuditService.SealLegacyAsync(db, cancellationToken).ConfigureAwait(false);
            return db;
        }
        catch (Exception ex) when (ex is ManufacturingException)
        {
            await db.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        catch (Exception ex) when (ex is SqliteException or NpgsqlException or InvalidOperationException)
        {
            await db.DisposeAsync().ConfigureAwait(false);
            throw new ManufacturingException($"The database {Describe(connection)} cannot be opened: {ex.Message}", ex);
        }
    }

    private static bool IsMemory(string connection) =>
        new SqliteConnectionStringBuilder(connection) is var b
            && (b.DataSource == ":memory:" || b.Mode == SqliteOpenMode.Memory);

    /// <summary>A printable name of a database (PostgreSQL password hidden).</summary>
    public static string Describe(string? database)
    {
        var connection = ConnectionString(database);
        if (!IsPostgres(connection)) return new SqliteConnectionStringBuilder(connection).DataSource;
        var pg = new NpgsqlConnectionStringBuilder(connection);
        return $"postgresql://{pg.Username}@{pg.Host}:{pg.Port}/{pg.Database}";
    }

    /// <summary>
    /// Registers the Stroma storage for a host (the web app): the provider-specific context as
    /// <see cref="StromaDbContext"/> (scoped) and the user, donor, lot, release, audit and dose services.
    /// ASP.NET Core Identity is added by the host with <c>AddEntityFrameworkStores&lt;StromaDbContext&gt;()</c>.
    /// </summary>
    public static IServiceCollection AddStromaStorage(this IServiceCollection services, string? database) =>
        AddStromaStorage(services, database, keyFile: null);

    /// <summary>Registers the Stroma storage with the audit chain sealed by the facility key in <paramref
    /// name="keyFile"/>.</summary>
    public static IServiceCollection AddStromaStorage(this IServiceCollection services, string? database,
        string? keyFile)
    {
        ArgumentNullException.ThrowIfNull(services);
        var connection = ConnectionString(database);
        if (IsPostgres(connection))
        {
            services.AddDbContext<PostgresStromaDbContext>(o => o.UseNpgsql(connection));
            services.AddScoped<StromaDbContext>(sp => Keyed(sp.GetRequiredService<PostgresStromaDbContext>(), keyFile));
        }
        else
        {
            services.AddDbContext<SqliteStromaDbContext>(o => o.UseSqlite(connection));
            services.AddScoped<StromaDbContext>(sp => Keyed(sp.GetRequiredService<SqliteStromaDbContext>(), keyFile));
        }
        services.AddScoped<UserService>();
        services.AddScoped<DonorService>();
        services.AddScoped<LotService>();
        services.AddScoped<ReleaseService>();
        services.AddScoped<InvestigationService>();
        services.AddScoped<SpecificationService>();
        services.AddScoped<AuditService>();
        services.AddScoped<AuditSearchService>();
        services.AddScoped<DosePlanningService>();
        services.AddScoped<ReadinessService>();
        services.AddScoped<TrialCurationService>();
        return services;
    }

    private static StromaDbContext Keyed(StromaDbContext db, string? keyFile)
    {
        db.KeyFile = keyFile;
        return db;
    }
}

using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Stroma.Storage;
using Stroma.Web.Infrastructure;

namespace Stroma.Web;

/// <summary>How <c>stroma serve</c> runs the web app.</summary>
public sealed record WebAppOptions
{
    /// <summary>Database (SQLite path or PostgreSQL connection string; null = default SQLite file).</summary>
    public string? Database { get; init; }

    /// <summary>URLs to listen on; loopback only by default.</summary>
    public string Urls { get; init; } = "http://127.0.0.1:5000";

    /// <summary>Folder for uploaded FCS tubes (identity analyses keep their inputs for re-analysis).</summary>
    public string? UploadFolder { get; init; }

    /// <summary>Where sign-in cookie keys are kept (default: beside the default database).</summary>
    public string? KeyFolder { get; init; }

    /// <summary>ClinicalTrials.gov records for the trial landscape (files, folders or zips).</summary>
    public IReadOnlyList<string> TrialSources { get; init; } = [];

    /// <summary>
    /// Folder of registry snapshot zips (<c>stroma trials fetch</c>) the trial pages list and compare.
    /// </summary>
    public string? SnapshotFolder { get; init; }

    /// <summary>Facility time zone for displayed times (IANA id, e.g. "Europe/Berlin"; null: the server's zone).
    /// Records stay in UTC.</summary>
    public string? TimeZone { get; init; }

    /// <summary>Log level of the console log.</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Warning;

    /// <summary>The facility key file sealing the audit chain (default $STROMA_KEY_FILE, else beside the user's
    /// config).</summary>
    public string? FacilityKeyFile { get; init; }

    /// <summary>Where signed checkpoints of the audit chain head are appended (default: per database, beside the key
    /// file).</summary>
    public string? CheckpointFile { get; init; }

    /// <summary>How often the host writes a signed checkpoint (default hourly).</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// A session without activity for this long ends (EU GMP Annex 11 §12.1; 21 CFR 11.10(d)): the user signs in again.
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(15);
}

/// <summary>Authorization policy names.</summary>
public static class Policies
{
    /// <summary>May write manufacturing records (Operator, QA, Admin).</summary>
    public const string Writer = "writer";

    /// <summary>May sign release decisions (QA).</summary>
    public const string Qa = "qa";

    /// <summary>May manage users (Admin).</summary>
    public const string Admin = "admin";
}

/// <summary>
/// The Stroma web application: Razor Pages (server-rendered, no client framework), a JSON API with an
/// OpenAPI document, ASP.NET Core Identity sign-in over the same user tables as the CLI, and the
/// manufacturing, identity, trials and knowledge libraries underneath. Pages hold no logic.
/// </summary>
public static class StromaWebApp
{
    /// <summary>
    /// Where uploads go when no folder is given: beside the SQLite database file the app serves (so a demo or a second
    /// facility never shares, or writes into, another database's uploads); for PostgreSQL beside the default database.
    /// </summary>
    public static string DefaultUploadFolder(string? database)
    {
        var connection = StromaDatabase.ConnectionString(database);
        var file = StromaDatabase.IsPostgres(connection) ? StromaDatabase.DefaultPath
            : StromaDatabase.Describe(connection);
        return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file))!, "uploads");
    }

    /// <summary>Builds the app (not started).</summary>
    public static WebApplication Build(WebAppOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(StromaWebApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            // Never Development: that environment turns on the developer exception page, which shows stack traces.
            EnvironmentName = Environments.Production,
        });
        builder.WebHost.UseUrls(options.Urls);
        builder.Logging.SetMinimumLevel(options.LogLevel);
        // Keys live beside the data; on Linux they are not encrypted at rest, which the framework logs as a warning
        // each start.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);

        builder.Services.AddStromaStorage(options.Database, options.FacilityKeyFile);
        builder.Services.AddDataProtection().SetApplicationName("Stroma")
            .PersistKeysToFileSystem(new DirectoryInfo(options.KeyFolder
                ?? Path.Combine(Path.GetDirectoryName(StromaDatabase.DefaultPath)!, "web-keys")));
        builder.Services.AddSingleton(new UploadStore(options.UploadFolder ?? DefaultUploadFolder(options.Database)));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<TrialLandscapeCache>();
        builder.Services.AddSingleton<SnapshotCatalog>();
        builder.Services.AddSingleton<TrialReviewIndex>();
        builder.Services.AddSingleton<AuditVerificationBoard>();
        builder.Services.AddScoped<ActorScope>();
        builder.Services.AddScoped<Facility>();
        builder.Services.AddHostedService<AuditCheckpointService>();
        builder.Services.AddHostedService<TrialLandscapeWarmup>();
        if (options.CheckpointFile is { } checkpoints)
            builder.Services.AddScoped(sp =>
                new Stroma.Storage.Services.AuditService(sp.GetRequiredService<StromaDbContext>())
                { CheckpointFile = checkpoints });
        // A disabled user, a new role or a new password ends open sessions within a minute (the security stamp
        // changes).
        builder.Services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        builder.Services.AddSingleton(new LocalClock(options.TimeZone));

        builder.Services.AddIdentity<StromaUser, IdentityRole>(identity =>
            {
                identity.Lockout.AllowedForNewUsers = true;
                // The same policy as e-signature re-entry (UserService): failed entries of both kinds count together.
                identity.Lockout.MaxFailedAccessAttempts = Stroma.Storage.Services.UserService.MaxFailedAttempts;
                identity.Lockout.DefaultLockoutTimeSpan = Stroma.Storage.Services.UserService.LockoutDuration;
                identity.Password.RequiredLength = Stroma.Storage.Services.UserService.MinimumPasswordLength;
                identity.Password.RequireNonAlphanumeric = false;
                identity.Password.RequireUppercase = false;
                identity.Password.RequireDigit = false;
                identity.User.RequireUniqueEmail = false;
            })
            .AddEntityFrameworkStores<StromaDbContext>()
            .AddSignInManager<StromaSignInManager>()
            .AddDefaultTokenProviders();
        builder.Services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = "/login";
            cookie.LogoutPath = "/logout";
            cookie.AccessDeniedPath = "/denied";
            cookie.Cookie.Name = "stroma.auth";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            // Idle-session timeout: each request slides the expiry; a session left alone expires.
            cookie.SlidingExpiration = true;
            cookie.ExpireTimeSpan = options.IdleTimeout;
            // The API answers 401/403; pages redirect to the sign-in page.
            cookie.Events = new CookieAuthenticationEvents
            {
                OnRedirectToLogin = context => ApiOr(context, StatusCodes.Status401Unauthorized),
                OnRedirectToAccessDenied = context => ApiOr(context, StatusCodes.Status403Forbidden),
            };
        });

        builder.Services.AddAuthorization(authorization =>
        {
            // Everything needs a signed-in user unless marked [AllowAnonymous] (only the sign-in page is).
            authorization.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
            authorization.AddPolicy(Policies.Writer, p => p.RequireRole(StromaRoles.Operator, StromaRoles.QA,
                StromaRoles.Admin));
            authorization.AddPolicy(Policies.Qa, p => p.RequireRole(StromaRoles.QA));
            authorization.AddPolicy(Policies.Admin, p => p.RequireRole(StromaRoles.Admin));
        });
        builder.Services.AddRazorPages(pages =>
            {
                pages.Conventions.AuthorizeFolder("/");
                pages.Conventions.AllowAnonymousToPage("/Login");
                pages.Conventions.AllowAnonymousToPage("/Error");
            })
            .AddApplicationPart(typeof(StromaWebApp).Assembly);
        builder.Services.AddAntiforgery(a =>
        {
            a.Cookie.Name = "stroma.xsrf";
            a.Cookie.HttpOnly = true;
            a.Cookie.SameSite = SameSiteMode.Strict;
            a.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            a.HeaderName = null;
        });
        // Every form post of every page is checked for the anti-forgery token (Razor Pages do this by default;
        // stated here so no page can opt out silently).
        builder.Services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(mvc =>
            mvc.Filters.Add(new Microsoft.AspNetCore.Mvc.AutoValidateAntiforgeryTokenAttribute()));
        builder.Services.AddOpenApi();

        var app = builder.Build();
        // Unhandled errors answer a plain page (or an empty 500 for the API), never a stack trace.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = "/error",
            StatusCodeSelector = _ => StatusCodes.Status500InternalServerError,
        });
        app.UseStromaSecurityHeaders();
        app.UseCookiePolicy(new CookiePolicyOptions
        {
            MinimumSameSitePolicy = SameSiteMode.Strict,
            HttpOnly = Microsoft.AspNetCore.CookiePolicy.HttpOnlyPolicy.Always,
            Secure = CookieSecurePolicy.SameAsRequest,
        });
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<ActorMiddleware>();
        app.UseAntiforgery();
        app.MapRazorPages();
        app.MapStromaStylesheet();
        app.MapOpenApi("/api/openapi.json");
        app.MapStromaApi();
        app.MapQualityApi();
        return app;
    }

    private static Task ApiOr(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context,
        int status)
    {
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}

using Microsoft.AspNetCore.Http;
using Stroma.Storage;

namespace Stroma.Web.Infrastructure;

/// <summary>The signed-in user of the current request, as the audit trail names them.</summary>
public sealed class ActorScope
{
    /// <summary>User name, or "anonymous" before sign-in.</summary>
    public string Name { get; set; } = "anonymous";
}

/// <summary>
/// Stamps every database change of a request with the signed-in user, so changes made through ASP.NET
/// Identity (failed sign-ins, lockouts) are attributed too, not only those made through the services.
/// </summary>
public sealed class ActorMiddleware(RequestDelegate next)
{
    /// <summary>Runs the middleware.</summary>
    public Task InvokeAsync(HttpContext context, ActorScope actor, StromaDbContext db)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(db);
        actor.Name = context.User.Identity?.IsAuthenticated == true ? context.User.Identity.Name ?? "unknown"
            : "web sign-in";
        db.Actor = actor.Name;
        return next(context);
    }
}

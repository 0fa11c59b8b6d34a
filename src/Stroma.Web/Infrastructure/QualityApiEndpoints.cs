using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Stroma.Manufacturing;
using Stroma.Storage.Services;

namespace Stroma.Web.Infrastructure;

/// <summary>The quality records in the JSON API: investigations, deviations, controlled documents and result
/// history.</summary>
public static class QualityApiEndpoints
{
    /// <summary>
    /// Maps <c>/api/investigations</c>, <c>/api/investigations/{id}</c>, <c>/api/deviations</c>,
    /// <c>/api/specifications</c>,
    /// <c>/api/panels</c> and <c>/api/results/{lot}/history</c> (every version of every result, with who, when and
    /// why).
    /// </summary>
    public static IEndpointRouteBuilder MapQualityApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization();
        api.MapGet("/investigations", async (InvestigationService quality, bool? open, string? lot,
            CancellationToken ct) =>
                Results.Ok(await quality.ListAsync(open ?? false, lot, ct)))
            .WithName("ListInvestigations").WithSummary("OOS investigations (filters: open, lot).");
        api.MapGet("/investigations/{id:int}", async (int id, InvestigationService quality, CancellationToken ct) =>
            await Found(() => quality.GetAsync(id, ct))).WithName("GetInvestigation")
                .WithSummary("One OOS investigation.");
        api.MapGet("/deviations", async (InvestigationService quality, bool? open, string? lot, CancellationToken ct) =>
                Results.Ok(await quality.ListDeviationsAsync(lot, open ?? false, ct)))
            .WithName("ListDeviations").WithSummary("Deviations (filters: open, lot).");
        api.MapGet("/specifications", async (ReleaseService releases, CancellationToken ct) =>
            Results.Ok(await releases.ListSpecificationsAsync(ct)))
            .WithName("ListSpecifications").WithSummary("Every specification version with its status and approval.");
        api.MapGet("/panels", async (SpecificationService documents, CancellationToken ct) =>
            Results.Ok(await documents.ListPanelsAsync(ct)))
            .WithName("ListPanels").WithSummary("Every stored identity panel version with its status and approval.");
        api.MapGet("/results/{lot}/history", async (string lot, ReleaseService releases, CancellationToken ct) =>
                await Found(async () => (await releases.GetAsync(lot, ct)).Results))
            .WithName("ResultHistory").WithSummary("Every version of a lot's results: revision, who, when, why, in " +
                "force or replaced.");
        return app;
    }

    private static async Task<IResult> Found<T>(Func<Task<T>> get)
    {
        try
        {
            return Results.Ok(await get());
        }
        catch (RecordNotFoundException ex)
        {
            return Results.NotFound(new { error = ex.Message });
        }
    }
}

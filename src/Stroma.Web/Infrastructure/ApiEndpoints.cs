using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Stroma.Manufacturing;
using Stroma.Storage.Services;

namespace Stroma.Web.Infrastructure;

/// <summary>The JSON API: lots, release results and trials, behind the same sign-in as the pages (401 when
/// anonymous).</summary>
public static class ApiEndpoints
{
    /// <summary>Maps <c>/api/lots</c>, <c>/api/lots/{code}</c>, <c>/api/donors</c>, <c>/api/donors/{code}</c>,
    /// <c>/api/results</c>, <c>/api/results/{lot}</c> and <c>/api/trials</c>.</summary>
    public static IEndpointRouteBuilder MapStromaApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization();

        api.MapGet("/lots", async (LotService lots, CancellationToken ct) => Results.Ok(await lots.ListAsync(ct)))
            .WithName("ListLots").WithSummary("All lots with lineage, passages, PD and senescence status.");
        api.MapGet("/lots/{code}", async (string code, LotService lots, CancellationToken ct) =>
            await Found(() => lots.GetAsync(code, ct))).WithName("GetLot")
                .WithSummary("One lot, with the history of its corrections.");
        api.MapGet("/donors", async (DonorService donors, CancellationToken ct) =>
            Results.Ok(await donors.ListAsync(ct)))
            .WithName("ListDonors").WithSummary("All donors with screening and eligibility.");
        api.MapGet("/donors/{code}", async (string code, DonorService donors, CancellationToken ct) =>
            await Found(() => donors.GetAsync(code, ct))).WithName("GetDonor")
                .WithSummary("One donor, with the history of its corrections.");

        api.MapGet("/results", async (LotService lots, ReleaseService releases, CancellationToken ct) =>
        {
            var all = new List<object>();
            foreach (var lot in await lots.ListAsync(ct))
            {
                var release = await releases.FindAsync(lot.Code, ct);
                if (release is null) continue;
                all.AddRange(release.Results.Select(r => new { lot = lot.Code, result = r }));
            }
            return Results.Ok(all);
        }).WithName("ListResults").WithSummary("Every release test result of every lot (superseded ones flagged).");
        api.MapGet("/results/{lot}", async (string lot, ReleaseService releases, CancellationToken ct) =>
            await Found(() => releases.GetAsync(lot, ct))).WithName("GetRelease")
                .WithSummary("A lot's release record: specification, results, evaluation, signatures.");

        api.MapGet("/trials", (TrialLandscapeCache trials, string? q, string? source, string? match, string? route,
            string? status) =>
            Results.Ok(trials.Filter(q, source, match, route, status).Select(t => t.Summary)))
            .WithName("ListTrials").WithSummary("MSC trials with extracted fields (filters: q, source, match, route, " +
                "status).");
        api.MapGet("/trials/landscape", (TrialLandscapeCache trials) => Results.Ok(trials.Landscape))
            .WithName("TrialLandscape").WithSummary("Counts by status, phase, condition category, product, source × " +
                "match, route, start year, country.");
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

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Stroma.Manufacturing;
using Stroma.Storage.Services;

namespace Stroma.Web.Infrastructure;

/// <summary>
/// Writes a signed checkpoint of the audit chain head on a schedule (WebAppOptions.CheckpointInterval), outside the
/// database, so a later rollback or rewrite of the trail is detected by <c>stroma audit verify</c>
/// (21 CFR 11.10(e); EU GMP Annex 11 §9). A broken trail gets no checkpoint; the board shows why.
/// </summary>
public sealed class AuditCheckpointService(IServiceScopeFactory scopes, WebAppOptions options,
    AuditVerificationBoard board,
    ILogger<AuditCheckpointService> logger) : BackgroundService
{
    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.CheckpointInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var audit = scope.ServiceProvider.GetRequiredService<AuditService>();
                var verification = await audit.VerifyAsync(stoppingToken).ConfigureAwait(false);
                board.Record(verification);
                if (verification.Intact) await audit.CheckpointAsync(stoppingToken).ConfigureAwait(false);
                else logger.LogError("Audit trail broken ({Count} problems): no checkpoint written.",
                    verification.Problems.Count);
            }
            catch (Exception ex) when (ex is ManufacturingException or IOException or UnauthorizedAccessException)
            {
                logger.LogError("Audit checkpoint not written: {Message}", ex.Message);
            }
        }
    }
}

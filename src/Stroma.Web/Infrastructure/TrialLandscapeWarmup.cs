using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Stroma.Web.Infrastructure;

/// <summary>
/// Reads and extracts the configured trial records in the background as the app starts, so the first visitor of
/// <c>/trials</c> is not the one who waits for the whole corpus to be extracted (a request that arrives first
/// waits for the same single load, never starts a second one).
/// </summary>
public sealed class TrialLandscapeWarmup(TrialLandscapeCache cache, ILogger<TrialLandscapeWarmup> logger)
    : BackgroundService
{
    /// <inheritdoc/>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Run(() =>
        {
            if (cache.Sources.Count == 0) return;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                var count = cache.Trials.Count;
                logger.LogInformation("Trial landscape ready: {Count} records in {Seconds:F1} s.", count,
                    System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A failing background service would stop the whole host; the trial pages report the same error
                // when they are asked for, as they did before the warm-up existed.
                logger.LogError("Trial landscape not loaded: {Message}", ex.Message);
            }
        }, stoppingToken);
}

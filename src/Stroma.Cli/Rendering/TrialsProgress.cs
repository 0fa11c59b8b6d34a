using Spectre.Console;
using Stroma.Trials.Formats;

namespace Stroma.Cli.Rendering;

/// <summary>
/// A progress bar on standard error over the input units (files and zip entries) of a trials run. Shown
/// only when standard error is a terminal, so redirected output and <c>--json</c> stay clean.
/// </summary>
internal static class TrialsProgress
{
    public static T Run<T>(IReadOnlyList<string> paths, string title, Func<Action<TrialInput>?, T> work)
    {
        if (Console.IsErrorRedirected) return work(null);
        var total = TrialSources.CountInputs(paths);
        if (total < 200) return work(null);
        T result = default!;
        Output.Error.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(title, maxValue: total);
                result = work(_ => task.Increment(1));
            });
        return result;
    }
}

using Microsoft.AspNetCore.Mvc.RazorPages;
using Stroma.Storage.Services;
using Stroma.Trials.Curation;
using Stroma.Web.Infrastructure;

namespace Stroma.Web.Pages.Trials;

/// <summary>The review queue: trials with fields still to decide, the least certain first.</summary>
public sealed class ReviewModel(TrialReviewIndex index, TrialCurationService curation) : PageModel
{
    private const int MaxRows = 300;

    /// <summary>Queue rows shown.</summary>
    public IReadOnlyList<QueuedTrial> Rows { get; private set; } = [];

    /// <summary>Trials served.</summary>
    public int Total { get; private set; }

    /// <summary>Trials with open fields.</summary>
    public int Open { get; private set; }

    /// <summary>Decisions stored.</summary>
    public int Decisions { get; private set; }

    /// <summary>Builds the queue.</summary>
    public async Task OnGetAsync(CancellationToken ct)
    {
        var book = await curation.BookAsync(ct);
        var queue = CurationQueue.Build(index.Trials, book);
        Total = queue.Count;
        Open = queue.Count(q => q.Open > 0);
        Decisions = book.Count;
        Rows = queue.Take(MaxRows).ToList();
    }
}

using Microsoft.AspNetCore.Mvc.RazorPages;
using Stroma.Knowledge;

namespace Stroma.Web.Pages.Knowledge;

/// <summary>A knowledge topic as listed.</summary>
/// <param name="Id">Topic id.</param>
/// <param name="Title">Title.</param>
/// <param name="Description">Description.</param>
/// <param name="Count">Entries.</param>
/// <param name="Version">Data version.</param>
public sealed record TopicRow(string Id, string Title, string Description, int Count, string Version);

/// <summary>The knowledge topics.</summary>
public sealed class IndexModel : PageModel
{
    /// <summary>Topics.</summary>
    public IReadOnlyList<TopicRow> Topics { get; private set; } = [];

    /// <summary>Lists topics.</summary>
    public void OnGet() =>
        Topics = KnowledgeBase.Default.Topics.Select(t => new TopicRow(t.Id, t.Title, t.Description, t.Entries.Count,
            t.Version)).ToArray();
}

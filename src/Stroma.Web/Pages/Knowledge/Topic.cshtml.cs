using Microsoft.AspNetCore.Mvc.RazorPages;
using Stroma.Knowledge;

namespace Stroma.Web.Pages.Knowledge;

/// <summary>One knowledge topic with every entry and its cited facts.</summary>
public sealed class TopicModel : PageModel
{
    /// <summary>The topic, or null.</summary>
    public IKnowledgeTopic? Topic { get; private set; }

    /// <summary>Loads the topic.</summary>
    public void OnGet(string id) => Topic = KnowledgeBase.Default.FindTopic(id);
}

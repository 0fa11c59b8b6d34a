using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Stroma.Manufacturing;

namespace Stroma.Web.Infrastructure;

/// <summary>
/// Shared plumbing of the quality pages (investigations, deviations, specifications): the role check of a form post,
/// the domain's message shown on refusal, and who may see which form. Pages hold no rule; the services decide.
/// </summary>
public abstract class QualityPageModel(IAuthorizationService authorization) : PageModel
{
    /// <summary>Whether the user may write records (Operator, QA, Admin).</summary>
    public bool CanWrite { get; private set; }

    /// <summary>Whether the user may sign as QA.</summary>
    public bool CanSign { get; private set; }

    /// <summary>Message of the last action.</summary>
    public string? Message { get; protected set; }

    /// <summary>Whether the last action failed.</summary>
    public bool Failed { get; protected set; }

    /// <summary>Loads the page's data.</summary>
    protected abstract Task LoadAsync(CancellationToken ct);

    /// <summary>Reads the user's roles, then the page's data.</summary>
    protected async Task ShowAsync(CancellationToken ct)
    {
        CanWrite = (await authorization.AuthorizeAsync(User, Policies.Writer)).Succeeded;
        CanSign = (await authorization.AuthorizeAsync(User, Policies.Qa)).Succeeded;
        await LoadAsync(ct);
    }

    /// <summary>Runs a form action for a policy: 403 without it; a domain refusal is shown, and nothing is
    /// saved.</summary>
    protected async Task<IActionResult> Act(string policy, Func<Task<string>> action, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, policy)).Succeeded) return Forbid();
        try
        {
            Message = await action();
        }
        catch (ManufacturingException ex)
        {
            Message = ex.Message;
            Failed = true;
        }
        await ShowAsync(ct);
        return Page();
    }
}

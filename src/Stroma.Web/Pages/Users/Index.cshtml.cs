using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Stroma.Manufacturing;
using Stroma.Storage;
using Stroma.Storage.Services;

namespace Stroma.Web.Pages.Users;

/// <summary>
/// User administration (Admin only): add, disable or enable, unlock, change role. Users are disabled, never deleted
/// (21 CFR 11.300(b)); every change is audited under the Admin's name.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class IndexModel(UserService users) : PageModel
{
    /// <summary>Every user.</summary>
    public IReadOnlyList<UserInfo> Users { get; private set; } = [];

    /// <summary>Message of the last action.</summary>
    [TempData] public string? Message { get; set; }

    /// <summary>Whether the last action failed.</summary>
    [TempData] public bool Failed { get; set; }

    /// <summary>The roles to choose from.</summary>
    public IReadOnlyList<string> Roles => StromaRoles.All;

    /// <summary>Lists the users.</summary>
    public async Task OnGetAsync(CancellationToken ct) => Users = await users.ListAsync(ct);

    /// <summary>Adds a user.</summary>
    public Task<IActionResult> OnPostAddAsync(string userName, string role, string password, string? fullName,
        CancellationToken ct) =>
        Act(async by =>
            $"Added {(await users.AddAsAdminAsync(by, userName, role, password,
                string.IsNullOrWhiteSpace(fullName) ? null : fullName.Trim(), ct)).UserName}.");

    /// <summary>Disables a user.</summary>
    public Task<IActionResult> OnPostDisableAsync(string userName, CancellationToken ct) =>
        Act(async by => $"Disabled {(await users.SetDisabledAsync(by, userName, true, ct)).UserName}.");

    /// <summary>Re-enables a user.</summary>
    public Task<IActionResult> OnPostEnableAsync(string userName, CancellationToken ct) =>
        Act(async by => $"Enabled {(await users.SetDisabledAsync(by, userName, false, ct)).UserName}.");

    /// <summary>Ends a lockout.</summary>
    public Task<IActionResult> OnPostUnlockAsync(string userName, CancellationToken ct) =>
        Act(async by => $"Unlocked {(await users.UnlockAsync(by, userName, ct)).UserName}.");

    /// <summary>Sets a user's role.</summary>
    public Task<IActionResult> OnPostRoleAsync(string userName, string role, CancellationToken ct) =>
        Act(async by => $"{(await users.SetRoleAsync(by, userName, role, ct)).UserName} is now {role}.");

    // Post/Redirect/Get: the outcome travels in TempData, so reloading never repeats the change.
    private async Task<IActionResult> Act(Func<string, Task<string>> action)
    {
        try
        {
            Message = await action(User.Identity!.Name!);
            Failed = false;
        }
        catch (ManufacturingException ex)
        {
            Message = ex.Message;
            Failed = true;
        }
        return RedirectToPage();
    }
}

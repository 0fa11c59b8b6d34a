using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Stroma.Manufacturing;
using Stroma.Storage;
using Stroma.Storage.Services;

namespace Stroma.Web.Pages.Account;

/// <summary>Changes the signed-in user's own password (any role); the current password is checked first.</summary>
public sealed class PasswordModel(UserService users, SignInManager<StromaUser> signIn) : PageModel
{
    /// <summary>Message of the last attempt.</summary>
    [TempData] public string? Message { get; set; }

    /// <summary>Whether the last attempt failed.</summary>
    [TempData] public bool Failed { get; set; }

    /// <summary>Shows the form.</summary>
    public void OnGet() { }

    /// <summary>Changes the password; the user signs in again with it.</summary>
    public async Task<IActionResult> OnPostAsync(string currentPassword, string newPassword, CancellationToken ct)
    {
        try
        {
            await users.ChangePasswordAsync(User.Identity!.Name!, currentPassword ?? "", newPassword ?? "", ct);
        }
        catch (ManufacturingException ex)
        {
            (Message, Failed) = (ex.Message, true);
            return RedirectToPage();
        }
        // The new security stamp ends every session, this one too.
        await signIn.SignOutAsync();
        return Redirect("/login");
    }
}

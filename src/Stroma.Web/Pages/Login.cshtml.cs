using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Stroma.Storage;

namespace Stroma.Web.Pages;

/// <summary>Sign-in with lockout after repeated failures.</summary>
public sealed class LoginModel(SignInManager<StromaUser> signIn) : PageModel
{
    /// <summary>User name typed.</summary>
    [BindProperty] public string UserName { get; set; } = "";

    /// <summary>Password typed.</summary>
    [BindProperty] public string Password { get; set; } = "";

    /// <summary>Where to go after sign-in (local URLs only).</summary>
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    /// <summary>Why the last attempt failed.</summary>
    public string? Error { get; private set; }

    /// <summary>Shows the form.</summary>
    public void OnGet() { }

    /// <summary>Checks the password; five failures lock the account for 15 minutes.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        var result = await signIn.PasswordSignInAsync(UserName.Trim(), Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded) return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        Error = result.IsLockedOut
            ? "This account is locked after repeated failed sign-ins. Try again in 15 minutes or ask an administrator."
            : "User name or password not accepted.";
        return Page();
    }
}

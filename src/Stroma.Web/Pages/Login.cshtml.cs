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

    /// <summary>What every failed sign-in shows, whatever the reason (wrong password, unknown user, locked
    /// account).</summary>
    public const string FailedSignIn = "User name or password not accepted. After five failed attempts an account is "
                                       + "locked for 15 minutes; an administrator can unlock it sooner.";

    /// <summary>Shows the form.</summary>
    public void OnGet() { }

    /// <summary>Checks the password; five failures lock the account for 15 minutes.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        var result = await signIn.PasswordSignInAsync(UserName.Trim(), Password, isPersistent: false,
            lockoutOnFailure: true);
        if (result.Succeeded) return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        // One answer for every failure: a distinct "locked" message would tell a guesser which user names exist
        // (an unknown name is never locked). OWASP Authentication Cheat Sheet, "Authentication and error messages".
        Error = FailedSignIn;
        return Page();
    }
}

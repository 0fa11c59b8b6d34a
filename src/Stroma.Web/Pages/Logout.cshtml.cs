using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Stroma.Storage;

namespace Stroma.Web.Pages;

/// <summary>Signs out (POST only, with anti-forgery).</summary>
public sealed class LogoutModel(SignInManager<StromaUser> signIn) : PageModel
{
    /// <summary>Signs out and returns to the sign-in page.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return Redirect("/login");
    }

    /// <summary>GET does not sign out (no cross-site sign-out); it goes home.</summary>
    public IActionResult OnGet() => Redirect("/");
}

using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace TaskQueue.Web.Security;

public static class AccountEndpoints
{
    // Sign-out is a form POST (with the antiforgery token the form carries), never a GET a
    // link or an image on another site could trigger. The form parameter is what makes
    // minimal APIs validate that token; it always lands on the sign-in page.
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/logout", async (SignInManager<IdentityUser> signInManager, [FromForm(Name = "__RequestVerificationToken")] string? antiforgeryToken) =>
        {
            await signInManager.SignOutAsync();
            return TypedResults.LocalRedirect("/account/login");
        }).WithName("SignOut").ExcludeFromDescription();
        return app;
    }
}

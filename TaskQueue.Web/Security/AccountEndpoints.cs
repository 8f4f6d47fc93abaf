using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace TaskQueue.Web.Security;

public static class AccountEndpoints
{
    // Sign-out is a form POST (with the antiforgery token the form carries), never a GET a
    // link or an image on another site could trigger.
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/logout", async (SignInManager<IdentityUser> signInManager, [FromForm] string? returnUrl) =>
        {
            await signInManager.SignOutAsync();
            return TypedResults.LocalRedirect("/account/login");
        }).WithName("SignOut").ExcludeFromDescription();
        return app;
    }
}

using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using System.Security.Claims;

namespace TaskQueue.AppHost.Dashboard;

// One user, the person who started the AppHost: they prove it by opening the login link it
// printed, once, and get a cookie for this run (keys are in memory, so a new run means a new
// login). Everything else — pages, the Blazor circuit, static files — requires that cookie;
// without it the answer is 401, not a login form, because the only way in is the link.
public static class DashboardAuthentication
{
    private const string CookieName = "taskqueue-apphost-dashboard";

    public static void AddDashboardAuthentication(this IServiceCollection services)
    {
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = CookieName;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Events.OnRedirectToLogin = context => Unauthorized(context.Response);
                options.Events.OnRedirectToAccessDenied = context => Unauthorized(context.Response);
            });
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
    }

    public static void MapLogin(this IEndpointRouteBuilder endpoints, LoginToken token)
    {
        endpoints.MapGet("/login", async (HttpContext context, string? t) =>
        {
            if (!token.TryRedeem(t))
            {
                return Results.Text("This login link is not valid (each link works once). Restart the AppHost for a new one.",
                    statusCode: StatusCodes.Status401Unauthorized);
            }

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, Environment.UserName)], CookieAuthenticationDefaults.AuthenticationScheme);
            await context.SignInAsync(new ClaimsPrincipal(identity));
            return Results.Redirect("/");
        }).AllowAnonymous();
    }

    private static Task Unauthorized(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.ContentType = "text/plain";
        return response.WriteAsync("Open the dashboard with the login link the AppHost printed.");
    }
}

using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using TaskQueue.Data;

namespace TaskQueue.Web.Security;

public static class SecurityExtensions
{
    // Everything requires a signed-in user unless it says otherwise: pages by cookie, the
    // REST API by API key. A new endpoint is protected by default (the fallback policy).
    public static void AddTaskQueueSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<AdminOptions>(builder.Configuration.GetSection(AdminOptions.SectionName));
        services.Configure<EnqueueLimitOptions>(builder.Configuration.GetSection(EnqueueLimitOptions.SectionName));

        services.AddIdentityCore<IdentityUser>(options =>
            {
                options.Password.RequiredLength = 12;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<TasksDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        services.AddScoped<SignInHistory>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = ApiKeyDefaults.SelectorScheme;
                options.DefaultChallengeScheme = ApiKeyDefaults.SelectorScheme;
            })
            .AddPolicyScheme(ApiKeyDefaults.SelectorScheme, "API key or cookie", options =>
                options.ForwardDefaultSelector = context =>
                    context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                        ? ApiKeyDefaults.AuthenticationScheme
                        : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyDefaults.AuthenticationScheme, null)
            .AddIdentityCookies();

        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/account/login";
            options.AccessDeniedPath = "/account/access-denied";
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
            options.Cookie.Name = "TaskQueue.Auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Events = new CookieAuthenticationEvents
            {
                OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized),
                OnRedirectToAccessDenied = context => RedirectOrStatus(context, StatusCodes.Status403Forbidden),
            };
        });

        // A cookie is checked against the user's security stamp this often (Identity's default
        // is 30 min): a changed password or a disabled user signs other browsers out within
        // 5 minutes, the interval at which circuits revalidate too.
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.FromMinutes(5));

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(AuthorizationPolicies.ApiKey, policy => policy
                .AddAuthenticationSchemes(ApiKeyDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser())
            .AddPolicy(AuthorizationPolicies.AdminApiKey, policy => policy
                .AddAuthenticationSchemes(ApiKeyDefaults.AuthenticationScheme)
                .RequireRole(Roles.Admin))
            .AddPolicy(AuthorizationPolicies.Admin, policy => policy.RequireRole(Roles.Admin));

        // SecurityHeaders sends X-Frame-Options: DENY on every response; antiforgery's own
        // SAMEORIGIN would make it a second, weaker copy.
        services.AddAntiforgery(options => options.SuppressXFrameOptionsHeader = true);
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddScoped<ApiKeyService>();
        services.AddScoped<UserAdministration>();
        services.AddSingleton<EnqueueRateLimiter>();
        services.AddHostedService<AdminAccountSeeder>();
    }

    // Browsers asking for a page get the sign-in page; API clients and scripts get a status
    // code they can act on, never a 302 to HTML.
    private static Task RedirectOrStatus(RedirectContext<CookieAuthenticationOptions> context, int statusCode)
    {
        var wantsHtml = context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
        if (wantsHtml && !context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.Redirect(context.RedirectUri);
        }
        else
        {
            context.Response.StatusCode = statusCode;
        }

        return Task.CompletedTask;
    }
}

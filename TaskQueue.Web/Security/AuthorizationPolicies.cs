namespace TaskQueue.Web.Security;

public static class AuthorizationPolicies
{
    // The REST API accepts API keys only: a browser's cookie never authorizes an API call,
    // so the API needs no antiforgery tokens and cannot be driven by cross-site requests.
    public const string ApiKey = "ApiKey";

    // An API caller whose key belongs to an admin.
    public const string AdminApiKey = "AdminApiKey";

    // A signed-in admin in the UI.
    public const string Admin = "Admin";
}

namespace TaskQueue.Web.Security;

public static class ApiKeyDefaults
{
    public const string AuthenticationScheme = "ApiKey";

    // Chooses the API key handler when a bearer token is present, the Identity cookie otherwise.
    public const string SelectorScheme = "ApiKeyOrCookie";
}

using System.Net.Http.Headers;

namespace TaskQueue.Tests.Browser;

// How the dashboard tests reach the web app's REST API. The security work makes it require
// an API key (Authorization: Bearer KEY, the admin's set by the AppHost's --admin-key); until
// that lands the AppHost ignores the option and the API the header. One place to adjust.
public static class TaskApi
{
    public const string AdminKey = "dashboard-tests-admin-key";

    public static IReadOnlyList<string> AppHostArguments => ["--admin-key", AdminKey];

    public static HttpClient CreateClient(Uri baseAddress)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        return client;
    }
}

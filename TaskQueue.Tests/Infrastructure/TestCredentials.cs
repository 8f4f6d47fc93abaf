using System.Net.Http.Headers;
using Microsoft.AspNetCore.Identity;
using TaskQueue.Data;
using TaskQueue.Data.Model;
using TaskQueue.Web.Security;

namespace TaskQueue.Tests.Infrastructure;

// The admin account every test system starts with (the AppHost's --admin-password and
// --admin-key, or the web app's Admin__* settings), and more users made straight in the
// database, the way the Users page makes them.
public static class TestCredentials
{
    public const string AdminUserName = "admin";
    public const string AdminPassword = "Test-Admin-Passw0rd";
    public const string AdminApiKey = "tq_test-admin-key-0123456789abcdef";

    public static string[] AppHostArguments => ["--admin-password", AdminPassword, "--admin-key", AdminApiKey];

    public static Dictionary<string, string> WebEnvironment => new()
    {
        ["Admin__Password"] = AdminPassword,
        ["Admin__ApiKey"] = AdminApiKey,
        ["Admin__PasswordHint"] = AdminPasswordHint,
    };

    public const string AdminPasswordHint = "is in the test credentials.";

    public static HttpClient Client(Uri baseAddress, string? apiKey = AdminApiKey, TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    // A user with a password and an API key, straight in the database: returns the key.
    public static async Task<string> CreateUserAsync(TasksDbContext db, string userName, string password)
    {
        var user = new IdentityUser(userName)
        {
            NormalizedUserName = userName.ToUpperInvariant(),
            SecurityStamp = Guid.NewGuid().ToString("N"),
        };
        user.PasswordHash = new PasswordHasher<IdentityUser>().HashPassword(user, password);
        db.Users.Add(user);

        var secret = ApiKeySecret.Generate();
        db.ApiKeys.Add(new ApiKey
        {
            Id = Guid.CreateVersion7(),
            UserId = user.Id,
            Name = "test",
            Prefix = ApiKeySecret.DisplayPrefix(secret),
            Hash = ApiKeySecret.Hash(secret),
            CreatedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
        return secret;
    }
}

using System.Net;
using Microsoft.EntityFrameworkCore;
using TaskQueue.Tests.Infrastructure;

namespace TaskQueue.Tests.Security;

// An unexpected failure (here: the tasks table is gone) reaches the client as a plain 500
// problem, even in Development: no exception type, message, stack trace or file path.
[Collection(SystemCollection.Name)]
public sealed class ErrorDetailsTests(SystemFixture system)
{
    [Fact]
    public async Task A_server_error_never_shows_the_exception_to_the_client()
    {
        await using var web = await InProcessWeb.StartAsync(system.Broker, environment: "Development");
        using var client = web.CreateClient(TestCredentials.AdminApiKey);
        await using (var db = web.CreateDb())
        {
            await db.Database.ExecuteSqlRawAsync("DROP TABLE Tasks");
        }

        using var response = await client.GetAsync("/api/tasks");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        foreach (var leak in new[] { "SqliteException", "no such table", " at ", ".cs:line", "TaskQueue.", "/tmp/" })
        {
            Assert.DoesNotContain(leak, body);
        }
    }
}

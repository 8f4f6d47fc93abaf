using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using TaskQueue.Data;
using TaskQueue.Data.Sqlite;

namespace TaskQueue.Tests.Infrastructure;

// The web app hosted in the test process (TestServer) on its own SQLite file and virtual
// host: for tests that need its internals, such as the route table, or a broken database.
public sealed class InProcessWeb : IAsyncDisposable
{
    private readonly TestDirectory _directory = new("web");
    private readonly WebApplicationFactory<TaskQueue.Web.Services.TaskService> _factory;

    private readonly RabbitMqNode _broker;
    private readonly string _messaging;

    private InProcessWeb(string messaging, RabbitMqNode broker, string environment)
    {
        _broker = broker;
        _messaging = messaging;
        DatabaseConnectionString = $"Data Source={_directory.File("tasks.db")}";
        _factory = new WebApplicationFactory<TaskQueue.Web.Services.TaskService>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment(environment);
            web.UseSetting("ConnectionStrings:messaging", messaging);
            web.UseSetting("ConnectionStrings:tasksdb", DatabaseConnectionString);
            foreach (var (key, value) in TestCredentials.WebEnvironment)
            {
                web.UseSetting(key.Replace("__", ":", StringComparison.Ordinal), value);
            }
        });
    }

    public string DatabaseConnectionString { get; }
    public IServiceProvider Services => _factory.Services;

    // Development is the worst case for leaking error details, so it is the default here.
    public static async Task<InProcessWeb> StartAsync(BrokerFixture broker, string environment = "Development")
    {
        var web = new InProcessWeb(await broker.CreateVirtualHostAsync("web"), broker.Node, environment);
        await using (var db = web.CreateDb())
        {
            await db.Database.MigrateAsync();
        }

        _ = web._factory.Server;
        return web;
    }

    // Redirects are not followed and cookies are kept, as a browser would keep them.
    public HttpClient CreateClient(string? apiKey = null)
    {
        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    public TasksDbContext CreateDb() =>
        new(new DbContextOptionsBuilder<TasksDbContext>().UseTasksSqlite(DatabaseConnectionString).Options);

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _broker.DeleteVirtualHostAsync(_messaging);
        SqliteConnectionPoolCleaner.ClearAll();
        _directory.Dispose();
    }
}

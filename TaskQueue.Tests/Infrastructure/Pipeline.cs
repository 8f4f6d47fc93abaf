using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TaskQueue.Data;
using TaskQueue.Data.Model;
using TaskQueue.Data.Sqlite;

namespace TaskQueue.Tests.Infrastructure;

// The real system minus the AppHost: web, sink and workers as processes on a shared broker
// (their own virtual host) and their own SQLite file. Tests drive it through the REST API
// and read outcomes straight from the database, the source of truth.
public sealed class Pipeline : IAsyncDisposable
{
    private readonly TestDirectory _directory = new("pipeline");
    private readonly List<ServiceProcess> _processes = [];
    private readonly double _failureRate;
    private readonly RabbitMqNode _broker;

    private Pipeline(string messaging, RabbitMqNode broker, double failureRate)
    {
        _broker = broker;
        MessagingConnectionString = messaging;
        DatabaseConnectionString = $"Data Source={_directory.File("tasks.db")}";
        _failureRate = failureRate;
    }

    public string MessagingConnectionString { get; }
    public string DatabaseConnectionString { get; }
    public ServiceProcess Web { get; private set; } = null!;
    public ServiceProcess Sink { get; private set; } = null!;
    public List<ServiceProcess> Workers { get; } = [];
    public HttpClient Api { get; private set; } = null!;
    public string DatabasePath => _directory.File("tasks.db");

    public static async Task<Pipeline> StartAsync(BrokerFixture broker, int workers, double failureRate = 0)
    {
        var pipeline = new Pipeline(await broker.CreateVirtualHostAsync("pipeline"), broker.Node, failureRate);
        try
        {
            await pipeline.MigrateAsync();
            pipeline.Sink = await pipeline.StartAsync("sink", new ServiceBuilds.TaskQueue_Sink());
            pipeline.Web = await pipeline.StartAsync("web", new ServiceBuilds.TaskQueue_Web());
            await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => pipeline.StartWorkerAsync()));
            pipeline.Api = TestCredentials.Client(pipeline.Web.BaseAddress);
            return pipeline;
        }
        catch
        {
            await pipeline.DisposeAsync();
            throw;
        }
    }

    // settings: the worker's own, on top of the pipeline's (e.g. Worker__Concurrency).
    public async Task<ServiceProcess> StartWorkerAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        ServiceProcess worker;
        lock (Workers)
        {
            worker = Create($"worker-{Workers.Count + 1}", new ServiceBuilds.TaskQueue_Worker(), database: false, settings);
            Workers.Add(worker);
        }

        await worker.StartAsync();
        return worker;
    }

    public async Task<ServiceProcess> RestartSinkAsync()
    {
        Sink = await StartAsync("sink-restarted", new ServiceBuilds.TaskQueue_Sink());
        return Sink;
    }

    // The replacement listens on a new port; Api follows it.
    public async Task<ServiceProcess> RestartWebAsync()
    {
        Web = await StartAsync("web-restarted", new ServiceBuilds.TaskQueue_Web());
        var previous = Api;
        Api = TestCredentials.Client(Web.BaseAddress);
        previous.Dispose();
        return Web;
    }

    // Another user of this system, with an API client of their own.
    public async Task<HttpClient> CreateUserClientAsync(string userName, string password = "User-Passw0rd-123")
    {
        await using var db = CreateDb();
        return TestCredentials.Client(Web.BaseAddress, await TestCredentials.CreateUserAsync(db, userName, password));
    }

    public TasksDbContext CreateDb() =>
        new(new DbContextOptionsBuilder<TasksDbContext>().UseTasksSqlite(DatabaseConnectionString).Options);

    public async Task<IReadOnlyList<Guid>> SubmitAsync(IEnumerable<object> tasks)
    {
        var ids = new List<Guid>();
        foreach (var chunk in tasks.Chunk(1000))
        {
            using var response = await Api.PostAsJsonAsync("/api/tasks/batch", new { tasks = chunk });
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            ids.AddRange(body.GetProperty("ids").EnumerateArray().Select(id => id.GetGuid()));
        }

        return ids;
    }

    public async Task<Dictionary<TaskItemStatus, int>> CountByStatusAsync(IReadOnlyCollection<Guid> ids)
    {
        await using var db = CreateDb();
        return await db.Tasks.Where(task => ids.Contains(task.Id))
            .GroupBy(task => task.Status).ToDictionaryAsync(group => group.Key, group => group.Count());
    }

    // Polls the database until every one of these tasks is Finished, Failed or Cancelled.
    public async Task<Dictionary<TaskItemStatus, int>> WaitUntilAllTerminalAsync(IReadOnlyCollection<Guid> ids, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        Dictionary<TaskItemStatus, int> counts;
        do
        {
            counts = await CountByStatusAsync(ids);
            if (counts.Where(pair => pair.Key.IsTerminal()).Sum(pair => pair.Value) >= ids.Count)
            {
                return counts;
            }

            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);

        throw new TimeoutException(
            $"Not all {ids.Count} tasks were terminal after {timeout}: {string.Join(", ", counts.Select(pair => $"{pair.Key}={pair.Value}"))}\n" +
            await DescribeStuckAsync(ids) +
            $"--- sink ---\n{Tail(Sink.Output)}\n--- web ---\n{Tail(Web.Output)}\n--- worker-1 ---\n{Tail(Workers.FirstOrDefault()?.Output ?? "")}");
    }

    // The first few tasks that never ended, and every line any service printed about them: a
    // rare stuck task must leave enough behind to find its cause.
    private async Task<string> DescribeStuckAsync(IReadOnlyCollection<Guid> ids)
    {
        await using var db = CreateDb();
        var terminal = new[] { TaskItemStatus.Finished, TaskItemStatus.Failed, TaskItemStatus.Cancelled };
        var stuck = await db.Tasks.Where(task => ids.Contains(task.Id) && !terminal.Contains(task.Status)).Take(5).ToListAsync();
        var services = new[] { ("web", Web), ("sink", Sink) }.Concat(Workers.Select((worker, index) => ($"worker-{index + 1}", worker)));
        return string.Concat(stuck.Select(task =>
            $"--- stuck: {task.Id} {task.Type} {task.Status} attempt {task.Attempt}/{task.MaxAttempts} worker {task.WorkerId} updated {task.UpdatedAt:HH:mm:ss.fff} ---\n" +
            string.Concat(services.SelectMany(service => service.Item2.Output.Split('\n')
                .Where(line => line.Contains(task.Id.ToString(), StringComparison.OrdinalIgnoreCase))
                .Select(line => $"[{service.Item1}] {line}\n")))));
    }

    public async Task<TaskItem> WaitForTaskAsync(Guid id, Func<TaskItem, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        TaskItem? task = null;
        do
        {
            await using (var db = CreateDb())
            {
                task = await db.Tasks.AsNoTracking().Include(t => t.Attempts).FirstOrDefaultAsync(t => t.Id == id);
            }

            if (task is not null && condition(task))
            {
                return task;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        throw new TimeoutException($"Task {id} did not reach the expected state within {timeout}; it is {task?.Status} ({task?.Error}).");
    }

    private static string Tail(string text) => text.Length > 4000 ? text[^4000..] : text;

    private async Task MigrateAsync()
    {
        await using var db = CreateDb();
        await db.Database.MigrateAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
    }

    private async Task<ServiceProcess> StartAsync(string name, IServiceBuild project)
    {
        var process = Create(name, project);
        await process.StartAsync();
        return process;
    }

    // Workers get no database connection string: they must work without one.
    private ServiceProcess Create(string name, IServiceBuild project, bool database = true, IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string>(TestCredentials.WebEnvironment)
        {
            ["ConnectionStrings__messaging"] = MessagingConnectionString,
            ["Worker__FailureRate"] = _failureRate.ToString(CultureInfo.InvariantCulture),
            // As the AppHost hands it out; only the web app reads it (its Operations page).
            ["services__messaging__management__0"] = _broker.ManagementUri.ToString(),
        };
        if (database)
        {
            environment["ConnectionStrings__tasksdb"] = DatabaseConnectionString;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var process = new ServiceProcess(name, project, environment);
        lock (_processes)
        {
            _processes.Add(process);
        }

        return process;
    }

    public async ValueTask DisposeAsync()
    {
        Api?.Dispose();
        await Task.WhenAll(_processes.Select(process => process.DisposeAsync().AsTask()));
        await _broker.DeleteVirtualHostAsync(MessagingConnectionString);
        SqliteConnectionPoolCleaner.ClearAll();
        _directory.Dispose();
    }
}

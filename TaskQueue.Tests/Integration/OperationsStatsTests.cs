using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using TaskQueue.Messaging;
using TaskQueue.Tests.Infrastructure;
using TaskQueue.Web.Services;
using TaskQueue.Web.Services.Operations;

namespace TaskQueue.Tests.Integration;

// The Operations page's figures against a real broker and database: queue depths and consumers
// from the management API, throughput and latency from the tasks that ended.
[Collection(SystemCollection.Name)]
public sealed class OperationsStatsTests(SystemFixture system)
{
    [Fact]
    public async Task The_tasks_queue_depth_follows_enqueued_tasks_and_its_consumers_the_workers()
    {
        await using var pipeline = await Pipeline.StartAsync(system.Broker, workers: 0);
        var idle = await WaitForTasksQueueAsync(pipeline, queue => true);
        Assert.Equal((0, 0), (idle.GetProperty("messages").GetInt64(), idle.GetProperty("consumers").GetInt32()));

        // With no worker nothing consumes: every accepted task waits in the queue, in the
        // bundles one request's tasks travel in (OutboxOptions.TasksPerMessage a message).
        var ids = await pipeline.SubmitAsync(Enumerable.Range(0, 40).Select(i => new { type = "echo", input = new { value = i } }));
        var bundles = (int)Math.Ceiling(40.0 / new OutboxOptions().TasksPerMessage);
        await WaitForTasksQueueAsync(pipeline, queue => queue.GetProperty("messages").GetInt64() == bundles);

        await Task.WhenAll(pipeline.StartWorkerAsync(), pipeline.StartWorkerAsync());
        await WaitForTasksQueueAsync(pipeline, queue => queue.GetProperty("consumers").GetInt32() == 2 && queue.GetProperty("messages").GetInt64() == 0);
        await pipeline.WaitUntilAllTerminalAsync(ids, TimeSpan.FromSeconds(60));

        var throughput = await pipeline.Api.GetFromJsonAsync<JsonElement>("/api/operations/throughput");
        Assert.Equal(90, throughput.GetArrayLength());
        Assert.Equal(40, throughput.EnumerateArray().Sum(point => point.GetProperty("finished").GetInt32()));
        var latency = await pipeline.Api.GetFromJsonAsync<JsonElement>("/api/operations/latency");
        Assert.Equal(40, latency.GetProperty("sampleSize").GetInt32());
        // They waited for the workers to start, several seconds: the queue wait says so.
        Assert.True(TimeSpan.Parse(latency.GetProperty("queueWait").GetProperty("p50").GetString()!) > TimeSpan.FromSeconds(1), latency.ToString());
    }

    [Fact]
    public async Task A_management_api_that_refuses_or_is_not_there_is_reported_as_unavailable_with_the_reason()
    {
        var node = system.Broker.Node;
        var wrongPassword = node.ConnectionString.Replace(node.Password, "wrong", StringComparison.Ordinal);
        Assert.Contains("401", (await ReadDirectlyAsync(node.ManagementUri.ToString(), wrongPassword)).UnavailableReason);

        var closedPort = $"http://127.0.0.1:{FreePort.Next()}";
        Assert.Contains("could not be reached", (await ReadDirectlyAsync(closedPort, node.ConnectionString)).UnavailableReason);

        var withoutEndpoint = await ReadDirectlyAsync(null, node.ConnectionString);
        Assert.Contains("services__messaging__management__0 is not set", withoutEndpoint.UnavailableReason);
    }

    private static async Task<QueueStatsSnapshot> ReadDirectlyAsync(string? managementUrl, string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [BrokerManagementEndpoint.UrlKey] = managementUrl,
            ["ConnectionStrings:messaging"] = connectionString,
        }).Build();
        await using var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var reader = new QueueStatsReader(services.GetRequiredService<IHttpClientFactory>(), configuration, TimeProvider.System, NullLogger<QueueStatsReader>.Instance);
        return await reader.ReadAsync();
    }

    // The management API samples queues every few seconds, so its figures trail by up to that.
    private static async Task<JsonElement> WaitForTasksQueueAsync(Pipeline pipeline, Func<JsonElement, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(45);
        JsonElement snapshot;
        do
        {
            snapshot = await pipeline.Api.GetFromJsonAsync<JsonElement>("/api/operations/queues");
            Assert.True(snapshot.GetProperty("unavailableReason").ValueKind == JsonValueKind.Null, snapshot.ToString());
            var tasks = snapshot.GetProperty("queues").EnumerateArray()
                .Where(queue => queue.GetProperty("name").GetString() == Topology.TasksQueue).ToList();
            if (tasks.Count == 1 && condition(tasks[0]))
            {
                return tasks[0];
            }

            await Task.Delay(500);
        }
        while (DateTime.UtcNow < deadline);

        throw new TimeoutException($"The tasks queue never met the condition; last snapshot: {snapshot}");
    }
}

using TaskQueue.Tests.Infrastructure;

namespace TaskQueue.Tests.Integration;

// An idle worker's memory is a target (bench/): the worker neither serves nor calls HTTP, so
// none of the HTTP client's defaults (resilience, service discovery), HTTP telemetry or the
// settings-file watcher may be loaded into it. The web app, which calls the broker's management
// API, keeps them. Read from the running processes' memory maps.
[Collection(SystemCollection.Name)]
public sealed class WorkerFootprintTests(SystemFixture system)
{
    private static readonly string[] s_httpOnly =
    [
        "Microsoft.Extensions.Http.Resilience.dll",
        "Microsoft.Extensions.ServiceDiscovery.dll",
        "OpenTelemetry.Instrumentation.Http.dll",
        "OpenTelemetry.Instrumentation.AspNetCore.dll",
    ];

    [Fact]
    public async Task A_worker_maps_no_http_client_defaults_http_telemetry_or_file_watcher_and_the_web_app_keeps_them()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        var ids = await pipeline.SubmitAsync([new { type = "echo", input = new { value = "footprint" } }]);
        await pipeline.WaitUntilAllTerminalAsync(ids, TimeSpan.FromSeconds(60));

        foreach (var worker in pipeline.Workers)
        {
            var mapped = MappedAssemblies(worker.Pid);
            Assert.Contains("TaskQueue.Worker.dll", mapped);
            Assert.Contains("RabbitMQ.Client.dll", mapped);
            Assert.All(s_httpOnly.Append("System.IO.FileSystem.Watcher.dll"), assembly => Assert.DoesNotContain(assembly, mapped));
        }

        var web = MappedAssemblies(pipeline.Web.Pid);
        Assert.All(s_httpOnly, assembly => Assert.Contains(assembly, web));
    }

    private static HashSet<string> MappedAssemblies(int pid) =>
        File.ReadLines($"/proc/{pid}/maps")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 6 && fields[5].EndsWith(".dll", StringComparison.Ordinal))
            .Select(fields => Path.GetFileName(fields[5]))
            .ToHashSet();
}

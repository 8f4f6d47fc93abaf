using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using TaskQueue.AppHost.Hosting;
using TaskQueue.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TaskQueue.Tests.EndToEnd;

// The whole system as `dotnet run --project TaskQueue.AppHost` starts it: a private broker,
// migrations, sink, worker replicas and web, supervised and stopped cleanly.
[Collection(AppHostCollection.Name)]
public sealed class AppHostLifecycleTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Starts_everything_restarts_a_killed_worker_and_broker_and_stops_without_leftovers()
    {
        using var dataDir = new TestDirectory("apphost");
        var port = FreePort.Next();
        var clock = Stopwatch.StartNew();
        await using var appHost = AppHostProcess.Start(dataDir.Path,
            ["--workers", "3", "--port", $"{port}", "--data-dir", dataDir.Path, "--failure-rate", "0", .. TestCredentials.AppHostArguments]);

        var ready = await appHost.WaitForReadyAsync();
        output.WriteLine($"Ready after {clock.Elapsed.TotalSeconds:0.0} s: {ready}");
        Assert.Equal($"Ready: http://localhost:{port}", ready);

        var state = appHost.ReadState();
        var workers = state.Resources.Where(resource => resource.Name.StartsWith("worker-", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, workers.Count);
        Assert.All(workers, worker => Assert.True(OsProcesses.IsAlive(worker.Pid!.Value)));
        Assert.All(workers, worker => Assert.Contains("TaskQueue.Worker.dll", OsProcesses.CommandLine(worker.Pid!.Value)));
        Assert.Equal("Finished", state.Resource("migrations").State);
        Assert.Contains("beam.smp", OsProcesses.CommandLine(state.Resource("messaging").Pid!.Value));

        using var http = TestCredentials.Client(new Uri($"http://localhost:{port}"), timeout: TimeSpan.FromSeconds(10));
        foreach (var service in state.Resources.Where(resource => resource.Endpoint?.StartsWith("http", StringComparison.Ordinal) == true))
        {
            using var health = await http.GetAsync($"{service.Endpoint}/health");
            Assert.True(health.IsSuccessStatusCode, $"{service.Name} is not healthy");
        }

        await AssertATaskRunsAsync(http, port);

        var seenPids = new HashSet<int>(state.Resources.Where(resource => resource.Pid is not null).Select(resource => resource.Pid!.Value));
        var victim = state.Resource("worker-2");
        UnixSignals.Send(victim.Pid!.Value, UnixSignals.SigKill);
        var restarted = await Eventually.GetAsync(() =>
        {
            var current = appHost.ReadState().Resource("worker-2");
            return Task.FromResult((current is { Restarts: 1, State: "Running" } && current.Pid != victim.Pid, current));
        }, TimeSpan.FromSeconds(60), "worker-2 to be restarted");
        Assert.True(OsProcesses.IsAlive(restarted.Pid!.Value));
        seenPids.Add(restarted.Pid!.Value);

        // The broker itself dies: the AppHost starts it again on the same ports and data, and
        // the services reconnect on their own.
        var broker = state.Resource("messaging");
        UnixSignals.Send(broker.Pid!.Value, UnixSignals.SigKill);
        var newBroker = await Eventually.GetAsync(() =>
        {
            var current = appHost.ReadState().Resource("messaging");
            return Task.FromResult((current is { Restarts: 1, State: "Running" } && current.Pid != broker.Pid, current));
        }, TimeSpan.FromSeconds(60), "the broker to be restarted");
        seenPids.Add(newBroker.Pid!.Value);
        await AssertATaskRunsAsync(http, port);
        seenPids.UnionWith(OsProcesses.Descendants(appHost.Pid));

        clock.Restart();
        appHost.SendSigterm();
        var exitCode = await appHost.Exited.WaitAsync(TimeSpan.FromSeconds(30));
        output.WriteLine($"Stopped after {clock.Elapsed.TotalSeconds:0.0} s (target 10 s)");

        Assert.Equal(0, exitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"stopping took {clock.Elapsed}");
        foreach (var pid in seenPids)
        {
            Assert.True(await OsProcesses.WaitUntilDeadAsync(pid, TimeSpan.FromSeconds(5)), $"process {pid} ({OsProcesses.CommandLine(pid)}) is still alive");
        }
    }

    [Fact]
    public async Task Queued_tasks_survive_a_restart_of_the_whole_system_broker_included()
    {
        using var dataDir = new TestDirectory("restart");
        var port = FreePort.Next();
        string[] ids;
        string firstOutput;
        await using (var first = AppHostProcess.Start(dataDir.Path, ["--workers", "0", "--port", $"{port}", "--data-dir", dataDir.Path, "--admin-key", TestCredentials.AdminApiKey]))
        {
            await first.WaitForReadyAsync();
            using var http = TestCredentials.Client(new Uri($"http://localhost:{port}"));
            using var response = await http.PostAsJsonAsync("/api/tasks/batch", new { tasks = Enumerable.Range(0, 25).Select(i => new { type = "echo", input = new { value = i }, maxAttempts = 1 }) });
            ids = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ids").EnumerateArray().Select(id => id.GetString()!).ToArray();
            await Task.Delay(1000);
            first.SendSigterm();
            Assert.Equal(0, await first.Exited.WaitAsync(TimeSpan.FromSeconds(30)));
            firstOutput = first.Output;
        }

        // The admin password was generated on the first run, printed that once, and kept
        // in the data dir for its owner only.
        var generated = firstOutput.Split('\n').Single(line => line.StartsWith("Generated admin-password", StringComparison.Ordinal));
        var password = generated[(generated.LastIndexOf(": ", StringComparison.Ordinal) + 2)..].Trim();
        Assert.Matches("^[A-Za-z0-9]{20}$", password);
        var parameters = Path.Combine(dataDir.Path, "parameters.json");
        Assert.Contains(password, await File.ReadAllTextAsync(parameters));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(parameters));
        }
        Assert.DoesNotContain(TestCredentials.AdminApiKey, firstOutput);

        await using var second = AppHostProcess.Start(dataDir.Path, ["--workers", "1", "--port", $"{port}", "--data-dir", dataDir.Path, "--failure-rate", "0", "--admin-key", TestCredentials.AdminApiKey]);
        await second.WaitForReadyAsync();
        Assert.DoesNotContain(password, second.Output);
        using var client = TestCredentials.Client(new Uri($"http://localhost:{port}"));
        await Eventually.TrueAsync(async () =>
        {
            var page = await client.GetFromJsonAsync<JsonElement>("/api/tasks?status=Finished&pageSize=100");
            return page.GetProperty("total").GetInt32() == ids.Length;
        }, TimeSpan.FromSeconds(60), "the queued tasks to finish after the restart");
        second.SendSigterm();
        Assert.Equal(0, await second.Exited.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    // kill -9, or an IDE's stop button: the AppHost gets no chance to stop its children. The
    // next AppHost on the data dir stops what the dead one left running, then starts afresh.
    [Fact]
    public async Task An_apphost_killed_outright_leaves_nothing_running_once_the_next_one_starts()
    {
        using var dataDir = new TestDirectory("apphost-kill");
        var arguments = new[] { "--workers", "1", "--data-dir", dataDir.Path, "--failure-rate", "0" }.Concat(TestCredentials.AppHostArguments).ToArray();
        var leftovers = new List<int>();
        try
        {
            await using (var killed = AppHostProcess.Start(dataDir.Path, ["--port", $"{FreePort.Next()}", .. arguments]))
            {
                await killed.WaitForReadyAsync();
                leftovers.AddRange(OsProcesses.Descendants(killed.Pid));
                Assert.Contains(leftovers, pid => OsProcesses.CommandLine(pid).Contains("beam.smp", StringComparison.Ordinal));
                Assert.Contains(leftovers, pid => OsProcesses.CommandLine(pid).Contains("TaskQueue.Worker.dll", StringComparison.Ordinal));
                UnixSignals.Send(killed.Pid, UnixSignals.SigKill);
                await killed.Exited.WaitAsync(TimeSpan.FromSeconds(10));
            }

            await Task.Delay(500);
            Assert.Contains(leftovers, OsProcesses.IsAlive);

            var port = FreePort.Next();
            await using var next = AppHostProcess.Start(dataDir.Path, ["--port", $"{port}", .. arguments]);
            await next.WaitForReadyAsync();
            Assert.Contains("left running by an AppHost that did not shut down", next.Output);
            foreach (var pid in leftovers)
            {
                Assert.False(OsProcesses.IsAlive(pid), $"process {pid} ({OsProcesses.CommandLine(pid)}) is still alive");
            }

            using var http = TestCredentials.Client(new Uri($"http://localhost:{port}"), timeout: TimeSpan.FromSeconds(10));
            await AssertATaskRunsAsync(http, port);
        }
        finally
        {
            // Whatever the assertions found, nothing this test started outlives it.
            foreach (var pid in leftovers.Where(OsProcesses.IsAlive))
            {
                UnixSignals.Send(pid, UnixSignals.SigKill);
            }
        }
    }

    private static async Task AssertATaskRunsAsync(HttpClient http, int port)
    {
        using var created = await http.PostAsJsonAsync($"http://localhost:{port}/api/tasks", new { type = "fibonacci", input = new { n = 100 } });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var task = await Eventually.GetAsync(async () =>
        {
            var current = await http.GetFromJsonAsync<JsonElement>($"http://localhost:{port}/api/tasks/{id}");
            return (current.GetProperty("status").GetString() == "Finished", current);
        }, TimeSpan.FromSeconds(60), "the task to finish");
        Assert.Equal("354224848179261915075", task.GetProperty("result").GetString());
    }
}

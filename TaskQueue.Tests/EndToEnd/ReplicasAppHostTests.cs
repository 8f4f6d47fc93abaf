using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Npgsql;
using TaskQueue.Tests.Browser;
using TaskQueue.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TaskQueue.Tests.EndToEnd;

// Issue #13's whole topology, `--database postgres --sinks 2 --web-replicas 2 --broker-nodes 3`:
// a local PostgreSQL node that refuses a wrong password and stops cleanly, users keep one URL, each replica's circuits see what another replica wrote, every quorum
// queue has a replica on each broker node, and the system rides out kill -9 of a web replica,
// a sink, a worker and the broker node leading the tasks queue while tasks flow; the node
// comes back into its cluster. One AppHost start for all of it.
[Collection(AppHostCollection.Name)]
public sealed class ReplicasAppHostTests(ITestOutputHelper output)
{
    private const int Batch = 500;

    [Fact]
    public async Task Two_web_replicas_two_sinks_and_three_broker_nodes_serve_one_url_share_live_updates_and_survive_kill_9()
    {
        await ChromiumInstallation.RequireAsync();
        using var dataDir = new TestDirectory("apphost-replicas");
        var port = FreePort.Next();
        var clock = Stopwatch.StartNew();
        await using var appHost = AppHostProcess.Start(
        [
            "--database", "postgres", "--sinks", "2", "--web-replicas", "2", "--broker-nodes", "3", "--workers", "2", "--failure-rate", "0",
            "--port", $"{port}", "--data-dir", dataDir.Path, .. TestCredentials.AppHostArguments,
        ]);

        Assert.Equal($"Ready: http://localhost:{port}", await appHost.WaitForReadyAsync());
        output.WriteLine($"Ready after {clock.Elapsed.TotalSeconds:0.0} s");
        // The table printed with the Ready line is what the dashboard lists: every replica.
        Assert.Equal(2, ResourceRows(appHost.Output, "web-").Count);
        Assert.Equal(2, ResourceRows(appHost.Output, "sink-").Count);
        var webs = ServiceReplica.Of(appHost.Pid, "TaskQueue.Web");
        var sinks = ServiceReplica.Of(appHost.Pid, "TaskQueue.Sink");
        var workers = ServiceReplica.Of(appHost.Pid, "TaskQueue.Worker");
        Assert.Equal((2, 2, 2), (webs.Count, sinks.Count, workers.Count));
        var (first, second) = (webs[0], webs[1]);
        Assert.NotEqual(first.OwnAddress.Port, second.OwnAddress.Port);

        // The database: a local PostgreSQL node in the data dir, password authentication only.
        Assert.Contains("tasksdb: using a local PostgreSQL node (Debian's PostgreSQL 15) because there is no ConnectionStrings:tasksdb", appHost.Output);
        var postgres = Path.Combine(dataDir.Path, "postgres");
        Assert.True(File.Exists(Path.Combine(postgres, "PG_VERSION")), "the PostgreSQL cluster should be in the data dir");
        Assert.DoesNotContain(File.ReadAllLines(Path.Combine(postgres, "pg_hba.conf")), line => !line.StartsWith('#') && line.Contains("trust", StringComparison.Ordinal));
        var postgresPort = int.Parse(File.ReadAllText(Path.Combine(postgres, "postmaster.pid")).Split('\n')[3], System.Globalization.CultureInfo.InvariantCulture);
        await using (var stranger = new NpgsqlConnection($"Host=127.0.0.1;Port={postgresPort};Username=postgres;Password=wrong;Database=tasksdb;Pooling=false"))
        {
            Assert.Equal(PostgresErrorCodes.InvalidPassword, (await Assert.ThrowsAsync<PostgresException>(() => stranger.OpenAsync())).SqlState);
        }

        // Three nodes in one cluster, and the tasks queue replicated on each.
        var cluster = BrokerCluster.FromAppHost(appHost.Output, dataDir.Path, appHost.Pid);
        Assert.Equal(3, cluster.NodeCount);
        var nodes = await cluster.RunningNodesAsync();
        Assert.Equal(3, nodes.Count);
        var tasksQueue = await cluster.QuorumQueueAsync("taskqueue.tasks");
        Assert.Equal(nodes.Order(), tasksQueue.Members.Order());

        // Both replicas run the schedule firer and the delayed-task promoter on one database:
        // a schedule every second fires each occurrence exactly once, and a delayed task runs once.
        using var firstApi = TestCredentials.Client(first.OwnAddress);
        using var secondApi = TestCredentials.Client(second.OwnAddress);
        var tick = $"tick-{Guid.NewGuid():N}"[..13];
        var scheduleId = await CreateScheduleAsync(secondApi, tick);
        var delayedId = await CreateAsync(firstApi, $"delayed-{tick}", delaySeconds: 3);

        await using var chromium = await HeadlessChromium.LaunchAsync();

        // A circuit on the first replica shows live a task created through the second one.
        await using (var watcher = await SignedInAsync(chromium, first.OwnAddress))
        {
            await watcher.GotoInteractiveAsync("/");
            var id = await CreateAsync(secondApi, $"made-on-{second.OwnAddress.Port}");
            await Assertions.Expect(watcher.Page.Locator($"[data-testid=task-row][data-task-id='{id}']")).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        }

        // Through the proxy: sign-in, prerender and circuit may each reach either replica.
        for (var visitor = 0; visitor < 4; visitor++)
        {
            await using var user = await SignedInAsync(chromium, new Uri($"http://localhost:{port}"));
            await user.GotoInteractiveAsync("/");
            await user.AssertNoErrorBarAsync();
        }

        await AssertFiredOncePerOccurrenceAsync(firstApi, scheduleId, tick);
        var delayed = await Eventually.GetAsync(async () =>
        {
            var task = await firstApi.GetFromJsonAsync<JsonElement>($"/api/tasks/{delayedId}");
            return (task.GetProperty("status").GetString() == "Finished", task);
        }, TimeSpan.FromSeconds(30), "the delayed task to finish");
        Assert.True(delayed.GetProperty("startedAt").GetDateTimeOffset() >= delayed.GetProperty("runAt").GetDateTimeOffset());

        // Tasks flow while the second web replica, a sink and a worker are killed outright. The
        // batch's outbox rows may still be unpublished when its replica dies: the survivor
        // takes them over (its claims skip only rows a live transaction holds).
        using var api = TestCredentials.Client(first.OwnAddress);
        using var secondClient = TestCredentials.Client(second.OwnAddress);
        var before = await FinishedAsync(api);
        await PostBatchAsync(secondClient, Batch);
        second.Kill();
        sinks[0].Kill();
        workers[0].Kill();
        var leader = cluster.PidOf(tasksQueue.Leader);
        UnixSignals.Send(leader, UnixSignals.SigKill);
        await PostBatchAsync(api, Batch);
        Assert.True(await OsProcesses.WaitUntilDeadAsync(second.Pid, TimeSpan.FromSeconds(5)));
        Assert.True(await OsProcesses.WaitUntilDeadAsync(leader, TimeSpan.FromSeconds(5)));
        // While it is down (a node takes seconds to boot again), the Operations data says so.
        await Eventually.TrueAsync(async () =>
            (await api.GetFromJsonAsync<JsonElement>("/api/operations/queues")).GetProperty("nodes").EnumerateArray()
                .Any(node => node.GetProperty("name").GetString() == tasksQueue.Leader && !node.GetProperty("running").GetBoolean()),
            TimeSpan.FromSeconds(15), "the Operations data showing the killed node down");

        clock.Restart();
        await Eventually.TrueAsync(async () => await FinishedAsync(api) == before + 2 * Batch, TimeSpan.FromSeconds(60),
            $"all {2 * Batch} tasks finished");
        output.WriteLine($"{2 * Batch} tasks finished {clock.Elapsed.TotalSeconds:0.0} s after the kills");
        var stats = await api.GetFromJsonAsync<JsonElement>("/api/stats");
        foreach (var status in new[] { "Queued", "Running", "Retrying", "Failed" })
        {
            Assert.Equal(0, stats.GetProperty(status).GetInt32());
        }

        // The killed node was started again by the AppHost's restart policy and rejoined; the
        // Operations page's data (read through any node's management API) shows all three running.
        await Eventually.TrueAsync(async () => (await cluster.RunningNodesAsync()).Count == 3, TimeSpan.FromSeconds(60), "the killed broker node back in its cluster");
        await Eventually.TrueAsync(async () =>
            (await api.GetFromJsonAsync<JsonElement>("/api/operations/queues")).GetProperty("nodes").EnumerateArray()
                .Count(node => node.GetProperty("running").GetBoolean()) == 3,
            TimeSpan.FromSeconds(30), "the Operations data listing three running broker nodes");
        output.WriteLine($"Leader {tasksQueue.Leader} killed; the tasks queue is now led by {(await cluster.QuorumQueueAsync("taskqueue.tasks")).Leader}");

        var started = OsProcesses.AppHostTree(appHost.Pid).ToList();
        appHost.SendSigterm();
        Assert.Equal(0, await appHost.Exited.WaitAsync(TimeSpan.FromSeconds(30)));
        foreach (var pid in started)
        {
            Assert.True(await OsProcesses.WaitUntilDeadAsync(pid, TimeSpan.FromSeconds(30)), $"process {pid} ({OsProcesses.CommandLine(pid)}) is still alive");
        }

        // A fast shutdown removes postmaster.pid; a killed server leaves it behind.
        Assert.False(File.Exists(Path.Combine(postgres, "postmaster.pid")), "PostgreSQL should have shut down cleanly");
    }

    private static List<string> ResourceRows(string output, string prefix) =>
        output.Split('\n').Where(line => line.StartsWith(prefix, StringComparison.Ordinal) && line.Contains(" Project ", StringComparison.Ordinal)).ToList();

    private static async Task<BrowserUser> SignedInAsync(HeadlessChromium chromium, Uri address)
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = address.ToString() });
        context.SetDefaultTimeout(30_000);
        var user = await BrowserUser.OpenAsync(context);
        await user.SignInAsync(TestCredentials.AdminUserName, TestCredentials.AdminPassword);
        return user;
    }

    private static async Task<Guid> CreateScheduleAsync(HttpClient api, string taskName)
    {
        using var created = await api.PostAsJsonAsync("/api/schedules",
            new { name = taskName, cron = "* * * * * *", task = new { type = "echo", name = taskName, input = new { value = 1 } } });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    // Paused, every run ends; the runs' occurrences are one per second with none twice and
    // none skipped, however the two replicas' firers interleaved.
    private async Task AssertFiredOncePerOccurrenceAsync(HttpClient api, Guid scheduleId, string taskName)
    {
        using (var paused = await api.PostAsync($"/api/schedules/{scheduleId}/pause", null))
        {
            Assert.True(paused.IsSuccessStatusCode, await paused.Content.ReadAsStringAsync());
        }

        var runs = await Eventually.GetAsync(async () =>
        {
            var page = await api.GetFromJsonAsync<JsonElement>($"/api/tasks?search={taskName}&pageSize=500");
            var items = page.GetProperty("items").EnumerateArray().Where(task => task.GetProperty("name").GetString() == taskName).ToList();
            return (items.All(task => task.GetProperty("status").GetString() == "Finished"), items);
        }, TimeSpan.FromSeconds(30), "every run of the schedule finished");
        var occurrences = runs.Select(task => task.GetProperty("occurrenceAt").GetDateTimeOffset()).Order().ToList();
        output.WriteLine($"The schedule fired {occurrences.Count} times on two replicas, {occurrences[0]:HH:mm:ss} to {occurrences[^1]:HH:mm:ss}");

        Assert.True(occurrences.Count >= 5, $"only {occurrences.Count} runs");
        Assert.Equal(occurrences.Count, occurrences.Distinct().Count());
        Assert.All(occurrences.Zip(occurrences.Skip(1)), pair => Assert.Equal(TimeSpan.FromSeconds(1), pair.Second - pair.First));
    }

    private static async Task<Guid> CreateAsync(HttpClient api, string name, double? delaySeconds = null)
    {
        using var created = await api.PostAsJsonAsync("/api/tasks", new { type = "echo", name, input = new { value = name }, delaySeconds });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task PostBatchAsync(HttpClient api, int count)
    {
        var tasks = Enumerable.Range(0, count).Select(index => new { type = "echo", input = new { value = index } }).ToList();
        using var accepted = await api.PostAsJsonAsync("/api/tasks/batch", new { tasks });
        Assert.True(accepted.IsSuccessStatusCode, await accepted.Content.ReadAsStringAsync());
    }

    private static async Task<int> FinishedAsync(HttpClient api) =>
        (await api.GetFromJsonAsync<JsonElement>("/api/stats")).GetProperty("Finished").GetInt32();
}

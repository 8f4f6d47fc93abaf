using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using TaskQueue.Messaging;
using TaskQueue.Messaging.Contracts;
using TaskQueue.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TaskQueue.Tests.EndToEnd;

// The AppHost's resources as Aspire reports them, and what happens to them when something
// dies or an operator acts: read through Aspire's resource notifications, acted on through
// Aspire's resource commands, as the dashboard does.
[Collection(AspireSystemCollection.Name)]
public sealed class AspireResourceTests(AspireSystemFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);

    private AspireSystem App => fixture.System;

    [Fact]
    public async Task Every_resource_is_up_and_a_task_runs_through_web_worker_and_sink()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        await App.WaitUntilUpAsync(timeout.Token);

        var migrations = await App.Notifications.WaitForResourceAsync("migrations", update => update.Snapshot.ExitCode is not null, timeout.Token);
        Assert.Equal((KnownResourceStates.Finished, 0), (migrations.Snapshot.State?.Text, migrations.Snapshot.ExitCode));
        // A fresh database migrates without a single error in the migrations' console.
        var migrationsConsole = await App.ConsoleAsync(migrations.ResourceId, timeout.Token);
        Assert.Contains(migrationsConsole, line => line.Contains("Created the web app's first Data Protection key", StringComparison.Ordinal));
        Assert.DoesNotContain(migrationsConsole, line => line.Contains("fail: ", StringComparison.Ordinal) || line.Contains("crit: ", StringComparison.Ordinal));
        var tasksdb = await App.Notifications.WaitForResourceAsync("tasksdb", update => update.Snapshot.State?.Text == KnownResourceStates.Running, timeout.Token);
        Assert.Equal(App.DatabasePath, AspireSystem.Property(tasksdb.Snapshot, "sqlite.path"));
        var epmd = await App.Notifications.WaitForResourceHealthyAsync("messaging-epmd", timeout.Token);
        Assert.Contains("epmd", OsProcesses.CommandLine(AspireSystem.Pid(epmd.Snapshot)!.Value), StringComparison.Ordinal);
        // Its health check asks epmd for the node names rather than connecting and hanging up,
        // which epmd reports on stderr, an error line in the dashboard each time.
        Assert.DoesNotContain(await App.ConsoleAsync(epmd.ResourceId, timeout.Token), line => line.Contains("partial packet", StringComparison.Ordinal));

        // Our own node: a user of ours on loopback, never guest.
        var messaging = new Uri((await App.GetConnectionStringAsync("messaging"))!);
        Assert.Equal("amqp", messaging.Scheme);
        Assert.StartsWith("taskqueue:", messaging.UserInfo, StringComparison.Ordinal);
        Assert.True(messaging.IsLoopback);
        Assert.Equal($"Data Source={App.DatabasePath}", await App.GetConnectionStringAsync("tasksdb"));

        // Each service runs as its own build output, not under a `dotnet run` wrapper.
        var workers = await App.WaitForReplicasAsync("worker", replicas => replicas.Count(AspireSystem.IsHealthy) == 2, timeout.Token);
        Assert.All(workers.Values, worker => Assert.EndsWith("TaskQueue.Worker", OsProcesses.CommandLine(AspireSystem.Pid(worker)!.Value).Trim(), StringComparison.Ordinal));

        await SystemTasks.AssertATaskRunsAsync(App.Api);
    }

    [Fact]
    public async Task A_worker_killed_outright_is_started_again_and_its_restarts_are_counted()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        await App.WaitUntilUpAsync(timeout.Token);
        var (id, victim) = (await App.WaitForReplicasAsync("worker", replicas => replicas.Count(AspireSystem.IsHealthy) == 2, timeout.Token)).First();
        var pid = AspireSystem.Pid(victim)!.Value;
        var restartsBefore = AspireSystem.Restarts(victim);

        UnixSignals.Send(pid, UnixSignals.SigKill);
        var clock = global::System.Diagnostics.Stopwatch.StartNew();
        var died = await App.WaitForReplicasAsync("worker", replicas => replicas.Any(r => KnownResourceStates.TerminalStates.Contains(r.State?.Text)), timeout.Token);
        output.WriteLine($"killed: {died[id].State?.Text}, exit code {died[id].ExitCode}");
        var replicas = await App.WaitForReplicasAsync("worker", replicas => replicas.Count(AspireSystem.IsHealthy) == 2
            && replicas.All(replica => AspireSystem.Pid(replica) != pid), timeout.Token);
        output.WriteLine($"worker back after {clock.Elapsed.TotalSeconds:0.0} s");

        // The time is in the output above; the bound leaves room for a loaded CI machine.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"the worker took {clock.Elapsed} to come back");
        Assert.Equal(restartsBefore + 1, AspireSystem.Restarts(replicas[id]));
        Assert.False(OsProcesses.IsAlive(pid));

        // The AppHost's log says why it restarted the replica, with what the replica last wrote
        // (here its start-up line), since the dashboard shows only the new run's console.
        var warning = Assert.Single(App.RestartLog.GetSnapshot(), record => record.Message.StartsWith($"{id} exited unexpectedly", StringComparison.Ordinal)
            && record.Timestamp >= DateTimeOffset.UtcNow - clock.Elapsed);
        output.WriteLine(warning.Message);
        Assert.Contains("consuming", warning.Message.Split("Its last output:")[1], StringComparison.Ordinal);
        await SystemTasks.AssertATaskRunsAsync(App.Api);
    }

    [Fact]
    public async Task A_worker_stopped_from_the_dashboard_stays_stopped_until_started()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        await App.WaitUntilUpAsync(timeout.Token);
        var (id, replica) = (await App.WaitForReplicasAsync("worker", replicas => replicas.Count(AspireSystem.IsHealthy) == 2, timeout.Token)).Last();
        var restartsBefore = AspireSystem.Restarts(replica);

        var stopped = await App.Commands.ExecuteCommandAsync(id, KnownResourceCommands.StopCommand, timeout.Token);
        Assert.True(stopped.Success, stopped.Message);
        var afterStop = await App.WaitForReplicasAsync("worker", replicas => replicas.Count(r => KnownResourceStates.TerminalStates.Contains(r.State?.Text)) == 1, timeout.Token);
        output.WriteLine($"stopped: {afterStop[id].State?.Text}, exit code {afterStop[id].ExitCode}");

        // Longer than the first restart backoff (1 s): a restart, had one been scheduled, would show.
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.True(App.Notifications.TryGetCurrentState(id, out var current));
        Assert.Contains(current.Snapshot.State?.Text, KnownResourceStates.TerminalStates);
        Assert.Equal(restartsBefore, AspireSystem.Restarts(current.Snapshot));

        var started = await App.Commands.ExecuteCommandAsync(id, KnownResourceCommands.StartCommand, timeout.Token);
        Assert.True(started.Success, started.Message);
        await App.WaitUntilUpAsync(timeout.Token);
    }

    [Fact]
    public async Task The_broker_killed_outright_is_started_again_and_work_goes_on()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await App.WaitUntilUpAsync(timeout.Token);
        var broker = await App.Notifications.WaitForResourceHealthyAsync("messaging", timeout.Token);
        var pid = AspireSystem.Pid(broker.Snapshot)!.Value;
        Assert.Contains("beam.smp", OsProcesses.CommandLine(pid), StringComparison.Ordinal);

        UnixSignals.Send(pid, UnixSignals.SigKill);
        var restarted = await App.Notifications.WaitForResourceAsync("messaging",
            update => AspireSystem.IsHealthy(update.Snapshot) && AspireSystem.Pid(update.Snapshot) != pid, timeout.Token);

        Assert.Equal(1, AspireSystem.Restarts(restarted.Snapshot));
        await SystemTasks.AssertATaskRunsAsync(App.Api);
    }

    [Fact]
    public async Task Dead_letters_are_requeued_and_discarded_with_the_broker_resources_commands()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        await App.WaitUntilUpAsync(timeout.Token);

        // A task that failed, and a dead letter naming it (as if its message had been
        // dead-lettered); and one message that names no task at all.
        using var created = await App.Api.PostAsJsonAsync("/api/tasks",
            new { type = "script", input = new { code = "throw new Error('boom')" }, maxAttempts = 1 }, timeout.Token);
        var taskId = (await created.Content.ReadFromJsonAsync<JsonElement>(timeout.Token)).GetProperty("id").GetGuid();
        await Eventually.TrueAsync(async () => await StatusAsync(taskId) == "Failed", s_timeout, "the script task to fail");
        await using (var broker = await RawBroker.ConnectAsync((await App.GetConnectionStringAsync("messaging"))!))
        {
            var message = new TaskQueued(taskId, "script", JsonSerializer.SerializeToElement(new { code = "throw new Error('boom')" }), 1, 1, 30, DateTimeOffset.UtcNow);
            await broker.PublishAsync(Topology.DeadLetterExchange, "", "TaskQueued", MessageSerializer.Serialize(message));
            await broker.PublishAsync(Topology.DeadLetterExchange, "", "SomethingElse", Encoding.UTF8.GetBytes("names no task"));
        }

        await Eventually.TrueAsync(async () => await DeadLetterCountAsync() == 2, s_timeout, "the sink to record both dead letters");

        var requeued = await App.Commands.ExecuteCommandAsync("messaging", "requeue-dead-letters", timeout.Token);
        output.WriteLine(requeued.Message);
        Assert.False(requeued.Success);
        Assert.Equal("1 dead letters requeued; 1 could not be (see the Operations page).", requeued.Message);
        await Eventually.TrueAsync(async () => await AttemptAsync(taskId) == 2 && await StatusAsync(taskId) == "Failed", s_timeout,
            "the requeued task to run again as attempt 2");

        var discarded = await App.Commands.ExecuteCommandAsync("messaging", "discard-dead-letters", timeout.Token);
        Assert.True(discarded.Success, discarded.Message);
        Assert.Equal("1 dead letters discarded.", discarded.Message);
        Assert.Equal(0, await DeadLetterCountAsync());
    }

    private async Task<int> DeadLetterCountAsync() =>
        (await App.Api.GetFromJsonAsync<JsonElement>("/api/dead-letters")).GetProperty("total").GetInt32();

    private async Task<string?> StatusAsync(Guid id) =>
        (await App.Api.GetFromJsonAsync<JsonElement>($"/api/tasks/{id}")).GetProperty("status").GetString();

    private async Task<int> AttemptAsync(Guid id) =>
        (await App.Api.GetFromJsonAsync<JsonElement>($"/api/tasks/{id}")).GetProperty("attempt").GetInt32();
}

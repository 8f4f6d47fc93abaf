using Bunit;
using TaskQueue.Messaging.Contracts;
using TaskQueue.Web.Components.Operations;
using TaskQueue.Web.Services;

namespace TaskQueue.Tests.Components.Operations;

public sealed class WorkersTableTests : MudTestContext
{
    private static readonly DateTimeOffset s_now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static WorkerStatus Worker(string id, WorkerState state, TimeSpan since, params Guid[] running) => new(
        new WorkerHeartbeat(id, "host-a", 4242, s_now.AddHours(-1), 16, running, Processed: 12_345, Failed: 67, s_now - since), state);

    [Fact]
    public void Each_worker_shows_its_state_current_tasks_counts_and_last_heartbeat()
    {
        var task = Guid.CreateVersion7(s_now);
        var cut = Render<WorkersTable>(parameters => parameters
            .Add(p => p.Workers, [Worker("worker-1:10", WorkerState.Alive, TimeSpan.FromSeconds(3), task), Worker("worker-2:11", WorkerState.Lost, TimeSpan.FromSeconds(40))])
            .Add(p => p.Now, s_now));

        var rows = cut.FindAll("[data-testid=worker-row]");
        Assert.Equal(["Alive", "Lost"], rows.Select(row => row.GetAttribute("data-state")));
        Assert.Contains("mud-chip-color-success", rows[0].QuerySelector("[data-testid=worker-state]")!.ClassList);
        Assert.Contains("mud-chip-color-error", rows[1].QuerySelector("[data-testid=worker-state]")!.ClassList);
        Assert.Equal($"/tasks/{task}", rows[0].QuerySelector("[data-testid=worker-current-task]")!.GetAttribute("href"));
        Assert.Contains("idle", rows[1].TextContent);
        Assert.Equal("12,345", rows[0].QuerySelector("[data-testid=worker-processed]")!.TextContent.Trim());
        Assert.Equal("67", rows[0].QuerySelector("[data-testid=worker-failed]")!.TextContent.Trim());
        Assert.Equal("3.0 s ago", rows[0].QuerySelector("[data-testid=worker-heartbeat]")!.TextContent.Trim());
        Assert.Contains("host-a", rows[0].TextContent);
    }

    [Fact]
    public void A_busy_worker_links_a_few_tasks_and_counts_the_rest()
    {
        var running = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToArray();
        var cut = Render<WorkersTable>(parameters => parameters
            .Add(p => p.Workers, [Worker("worker-1:10", WorkerState.Alive, TimeSpan.Zero, running)])
            .Add(p => p.Now, s_now));

        Assert.Equal(3, cut.FindAll("[data-testid=worker-current-task]").Count);
        Assert.Contains("+2 more", cut.Find("[data-testid=worker-row]").TextContent);
    }

    [Fact]
    public void No_workers_says_so()
    {
        var cut = Render<WorkersTable>(parameters => parameters.Add(p => p.Workers, []).Add(p => p.Now, s_now));

        Assert.NotNull(cut.Find("[data-testid=workers-empty]"));
    }
}

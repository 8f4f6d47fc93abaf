using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using TaskQueue.Messaging;
using TaskQueue.Messaging.Contracts;

namespace TaskQueue.Tests.Unit;

public sealed class TaskChangeBroadcasterTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task What_is_posted_while_an_announcement_awaits_its_confirm_goes_out_as_one()
    {
        var publisher = new HeldPublisher();
        using var broadcaster = new TaskChangeBroadcaster(publisher, NullLogger<TaskChangeBroadcaster>.Instance);
        await broadcaster.StartAsync(CancellationToken.None);
        Guid[] first = [Guid.NewGuid()], second = [Guid.NewGuid(), Guid.NewGuid()], third = [Guid.NewGuid()];
        var workflow = Guid.NewGuid();

        broadcaster.Post(first, []);
        await publisher.WaitForPublishesAsync(1).WaitAsync(s_timeout);
        broadcaster.Post(second, [workflow]);
        broadcaster.Post([], null);
        broadcaster.Post(third, []);
        await Task.Delay(200);
        Assert.Single(publisher.Published);

        publisher.Confirm();
        await publisher.WaitForPublishesAsync(2).WaitAsync(s_timeout);
        await broadcaster.StopAsync(CancellationToken.None);

        var announced = publisher.Published.Select(Read).ToList();
        Assert.Equal(2, announced.Count);
        Assert.Equal(first, announced[0].TaskIds);
        Assert.Empty(announced[0].WorkflowIds!);
        Assert.Equal(second.Concat(third).Order(), announced[1].TaskIds.Order());
        Assert.Equal([workflow], announced[1].WorkflowIds);
        Assert.All(publisher.Published, message => Assert.Equal(Topology.UpdatesExchange, message.Exchange));
    }

    [Fact]
    public async Task A_change_whose_workflows_are_unknown_leaves_the_coalesced_announcements_workflows_unsaid()
    {
        var publisher = new HeldPublisher();
        using var broadcaster = new TaskChangeBroadcaster(publisher, NullLogger<TaskChangeBroadcaster>.Instance);
        await broadcaster.StartAsync(CancellationToken.None);

        broadcaster.Post([Guid.NewGuid()], []);
        await publisher.WaitForPublishesAsync(1).WaitAsync(s_timeout);
        broadcaster.Post([Guid.NewGuid()], [Guid.NewGuid()]);
        broadcaster.Post([Guid.NewGuid()], null);
        publisher.Confirm();
        await publisher.WaitForPublishesAsync(2).WaitAsync(s_timeout);
        await broadcaster.StopAsync(CancellationToken.None);

        // null sends every web copy looking for workflows to advance (TasksChanged.WorkflowIds).
        Assert.Null(Read(publisher.Published[1]).WorkflowIds);
        Assert.Equal(2, Read(publisher.Published[1]).TaskIds.Count);
    }

    [Fact]
    public async Task A_failed_announcement_is_logged_and_the_next_one_still_goes_out()
    {
        var publisher = new HeldPublisher { FailNext = true };
        publisher.Confirm();
        using var broadcaster = new TaskChangeBroadcaster(publisher, NullLogger<TaskChangeBroadcaster>.Instance);
        await broadcaster.StartAsync(CancellationToken.None);
        var later = Guid.NewGuid();

        broadcaster.Post([Guid.NewGuid()], []);
        await publisher.WaitForPublishesAsync(1).WaitAsync(s_timeout);
        await Task.Delay(100);
        broadcaster.Post([later], []);
        await publisher.WaitForPublishesAsync(2).WaitAsync(s_timeout);
        await broadcaster.StopAsync(CancellationToken.None);

        Assert.Equal([later], Read(publisher.Published[1]).TaskIds);
    }

    [Fact]
    public async Task Plain_changes_within_the_interval_go_out_as_one_once_it_has_passed()
    {
        var publisher = new HeldPublisher();
        publisher.Confirm();
        var interval = TimeSpan.FromSeconds(1);
        using var broadcaster = new TaskChangeBroadcaster(publisher, NullLogger<TaskChangeBroadcaster>.Instance, interval);
        await broadcaster.StartAsync(CancellationToken.None);
        Guid[] first = [Guid.NewGuid()], second = [Guid.NewGuid()], third = [Guid.NewGuid()];

        // The first change after a quiet spell goes out at once.
        broadcaster.Post(first, []);
        await publisher.WaitForPublishesAsync(1).WaitAsync(s_timeout);
        var firstAnnounced = Stopwatch.GetTimestamp();
        broadcaster.Post(second, []);
        broadcaster.Post(third, []);
        await Task.Delay(200);
        Assert.Single(publisher.Published);

        await publisher.WaitForPublishesAsync(2).WaitAsync(s_timeout);
        var secondAnnounced = Stopwatch.GetElapsedTime(firstAnnounced);
        await broadcaster.StopAsync(CancellationToken.None);

        Assert.InRange(secondAnnounced, interval - TimeSpan.FromMilliseconds(100), s_timeout);
        Assert.Equal(2, publisher.Published.Count);
        Assert.Equal(second.Concat(third).Order(), Read(publisher.Published[1]).TaskIds.Order());
        Assert.Empty(Read(publisher.Published[1]).WorkflowIds!);
    }

    [Fact]
    public async Task A_workflow_steps_change_goes_out_at_once_with_the_plain_ones_waiting()
    {
        var publisher = new HeldPublisher();
        publisher.Confirm();
        using var broadcaster = new TaskChangeBroadcaster(publisher, NullLogger<TaskChangeBroadcaster>.Instance, TimeSpan.FromMinutes(1));
        await broadcaster.StartAsync(CancellationToken.None);
        Guid[] plain = [Guid.NewGuid()], step = [Guid.NewGuid()], unknown = [Guid.NewGuid()];
        var workflow = Guid.NewGuid();

        broadcaster.Post([Guid.NewGuid()], []);
        await publisher.WaitForPublishesAsync(1).WaitAsync(s_timeout);
        broadcaster.Post(plain, []);
        await Task.Delay(100);
        broadcaster.Post(step, [workflow]);
        await publisher.WaitForPublishesAsync(2).WaitAsync(s_timeout);
        // A change whose workflows are unknown may have moved one too.
        broadcaster.Post(unknown, null);
        await publisher.WaitForPublishesAsync(3).WaitAsync(s_timeout);
        await broadcaster.StopAsync(CancellationToken.None);

        Assert.Equal(plain.Concat(step).Order(), Read(publisher.Published[1]).TaskIds.Order());
        Assert.Equal([workflow], Read(publisher.Published[1]).WorkflowIds);
        Assert.Equal(unknown, Read(publisher.Published[2]).TaskIds);
        Assert.Null(Read(publisher.Published[2]).WorkflowIds);
    }

    private static TasksChanged Read(OutgoingMessage message) => MessageSerializer.Deserialize<TasksChanged>(message.Type, message.Body.Span);
}

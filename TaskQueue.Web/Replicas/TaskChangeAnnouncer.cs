using System.Threading.Channels;
using TaskQueue.Messaging;
using TaskQueue.Messaging.Contracts;
using TaskQueue.Web.Services;

namespace TaskQueue.Web.Replicas;

// This copy's own writes (a task created, cancelled, retried or deleted) reach its circuits at
// once. The sink announces what it records on the updates fanout, which every copy hears, but
// these writes never pass through the sink (a deletion never does; a creation only once a
// worker starts it), so with several copies they are announced on the fanout here too, or the
// other copies' pages would miss them. A notification: one lost, or its echo to this copy, only
// means a page re-reads the database once more or once less.
public sealed class TaskChangeAnnouncer(
    TaskChangeNotifier notifier, WebReplicas replicas, IMessagePublisher publisher, ILogger<TaskChangeAnnouncer> logger)
    : BackgroundService
{
    // Announcements wait here rather than in the request; if the broker is away, the oldest go.
    private readonly Channel<Announcement> _pending = Channel.CreateBounded<Announcement>(
        new BoundedChannelOptions(1000) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest });

    // workflowIds: see TaskChangeNotifier.Notify (null: the tasks may be any workflow's steps).
    public void Announce(IReadOnlyCollection<Guid> taskIds, IReadOnlyCollection<Guid>? workflowIds = null)
    {
        notifier.Notify(taskIds, workflowIds);
        if (replicas.AreSeveral && taskIds.Count > 0)
        {
            _pending.Writer.TryWrite(new Announcement(taskIds, workflowIds));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var changed = new HashSet<Guid>();
        var workflows = new HashSet<Guid>();
        try
        {
            while (await _pending.Reader.WaitToReadAsync(stoppingToken))
            {
                changed.Clear();
                workflows.Clear();
                var anyWorkflow = false;
                while (changed.Count < 10_000 && _pending.Reader.TryRead(out var announcement))
                {
                    changed.UnionWith(announcement.TaskIds);
                    anyWorkflow |= announcement.WorkflowIds is null;
                    workflows.UnionWith(announcement.WorkflowIds ?? []);
                }

                await PublishAsync(changed, anyWorkflow ? null : workflows, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PublishAsync(HashSet<Guid> changed, HashSet<Guid>? workflowIds, CancellationToken stoppingToken)
    {
        try
        {
            await publisher.AnnounceTasksChangedAsync(changed, workflowIds, stoppingToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning("Announcing {Count} changed tasks to the other web replicas failed: {Reason}", changed.Count, exception.Message);
        }
    }

    private sealed record Announcement(IReadOnlyCollection<Guid> TaskIds, IReadOnlyCollection<Guid>? WorkflowIds);
}

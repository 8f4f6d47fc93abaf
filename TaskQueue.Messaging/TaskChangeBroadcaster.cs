using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TaskQueue.Messaging;

// Announces changed tasks on the updates fanout without holding up whoever changed them, and
// coalesces: what is posted while an announcement awaits its confirm goes out as one. Under
// load that is one message for many batches (fewer messages for the broker to route and for
// every web copy to take), and the sink's loop goes on to its next batch at once instead of
// waiting a round trip per batch. A notification: one lost only means a page re-reads the
// database once less, so if the broker is away the oldest posts are dropped.
public sealed class TaskChangeBroadcaster(IMessagePublisher publisher, ILogger<TaskChangeBroadcaster> logger) : BackgroundService
{
    // An announcement names at most this many tasks; a page re-reads what it shows either way.
    internal const int MaxTasksPerAnnouncement = 10_000;

    private readonly Channel<Changes> _pending = Channel.CreateBounded<Changes>(
        new BoundedChannelOptions(1000) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest });

    // workflowIds: the workflows among whose steps the tasks are; null when that is not known,
    // which sends every web copy looking for workflows to advance (see TasksChanged).
    public void Post(IReadOnlyCollection<Guid> taskIds, IReadOnlyCollection<Guid>? workflowIds)
    {
        if (taskIds.Count > 0)
        {
            _pending.Writer.TryWrite(new Changes(taskIds, workflowIds));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var tasks = new HashSet<Guid>();
        var workflows = new HashSet<Guid>();
        try
        {
            while (await _pending.Reader.WaitToReadAsync(stoppingToken))
            {
                tasks.Clear();
                workflows.Clear();
                var anyWorkflow = false;
                while (tasks.Count < MaxTasksPerAnnouncement && _pending.Reader.TryRead(out var changes))
                {
                    tasks.UnionWith(changes.TaskIds);
                    anyWorkflow |= changes.WorkflowIds is null;
                    workflows.UnionWith(changes.WorkflowIds ?? []);
                }

                await AnnounceAsync(tasks, anyWorkflow ? null : workflows, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task AnnounceAsync(HashSet<Guid> tasks, HashSet<Guid>? workflows, CancellationToken stoppingToken)
    {
        try
        {
            await publisher.AnnounceTasksChangedAsync(tasks, workflows, stoppingToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Live views catch up on their next change or reload; the database holds the truth.
            logger.LogWarning("Announcing {Count} changed tasks failed: {Reason}", tasks.Count, exception.Message);
        }
    }

    private sealed record Changes(IReadOnlyCollection<Guid> TaskIds, IReadOnlyCollection<Guid>? WorkflowIds);
}

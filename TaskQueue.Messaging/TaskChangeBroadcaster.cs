using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TaskQueue.Messaging;

// Announces changed tasks on the updates fanout without holding up whoever changed them, and
// coalesces: what is posted while an announcement awaits its confirm goes out as one, and so
// does what is posted within the plain interval (100 ms) of the last announcement, unless a
// workflow's step is among it. Live pages refresh at most every 250 ms whatever they hear
// (CoalescedTaskChanges), so announcing plain changes more often only cost the broker, the sink
// and every web copy a message per committed batch: at a hundred requests a second that was a
// quarter of the broker's messages. A workflow's next step waits on its announcement
// (WorkflowAdvancer), so those go out at once. The first change after a quiet spell goes out at
// once too. A notification: one lost only means a page re-reads the database once less, so if
// the broker is away the oldest posts are dropped.
public sealed class TaskChangeBroadcaster(IMessagePublisher publisher, ILogger<TaskChangeBroadcaster> logger, TimeSpan? plainInterval = null)
    : BackgroundService
{
    // An announcement names at most this many tasks; a page re-reads what it shows either way.
    internal const int MaxTasksPerAnnouncement = 10_000;

    public static readonly TimeSpan DefaultPlainInterval = TimeSpan.FromMilliseconds(100);

    private readonly TimeSpan _plainInterval = plainInterval ?? DefaultPlainInterval;
    private readonly Channel<Changes> _pending = Channel.CreateBounded<Changes>(
        new BoundedChannelOptions(1000) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest });

    // Released when a change that must not wait is posted, to cut short the wait for the interval.
    // Never disposed: Post may still be called while the host disposes, and a SemaphoreSlim
    // whose wait handle is never asked for holds nothing to release.
    private readonly SemaphoreSlim _urgentPosted = new(0, 1);

    // workflowIds: the workflows among whose steps the tasks are; null when that is not known,
    // which sends every web copy looking for workflows to advance (see TasksChanged).
    public void Post(IReadOnlyCollection<Guid> taskIds, IReadOnlyCollection<Guid>? workflowIds)
    {
        if (taskIds.Count == 0)
        {
            return;
        }

        var changes = new Changes(taskIds, workflowIds);
        _pending.Writer.TryWrite(changes);
        if (changes.MovesWorkflows && _urgentPosted.CurrentCount == 0)
        {
            try
            {
                _urgentPosted.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another post released it first.
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var announcement = new Announcement();
        var lastAnnounced = long.MinValue;
        try
        {
            while (await _pending.Reader.WaitToReadAsync(stoppingToken))
            {
                announcement.Clear();
                Drain(announcement);
                var wait = _plainInterval - SinceLast(lastAnnounced);
                if (!announcement.Urgent && wait > TimeSpan.Zero)
                {
                    await _urgentPosted.WaitAsync(wait, stoppingToken);
                    Drain(announcement);
                }

                lastAnnounced = Stopwatch.GetTimestamp();
                await AnnounceAsync(announcement, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static TimeSpan SinceLast(long lastAnnounced) =>
        lastAnnounced == long.MinValue ? TimeSpan.MaxValue : Stopwatch.GetElapsedTime(lastAnnounced);

    private void Drain(Announcement announcement)
    {
        while (announcement.Tasks.Count < MaxTasksPerAnnouncement && _pending.Reader.TryRead(out var changes))
        {
            announcement.Add(changes);
        }

        // What was urgent is in hand now; a stale release would only cut the next wait short.
        _urgentPosted.Wait(0);
    }

    private async Task AnnounceAsync(Announcement announcement, CancellationToken stoppingToken)
    {
        try
        {
            await publisher.AnnounceTasksChangedAsync(announcement.Tasks, announcement.WorkflowsUnknown ? null : announcement.Workflows, stoppingToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Live views catch up on their next change or reload; the database holds the truth.
            logger.LogWarning("Announcing {Count} changed tasks failed: {Reason}", announcement.Tasks.Count, exception.Message);
        }
    }

    private sealed record Changes(IReadOnlyCollection<Guid> TaskIds, IReadOnlyCollection<Guid>? WorkflowIds)
    {
        // Unknown workflows may have moved too.
        public bool MovesWorkflows => WorkflowIds is not { Count: 0 };
    }

    // The changes one announcement will carry.
    private sealed class Announcement
    {
        public HashSet<Guid> Tasks { get; } = [];
        public HashSet<Guid> Workflows { get; } = [];
        public bool WorkflowsUnknown { get; private set; }
        public bool Urgent => WorkflowsUnknown || Workflows.Count > 0 || Tasks.Count >= MaxTasksPerAnnouncement;

        public void Add(Changes changes)
        {
            Tasks.UnionWith(changes.TaskIds);
            WorkflowsUnknown |= changes.WorkflowIds is null;
            Workflows.UnionWith(changes.WorkflowIds ?? []);
        }

        public void Clear()
        {
            Tasks.Clear();
            Workflows.Clear();
            WorkflowsUnknown = false;
        }
    }
}

using TaskQueue.Messaging;
using TaskQueue.Web.Services;

namespace TaskQueue.Web.Replicas;

// This copy's own writes (a task created, cancelled, retried or deleted) reach its circuits at
// once. The sink announces what it records on the updates fanout, which every copy hears, but
// these writes never pass through the sink (a deletion never does; a creation only once a
// worker starts it), so with several copies they are announced on the fanout here too, or the
// other copies' pages would miss them. A notification: one lost, or its echo to this copy, only
// means a page re-reads the database once more or once less.
public sealed class TaskChangeAnnouncer(TaskChangeNotifier notifier, WebReplicas replicas, TaskChangeBroadcaster broadcaster)
{
    // workflowIds: see TaskChangeNotifier.Notify (null: the tasks may be any workflow's steps).
    public void Announce(IReadOnlyCollection<Guid> taskIds, IReadOnlyCollection<Guid>? workflowIds = null)
    {
        notifier.Notify(taskIds, workflowIds);
        if (replicas.AreSeveral)
        {
            broadcaster.Post(taskIds, workflowIds);
        }
    }
}

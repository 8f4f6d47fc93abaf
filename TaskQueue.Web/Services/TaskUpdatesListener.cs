using TaskQueue.Messaging;
using TaskQueue.Messaging.Contracts;

namespace TaskQueue.Web.Services;

// Each web instance has its own auto-delete queue on the updates fanout, so every instance
// hears every change the sink commits.
public sealed class TaskUpdatesListener(QueueConsumerFactory consumers, TaskChangeNotifier notifier)
    : FanoutListener<TasksChanged>(consumers, Topology.UpdatesExchange)
{
    protected override void Handle(TasksChanged message) => notifier.Notify(message.TaskIds.ToList(), message.WorkflowIds);
}

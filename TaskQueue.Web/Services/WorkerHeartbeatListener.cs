using TaskQueue.Messaging;
using TaskQueue.Messaging.Contracts;

namespace TaskQueue.Web.Services;

public sealed class WorkerHeartbeatListener(QueueConsumerFactory consumers, WorkerRegistry registry)
    : FanoutListener<WorkerHeartbeat>(consumers, Topology.HeartbeatsExchange)
{
    protected override void Handle(WorkerHeartbeat message) => registry.Record(message);
}

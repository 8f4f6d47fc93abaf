using TaskQueue.Messaging;

namespace TaskQueue.Sink.Events;

// Words for the task's error, from what the broker or a service recorded on the dead letter.
public static class DeadLetterReason
{
    public static string Describe(DeliveredMessage message)
    {
        if (message.GetHeader(DeadLetterHeaders.Reason) is { } reason)
        {
            return $"Dead-lettered: {reason}";
        }

        return message.GetHeader(DeadLetterHeaders.BrokerReason) switch
        {
            "delivery_limit" =>
                $"Quarantined: the task was handed to a worker {Topology.DeliveryLimit} times and its worker stopped each time (a poison message).",
            "expired" => "Dead-lettered: the task message expired before a worker took it.",
            "rejected" => "Dead-lettered: a worker rejected the task message.",
            { } other => $"Dead-lettered by the broker ({other}).",
            null => "Dead-lettered for an unknown reason.",
        };
    }
}

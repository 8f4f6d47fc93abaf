namespace TaskQueue.Messaging;

// Headers our services add when they dead-letter a message themselves; the broker's own
// dead-lettering (delivery limit, rejection) records x-death / x-first-death-reason instead.
public static class DeadLetterHeaders
{
    public const string Reason = "x-taskqueue-reason";
    public const string OriginalQueue = "x-taskqueue-original-queue";
    public const string DeadLetteredAt = "x-taskqueue-dead-lettered-at";
    public const string BrokerReason = "x-first-death-reason";
    public const string BrokerQueue = "x-first-death-queue";
}

namespace TaskQueue.Web.Services;

public sealed class OutboxOptions
{
    public const string SectionName = "Outbox";

    // The most tasks one published message carries (OutboxBundles). A bundle goes to one
    // worker, so it trades the balance of long tasks across workers for the broker's work
    // per task: 1 publishes every task as its own message.
    public int TasksPerMessage { get; set; } = 8;
}

namespace TaskQueue.Data.Model;

// A message written in the same transaction as the change it announces; the outbox
// dispatcher publishes it with confirms and then deletes it, so a commit is never lost
// between the database and the broker.
public sealed class OutboxMessage
{
    public long Id { get; set; }
    public string Exchange { get; set; } = "";
    public string RoutingKey { get; set; } = "";
    public string Type { get; set; } = "";
    public byte[] Body { get; set; } = [];
    public string MessageId { get; set; } = "";
    public string? TraceParent { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

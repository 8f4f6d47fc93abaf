namespace TaskQueue.Data.Model;

// A message that could never be processed, as the sink received it from the dead-letter
// exchange: kept with its reason so operators can inspect, requeue or discard it.
public sealed class DeadLetter
{
    public long Id { get; set; }
    public string? MessageId { get; set; }
    public string? Type { get; set; }
    public string? OriginalQueue { get; set; }
    public string Reason { get; set; } = "";
    public Guid? TaskId { get; set; }
    public byte[] Body { get; set; } = [];
    public DateTimeOffset DeadLetteredAt { get; set; }
}

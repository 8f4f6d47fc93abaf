namespace TaskQueue.Sink.Events;

public sealed class SinkOptions
{
    public const string SectionName = "Sink";

    // Events applied in one transaction. Larger batches mean fewer commits under load; at low
    // load a batch is whatever has arrived, so latency does not wait for it to fill.
    public int MaxBatchSize { get; set; } = 500;
}

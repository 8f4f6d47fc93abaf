using System.Diagnostics;
using System.Text.Json;
using TaskQueue.Messaging;
using TaskQueue.Messaging.Contracts;

namespace TaskQueue.Bench;

// What a task's messages cost to write and read (MessageSerializer): the first call of each in
// a fresh process (what a cold service pays once per contract), then the steady cost per call
// and its allocations. Every task is one TaskQueued written by the web app and read by a
// worker, and one TaskFinished written by the worker and read by the sink.
public static class SerializerBenchmark
{
    public sealed record Figures(string Message, double FirstCallMs, double SerializeNs, double DeserializeNs, long SerializeBytes, long DeserializeBytes);

    public static IReadOnlyList<Figures> Measure(int iterations)
    {
        var input = JsonSerializer.SerializeToElement(new { value = 12345 });
        var queued = new TaskQueued(Guid.NewGuid(), "echo", input, 1, 3, 300, DateTimeOffset.UtcNow);
        var finished = new TaskFinished(Guid.NewGuid(), 1, "worker-1-abc", input, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
        return [Measure(queued, iterations), Measure(finished, iterations)];
    }

    private static Figures Measure<T>(T message, int iterations) where T : notnull
    {
        var type = MessageSerializer.TypeName<T>();
        var first = Stopwatch.StartNew();
        var body = MessageSerializer.Serialize(message);
        _ = MessageSerializer.Deserialize(type, body);
        var firstCall = first.Elapsed.TotalMilliseconds;

        for (var i = 0; i < iterations / 10; i++)
        {
            _ = MessageSerializer.Deserialize(type, MessageSerializer.Serialize(message));
        }

        var (serializeNs, serializeBytes) = Time(iterations, () => MessageSerializer.Serialize(message));
        var (deserializeNs, deserializeBytes) = Time(iterations, () => MessageSerializer.Deserialize(type, body));
        return new Figures(type, firstCall, serializeNs, deserializeNs, serializeBytes, deserializeBytes);
    }

    private static (double Nanoseconds, long Bytes) Time(int iterations, Func<object> call)
    {
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            _ = call();
        }

        return (clock.Elapsed.TotalNanoseconds / iterations, (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / iterations);
    }
}

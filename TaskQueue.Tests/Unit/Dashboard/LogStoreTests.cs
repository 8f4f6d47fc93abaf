using Microsoft.Extensions.Logging;
using TaskQueue.AppHost.Dashboard.Telemetry;

namespace TaskQueue.Tests.Unit.Dashboard;

public sealed class LogStoreTests
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Keeps_the_newest_records_overall_and_lists_them_newest_first()
    {
        var store = new LogStore();
        var records = Enumerable.Range(0, LogStore.MaxRecords + 250)
            .Select(index => Record(index, index % 2 == 0 ? "worker-1" : "web", LogLevel.Information, $"line {index}"))
            .ToList();
        store.Add(records[..1000]);
        var version = store.Version;
        store.Add(records[1000..]);

        Assert.True(store.Version > version);
        Assert.Equal(LogStore.MaxRecords + 250, store.RecordsReceived);
        var kept = store.Recent(int.MaxValue, new LogFilter());
        Assert.Equal(LogStore.MaxRecords, kept.Count);
        Assert.Equal($"line {LogStore.MaxRecords + 249}", kept[0].Message);
        Assert.Equal("line 250", kept[^1].Message);
        Assert.Equal(["web", "worker-1"], store.Instances());
        Assert.Equal(["line 10249", "line 10248"], store.Recent(2, new LogFilter()).Select(record => record.Message));
    }

    [Fact]
    public void Filters_by_instance_minimum_level_and_text_in_the_message_or_an_attribute_value()
    {
        var store = new LogStore();
        store.Add(
        [
            Record(0, "worker-1", LogLevel.Debug, "polling"),
            Record(1, "worker-1", LogLevel.Information, "Connected to RabbitMQ at amqp://127.0.0.1:5672"),
            Record(2, "worker-2", LogLevel.Warning, "Task failed, retrying", ("TaskId", "7f3c")),
            Record(3, "web", LogLevel.Error, "Request failed", ("TaskId", "7F3C-other")),
        ]);

        Assert.Equal([1, 0], Indexes(store, new LogFilter(Instance: "worker-1")));
        Assert.Equal([3, 2], Indexes(store, new LogFilter(MinimumLevel: LogLevel.Warning)));
        Assert.Equal([3, 2], Indexes(store, new LogFilter(Text: " 7f3c ")));
        Assert.Equal([1], Indexes(store, new LogFilter(Text: "rabbitmq")));
        Assert.Equal([2], Indexes(store, new LogFilter("worker-2", LogLevel.Information, "retrying")));
        Assert.Empty(Indexes(store, new LogFilter("worker-1", LogLevel.Error)));
        Assert.Equal([3, 2, 1, 0], Indexes(store, new LogFilter("", LogLevel.Trace, "")));
    }

    [Fact]
    public void Adding_from_many_threads_loses_no_record_and_keeps_the_bound()
    {
        var store = new LogStore();
        Parallel.For(0, 40, batch => store.Add([.. Enumerable.Range(0, 500).Select(index => Record(index, $"worker-{batch}", LogLevel.Information, "x"))]));

        Assert.Equal(20_000, store.RecordsReceived);
        Assert.Equal(LogStore.MaxRecords, store.Recent(int.MaxValue, new LogFilter()).Count);
        Assert.Equal(40, store.Instances().Count);
    }

    private static int[] Indexes(LogStore store, LogFilter filter) =>
        [.. store.Recent(100, filter).Select(record => (int)(record.Time - s_start).TotalSeconds)];

    private static LogRecord Record(int second, string instance, LogLevel level, string message, params (string Key, string Value)[] attributes) =>
        new(s_start.AddSeconds(second), instance.Split('-')[0], instance, level, "TaskQueue.Tests", message,
            [.. attributes.Select(attribute => KeyValuePair.Create(attribute.Key, attribute.Value))], null);
}

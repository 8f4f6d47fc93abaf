using Google.Protobuf;
using Microsoft.Extensions.Logging;
using TaskQueue.AppHost.Dashboard.Otlp;
using TaskQueue.AppHost.Dashboard.Telemetry;
using OtlpLogRecord = TaskQueue.AppHost.Dashboard.Otlp.LogRecord;
using OtlpResourceLogs = TaskQueue.AppHost.Dashboard.Otlp.ResourceLogs;

namespace TaskQueue.Tests.Unit.Dashboard;

// An OTLP logs export as .NET's exporter sends it, and the records the dashboard keeps of it.
public sealed class OtlpLogConversionTests
{
    private static readonly DateTimeOffset s_time = new(2026, 11, 24, 3, 30, 0, 123, TimeSpan.Zero);

    [Fact]
    public void A_record_keeps_its_time_resource_level_category_message_attributes_and_trace()
    {
        var record = new OtlpLogRecord
        {
            TimeUnixNano = Nanoseconds(s_time),
            ObservedTimeUnixNano = Nanoseconds(s_time.AddSeconds(1)),
            SeverityNumber = SeverityNumber.Info,
            SeverityText = "Information",
            Body = Text("Worker worker-1 consuming taskqueue.tasks with concurrency 8"),
            Attributes = { Attribute("WorkerId", Text("worker-1")), Attribute("Concurrency", new AnyValue { IntValue = 8 }) },
            TraceId = ByteString.CopyFrom(Convert.FromHexString("5b8efff798038103d269b633813fc60c")),
            SpanId = ByteString.CopyFrom(Convert.FromHexString("0000000000000001")),
        };

        var log = Assert.Single(OtlpConversion.ToLogs(Request("worker", "worker-1", "TaskQueue.Worker.Execution.TaskConsumer", record)));

        Assert.Equal(s_time, log.Time);
        Assert.Equal("worker", log.Service);
        Assert.Equal("worker-1", log.Instance);
        Assert.Equal(LogLevel.Information, log.Level);
        Assert.Equal("TaskQueue.Worker.Execution.TaskConsumer", log.Category);
        Assert.Equal("Worker worker-1 consuming taskqueue.tasks with concurrency 8", log.Message);
        Assert.Equal([KeyValuePair.Create("WorkerId", "worker-1"), KeyValuePair.Create("Concurrency", "8")], log.Attributes);
        Assert.Equal("5b8efff798038103d269b633813fc60c", log.TraceId);
    }

    [Theory]
    [InlineData(SeverityNumber.Unspecified, LogLevel.Information)]
    [InlineData(SeverityNumber.Trace, LogLevel.Trace)]
    [InlineData((SeverityNumber)8, LogLevel.Debug)]
    [InlineData((SeverityNumber)12, LogLevel.Information)]
    [InlineData(SeverityNumber.Warn, LogLevel.Warning)]
    [InlineData((SeverityNumber)18, LogLevel.Error)]
    [InlineData(SeverityNumber.Fatal, LogLevel.Critical)]
    public void Each_severity_number_falls_in_its_level(SeverityNumber severity, LogLevel level)
    {
        var record = new OtlpLogRecord { TimeUnixNano = Nanoseconds(s_time), SeverityNumber = severity, Body = Text("x") };
        Assert.Equal(level, Assert.Single(OtlpConversion.ToLogs(Request("web", "web", "scope", record))).Level);
    }

    [Fact]
    public void Without_a_scope_name_the_category_attribute_names_it_and_without_a_time_the_observed_time_dates_it()
    {
        var record = new OtlpLogRecord
        {
            ObservedTimeUnixNano = Nanoseconds(s_time),
            SeverityNumber = SeverityNumber.Warn,
            Body = Text("disk almost full"),
            Attributes = { Attribute("category", Text("TaskQueue.Sink.Storage")) },
            TraceId = ByteString.CopyFrom(new byte[16]),
        };

        var log = Assert.Single(OtlpConversion.ToLogs(Request("sink", null, "", record)));

        Assert.Equal("TaskQueue.Sink.Storage", log.Category);
        Assert.Equal(s_time, log.Time);
        Assert.Equal("sink", log.Instance);
        Assert.Null(log.TraceId);
    }

    private static ExportLogsServiceRequest Request(string service, string? instance, string scope, OtlpLogRecord record)
    {
        var resource = new TaskQueue.AppHost.Dashboard.Otlp.Resource { Attributes = { Attribute("service.name", Text(service)) } };
        if (instance is not null)
        {
            resource.Attributes.Add(Attribute("service.instance.id", Text(instance)));
        }

        return new ExportLogsServiceRequest
        {
            ResourceLogs =
            {
                new OtlpResourceLogs
                {
                    Resource = resource,
                    ScopeLogs = { new ScopeLogs { Scope = new InstrumentationScope { Name = scope }, LogRecords = { record } } },
                },
            },
        };
    }

    private static AnyValue Text(string value) => new() { StringValue = value };

    private static KeyValue Attribute(string key, AnyValue value) => new() { Key = key, Value = value };

    private static ulong Nanoseconds(DateTimeOffset time) => (ulong)(time - DateTimeOffset.UnixEpoch).Ticks * 100;
}

using System.Diagnostics;
using System.Text;

namespace TaskQueue.Messaging;

// W3C trace context travels in message headers, so one trace spans web → worker → sink.
public static class MessagingTelemetry
{
    public const string ActivitySourceName = "TaskQueue.Messaging";
    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);

    // Marks a span that starts many from one trace (the outbox publishing a batch's rows under
    // its request's trace): ServiceDefaults' TraceBudgetSampler spends its budget on each, like
    // on a new trace. Kept in step with TraceBudgetSampler.FanOutTag.
    public const string FanOutTag = "taskqueue.trace.fan_out";

    public static Activity? StartPublish(string exchange, string routingKey, string messageType)
    {
        var activity = ActivitySource.StartActivity($"publish {exchange}", ActivityKind.Producer);
        activity?.SetTag("messaging.system", "rabbitmq");
        activity?.SetTag("messaging.destination.name", exchange);
        activity?.SetTag("messaging.rabbitmq.destination.routing_key", routingKey);
        activity?.SetTag("messaging.message.type", messageType);
        return activity;
    }

    public static void Inject(Activity? activity, IDictionary<string, object?> headers)
    {
        if (activity is null)
        {
            return;
        }

        DistributedContextPropagator.Current.Inject(activity, headers, static (carrier, key, value) =>
        {
            if (carrier is IDictionary<string, object?> dictionary && value is not null)
            {
                dictionary[key] = value;
            }
        });
    }

    public static Activity? StartProcess(string queue, string? messageType, IDictionary<string, object?>? headers)
    {
        DistributedContextPropagator.Current.ExtractTraceIdAndState(headers, static (object? carrier, string key, out string? value, out IEnumerable<string>? values) =>
        {
            values = null;
            value = carrier is IDictionary<string, object?> dictionary && dictionary.TryGetValue(key, out var raw)
                ? raw switch
                {
                    byte[] bytes => Encoding.UTF8.GetString(bytes),
                    string text => text,
                    _ => null,
                }
                : null;
        }, out var traceParent, out var traceState);

        ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var parent);
        var activity = ActivitySource.StartActivity($"process {queue}", ActivityKind.Consumer, parent);
        activity?.SetTag("messaging.system", "rabbitmq");
        activity?.SetTag("messaging.source.name", queue);
        activity?.SetTag("messaging.message.type", messageType);
        return activity;
    }
}

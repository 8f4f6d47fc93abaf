using System.Text.Json;
using System.Text.Json.Serialization;
using TaskQueue.Messaging.Contracts;

namespace TaskQueue.Messaging;

// Bodies are camelCase JSON; the AMQP "type" property names the contract, so a consumer
// knows what it holds before touching the body.
public static class MessageSerializer
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        // A message missing a field is malformed, not a record full of defaults.
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    private static readonly Dictionary<string, Type> s_types = new[]
    {
        typeof(TaskQueued), typeof(TaskQueuedBundle), typeof(TaskStarted), typeof(TaskProgressed), typeof(TaskFinished),
        typeof(TaskFailed), typeof(TaskCancelled), typeof(TaskOutcomes), typeof(TaskCancellationRequested), typeof(TasksChanged), typeof(WorkerHeartbeat),
    }.ToDictionary(type => type.Name, StringComparer.Ordinal);

    public static string TypeName<T>() => typeof(T).Name;

    public static byte[] Serialize<T>(T message) => JsonSerializer.SerializeToUtf8Bytes(message, Options);

    // Throws MalformedMessageException with the reason when the type is unknown or the body
    // does not parse, so callers can dead-letter it with that reason.
    public static object Deserialize(string? typeName, ReadOnlySpan<byte> body)
    {
        if (typeName is null || !s_types.TryGetValue(typeName, out var type))
        {
            throw new MalformedMessageException($"unknown message type '{typeName ?? "(none)"}'");
        }

        try
        {
            return JsonSerializer.Deserialize(body, type, Options)
                ?? throw new MalformedMessageException($"{typeName} body is null");
        }
        // An outcome without its type tag cannot be read at all, which STJ reports as not supported.
        catch (Exception exception) when (exception is JsonException or NotSupportedException)
        {
            var reason = type == typeof(TaskOutcomes) ? FirstUnreadableOutcome(body) ?? exception.Message : exception.Message;
            throw new MalformedMessageException($"{typeName} body is not valid: {reason}");
        }
    }

    // Names the item of a batch that cannot be read, so the dead letter says which one it is.
    private static string? FirstUnreadableOutcome(ReadOnlySpan<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            if (!document.RootElement.TryGetProperty("outcomes", out var outcomes) || outcomes.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var index = 0;
            foreach (var item in outcomes.EnumerateArray())
            {
                try
                {
                    _ = item.Deserialize<ITaskOutcome>(Options) ?? throw new JsonException("the item is null");
                }
                catch (Exception exception) when (exception is JsonException or NotSupportedException)
                {
                    return $"item {index}: {exception.Message}";
                }

                index++;
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static T Deserialize<T>(string? typeName, ReadOnlySpan<byte> body) =>
        Deserialize(typeName, body) is T message
            ? message
            : throw new MalformedMessageException($"expected {typeof(T).Name}, got '{typeName}'");
}

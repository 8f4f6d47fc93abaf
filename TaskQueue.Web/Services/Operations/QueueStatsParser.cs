using System.Text.Json;

namespace TaskQueue.Web.Services.Operations;

// Reads GET /api/queues/{vhost}. A queue the broker has not sampled yet has no message_stats
// (and sometimes no message counts); missing figures are zero rather than an error.
public static class QueueStatsParser
{
    // Only what the page shows: the full objects are several kilobytes per queue.
    public const string Columns =
        "name,messages,messages_ready,messages_unacknowledged,consumers," +
        "message_stats.publish_details.rate,message_stats.deliver_get_details.rate,message_stats.ack_details.rate";

    public static IReadOnlyList<QueueStats> Parse(JsonElement queues)
    {
        if (queues.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException($"Expected an array of queues, got {queues.ValueKind}.");
        }

        return queues.EnumerateArray()
            .Select(queue =>
            {
                var stats = queue.TryGetProperty("message_stats", out var messageStats) ? messageStats : default;
                return new QueueStats(
                    queue.GetProperty("name").GetString() ?? "",
                    Long(queue, "messages"),
                    Long(queue, "messages_ready"),
                    Long(queue, "messages_unacknowledged"),
                    (int)Long(queue, "consumers"),
                    Rate(stats, "publish_details"),
                    Rate(stats, "deliver_get_details"),
                    Rate(stats, "ack_details"));
            })
            // The system's own queues first; the server-named ones (amq.gen-…) are each process's
            // private listener for broadcasts, which matter less to an operator.
            .OrderBy(queue => queue.Name.StartsWith("amq.", StringComparison.Ordinal))
            .ThenBy(queue => queue.Name, StringComparer.Ordinal)
            .ToList();
    }

    private static long Long(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : 0;

    private static double Rate(JsonElement stats, string details) =>
        stats.ValueKind == JsonValueKind.Object
        && stats.TryGetProperty(details, out var detail)
        && detail.TryGetProperty("rate", out var rate)
        && rate.ValueKind == JsonValueKind.Number
            ? rate.GetDouble()
            : 0;
}

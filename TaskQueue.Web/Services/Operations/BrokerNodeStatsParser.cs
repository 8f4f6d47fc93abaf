using System.Text.Json;

namespace TaskQueue.Web.Services.Operations;

// Reads GET /api/nodes: every node of the cluster, running or not.
public static class BrokerNodeStatsParser
{
    public const string Columns = "name,running,uptime,mem_used,mem_alarm,disk_free_alarm,partitions";

    public static IReadOnlyList<BrokerNodeStats> Parse(JsonElement nodes)
    {
        if (nodes.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException($"Expected an array of nodes, got {nodes.ValueKind}.");
        }

        return nodes.EnumerateArray()
            .Select(node => new BrokerNodeStats(
                node.GetProperty("name").GetString() ?? "",
                Bool(node, "running"),
                Long(node, "uptime"),
                Long(node, "mem_used"),
                Bool(node, "mem_alarm"),
                Bool(node, "disk_free_alarm"),
                node.TryGetProperty("partitions", out var partitions) && partitions.ValueKind == JsonValueKind.Array ? partitions.GetArrayLength() : 0))
            .OrderBy(node => node.Name, StringComparer.Ordinal)
            .ToList();
    }

    private static bool Bool(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static long? Long(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : null;
}

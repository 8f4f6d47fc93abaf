namespace TaskQueue.Web.Services.Operations;

// The queues and the broker's nodes (one, or each node of a cluster) at one moment, or why
// they could not be read: the page shows the reason instead of an error, since a broker
// without the management plugin is a valid setup.
public sealed record QueueStatsSnapshot(IReadOnlyList<QueueStats> Queues, string? UnavailableReason, DateTimeOffset ReadAt)
{
    public IReadOnlyList<BrokerNodeStats> Nodes { get; init; } = [];

    public bool IsAvailable => UnavailableReason is null;

    public static QueueStatsSnapshot Unavailable(string reason, DateTimeOffset at) => new([], reason, at);
}

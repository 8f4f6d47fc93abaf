namespace TaskQueue.Web.Services.Operations;

// One broker node as its cluster's management API reports it. A node that is down is listed
// with Running false and no figures.
public sealed record BrokerNodeStats(string Name, bool Running, long? UptimeMilliseconds, long? MemoryUsedBytes, bool MemoryAlarm, bool DiskAlarm, int Partitions);

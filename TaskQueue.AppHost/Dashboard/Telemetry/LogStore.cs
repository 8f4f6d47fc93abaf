namespace TaskQueue.AppHost.Dashboard.Telemetry;

// The most recent structured log records of every service, in memory: the newest MaxRecords
// in all, the oldest going first whoever wrote it. One chatty service can push the others'
// records out; the console logs keep each process's own lines for that.
public sealed class LogStore
{
    public const int MaxRecords = 10_000;

    private readonly Queue<LogRecord> _records = new();
    private readonly SortedSet<string> _instances = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public long RecordsReceived { get; private set; }
    public long Version { get; private set; }

    public void Add(IReadOnlyCollection<LogRecord> records)
    {
        lock (_lock)
        {
            foreach (var record in records)
            {
                _records.Enqueue(record);
                _instances.Add(record.Instance);
            }

            while (_records.Count > MaxRecords)
            {
                _records.Dequeue();
            }

            RecordsReceived += records.Count;
            Version++;
        }
    }

    // Every instance that has written a record, evicted or not, so the resource filter does
    // not lose an entry while it is selected.
    public IReadOnlyList<string> Instances()
    {
        lock (_lock)
        {
            return [.. _instances];
        }
    }

    // Newest first by the record's own time: exporters send in batches, once a second each,
    // so arrival order would interleave services' seconds.
    public IReadOnlyList<LogRecord> Recent(int max, LogFilter filter)
    {
        LogRecord[] records;
        lock (_lock)
        {
            records = [.. _records];
        }

        // Reversed first so that records with the same time keep the later arrival on top.
        return Enumerable.Reverse(records).Where(filter.Matches).OrderByDescending(record => record.Time).Take(max).ToList();
    }
}

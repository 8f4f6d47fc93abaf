namespace TaskQueue.AppHost.Hosting;

public sealed record LogLine(long Sequence, DateTimeOffset Time, string Text);

// Every line each resource printed, the last `capacity` per resource, for the dashboard's
// console logs. Readers poll with the last sequence number they saw, which keeps the hot
// path (a service logging under load) to one short lock and no callbacks.
public sealed class ResourceLogs(int capacity)
{
    private readonly Dictionary<string, Queue<LogLine>> _lines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _versions = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private long _sequence;

    public void Add(string resource, string text)
    {
        lock (_lock)
        {
            if (!_lines.TryGetValue(resource, out var lines))
            {
                _lines[resource] = lines = new Queue<LogLine>();
            }

            lines.Enqueue(new LogLine(++_sequence, DateTimeOffset.UtcNow, text));
            _versions[resource] = _sequence;
            if (lines.Count > capacity)
            {
                lines.Dequeue();
            }
        }
    }

    public IReadOnlyList<string> Resources()
    {
        lock (_lock)
        {
            return [.. _lines.Keys.Order(StringComparer.Ordinal)];
        }
    }

    // The latest sequence number of a resource's lines; unchanged means nothing new.
    public long Version(string resource)
    {
        lock (_lock)
        {
            return _versions.GetValueOrDefault(resource);
        }
    }

    public IReadOnlyList<LogLine> Read(string resource)
    {
        lock (_lock)
        {
            return _lines.TryGetValue(resource, out var lines) ? [.. lines] : [];
        }
    }
}

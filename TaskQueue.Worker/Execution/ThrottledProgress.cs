namespace TaskQueue.Worker.Execution;

// Handlers may report progress as often as they like; at most one event per interval goes
// out, and the last one always does.
public sealed class ThrottledProgress(TimeProvider timeProvider, TimeSpan interval, Action<double> publish) : IProgress<double>
{
    private readonly Lock _lock = new();
    private long _lastTimestamp = long.MinValue;
    private double _last = -1;

    public void Report(double value)
    {
        lock (_lock)
        {
            var now = timeProvider.GetTimestamp();
            var due = _lastTimestamp == long.MinValue || timeProvider.GetElapsedTime(_lastTimestamp, now) >= interval;
            if (value <= _last || (!due && value < 1))
            {
                return;
            }

            _last = value;
            _lastTimestamp = now;
        }

        publish(value);
    }
}

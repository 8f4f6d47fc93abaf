using OpenTelemetry.Trace;

namespace TaskQueue.ServiceDefaults;

// The default sampler: every trace is kept while a service starts fewer than its budget of new
// traces a second (anything a person clicks), and at most that many a second at bulk load, so
// operators see traces without the services paying for one per task (at thousands of tasks a
// second that cost a quarter of the throughput, bench/). A span whose parent was sampled is
// sampled too, so a kept trace is whole across services; a dropped one still propagates its
// context (flag 00), so downstream services drop it as well.
//
// Fan-out points, where one trace would otherwise start many (the outbox publishing the rows of
// a 1,000-task batch under the request's trace), mark their span with FanOutTag: such a span
// spends the budget like a new trace, so a batch keeps its first tasks' traces, not all of them.
public sealed class TraceBudgetSampler : Sampler
{
    // Kept in step with MessagingTelemetry.FanOutTag, which sets it.
    public const string FanOutTag = "taskqueue.trace.fan_out";

    private static readonly SamplingResult s_sample = new(SamplingDecision.RecordAndSample);
    private static readonly SamplingResult s_drop = new(SamplingDecision.Drop);

    private readonly TokenBucket _budget;

    public TraceBudgetSampler(double tracesPerSecond, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tracesPerSecond);
        _budget = new TokenBucket(tracesPerSecond, timeProvider ?? TimeProvider.System);
        Description = $"TraceBudgetSampler{{{tracesPerSecond}/s}}";
    }

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        var parent = samplingParameters.ParentContext;
        if (parent.TraceId == default)
        {
            return _budget.TryTake() ? s_sample : s_drop;
        }

        if (!parent.TraceFlags.HasFlag(System.Diagnostics.ActivityTraceFlags.Recorded))
        {
            return s_drop;
        }

        return IsFanOut(samplingParameters.Tags) && !_budget.TryTake() ? s_drop : s_sample;
    }

    private static bool IsFanOut(IEnumerable<KeyValuePair<string, object?>>? tags)
    {
        if (tags is null)
        {
            return false;
        }

        foreach (var tag in tags)
        {
            if (tag.Key == FanOutTag)
            {
                return true;
            }
        }

        return false;
    }

    // Refills continuously at the rate, holding at most one second's worth: a quiet service keeps
    // the next burst whole (a batch's first tasks), a busy one keeps the rate.
    private sealed class TokenBucket(double perSecond, TimeProvider timeProvider)
    {
        private readonly Lock _lock = new();
        private double _tokens = Math.Max(1, perSecond);
        private long _refilledAt = timeProvider.GetTimestamp();

        public bool TryTake()
        {
            lock (_lock)
            {
                var now = timeProvider.GetTimestamp();
                _tokens = Math.Min(Math.Max(1, perSecond), _tokens + timeProvider.GetElapsedTime(_refilledAt, now).TotalSeconds * perSecond);
                _refilledAt = now;
                if (_tokens < 1)
                {
                    return false;
                }

                _tokens--;
                return true;
            }
        }
    }
}

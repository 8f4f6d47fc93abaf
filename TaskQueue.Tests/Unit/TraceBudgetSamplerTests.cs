using System.Diagnostics;
using OpenTelemetry.Trace;
using TaskQueue.Messaging;
using TaskQueue.ServiceDefaults;

namespace TaskQueue.Tests.Unit;

public sealed class TraceBudgetSamplerTests
{
    private static readonly ActivityContext s_sampledParent =
        new(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);

    private static readonly ActivityContext s_droppedParent =
        new(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None, isRemote: true);

    [Fact]
    public void New_traces_are_kept_up_to_the_budget_then_at_its_rate()
    {
        var clock = new ManualClock();
        var sampler = new TraceBudgetSampler(10, clock);

        Assert.Equal(10, Enumerable.Range(0, 50).Count(_ => IsSampled(sampler, default)));

        clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(5, Enumerable.Range(0, 50).Count(_ => IsSampled(sampler, default)));

        // A long quiet spell refills one second's worth, not more.
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(10, Enumerable.Range(0, 50).Count(_ => IsSampled(sampler, default)));
    }

    [Fact]
    public void Spans_follow_their_parent_whatever_the_budget()
    {
        var sampler = new TraceBudgetSampler(1, new ManualClock());
        Assert.True(IsSampled(sampler, default));
        Assert.False(IsSampled(sampler, default));

        Assert.True(IsSampled(sampler, s_sampledParent));
        Assert.False(IsSampled(sampler, s_droppedParent));
    }

    [Fact]
    public void A_fan_out_span_spends_the_budget_like_a_new_trace()
    {
        var sampler = new TraceBudgetSampler(3, new ManualClock());
        KeyValuePair<string, object?>[] fanOut = [new(MessagingTelemetry.FanOutTag, true)];

        var kept = Enumerable.Range(0, 1000).Count(_ => IsSampled(sampler, s_sampledParent, fanOut));

        Assert.Equal(3, kept);
        Assert.False(IsSampled(sampler, s_droppedParent, fanOut));
        Assert.Equal(TraceBudgetSampler.FanOutTag, MessagingTelemetry.FanOutTag);
    }

    private static bool IsSampled(Sampler sampler, ActivityContext parent, IEnumerable<KeyValuePair<string, object?>>? tags = null) =>
        sampler.ShouldSample(new SamplingParameters(parent, ActivityTraceId.CreateRandom(), "span", ActivityKind.Internal, tags)).Decision
            == SamplingDecision.RecordAndSample;

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
